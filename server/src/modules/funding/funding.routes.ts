import type { FastifyInstance } from 'fastify';
import { fundingContractHttpRoutes } from './funding-contracts.routes.js';
import { fundingFrontRoutes } from './funding-front.routes.js';
import { fundingMonitoringHttpRoutes } from './funding-monitoring.routes.js';
import { fundingOcdsRoutes } from './funding-ocds.routes.js';
import { fundingOverviewRoutes } from './funding-overview.routes.js';
import { fundingReviewHttpRoutes } from './funding-review.routes.js';

/**
 * The funding pipeline's routes (F1–F11). Each part registers its own routes file here, so parts
 * built side by side do not edit one another's.
 */
export async function fundingRoutes(root: FastifyInstance) {
  await root.register(fundingFrontRoutes);
  await root.register(fundingReviewHttpRoutes);
  await root.register(fundingContractHttpRoutes);
  await root.register(fundingMonitoringHttpRoutes);
  await root.register(fundingOcdsRoutes);
  await root.register(fundingOverviewRoutes);
}

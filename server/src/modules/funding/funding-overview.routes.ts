import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fundingDashboardRoutes as R } from '../../../../shared/funding/dashboard.js';
import { sendSheet } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';
import { exportFundingDashboard } from './service/rollup-export.js';

/** The funding dashboard's figures as a workbook (the section itself comes with GET /api/dashboard/summary). */
export async function fundingOverviewRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/dashboard/export',
    {
      config: { permission: 'dashboard.read', rateLimit: 'export' },
      schema: { tags: ['funding'], ...R['GET /funding/dashboard/export'] },
    },
    async (request, reply) => {
      const { bytes, filename } = await exportFundingDashboard(ctxOf(request), request.query.regionCode);
      return sendSheet(reply, bytes, filename);
    },
  );
}

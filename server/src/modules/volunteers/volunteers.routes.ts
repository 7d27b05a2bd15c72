import type { FastifyInstance } from 'fastify';
import { volunteerHoursRoutes } from './volunteers-hours.routes.js';
import { volunteerOverviewRoutes } from './volunteers-overview.routes.js';
import { volunteerRegistryRoutes } from './volunteers-registry.routes.js';
import { volunteerShiftsRoutes } from './volunteers-shifts.routes.js';

/** The volunteer routes (V1–V5); each part registers its own file, so parts built side by side do not edit one another's. */
export async function volunteerRoutes(root: FastifyInstance) {
  await root.register(volunteerRegistryRoutes);
  await root.register(volunteerShiftsRoutes);
  await root.register(volunteerHoursRoutes);
  await root.register(volunteerOverviewRoutes);
}

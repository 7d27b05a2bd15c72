import type { FastifyInstance } from 'fastify';

/** The overview part's routes (mounted under /api/volunteers by volunteers.routes.ts). */
export async function volunteerOverviewRoutes(_app: FastifyInstance) {}

import type { FastifyInstance } from 'fastify';

/** The hours part's routes (mounted under /api/volunteers by volunteers.routes.ts). */
export async function volunteerHoursRoutes(_app: FastifyInstance) {}

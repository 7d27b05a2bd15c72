import type { FastifyInstance } from 'fastify';

/** The shifts part's routes (mounted under /api/volunteers by volunteers.routes.ts). */
export async function volunteerShiftsRoutes(_app: FastifyInstance) {}

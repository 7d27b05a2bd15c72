import type { FastifyInstance } from 'fastify';

/** The registry part's routes (mounted under /api/volunteers by volunteers.routes.ts). */
export async function volunteerRegistryRoutes(_app: FastifyInstance) {}

import { z } from 'zod';
import { defineRoutes } from '../contract.js';

export const ZHealth = z.object({ ok: z.literal(true), engine: z.enum(['pglite', 'postgres']) });

export const healthRoutes = defineRoutes({
  'GET /health': { response: { 200: ZHealth } },
});

type HealthRoutesType = typeof healthRoutes;

declare module '../contract.js' {
  interface Api extends HealthRoutesType {}
}

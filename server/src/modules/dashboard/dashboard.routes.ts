import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../plugins/session.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { ReadCache } from '../../core/read-cache.js';
import { resolveRegion } from '../../core/scope.js';
import { contributors, regionSummary, summaryKey } from './dashboard.service.js';
import { dashboardRoutes as R } from '../../../../shared/dashboard/api.js';
import type { TSummary } from '../../../../shared/dashboard/schemas.js';

export async function dashboardRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const sections = contributors(app.domains);
  // Every user's home page, and a city's summary counts its whole subtree: served from memory
  // until the next write, like the registry lists.
  const summaries = new ReadCache<TSummary>(app.writeGeneration, app.listCacheMs, 1_000);
  app.get(
    '/summary',
    {
      config: { permission: 'dashboard.read' },
      schema: { tags: ['dashboard'], ...R['GET /dashboard/summary'] },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const regionCode = resolveRegion(ctx.actor, 'dashboard.read', request.query.regionCode);
      return summaries.getOrLoad(summaryKey(ctx, regionCode, sections), () => regionSummary(ctx, regionCode, sections), [regionPrefix(regionCode)]);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../plugins/session.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { ReadCache } from '../../core/read-cache.js';
import { regionSummary, summaryKey } from './dashboard.service.js';

const ZKeyCount = z.object({ key: z.string(), count: z.number() });
const ZNamedCount = ZKeyCount.extend({ name: z.string() });

const ZSummary = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  totals: z.object({
    organizations: z.number(),
    /** Filed grassroots teams. */
    teams: z.number(),
    /** Grassroots teams in any live status, filed or not. */
    teamsAll: z.number(),
    /** Members of filed teams (the seeds' "参加活动总人数"). */
    members: z.number(),
    /** Of them, aged 60 and over. */
    seniors: z.number(),
    filingQueue: z.number(),
  }),
  byLegalForm: z.array(ZKeyCount),
  byCategory: z.array(ZNamedCount),
  teamsByCategory: z.array(ZNamedCount),
  byStatus: z.array(ZKeyCount),
  compliance: z.object({ month: z.string(), teams: z.number(), reported: z.number(), compliant: z.number(), rate: z.number() }),
  /** One row per child region, plus one (direct: true) for records at the region itself. */
  children: z.array(z.object({ regionCode: z.string(), name: z.string(), direct: z.boolean(), organizations: z.number(), teams: z.number() })),
});

export async function dashboardRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // Every user's home page, and a city's summary counts its whole subtree: served from memory
  // until the next write, like the registry lists.
  const summaries = new ReadCache<z.infer<typeof ZSummary>>(app.writeGeneration, app.listCacheMs, 1_000);
  app.get(
    '/summary',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        tags: ['dashboard'],
        querystring: z.object({ regionCode: z.string().regex(/^\d{12}$/).optional() }),
        response: { 200: ZSummary },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const regionCode = request.query.regionCode ?? ctx.actor.grants[0]?.regionCode ?? '';
      return summaries.getOrLoad(summaryKey(ctx, regionCode), () => regionSummary(ctx, regionCode), [regionPrefix(regionCode)]);
    },
  );
}

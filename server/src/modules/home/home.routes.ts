import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { homeRoutes as R } from '../../../../shared/home/api.js';
import type { THome } from '../../../../shared/home/schemas.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { ReadCache } from '../../core/read-cache.js';
import { ctxOf } from '../../plugins/session.js';
import { contributors, homeCards, homeKey } from './home.service.js';

export async function homeRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // Everyone lands here after signing in, and an official's figures count a whole city: kept until
  // a write touches the regions of the caller's grants, like the dashboard.
  const homes = new ReadCache<THome>(app.writeGeneration, app.listCacheMs, 1_000);
  const domains = contributors(app.domains);
  app.get('/', { config: { permission: 'home.read' }, schema: { tags: ['home'], ...R['GET /home'] } }, async (request) => {
    const ctx = ctxOf(request);
    const covers = [...new Set(ctx.actor.grants.map((g) => regionPrefix(g.regionCode)))];
    return homes.getOrLoad(homeKey(ctx, domains), async () => ({ cards: await homeCards(ctx, domains) }), covers);
  });
}

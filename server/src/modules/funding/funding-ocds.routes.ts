import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fundingOcdsRoutes as R, type TReleasePackage } from '../../../../shared/funding/ocds.js';
import { clientKey } from '../../core/client-key.js';
import { ReadCache } from '../../core/read-cache.js';
import { SlidingWindowLimiter } from '../../core/rate-limit.js';
import { publicBaseUrl } from '../../env.js';
import { AppError } from '../../errors.js';
import { ocdsReleasePackage } from './service/ocds.js';

/** The open data answers anyone; 30 a minute per client address (an IPv6 /64 as one) keeps harvesters polite. */
export const OCDS_LIMIT = 30;

/** Open data: calls, awards and contracts as an OCDS 1.1.5 release package (public, rate-limited, cached until a write). */
export async function fundingOcdsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const baseUrl = publicBaseUrl(app.env);
  const limiter = new SlidingWindowLimiter(60_000);
  // Any write may change a page (a tranche paid anywhere): kept only until the next write, a few pages at most.
  const pages = new ReadCache<TReleasePackage>(app.writeGeneration, app.listCacheMs, 50);

  app.get(
    '/public/ocds',
    {
      config: { public: true },
      onRequest: async (request, reply) => {
        const verdict = limiter.take([{ key: clientKey(request.ip), limit: OCDS_LIMIT }]);
        if (!verdict.ok) {
          reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
          throw new AppError('rate_limited');
        }
      },
      schema: { tags: ['funding'], ...R['GET /funding/public/ocds'] },
    },
    async (request) => {
      const q = request.query;
      const params = new URLSearchParams({ page: String(q.page), pageSize: String(q.pageSize), ...(q.region ? { region: q.region } : {}) });
      const uri = `${baseUrl}/api/funding/public/ocds?${params}`;
      return pages.getOrLoad(JSON.stringify(q), () => ocdsReleasePackage(app.database.db, q, { ocidPrefix: app.env.OCDS_OCID_PREFIX, uri, now: new Date() }));
    },
  );
}

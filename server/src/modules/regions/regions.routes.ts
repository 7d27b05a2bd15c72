import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../plugins/session.js';
import { regionsRoutes as R } from '../../../../shared/regions/api.js';
import { createRegion, listRegions, renameRegion } from './regions.service.js';


export async function regionRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['regions'];

  app.get(
    '/',
    { config: { permission: 'region.read' }, schema: { tags, ...R['GET /regions'] } },
    async (request) => ({ items: await listRegions(ctxOf(request)) }),
  );

  app.post(
    '/',
    {
      config: { permission: 'region.manage' },
      schema: { tags, ...R['POST /regions'] },
    },
    async (request) => createRegion(ctxOf(request), request.body),
  );

  app.patch(
    '/:code',
    {
      config: { permission: 'region.manage' },
      schema: { tags, ...R['PATCH /regions/:code'] },
    },
    async (request) => renameRegion(ctxOf(request), request.params.code, request.body.name),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../plugins/session.js';
import { createRegion, listRegions, renameRegion } from './regions.service.js';

const ZRegion = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  level: z.string(),
  inScope: z.boolean(),
});
const ZCode = z.string().regex(/^\d{12}$/);

export async function regionRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['regions'];

  app.get(
    '/',
    { config: { permission: 'region.read' }, schema: { tags, response: { 200: z.object({ items: z.array(ZRegion) }) } } },
    async (request) => ({ items: await listRegions(ctxOf(request)) }),
  );

  app.post(
    '/',
    {
      config: { permission: 'region.manage' },
      schema: {
        tags,
        body: z.object({
          /** 12-digit statistical division code. */
          code: z.string().trim().min(1),
          parentCode: ZCode,
          name: z.string().trim().min(1).max(64),
        }),
        response: { 200: ZRegion },
      },
    },
    async (request) => createRegion(ctxOf(request), request.body),
  );

  app.patch(
    '/:code',
    {
      config: { permission: 'region.manage' },
      schema: {
        tags,
        params: z.object({ code: ZCode }),
        body: z.object({ name: z.string().trim().min(1).max(64) }),
        response: { 200: ZRegion },
      },
    },
    async (request) => renameRegion(ctxOf(request), request.params.code, request.body.name),
  );
}

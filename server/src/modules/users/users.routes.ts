import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../plugins/session.js';
import { ZCreateUserBody, ZUpdateUserBody, ZUser, ZUserListQuery } from './users.schemas.js';
import { createUser, listUsers, updateUser } from './users.service.js';

export async function userRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  app.get(
    '/',
    {
      config: { permission: 'user.read' },
      schema: { tags, querystring: ZUserListQuery, response: { 200: z.object({ items: z.array(ZUser), total: z.number() }) } },
    },
    async (request) => listUsers(ctxOf(request), request.query),
  );

  app.post(
    '/',
    { config: { permission: 'user.manage' }, schema: { tags, body: ZCreateUserBody, response: { 200: ZUser } } },
    async (request) => createUser(ctxOf(request), request.body),
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'user.manage' },
      schema: { tags, params: z.object({ id: z.string().uuid() }), body: ZUpdateUserBody, response: { 200: ZUser } },
    },
    async (request) => updateUser(ctxOf(request), request.params.id, request.body),
  );
}

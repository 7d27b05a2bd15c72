import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendSheet } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';
import { exportUsers } from './users.export.js';
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

  app.get(
    '/export',
    { config: { permission: 'user.read' }, schema: { tags, querystring: ZUserListQuery.omit({ page: true, pageSize: true }) } },
    async (request, reply) => sendSheet(reply, await exportUsers(ctxOf(request), request.query), '用户.xlsx'),
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

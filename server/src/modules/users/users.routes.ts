import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendSheet } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';
import { exportUsers } from './users.export.js';
import { usersRoutes as R } from '../../../../shared/users/api.js';
import { createUser, listUsers, updateUser } from './users.service.js';

export async function userRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  app.get(
    '/',
    {
      config: { permission: 'user.read' },
      schema: { tags, ...R['GET /users'] },
    },
    async (request) => listUsers(ctxOf(request), request.query),
  );

  app.get(
    '/export',
    { config: { permission: 'user.read', rateLimit: 'export' }, schema: { tags, ...R['GET /users/export'] } },
    async (request, reply) => sendSheet(reply, await exportUsers(ctxOf(request), request.query), '用户.xlsx'),
  );

  app.post(
    '/',
    { config: { permission: 'user.manage' }, schema: { tags, ...R['POST /users'] } },
    async (request) => createUser(ctxOf(request), request.body),
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'user.manage' },
      schema: { tags, ...R['PATCH /users/:id'] },
    },
    async (request) => updateUser(ctxOf(request), request.params.id, request.body),
  );
}

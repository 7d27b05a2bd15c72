import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notificationsRoutes as R } from '../../../../shared/notifications/api.js';
import { ctxOf } from '../../plugins/session.js';
import { listMyNotifications, markAllRead, markRead } from './notifications.service.js';

/** The signed-in user's own notifications; nobody reads or marks anyone else's. */
export async function notificationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/', { config: { permission: 'notification.read' }, schema: { tags: ['notifications'], ...R['GET /notifications'] } }, async (request) =>
    listMyNotifications(ctxOf(request), request.query),
  );
  app.post(
    '/:id/read',
    { config: { permission: 'notification.read' }, schema: { tags: ['notifications'], ...R['POST /notifications/:id/read'] } },
    async (request) => markRead(ctxOf(request), request.params.id),
  );
  app.post(
    '/read-all',
    { config: { permission: 'notification.read' }, schema: { tags: ['notifications'], ...R['POST /notifications/read-all'] } },
    async (request) => markAllRead(ctxOf(request)),
  );
}

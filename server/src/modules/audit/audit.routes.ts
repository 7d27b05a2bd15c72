import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditRoutes as R } from '../../../../shared/audit/api.js';
import { sendSheet } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';
import { exportAudit, listAudit } from './audit.service.js';

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/export',
    {
      config: { permission: 'audit.read', rateLimit: 'export' },
      schema: { tags: ['audit'], ...R['GET /audit/export'] },
    },
    async (request, reply) => sendSheet(reply, await exportAudit(ctxOf(request), request.query), '审计日志.xlsx'),
  );
  app.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: { tags: ['audit'], ...R['GET /audit'] },
    },
    async (request) => listAudit(ctxOf(request), request.query),
  );
}

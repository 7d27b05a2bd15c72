import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { volunteerOverviewRoutes as R } from '../../../../shared/volunteers/api-overview.js';
import { sendSheet } from '../../core/xlsx.js';
import { publicBaseUrl } from '../../env.js';
import { ctxOf } from '../../plugins/session.js';
import { issueCertificate, issueOwnCertificate } from './service/certificate.js';
import { regionStatistics } from './service/statistics.js';
import { exportStatistics } from './service/statistics-export.js';

/** The overview part's routes (mounted under /api/volunteers by volunteers.routes.ts): certificates of service, statistics. */
export async function volunteerOverviewRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteers'];
  const baseUrl = publicBaseUrl(app.env);

  // Registered before '/:id/…' reads the word as an id.
  app.post(
    '/me/certificate',
    { config: { permission: 'volunteers.certificate.issue' }, schema: { tags, ...R['POST /volunteers/me/certificate'] } },
    async (request) => issueOwnCertificate(ctxOf(request), request.body ?? {}, baseUrl),
  );

  app.post(
    '/:id/certificate',
    { config: { permission: 'volunteers.certificate.issue' }, schema: { tags, ...R['POST /volunteers/:id/certificate'] } },
    async (request) => issueCertificate(ctxOf(request), request.params.id, request.body ?? {}, baseUrl),
  );

  app.get(
    '/statistics',
    { config: { permission: 'volunteers.statistics.read' }, schema: { tags, ...R['GET /volunteers/statistics'] } },
    async (request) => regionStatistics(ctxOf(request), request.query),
  );

  app.get(
    '/statistics/export',
    { config: { permission: 'volunteers.statistics.read', rateLimit: 'export' }, schema: { tags, ...R['GET /volunteers/statistics/export'] } },
    async (request, reply) => {
      const { bytes, filename } = await exportStatistics(ctxOf(request), request.query);
      return sendSheet(reply, bytes, filename);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { volunteerHoursRoutes as R } from '../../../../shared/volunteers/api-hours.js';
import { sendSheet } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';
import { decideEntry } from './service/hours-approval.js';
import { enterManualHours, reverseEntry } from './service/hours-ledger.js';
import { exportEntries, getEntry, listEntries, pendingEntries } from './service/hours-lists.js';
import { listHonours, recordHonour } from './service/honours.js';
import { teamRanking, volunteerRanking } from './service/rankings.js';
import { setStarSettings, starSettingsOf, volunteerTotalsOf } from './service/stars.js';

/** The hours part's routes (mounted under /api/volunteers by volunteers.routes.ts): the ledger, approvals, stars, honours, rankings. */
export async function volunteerHoursRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteers'];
  const read = { permission: 'volunteers.read' } as const;
  const approve = { permission: 'volunteers.hours.approve' } as const;
  const stars = { permission: 'volunteers.stars.manage' } as const;
  const statistics = { permission: 'volunteers.statistics.read' } as const;

  app.get('/hours', { config: read, schema: { tags, ...R['GET /volunteers/hours'] } }, async (request) => listEntries(ctxOf(request), request.query));
  app.get('/hours/export', { config: { ...read, rateLimit: 'export' }, schema: { tags, ...R['GET /volunteers/hours/export'] } }, async (request, reply) =>
    sendSheet(reply, await exportEntries(ctxOf(request), request.query), '志愿服务时长.xlsx'),
  );
  app.get('/hours/pending', { config: approve, schema: { tags, ...R['GET /volunteers/hours/pending'] } }, async (request) =>
    pendingEntries(ctxOf(request), request.query),
  );
  app.post('/hours', { config: { permission: 'volunteers.hours.enter' }, schema: { tags, ...R['POST /volunteers/hours'] } }, async (request) => {
    const ctx = ctxOf(request);
    return getEntry(ctx, await enterManualHours(ctx, request.body));
  });
  app.get('/hours/:id', { config: read, schema: { tags, ...R['GET /volunteers/hours/:id'] } }, async (request) => getEntry(ctxOf(request), request.params.id));
  app.post('/hours/:id/decision', { config: approve, schema: { tags, ...R['POST /volunteers/hours/:id/decision'] } }, async (request) => {
    const ctx = ctxOf(request);
    return getEntry(ctx, await decideEntry(ctx, request.params.id, request.body));
  });
  app.post('/hours/:id/reverse', { config: approve, schema: { tags, ...R['POST /volunteers/hours/:id/reverse'] } }, async (request) => {
    const ctx = ctxOf(request);
    return getEntry(ctx, await reverseEntry(ctx, request.params.id, request.body.reason));
  });

  app.get('/:id/totals', { config: read, schema: { tags, ...R['GET /volunteers/:id/totals'] } }, async (request) => volunteerTotalsOf(ctxOf(request), request.params.id));
  app.get('/:id/honours', { config: read, schema: { tags, ...R['GET /volunteers/:id/honours'] } }, async (request) => listHonours(ctxOf(request), request.params.id));
  app.post('/:id/honours', { config: stars, schema: { tags, ...R['POST /volunteers/:id/honours'] } }, async (request) =>
    recordHonour(ctxOf(request), request.params.id, request.body),
  );
  app.get('/star-settings/:code', { config: statistics, schema: { tags, ...R['GET /volunteers/star-settings/:code'] } }, async (request) =>
    starSettingsOf(ctxOf(request), request.params.code),
  );
  app.put('/star-settings/:code', { config: stars, schema: { tags, ...R['PUT /volunteers/star-settings/:code'] } }, async (request) =>
    setStarSettings(ctxOf(request), request.params.code, request.body),
  );

  app.get('/rankings/volunteers', { config: statistics, schema: { tags, ...R['GET /volunteers/rankings/volunteers'] } }, async (request) =>
    volunteerRanking(ctxOf(request), request.query),
  );
  app.get('/rankings/teams', { config: statistics, schema: { tags, ...R['GET /volunteers/rankings/teams'] } }, async (request) =>
    teamRanking(ctxOf(request), request.query),
  );
}

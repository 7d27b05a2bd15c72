import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fundingRoutes as R } from '../../../../shared/funding/api.js';
import { clientKey } from '../../core/client-key.js';
import { SlidingWindowLimiter } from '../../core/rate-limit.js';
import { sendSheet } from '../../core/xlsx.js';
import { AppError } from '../../errors.js';
import { ctxOf } from '../../plugins/session.js';
import {
  createApplication,
  exportApplications,
  getApplication,
  listApplications,
  submitApplication,
  updateApplication,
  withdrawApplication,
} from './service/applications.js';
import { advanceCall, cancelCall, createCall, exportCalls, getCall, getPublicCall, listCalls, listPublicCalls, publishCall, updateCall } from './service/calls.js';
import { closeNeed, exportNeeds, getNeed, listNeeds, mergeNeed, submitNeed } from './service/needs.js';
import { decideRule, screenCall } from './service/screening.js';
import { getStepSettings, putStepSettings } from './service/settings.js';
import { addNeedsToTopic, closeTopic, createTopic, listTopics, removeNeedFromTopic, updateTopic } from './service/topics.js';

/** The public call pages answer anyone; 60 a minute per client address keeps scrapers polite. */
export const PUBLIC_CALLS_LIMIT = 60;

/** Step settings, needs and topics, calls, applications and screening (F1–F4). */
export async function fundingFrontRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['funding'];
  const publicReads = new SlidingWindowLimiter(60_000);
  const limited = async (request: { ip: string }, reply: { header(k: string, v: string): unknown }) => {
    const verdict = publicReads.take([{ key: clientKey(request.ip), limit: PUBLIC_CALLS_LIMIT }]);
    if (!verdict.ok) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
      throw new AppError('rate_limited');
    }
  };

  app.get('/settings/steps', { config: { permission: 'funding.call.manage' }, schema: { tags, ...R['GET /funding/settings/steps'] } }, async (request) =>
    getStepSettings(ctxOf(request), request.query.region),
  );
  app.put('/settings/steps', { config: { permission: 'funding.settings.manage' }, schema: { tags, ...R['PUT /funding/settings/steps'] } }, async (request) =>
    putStepSettings(ctxOf(request), request.query.region, request.body),
  );

  app.get('/needs', { config: { permission: 'funding.need.submit' }, schema: { tags, ...R['GET /funding/needs'] } }, async (request) =>
    listNeeds(ctxOf(request), request.query),
  );
  app.get('/needs/export', { config: { permission: 'funding.need.curate', rateLimit: 'export' }, schema: { tags, ...R['GET /funding/needs/export'] } }, async (request, reply) =>
    sendSheet(reply, await exportNeeds(ctxOf(request), request.query), '需求池.xlsx'),
  );
  app.post('/needs', { config: { permission: 'funding.need.submit' }, schema: { tags, ...R['POST /funding/needs'] } }, async (request) =>
    submitNeed(ctxOf(request), request.body),
  );
  app.get('/needs/:id', { config: { permission: 'funding.need.submit' }, schema: { tags, ...R['GET /funding/needs/:id'] } }, async (request) =>
    getNeed(ctxOf(request), request.params.id),
  );
  app.post('/needs/:id/merge', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['POST /funding/needs/:id/merge'] } }, async (request) =>
    mergeNeed(ctxOf(request), request.params.id, request.body),
  );
  app.post('/needs/:id/close', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['POST /funding/needs/:id/close'] } }, async (request) =>
    closeNeed(ctxOf(request), request.params.id, request.body.reason),
  );

  app.get('/topics', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['GET /funding/topics'] } }, async (request) =>
    listTopics(ctxOf(request), request.query),
  );
  app.post('/topics', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['POST /funding/topics'] } }, async (request) =>
    createTopic(ctxOf(request), request.body),
  );
  app.patch('/topics/:id', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['PATCH /funding/topics/:id'] } }, async (request) =>
    updateTopic(ctxOf(request), request.params.id, request.body),
  );
  app.post('/topics/:id/close', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['POST /funding/topics/:id/close'] } }, async (request) =>
    closeTopic(ctxOf(request), request.params.id, request.body.reason),
  );
  app.post('/topics/:id/needs', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['POST /funding/topics/:id/needs'] } }, async (request) =>
    addNeedsToTopic(ctxOf(request), request.params.id, request.body.needIds),
  );
  app.delete('/topics/:id/needs/:needId', { config: { permission: 'funding.need.curate' }, schema: { tags, ...R['DELETE /funding/topics/:id/needs/:needId'] } }, async (request) =>
    removeNeedFromTopic(ctxOf(request), request.params.id, request.params.needId),
  );

  app.get('/calls', { config: { permission: 'funding.read' }, schema: { tags, ...R['GET /funding/calls'] } }, async (request) => listCalls(ctxOf(request), request.query));
  app.get('/calls/export', { config: { permission: 'funding.read', rateLimit: 'export' }, schema: { tags, ...R['GET /funding/calls/export'] } }, async (request, reply) =>
    sendSheet(reply, await exportCalls(ctxOf(request), request.query), '项目征集.xlsx'),
  );
  app.post('/calls', { config: { permission: 'funding.call.manage' }, schema: { tags, ...R['POST /funding/calls'] } }, async (request) => createCall(ctxOf(request), request.body));
  app.get('/calls/:id', { config: { permission: 'funding.read' }, schema: { tags, ...R['GET /funding/calls/:id'] } }, async (request) => getCall(ctxOf(request), request.params.id));
  app.patch('/calls/:id', { config: { permission: 'funding.call.manage' }, schema: { tags, ...R['PATCH /funding/calls/:id'] } }, async (request) =>
    updateCall(ctxOf(request), request.params.id, request.body),
  );
  app.post('/calls/:id/publish', { config: { permission: 'funding.call.manage' }, schema: { tags, ...R['POST /funding/calls/:id/publish'] } }, async (request) =>
    publishCall(ctxOf(request), request.params.id, request.body.comment),
  );
  app.post('/calls/:id/advance', { config: { permission: 'funding.call.manage' }, schema: { tags, ...R['POST /funding/calls/:id/advance'] } }, async (request) =>
    advanceCall(ctxOf(request), request.params.id, request.body.comment),
  );
  app.post('/calls/:id/cancel', { config: { permission: 'funding.call.manage' }, schema: { tags, ...R['POST /funding/calls/:id/cancel'] } }, async (request) =>
    cancelCall(ctxOf(request), request.params.id, request.body.reason),
  );
  app.post('/calls/:id/screen', { config: { permission: 'funding.application.screen' }, schema: { tags, ...R['POST /funding/calls/:id/screen'] } }, async (request) =>
    screenCall(ctxOf(request), request.params.id),
  );

  app.get('/public/calls', { config: { public: true }, onRequest: limited, schema: { tags, ...R['GET /funding/public/calls'] } }, async (request) =>
    listPublicCalls(app.database.db, request.query),
  );
  app.get('/public/calls/:id', { config: { public: true }, onRequest: limited, schema: { tags, ...R['GET /funding/public/calls/:id'] } }, async (request) =>
    getPublicCall({ locale: request.locale }, app.database.db, request.params.id),
  );

  app.get('/applications', { config: { permission: 'funding.read' }, schema: { tags, ...R['GET /funding/applications'] } }, async (request) =>
    listApplications(ctxOf(request), request.query),
  );
  app.get('/applications/export', { config: { permission: 'funding.read', rateLimit: 'export' }, schema: { tags, ...R['GET /funding/applications/export'] } }, async (request, reply) =>
    sendSheet(reply, await exportApplications(ctxOf(request), request.query), '项目申报.xlsx'),
  );
  app.post('/applications', { config: { permission: 'funding.application.write' }, schema: { tags, ...R['POST /funding/applications'] } }, async (request) =>
    createApplication(ctxOf(request), request.body),
  );
  app.get('/applications/:id', { config: { permission: 'funding.read' }, schema: { tags, ...R['GET /funding/applications/:id'] } }, async (request) =>
    getApplication(ctxOf(request), request.params.id),
  );
  app.patch('/applications/:id', { config: { permission: 'funding.application.write' }, schema: { tags, ...R['PATCH /funding/applications/:id'] } }, async (request) =>
    updateApplication(ctxOf(request), request.params.id, request.body),
  );
  app.post('/applications/:id/submit', { config: { permission: 'funding.application.write' }, schema: { tags, ...R['POST /funding/applications/:id/submit'] } }, async (request) =>
    submitApplication(ctxOf(request), request.params.id),
  );
  app.post('/applications/:id/withdraw', { config: { permission: 'funding.application.write' }, schema: { tags, ...R['POST /funding/applications/:id/withdraw'] } }, async (request) =>
    withdrawApplication(ctxOf(request), request.params.id, request.body.comment),
  );
  app.post('/applications/:id/screening/decide', {
    config: { permission: 'funding.application.screen' },
    schema: { tags, ...R['POST /funding/applications/:id/screening/decide'] },
  }, async (request) => decideRule(ctxOf(request), request.params.id, request.body));
}

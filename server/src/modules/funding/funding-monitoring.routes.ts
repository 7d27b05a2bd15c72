import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fundingMonitoringRoutes as R } from '../../../../shared/funding/monitoring.js';
import { ctxOf } from '../../plugins/session.js';
import { listReviewers } from './service/reviewers.js';
import { correctEvaluation, setPassLine, submitEvaluation } from './service/evaluation.js';
import { assignReviewer, decideReport, getMonitoring, listMonitoredContracts, recordVisit, setReportSchedule, submitReport } from './service/monitoring.js';

/** Monitoring and evaluation (F9, F10): schedules, progress reports, site visits, evaluations, pass lines. */
export async function fundingMonitoringHttpRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['funding'];
  const read = { permission: 'funding.monitoring.read' } as const;
  const manage = { permission: 'funding.monitoring.manage' } as const;

  app.get('/monitoring/contracts', { config: read, schema: { tags, ...R['GET /funding/monitoring/contracts'] } }, async (request) =>
    listMonitoredContracts(ctxOf(request), request.query),
  );
  app.get('/reviewers', { config: manage, schema: { tags, ...R['GET /funding/reviewers'] } }, async (request) => listReviewers(ctxOf(request), request.query));
  app.get('/contracts/:id/monitoring', { config: read, schema: { tags, ...R['GET /funding/contracts/:id/monitoring'] } }, async (request) =>
    getMonitoring(ctxOf(request), request.params.id),
  );
  app.put('/contracts/:id/report-schedule', { config: manage, schema: { tags, ...R['PUT /funding/contracts/:id/report-schedule'] } }, async (request) =>
    setReportSchedule(ctxOf(request), request.params.id, request.body.frequency),
  );
  app.post('/contracts/:id/assignees', { config: manage, schema: { tags, ...R['POST /funding/contracts/:id/assignees'] } }, async (request) =>
    assignReviewer(ctxOf(request), request.params.id, request.body),
  );
  app.post('/contracts/:id/visits', { config: { permission: 'funding.visit.record' }, schema: { tags, ...R['POST /funding/contracts/:id/visits'] } }, async (request) =>
    recordVisit(ctxOf(request), request.params.id, request.body),
  );
  app.post(
    '/contracts/:id/evaluations',
    { config: { permission: 'funding.evaluation.record' }, schema: { tags, ...R['POST /funding/contracts/:id/evaluations'] } },
    async (request) => submitEvaluation(ctxOf(request), request.params.id, request.body),
  );
  app.post(
    '/evaluations/:id/correct',
    { config: { permission: 'funding.evaluation.record' }, schema: { tags, ...R['POST /funding/evaluations/:id/correct'] } },
    async (request) => correctEvaluation(ctxOf(request), request.params.id, request.body),
  );
  app.put('/calls/:id/pass-line', { config: manage, schema: { tags, ...R['PUT /funding/calls/:id/pass-line'] } }, async (request) =>
    setPassLine(ctxOf(request), request.params.id, request.body.passLine),
  );
  app.post('/reports/:id/submit', { config: { permission: 'funding.report.submit' }, schema: { tags, ...R['POST /funding/reports/:id/submit'] } }, async (request) =>
    submitReport(ctxOf(request), request.params.id, request.body),
  );
  app.post('/reports/:id/accept', { config: manage, schema: { tags, ...R['POST /funding/reports/:id/accept'] } }, async (request) =>
    decideReport(ctxOf(request), request.params.id, 'accept', request.body.comment),
  );
  app.post('/reports/:id/return', { config: manage, schema: { tags, ...R['POST /funding/reports/:id/return'] } }, async (request) =>
    decideReport(ctxOf(request), request.params.id, 'return', request.body.reason),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fundingReviewRoutes as R } from '../../../../shared/funding/api-review.js';
import { clientKey } from '../../core/client-key.js';
import { SlidingWindowLimiter } from '../../core/rate-limit.js';
import { systemActor } from '../../core/write-unit.js';
import { AppError } from '../../errors.js';
import { ctxOf, sameToken } from '../../plugins/session.js';
import {
  answerObjection,
  fixResults,
  getNoticeOfCall,
  listNotices,
  lodgeObjection,
  publicNotice,
  publicNotices,
  publishNotice,
  revealObjectionContact,
} from './service/notice.js';
import { acceptVersion, diffVersions, getProposal, reviseProposal } from './service/optimisation.js';
import { declareConflicts, myAssignments, myPanels, panelApplicants, returnScore, reviewApplication, saveScoreDraft, submitScore } from './service/review-expert.js';
import { assignExpert, createPanel, getPanel, panelOfCall, removeAssignment, updatePanel } from './service/review-panels.js';
import { adjustDecision, closePanel, getRanking, setConditions } from './service/review-results.js';

/** A person objecting writes once or twice; 5 an hour per client address stops a flood, not a citizen. */
export const OBJECTION_LIMIT = 5;
const OBJECTION_WINDOW_MS = 3_600_000;
/** The public notice pages answer anyone; 60 a minute per client address. */
export const PUBLIC_NOTICE_LIMIT = 60;

/** Review (F5), public notice (F6) and optimisation (F7). */
export async function fundingReviewHttpRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['funding'];
  const objectionsLimiter = new SlidingWindowLimiter(OBJECTION_WINDOW_MS);
  const readsLimiter = new SlidingWindowLimiter(60_000);
  const limited = (limiter: SlidingWindowLimiter, limit: number) => async (request: { ip: string }, reply: { header(k: string, v: string): unknown }) => {
    const verdict = limiter.take([{ key: clientKey(request.ip), limit }]);
    if (!verdict.ok) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
      throw new AppError('rate_limited');
    }
  };
  const manage = { permission: 'funding.review.manage' as const };
  const score = { permission: 'funding.review.score' as const };
  const notice = { permission: 'funding.notice.manage' as const };

  // --- Panels (staff)
  app.get('/review/panels', { config: manage, schema: { tags, ...R['GET /funding/review/panels'] } }, async (r) => panelOfCall(ctxOf(r), r.query.callId));
  app.post('/review/panels', { config: manage, schema: { tags, ...R['POST /funding/review/panels'] } }, async (r) => createPanel(ctxOf(r), r.body));
  app.get('/review/panels/:id', { config: manage, schema: { tags, ...R['GET /funding/review/panels/:id'] } }, async (r) => getPanel(ctxOf(r), r.params.id));
  app.patch('/review/panels/:id', { config: manage, schema: { tags, ...R['PATCH /funding/review/panels/:id'] } }, async (r) =>
    updatePanel(ctxOf(r), r.params.id, r.body),
  );
  app.post('/review/panels/:id/assignments', { config: manage, schema: { tags, ...R['POST /funding/review/panels/:id/assignments'] } }, async (r) =>
    assignExpert(ctxOf(r), r.params.id, r.body),
  );
  app.post('/review/assignments/:id/remove', { config: manage, schema: { tags, ...R['POST /funding/review/assignments/:id/remove'] } }, async (r) =>
    removeAssignment(ctxOf(r), r.params.id, r.body.reason),
  );
  app.post('/review/panels/:id/close', { config: manage, schema: { tags, ...R['POST /funding/review/panels/:id/close'] } }, async (r) =>
    closePanel(ctxOf(r), r.params.id, r.body.reason),
  );
  app.get('/review/panels/:id/ranking', { config: manage, schema: { tags, ...R['GET /funding/review/panels/:id/ranking'] } }, async (r) =>
    getRanking(ctxOf(r), r.params.id),
  );
  app.post('/review/results/:applicationId/adjust', { config: manage, schema: { tags, ...R['POST /funding/review/results/:applicationId/adjust'] } }, async (r) =>
    adjustDecision(ctxOf(r), r.params.applicationId, r.body),
  );
  app.put('/review/results/:applicationId/conditions', { config: manage, schema: { tags, ...R['PUT /funding/review/results/:applicationId/conditions'] } }, async (r) =>
    setConditions(ctxOf(r), r.params.applicationId, r.body.conditions),
  );

  // --- The expert
  app.get('/review/my/panels', { config: score, schema: { tags, ...R['GET /funding/review/my/panels'] } }, async (r) => myPanels(ctxOf(r)));
  app.get('/review/my/panels/:id/applicants', { config: score, schema: { tags, ...R['GET /funding/review/my/panels/:id/applicants'] } }, async (r) =>
    panelApplicants(ctxOf(r), r.params.id),
  );
  app.post('/review/my/panels/:id/conflicts', { config: score, schema: { tags, ...R['POST /funding/review/my/panels/:id/conflicts'] } }, async (r) =>
    declareConflicts(ctxOf(r), r.params.id, r.body),
  );
  app.get('/review/my/assignments', { config: score, schema: { tags, ...R['GET /funding/review/my/assignments'] } }, async (r) => myAssignments(ctxOf(r)));
  app.get('/review/applications/:id', { config: score, schema: { tags, ...R['GET /funding/review/applications/:id'] } }, async (r) =>
    reviewApplication(ctxOf(r), r.params.id),
  );
  app.put('/review/applications/:id/draft', { config: score, schema: { tags, ...R['PUT /funding/review/applications/:id/draft'] } }, async (r) =>
    saveScoreDraft(ctxOf(r), r.params.id, r.body),
  );
  app.put('/review/applications/:id/score', { config: score, schema: { tags, ...R['PUT /funding/review/applications/:id/score'] } }, async (r) =>
    submitScore(ctxOf(r), r.params.id, r.body),
  );
  app.post('/review/assignments/:id/return', { config: score, schema: { tags, ...R['POST /funding/review/assignments/:id/return'] } }, async (r) =>
    returnScore(ctxOf(r), r.params.id, r.body.reason),
  );

  // --- Public notice (staff)
  app.post('/notice/calls/:callId/publish', { config: notice, schema: { tags, ...R['POST /funding/notice/calls/:callId/publish'] } }, async (r) =>
    publishNotice(ctxOf(r), r.params.callId, r.body),
  );
  app.get('/notice/list', { config: notice, schema: { tags, ...R['GET /funding/notice/list'] } }, async (r) => listNotices(ctxOf(r), r.query));
  app.get('/notice/calls/:callId', { config: notice, schema: { tags, ...R['GET /funding/notice/calls/:callId'] } }, async (r) =>
    getNoticeOfCall(ctxOf(r), r.params.callId),
  );
  app.post('/notice/objections/:id/answer', { config: notice, schema: { tags, ...R['POST /funding/notice/objections/:id/answer'] } }, async (r) =>
    answerObjection(ctxOf(r), r.params.id, r.body),
  );
  app.get('/notice/objections/:id/contact', { config: notice, schema: { tags, ...R['GET /funding/notice/objections/:id/contact'] } }, async (r, reply) => {
    reply.header('cache-control', 'no-store');
    return revealObjectionContact(ctxOf(r), r.params.id);
  });
  app.post('/notice/calls/:callId/fix', { config: notice, schema: { tags, ...R['POST /funding/notice/calls/:callId/fix'] } }, async (r) =>
    fixResults(ctxOf(r), r.params.callId),
  );

  // --- Public notice (anyone)
  app.get('/public/notices', {
    config: { public: true },
    onRequest: limited(readsLimiter, PUBLIC_NOTICE_LIMIT),
    schema: { tags, ...R['GET /funding/public/notices'] },
  }, async () => publicNotices(app.database.db));
  app.get('/public/notices/:id', {
    config: { public: true },
    onRequest: limited(readsLimiter, PUBLIC_NOTICE_LIMIT),
    schema: { tags, ...R['GET /funding/public/notices/:id'] },
  }, async (r) => publicNotice(app.database.db, r.params.id));
  app.post('/public/notices/:id/objections', {
    config: { public: true },
    // Counted before validation: a flood of malformed objections is a flood all the same.
    onRequest: limited(objectionsLimiter, OBJECTION_LIMIT),
    schema: { tags, ...R['POST /funding/public/notices/:id/objections'] },
  }, async (r) => {
    // Anyone may object; but a signed-in browser's request must carry its token, so another site cannot object in its name.
    if (r.sessionId && r.actor) {
      const header = r.headers['x-csrf-token'];
      if (typeof header !== 'string' || !r.csrfToken || !sameToken(header, r.csrfToken)) throw new AppError('csrf');
    }
    return lodgeObjection({ db: app.database.db, actor: systemActor('public'), locale: r.locale, requestId: r.id, writes: app.writes }, r.params.id, r.body);
  });

  // --- Optimisation
  app.get('/proposals/:applicationId', { config: { permission: 'funding.read' }, schema: { tags, ...R['GET /funding/proposals/:applicationId'] } }, async (r) =>
    getProposal(ctxOf(r), r.params.applicationId),
  );
  app.post('/proposals/:applicationId/versions', {
    config: { permission: 'funding.proposal.revise' },
    schema: { tags, ...R['POST /funding/proposals/:applicationId/versions'] },
  }, async (r) => reviseProposal(ctxOf(r), r.params.applicationId, r.body));
  app.get('/proposals/:applicationId/diff', { config: { permission: 'funding.read' }, schema: { tags, ...R['GET /funding/proposals/:applicationId/diff'] } }, async (r) =>
    diffVersions(ctxOf(r), r.params.applicationId, r.query.fromVersion, r.query.toVersion),
  );
  app.post('/proposals/:applicationId/versions/:version/accept', {
    config: { permission: 'funding.proposal.accept' },
    schema: { tags, ...R['POST /funding/proposals/:applicationId/versions/:version/accept'] },
  }, async (r) => acceptVersion(ctxOf(r), r.params.applicationId, r.params.version));
}

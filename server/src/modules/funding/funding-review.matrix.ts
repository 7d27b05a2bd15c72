/**
 * Review, public notice and optimisation (F5–F7) in the refusal matrix. Each write the allowed
 * caller sends once works on records of its own, made here, so the order of the checks matters
 * only where noted (a score is returned after it is given; a ranking read after its panel closed).
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Agent } from '../../../test/build-app.js';
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';
import type { MatrixWorld } from '../../../test/matrix/world.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeCallAtReview, makeScreenedIn } from './funding-review.factories.js';

const STAFF_ONLY: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };
const EXPERT_RECORD: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'notFound' };
const STAFF_LIST: Outsiders = { region: 'empty', sibling: 'forbidden', unassigned: 'forbidden' };
const EXPERT_LIST: Outsiders = { region: 'empty', sibling: 'forbidden', unassigned: 'empty' };
const ORGANIZATION_RECORD: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };

const RUBRIC = [{ code: 'merit', name: '综合评价', weight: 100, maxScore: 10 }];
const future = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

const ids = {} as Record<
  | 'call1'
  | 'panel1'
  | 'app1'
  | 'app2'
  | 'removable'
  | 'assignment1'
  | 'call2'
  | 'panel3'
  | 'app5'
  | 'call6'
  | 'notice6'
  | 'call7'
  | 'objection7'
  | 'app8',
  string
>;

const ok = async (res: Promise<{ status: number; body: string; json(): any }>) => {
  const r = await res;
  expect(r.status, r.body).toBe(200);
  return r.json();
};

async function panelOn(w: MatrixWorld, staff: Agent, callId: string, expertId: string) {
  return (await ok(staff.post('/api/funding/review/panels', { callId, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: future(), expertIds: [expertId], chairId: expertId }))).id as string;
}

/** A call whose panel closed with its one application unscored (not funded), then moved to `step`. */
async function closedCall(w: MatrixWorld, orgId: string, step: string, steps?: string[]) {
  const call = await makeCallAtReview(w.t.db, w.A.district, 1_000_000);
  if (steps) await w.t.db.execute(sql`update funding_calls set steps = ${`{${steps.join(',')}}`}::text[] where id = ${call.id}`);
  const app = await makeScreenedIn(w.t.db, call, { id: orgId }, w.A.street, `矩阵项目${w.uniq()}`, [100_000]);
  const panel = await panelOn(w, w.staff, call.id, w.users.reviewer.id);
  await ok(w.staff.post(`/api/funding/review/panels/${panel}/close`, { reason: '矩阵测试：无人评分' }));
  await w.t.db.execute(sql`update funding_calls set step = ${step} where id = ${call.id}`);
  return { call, app, panel };
}

export const reviewMatrix = defineMatrix({
  async setup(w) {
    const reviewer = w.users.reviewer.id;
    const other = await makeOrganization(w.t.db, w.A.street, { name: `矩阵评审机构${w.uniq()}` });

    // Panel 1: the reviewer (chair) declared and is assigned app1 (scored, then returned, by the allowed calls).
    const call1 = await makeCallAtReview(w.t.db, w.A.district, 1_000_000);
    ids.call1 = call1.id;
    ids.app1 = (await makeScreenedIn(w.t.db, call1, w.team, w.A.street, '矩阵申报一', [100_000])).id;
    ids.app2 = (await makeScreenedIn(w.t.db, call1, other, w.A.street, '矩阵申报二', [100_000])).id;
    const app3 = await makeScreenedIn(w.t.db, call1, other, w.A.street, '矩阵申报三', [100_000]);
    ids.panel1 = await panelOn(w, w.staff, call1.id, reviewer);
    await ok(w.agents.reviewer.post(`/api/funding/review/my/panels/${ids.panel1}/conflicts`, { conflicts: [] }));
    const assigned = await ok(w.staff.post(`/api/funding/review/panels/${ids.panel1}/assignments`, { applicationId: ids.app1, expertId: reviewer }));
    ids.assignment1 = assigned.assignments.find((a: { applicationId: string }) => a.applicationId === ids.app1).id;
    const panel = await ok(w.staff.post(`/api/funding/review/panels/${ids.panel1}/assignments`, { applicationId: app3.id, expertId: reviewer }));
    ids.removable = panel.assignments.find((a: { applicationId: string }) => a.applicationId === app3.id).id;

    // A call at review without a panel (POST panels), and an empty panel to close (then its ranking).
    ids.call2 = (await makeCallAtReview(w.t.db, w.A.district, 1_000_000)).id;
    const call3 = await makeCallAtReview(w.t.db, w.A.district, 1_000_000);
    ids.panel3 = await panelOn(w, w.staff, call3.id, reviewer);

    // A closed panel's not-funded application: adjusted to approved, then given conditions.
    ids.app5 = (await closedCall(w, other.id, 'review')).app.id;

    // A call at its notice step (publish, then read); another whose period is over with one objection.
    const six = await closedCall(w, other.id, 'notice');
    ids.call6 = six.call.id;
    const seven = await closedCall(w, other.id, 'notice');
    ids.call7 = seven.call.id;
    const notice7 = await ok(w.staff.post(`/api/funding/notice/calls/${ids.call7}/publish`, {}));
    const lodged = await w.t.app.inject({
      method: 'POST',
      url: `/api/funding/public/notices/${notice7.id}/objections`,
      payload: { name: '王女士', contact: '13912345678', objectionText: '矩阵测试异议' },
      remoteAddress: '192.0.2.77',
    });
    expect(lodged.statusCode, lodged.body).toBe(200);
    ids.objection7 = lodged.json().id;
    await w.t.db.execute(sql`update funding_notices set published_on = '2020-01-02', ends_on = '2020-01-09' where id = ${notice7.id}`);
    const notice6Call = await closedCall(w, other.id, 'notice');
    ids.notice6 = (await ok(w.staff.post(`/api/funding/notice/calls/${notice6Call.call.id}/publish`, {}))).id;

    // A call without a notice step: A's team's application, approved by adjustment, has its proposal open.
    const eight = await closedCall(w, w.team.id, 'contract', ['call', 'review', 'contract', 'evaluation']);
    ids.app8 = eight.app.id;
    await ok(w.staff.post(`/api/funding/review/results/${ids.app8}/adjust`, { decision: 'approved', reason: '矩阵测试' }));
  },

  routes: {
    'GET /api/funding/review/panels': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'GET', url: `/api/funding/review/panels?callId=${ids.call1}` }),
    },
    'POST /api/funding/review/panels': {
      permission: 'funding.review.manage',
      outsiders: { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({
        method: 'POST',
        url: '/api/funding/review/panels',
        body: { callId: ids.call2, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: future(), expertIds: [w.users.reviewer.id], chairId: w.users.reviewer.id },
      }),
    },
    'GET /api/funding/review/panels/:id': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'GET', url: `/api/funding/review/panels/${ids.panel1}` }),
    },
    'PATCH /api/funding/review/panels/:id': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'PATCH', url: `/api/funding/review/panels/${ids.panel1}`, body: { reviewDeadline: future() } }),
    },
    'POST /api/funding/review/panels/:id/assignments': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: (w) => ({ method: 'POST', url: `/api/funding/review/panels/${ids.panel1}/assignments`, body: { applicationId: ids.app2, expertId: w.users.reviewer.id } }),
    },
    'POST /api/funding/review/assignments/:id/remove': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/review/assignments/${ids.removable}/remove`, body: { reason: '矩阵测试' } }),
    },
    'POST /api/funding/review/panels/:id/close': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/review/panels/${ids.panel3}/close`, body: {} }),
    },
    // After the close above.
    'GET /api/funding/review/panels/:id/ranking': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'GET', url: `/api/funding/review/panels/${ids.panel3}/ranking` }),
    },
    'POST /api/funding/review/results/:applicationId/adjust': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/review/results/${ids.app5}/adjust`, body: { decision: 'approved', reason: '矩阵测试' } }),
    },
    // After the adjustment above approved it.
    'PUT /api/funding/review/results/:applicationId/conditions': {
      permission: 'funding.review.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'PUT', url: `/api/funding/review/results/${ids.app5}/conditions`, body: { conditions: '补充安全预案' } }),
    },

    'GET /api/funding/review/my/panels': {
      permission: 'funding.review.score',
      outsiders: EXPERT_LIST,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'GET', url: '/api/funding/review/my/panels' }),
    },
    'GET /api/funding/review/my/panels/:id/applicants': {
      permission: 'funding.review.score',
      outsiders: EXPERT_RECORD,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'GET', url: `/api/funding/review/my/panels/${ids.panel1}/applicants` }),
    },
    'POST /api/funding/review/my/panels/:id/conflicts': {
      permission: 'funding.review.score',
      outsiders: EXPERT_RECORD,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'POST', url: `/api/funding/review/my/panels/${ids.panel1}/conflicts`, body: { conflicts: [] } }),
    },
    'GET /api/funding/review/my/assignments': {
      permission: 'funding.review.score',
      outsiders: EXPERT_LIST,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'GET', url: '/api/funding/review/my/assignments' }),
    },
    'GET /api/funding/review/applications/:id': {
      permission: 'funding.review.score',
      outsiders: EXPERT_RECORD,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'GET', url: `/api/funding/review/applications/${ids.app1}` }),
    },
    // Before the score below: a draft is refused once the score is in.
    'PUT /api/funding/review/applications/:id/draft': {
      permission: 'funding.review.score',
      outsiders: EXPERT_RECORD,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'PUT', url: `/api/funding/review/applications/${ids.app1}/draft`, body: { scores: { merit: { score: 7 } } } }),
    },
    'PUT /api/funding/review/applications/:id/score': {
      permission: 'funding.review.score',
      outsiders: EXPERT_RECORD,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'PUT', url: `/api/funding/review/applications/${ids.app1}/score`, body: { scores: { merit: { score: 8 } }, comment: '矩阵测试' } }),
    },
    // After the score above; the chair is the reviewer itself.
    'POST /api/funding/review/assignments/:id/return': {
      permission: 'funding.review.score',
      outsiders: EXPERT_RECORD,
      allowedAs: (w) => w.agents.reviewer,
      req: () => ({ method: 'POST', url: `/api/funding/review/assignments/${ids.assignment1}/return`, body: { reason: '矩阵测试' } }),
    },

    'POST /api/funding/notice/calls/:callId/publish': {
      permission: 'funding.notice.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/notice/calls/${ids.call6}/publish`, body: {} }),
    },
    'GET /api/funding/notice/list': {
      permission: 'funding.notice.manage',
      outsiders: STAFF_LIST,
      req: () => ({ method: 'GET', url: '/api/funding/notice/list' }),
    },
    'GET /api/funding/notice/calls/:callId': {
      permission: 'funding.notice.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'GET', url: `/api/funding/notice/calls/${ids.call7}` }),
    },
    'POST /api/funding/notice/objections/:id/answer': {
      permission: 'funding.notice.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/notice/objections/${ids.objection7}/answer`, body: { decision: 'dismissed', answer: '经核查不成立' } }),
    },
    'GET /api/funding/notice/objections/:id/contact': {
      permission: 'funding.notice.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'GET', url: `/api/funding/notice/objections/${ids.objection7}/contact` }),
    },
    // After the answer above: the period is over and nothing is unanswered.
    'POST /api/funding/notice/calls/:callId/fix': {
      permission: 'funding.notice.manage',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/notice/calls/${ids.call7}/fix`, body: {} }),
    },
    'GET /api/funding/public/notices': { permission: 'public', req: () => ({ method: 'GET', url: '/api/funding/public/notices' }) },
    'GET /api/funding/public/notices/:id': { permission: 'public', req: () => ({ method: 'GET', url: `/api/funding/public/notices/${ids.notice6}` }) },
    'POST /api/funding/public/notices/:id/objections': {
      permission: 'public',
      req: () => ({ method: 'POST', url: `/api/funding/public/notices/${ids.notice6}/objections`, body: { name: '李先生', contact: 'li@example.com', objectionText: '矩阵测试' } }),
    },

    'GET /api/funding/proposals/:applicationId': {
      permission: 'funding.read',
      outsiders: ORGANIZATION_RECORD,
      req: () => ({ method: 'GET', url: `/api/funding/proposals/${ids.app8}` }),
    },
    'POST /api/funding/proposals/:applicationId/versions': {
      permission: 'funding.proposal.revise',
      outsiders: { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.org_member,
      req: () => ({
        method: 'POST',
        url: `/api/funding/proposals/${ids.app8}/versions`,
        body: {
          content: {
            title: '矩阵项目（优化）',
            summary: null,
            goals: null,
            activities: [],
            targetBeneficiaries: null,
            beneficiaryCount: 100,
            indicators: [],
            budgetLines: [{ item: '支出1', category: null, amountFen: 90_000, note: null }],
            amountFen: 90_000,
          },
          note: '矩阵测试',
        },
      }),
    },
    'GET /api/funding/proposals/:applicationId/diff': {
      permission: 'funding.read',
      outsiders: ORGANIZATION_RECORD,
      req: () => ({ method: 'GET', url: `/api/funding/proposals/${ids.app8}/diff?fromVersion=1&toVersion=1` }),
    },
    'POST /api/funding/proposals/:applicationId/versions/:version/accept': {
      permission: 'funding.proposal.accept',
      outsiders: STAFF_ONLY,
      req: () => ({ method: 'POST', url: `/api/funding/proposals/${ids.app8}/versions/1/accept`, body: {} }),
    },
  },
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeCallAtReview, makeScreenedIn } from './funding-review.factories.js';

/**
 * Issue 9, F5 (expert review) through the API: conflicts of interest before anything is seen, the
 * assignment scope, scores hidden from other experts until the panel closes, the chair's return,
 * the ranking and the funding line within the call's budget.
 */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
const experts: { id: string; agent: Agent }[] = [];
let outsiderReviewer: Agent;
let reviewerB: { id: string };
let orgs: { id: string; name: string }[];

const farFuture = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const RUBRIC = [
  { code: 'need', name: '需求契合度', weight: 40, maxScore: 10 },
  { code: 'design', name: '方案设计', weight: 35, maxScore: 10 },
  { code: 'budget', name: '预算合理性', weight: 25, maxScore: 5 },
];

const scoreBody = (need: number, design: number, budget: number, comment = '评分意见') => ({
  scores: { need: { score: need }, design: { score: design }, budget: { score: budget } },
  comment,
});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  for (let i = 0; i < 4; i++) {
    const user = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
    experts.push({ id: user.id, agent: await signIn(t.app, user.username, PASSWORD) });
  }
  outsiderReviewer = await signIn(t.app, (await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }])).username, PASSWORD);
  reviewerB = await makeUser(t.db, [{ role: 'reviewer', regionCode: B.district }]);
  orgs = [];
  for (const name of ['阳光助老服务社', '彩虹青少年中心', '邻里互助会', '绿色家园协会']) {
    const org = await makeOrganization(t.db, A.street, { name, legalForm: 'social_service_agency', status: 'registered' });
    orgs.push({ id: org.id, name });
  }
});
afterAll(() => t.close());

describe('setting up a panel', () => {
  it('refuses a rubric whose weights do not add up to 100, naming the field, and changes nothing', async () => {
    const call = await makeCallAtReview(t.db, A.district, 1_000_000);
    const before = await dbSnapshot(t.db);
    const res = await staff.post('/api/funding/review/panels', {
      callId: call.id,
      aggregation: 'mean',
      criteria: [{ ...RUBRIC[0], weight: 50 }, RUBRIC[1], RUBRIC[2]],
      reviewDeadline: farFuture(),
      expertIds: [experts[0].id],
      chairId: experts[0].id,
    });
    expect(res.status, res.body).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'criteria', problem: 'weights_sum', message: expect.stringContaining('110') });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('takes only reviewers of the call’s region as experts, and the chair among them', async () => {
    const call = await makeCallAtReview(t.db, A.district, 1_000_000);
    const body = { callId: call.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: farFuture(), expertIds: [experts[0].id, reviewerB.id], chairId: experts[0].id };
    const res = await staff.post('/api/funding/review/panels', body);
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'expertIds.1', problem: 'not_a_reviewer', message: expect.stringContaining('第 2 位评审专家') });
    const chair = await staff.post('/api/funding/review/panels', { ...body, expertIds: [experts[0].id], chairId: experts[1].id }, { 'accept-language': 'en' });
    expect(chair.json().error.fields[0]).toMatchObject({ field: 'chairId', problem: 'chair_not_expert', message: 'Panel chair must be one of the panel experts' });
  });
});

describe('an expert’s conflicts, assignments and scores', () => {
  let call: { id: string };
  let panelId: string;
  let apps: { id: string }[];

  beforeAll(async () => {
    call = await makeCallAtReview(t.db, A.district, 10_000_000);
    apps = [
      await makeScreenedIn(t.db, call, orgs[0], A.street, '长者助餐', [300_000, 200_000]),
      await makeScreenedIn(t.db, call, orgs[1], A.street, '四点半课堂', [400_000]),
    ];
    const res = await staff.post('/api/funding/review/panels', {
      callId: call.id,
      aggregation: 'mean',
      criteria: RUBRIC,
      reviewDeadline: farFuture(),
      expertIds: experts.slice(0, 3).map((e) => e.id),
      chairId: experts[0].id,
    });
    expect(res.status, res.body).toBe(200);
    panelId = res.json().id;
  });

  const assign = (applicationId: string, expertId: string) => staff.post(`/api/funding/review/panels/${panelId}/assignments`, { applicationId, expertId });

  it('shows nothing before the expert declared, and a conflict declared after assignment removes it', async () => {
    expect((await assign(apps[0].id, experts[0].id)).status).toBe(200);
    expect(rowsOf(await t.db.execute(sql`select status from funding_applications where id = ${apps[0].id}`))[0]).toEqual({ status: 'in_review' });
    // Assigned but undeclared: an empty list, and the application refused with a clear message.
    expect((await experts[0].agent.get('/api/funding/review/my/assignments')).json().items).toEqual([]);
    const refused = await experts[0].agent.get(`/api/funding/review/applications/${apps[0].id}`);
    expect(refused.status).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'conflicts_undeclared', message: expect.stringContaining('利益冲突') });

    // The expert sees the applicants' names to declare against, never their applications.
    const applicants = (await experts[0].agent.get(`/api/funding/review/my/panels/${panelId}/applicants`)).json().items;
    expect(applicants.map((a: { organizationName: string }) => a.organizationName).sort()).toEqual([orgs[0].name, orgs[1].name].sort());

    const declared = await experts[0].agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [{ organizationId: orgs[0].id, tie: '曾任该机构理事' }] });
    expect(declared.status, declared.body).toBe(200);
    expect(declared.json()).toMatchObject({ declaredAt: expect.any(String), isChair: true, conflicts: [{ organizationName: orgs[0].name, tie: '曾任该机构理事' }] });
    const core = await t.db.execute(sql`select 1 from assignments where entity_id = ${apps[0].id} and user_id = ${experts[0].id}`);
    expect(rowsOf(core)).toEqual([]);
    const [removed] = rowsOf<{ after: unknown }>(await t.db.execute(sql`select after from audit_log where action = 'funding.review.unassign' and entity_id = ${apps[0].id}`));
    expect(removed.after).toEqual({ reason: 'conflict_declared' });

    // List, detail and scoring: the conflicted application does not exist for this expert.
    expect((await experts[0].agent.get('/api/funding/review/my/assignments')).json().items).toEqual([]);
    expect((await experts[0].agent.get(`/api/funding/review/applications/${apps[0].id}`)).status).toBe(404);
    expect((await experts[0].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(8, 8, 4))).status).toBe(404);
    // And it is never assigned there again.
    const again = await assign(apps[0].id, experts[0].id);
    expect(again.status).toBe(400);
    expect(again.json().error.fields[0]).toMatchObject({ field: 'expertId', problem: 'expert_conflicted' });
  });

  it('an expert declaring none sees exactly its assignments; anyone else gets 404', async () => {
    for (const e of [experts[1], experts[2]]) {
      expect((await e.agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [] })).status).toBe(200);
      expect((await assign(apps[0].id, e.id)).status).toBe(200);
    }
    expect((await assign(apps[1].id, experts[0].id)).status).toBe(200);
    const mine = (await experts[1].agent.get('/api/funding/review/my/assignments')).json().items;
    expect(mine).toEqual([expect.objectContaining({ applicationId: apps[0].id, state: 'to_score', organizationName: orgs[0].name })]);
    expect((await experts[1].agent.get(`/api/funding/review/applications/${apps[1].id}`)).status).toBe(404);
    expect((await outsiderReviewer.get(`/api/funding/review/applications/${apps[0].id}`)).status).toBe(404);
    expect((await outsiderReviewer.get(`/api/funding/review/my/panels/${panelId}/applicants`)).status).toBe(404);
    const detail = (await experts[1].agent.get(`/api/funding/review/applications/${apps[0].id}`)).json();
    expect(detail).toMatchObject({ title: '长者助餐', amountFen: 500_000, budgetLines: [{ item: '支出1', amountFen: 300_000 }, { item: '支出2', amountFen: 200_000 }] });
  });

  it('checks scores against the rubric, naming the criterion', async () => {
    const before = await dbSnapshot(t.db);
    const big = await experts[1].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(8, 11, 4));
    expect(big.status).toBe(400);
    expect(big.json().error.fields[0]).toMatchObject({ field: 'scores.design.score', message: '“方案设计”的评分不能超过 10 分' });
    const decimals = await experts[1].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(8, 7.25, 4));
    expect(decimals.status).toBe(400);
    expect(decimals.json().error.fields[0]).toMatchObject({ field: 'scores.design.score', problem: 'score_decimals' });
    const missing = await experts[1].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, { scores: { need: { score: 1 } }, comment: '缺项' });
    expect(missing.json().error.fields.map((f: { message: string }) => f.message)).toEqual(['请为“方案设计”评分', '请为“预算合理性”评分']);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('never shows another expert’s score before the panel closes: not in the detail, not to the chair, not to staff', async () => {
    const s1 = await experts[1].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(8, 7.5, 4, '专家乙：方案扎实'));
    expect(s1.status, s1.body).toBe(200);
    // 8/10·40 + 7.5/10·35 + 4/5·25 = 32 + 26.25 + 20 = 78.25
    expect(s1.json().myScore).toMatchObject({ total: 78.25, scores: { design: { score: 7.5 } } });
    expect((await experts[2].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(6, 6, 3, '专家丙：预算偏高'))).status).toBe(200);

    const seen = await experts[1].agent.get(`/api/funding/review/applications/${apps[0].id}`);
    expect(seen.json().panelScores).toEqual([]);
    expect(seen.body).not.toContain('专家丙');
    expect(seen.body).not.toContain('预算偏高');
    // The chair follows who has scored, never what (it is not assigned this application: 404 anyway).
    const chairView = await experts[0].agent.get(`/api/funding/review/applications/${apps[1].id}`);
    expect(chairView.json().progress).toEqual([expect.objectContaining({ scored: false })]);
    const panel = (await staff.get(`/api/funding/review/panels/${panelId}`)).json();
    expect(panel.assignments.every((a: { totalScore: unknown }) => a.totalScore === null)).toBe(true);
    expect(JSON.stringify(panel)).not.toContain('78.25');
    // The application pages of the front are not an expert's way in either.
    expect((await experts[1].agent.get(`/api/funding/applications/${apps[0].id}`)).status).toBe(403);
    expect((await experts[1].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(1, 1, 1))).json().error.code).toBe('already_scored');
  });

  it('the chair returns a score with its reason; the expert re-scores and the history stays', async () => {
    const panel = (await staff.get(`/api/funding/review/panels/${panelId}`)).json();
    const third = panel.assignments.find((a: { expertId: string; applicationId: string }) => a.expertId === experts[2].id && a.applicationId === apps[0].id);
    // Only the chair may return; to another expert the assignment does not exist.
    expect((await experts[1].agent.post(`/api/funding/review/assignments/${third.id}/return`, { reason: '请复核' })).status).toBe(404);
    expect((await experts[0].agent.post(`/api/funding/review/assignments/${third.id}/return`, { reason: '' })).status).toBe(400);
    expect((await experts[0].agent.post(`/api/funding/review/assignments/${third.id}/return`, { reason: '预算项评分与意见不一致，请复核' })).status).toBe(200);
    const afterReturn = (await experts[2].agent.get(`/api/funding/review/applications/${apps[0].id}`)).json();
    expect(afterReturn.myScore).toBeNull();
    expect(afterReturn.myHistory).toEqual([expect.objectContaining({ total: 60, returnReason: '预算项评分与意见不一致，请复核' })]);
    expect((await experts[2].agent.get('/api/funding/review/my/assignments')).json().items[0].state).toBe('returned');
    expect((await experts[2].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(7, 6, 4, '专家丙：复核后'))).status).toBe(200);
  });

  it('closes only with every score in, or with a reason for those missing; then every expert sees every score', async () => {
    const blocked = await staff.post(`/api/funding/calls/${call.id}/advance`, {});
    expect(blocked.status).toBe(409);
    expect(blocked.json().error.fields[0]).toMatchObject({ field: 'step', problem: 'review_panel_open', message: '评审小组尚未结束评审' });
    const before = await dbSnapshot(t.db);
    const early = await staff.post(`/api/funding/review/panels/${panelId}/close`, {});
    expect(early.status).toBe(400);
    expect(early.json().error.fields[0]).toMatchObject({ field: 'reason', problem: 'scores_missing_reason', message: expect.stringContaining('1 份评分') });
    expect(await dbSnapshot(t.db)).toEqual(before);

    const closed = await staff.post(`/api/funding/review/panels/${panelId}/close`, { reason: '专家甲因病未能评分' });
    expect(closed.status, closed.body).toBe(200);
    // 长者助餐: mean of 78.25 and 7/10·40+6/10·35+4/5·25 = 28+21+20 = 69 → 73.63 (73.625 rounded half up); the other has no score.
    expect(closed.json().items).toEqual([
      expect.objectContaining({ applicationId: apps[0].id, aggregate: 73.63, rank: 1, decision: 'approved', scoreCount: 2 }),
      expect.objectContaining({ applicationId: apps[1].id, aggregate: null, rank: null, decision: 'not_funded', scoreCount: 0 }),
    ]);
    const now = (await experts[1].agent.get(`/api/funding/review/applications/${apps[0].id}`)).json();
    expect(now.panelScores.map((s: { comment: string; mine: boolean }) => [s.comment, s.mine])).toEqual([
      ['专家乙：方案扎实', true],
      ['专家丙：复核后', false],
    ]);
    const history = rowsOf<{ action: string; to_state: string }>(
      await t.db.execute(sql`select action, to_state from workflow_history where workflow = 'funding.application' and entity_id = ${apps[0].id} order by id`),
    );
    expect(history.map((h) => h.action)).toEqual(['start_review', 'approve']);
    const audit = rowsOf<{ after: { missingScores: number } }>(await t.db.execute(sql`select after from audit_log where action = 'funding.panel.close' and entity_id = ${panelId}`));
    expect(audit[0].after).toMatchObject({ missingScores: 1, reason: '专家甲因病未能评分', approved: 1 });
    const panelSteps = rowsOf<{ action: string; comment: string | null }>(
      await t.db.execute(sql`select action, comment from workflow_history where workflow = 'funding.panel' and entity_id = ${panelId} order by id`),
    );
    expect(panelSteps).toEqual([
      { action: 'create', comment: null },
      { action: 'close', comment: '专家甲因病未能评分' },
    ]);
    expect((await experts[1].agent.put(`/api/funding/review/applications/${apps[0].id}/score`, scoreBody(1, 1, 1))).json().error.code).toBe('panel_closed');
    // The call could not leave its review step before; now it may.
    const advanced = await staff.post(`/api/funding/calls/${call.id}/advance`, {});
    expect(advanced.status, advanced.body).toBe(200);
    expect(advanced.json().step).toBe('notice');
  });
});

describe('the funding line', () => {
  it('approves down the ranking while the amounts fit the budget, skipping one that does not fit', async () => {
    const call = await makeCallAtReview(t.db, A.district, 1_000_000);
    const amounts = [600_000, 500_000, 300_000, 200_000];
    const apps: { id: string }[] = [];
    for (let i = 0; i < 4; i++) apps.push(await makeScreenedIn(t.db, call, orgs[i], A.street, `项目${i + 1}`, [amounts[i]]));
    const panel = (
      await staff.post('/api/funding/review/panels', {
        callId: call.id,
        aggregation: 'trimmed_mean',
        criteria: RUBRIC,
        reviewDeadline: farFuture(),
        expertIds: [experts[1].id, experts[2].id, experts[3].id],
        chairId: experts[1].id,
      })
    ).json();
    for (const e of experts.slice(1, 4)) {
      expect((await e.agent.post(`/api/funding/review/my/panels/${panel.id}/conflicts`, { conflicts: [] })).status).toBe(200);
      for (const app of apps) expect((await staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: app.id, expertId: e.id })).status).toBe(200);
    }
    // Need scores so the ranking is 项目1 > 项目2 > 项目3 > 项目4 (the design and budget scores stay full).
    const needs = [
      [10, 9, 9],
      [9, 8, 8],
      [8, 7, 7],
      [7, 6, 6],
    ];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) expect((await experts[j + 1].agent.put(`/api/funding/review/applications/${apps[i].id}/score`, scoreBody(needs[i][j], 10, 5))).status).toBe(200);
    }
    const ranking = (await staff.post(`/api/funding/review/panels/${panel.id}/close`, {})).json();
    // 600k fits (600k), 500k does not (1.1m), 300k fits (900k), 200k does not (1.1m).
    expect(ranking.items.map((i: { title: string; decision: string }) => [i.title, i.decision])).toEqual([
      ['项目1', 'approved'],
      ['项目2', 'not_funded'],
      ['项目3', 'approved'],
      ['项目4', 'not_funded'],
    ]);
    expect(ranking.approvedFen).toBe(900_000);
    expect(ranking.approvedFen).toBeLessThanOrEqual(ranking.budgetFen);
    const statuses = rowsOf<{ title: string; status: string }>(await t.db.execute(sql`select title, status from funding_applications where call_id = ${call.id} order by title`));
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'not_funded', 'approved', 'not_funded']);

    // Staff may move an application across the line, with a reason, but never beyond the budget.
    const over = await staff.post(`/api/funding/review/results/${apps[1].id}/adjust`, { decision: 'approved', reason: '社区急需' });
    expect(over.status).toBe(400);
    expect(over.json().error.fields[0]).toMatchObject({ field: 'decision', problem: 'over_budget', message: expect.stringContaining('1000.00') });
    const fits = await staff.post(`/api/funding/review/results/${apps[3].id}/adjust`, { decision: 'approved', reason: '' });
    expect(fits.status).toBe(400);
    const down = await staff.post(`/api/funding/review/results/${apps[2].id}/adjust`, { decision: 'not_funded', reason: '机构存在未整改的审计问题' });
    expect(down.status, down.body).toBe(200);
    const up = await staff.post(`/api/funding/review/results/${apps[3].id}/adjust`, { decision: 'approved', reason: '替补立项' });
    expect(up.json().items.find((i: { applicationId: string }) => i.applicationId === apps[3].id)).toMatchObject({ decision: 'approved', lineDecision: 'not_funded', adjustReason: '替补立项' });
    const adjusted = rowsOf<{ comment: string }>(await t.db.execute(sql`select comment from workflow_history where entity_id = ${apps[3].id} and action = 'adjust_approve'`));
    expect(adjusted).toEqual([{ comment: '替补立项' }]);
  });

  it('refuses a trimmed mean with fewer than three scores for an application', async () => {
    const call = await makeCallAtReview(t.db, A.district, 1_000_000);
    const app = await makeScreenedIn(t.db, call, orgs[0], A.street, '两份评分', [100_000]);
    const panel = (
      await staff.post('/api/funding/review/panels', { callId: call.id, aggregation: 'trimmed_mean', criteria: RUBRIC, reviewDeadline: farFuture(), expertIds: [experts[1].id, experts[2].id], chairId: experts[1].id })
    ).json();
    for (const e of experts.slice(1, 3)) {
      await e.agent.post(`/api/funding/review/my/panels/${panel.id}/conflicts`, { conflicts: [] });
      await staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: app.id, expertId: e.id });
      // A double click (or five) submits one score.
      const sent = await Promise.all([1, 2, 3, 4, 5].map(() => e.agent.put(`/api/funding/review/applications/${app.id}/score`, scoreBody(5, 5, 5))));
      expect(sent.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    }
    const live = await t.db.execute(sql`select count(*)::int as n from funding_review_scores s join funding_review_assignments a on a.id = s.assignment_id where a.application_id = ${app.id}`);
    expect(rowsOf(live)[0].n).toBe(2);
    const res = await staff.post(`/api/funding/review/panels/${panel.id}/close`, {});
    expect(res.status).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'trimmed_mean_too_few', message: expect.stringContaining('至少 3 份评分') });
    expect((await staff.patch(`/api/funding/review/panels/${panel.id}`, { aggregation: 'mean' })).status).toBe(200);
    expect((await staff.post(`/api/funding/review/panels/${panel.id}/close`, {})).json().items[0]).toMatchObject({ aggregate: 62.5, decision: 'approved' });
  });
});

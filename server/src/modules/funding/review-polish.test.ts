import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { fundingNotices } from './funding-review.tables.js';
import { makeCallAtReview, makeScreenedIn } from './funding-review.factories.js';

/**
 * Issue 9, F5/F6 polish: staff see the experts' declared conflicts on the panel, an expert's score
 * draft (暂存) kept on the server and seen by no one else, the ranking's rule in the reader's
 * language, and the staff's list of notices.
 */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let staffB: Agent;
const experts: { id: string; agent: Agent }[] = [];
let orgs: { id: string; name: string }[];

const farFuture = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const RUBRIC = [
  { code: 'need', name: '需求契合度', weight: 60, maxScore: 10 },
  { code: 'budget', name: '预算合理性', weight: 40, maxScore: 5 },
];

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  for (let i = 0; i < 2; i++) {
    const user = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
    experts.push({ id: user.id, agent: await signIn(t.app, user.username, PASSWORD) });
  }
  orgs = [];
  for (const name of ['阳光助老服务社', '彩虹青少年中心']) {
    const org = await makeOrganization(t.db, A.street, { name, legalForm: 'social_service_agency', status: 'registered' });
    orgs.push({ id: org.id, name });
  }
});
afterAll(() => t.close());

describe('a panel’s conflicts and an expert’s draft', () => {
  let call: { id: string };
  let panelId: string;
  let apps: { id: string }[];

  beforeAll(async () => {
    call = await makeCallAtReview(t.db, A.district, 10_000_000);
    apps = [await makeScreenedIn(t.db, call, orgs[0], A.street, '长者助餐', [300_000]), await makeScreenedIn(t.db, call, orgs[1], A.street, '四点半课堂', [200_000])];
    const res = await staff.post('/api/funding/review/panels', {
      callId: call.id,
      aggregation: 'mean',
      criteria: RUBRIC,
      reviewDeadline: farFuture(),
      expertIds: experts.map((e) => e.id),
      chairId: experts[0].id,
    });
    expect(res.status, res.body).toBe(200);
    panelId = res.json().id;
  });

  it('shows staff each expert’s declared conflicts before any assignment is refused; another expert sees none of them', async () => {
    expect((await staff.get(`/api/funding/review/panels/${panelId}`)).json().conflicts).toEqual([]);
    const declared = await experts[1].agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [{ organizationId: orgs[0].id, tie: '配偶任该机构理事' }] });
    expect(declared.status, declared.body).toBe(200);
    expect((await experts[0].agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [] })).status).toBe(200);

    const panel = (await staff.get(`/api/funding/review/panels/${panelId}`)).json();
    expect(panel.conflicts).toEqual([{ expertId: experts[1].id, organizationId: orgs[0].id, organizationName: orgs[0].name }]);
    // What the tie is stays between the expert and the record: the panel names only who and which organisation.
    expect(JSON.stringify(panel)).not.toContain('配偶');
    const otherExpert = await experts[0].agent.get('/api/funding/review/my/panels');
    expect(otherExpert.body).not.toContain(orgs[0].id);
  });

  it('keeps a partial score as the expert’s draft, checked against the rubric, seen by no one else and never counted', async () => {
    expect((await staff.post(`/api/funding/review/panels/${panelId}/assignments`, { applicationId: apps[0].id, expertId: experts[0].id })).status).toBe(200);
    expect((await staff.post(`/api/funding/review/panels/${panelId}/assignments`, { applicationId: apps[1].id, expertId: experts[1].id })).status).toBe(200);
    const url = `/api/funding/review/applications/${apps[0].id}`;

    const before = await dbSnapshot(t.db);
    const big = await experts[0].agent.put(`${url}/draft`, { scores: { budget: { score: 6 } } });
    expect(big.status).toBe(400);
    expect(big.json().error.fields[0]).toMatchObject({ field: 'scores.budget.score', message: '“预算合理性”的评分不能超过 5 分' });
    const unknown = await experts[0].agent.put(`${url}/draft`, { scores: { bogus: { score: 1 } } });
    expect(unknown.status).toBe(400);
    expect(await dbSnapshot(t.db)).toEqual(before);

    const saved = await experts[0].agent.put(`${url}/draft`, { scores: { need: { score: 7.5, comment: '需求明确' } }, comment: '初步意见：尚缺预算明细' });
    expect(saved.status, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ myScore: null, myDraft: { scores: { need: { score: 7.5, comment: '需求明确' } }, comment: '初步意见：尚缺预算明细', savedAt: expect.any(String) } });
    expect((await experts[0].agent.get(url)).json().myDraft.scores.need.score).toBe(7.5);
    // Nobody else reads it: not staff, not the other expert, not the audit log; the list still says "to score".
    const panel = await staff.get(`/api/funding/review/panels/${panelId}`);
    expect(panel.body).not.toContain('尚缺预算明细');
    expect(panel.json().assignments.find((a: { applicationId: string }) => a.applicationId === apps[0].id).scored).toBe(false);
    expect((await experts[1].agent.get(url)).status).toBe(404);
    expect((await experts[1].agent.put(`${url}/draft`, { scores: {} })).status).toBe(404);
    const audit = rowsOf<{ after: unknown }>(await t.db.execute(sql`select after from audit_log where action = 'funding.review.draft' and entity_id = ${apps[0].id}`));
    expect(audit).toEqual([{ after: { panelId, expertId: experts[0].id, criteriaFilled: 1 } }]);
    expect((await experts[0].agent.get('/api/funding/review/my/assignments')).json().items[0].state).toBe('to_score');

    // A draft is no score: the panel does not close on it without a reason.
    expect((await experts[1].agent.put(`/api/funding/review/applications/${apps[1].id}/score`, { scores: { need: { score: 8 }, budget: { score: 4 } }, comment: '可行' })).status).toBe(200);
    const early = await staff.post(`/api/funding/review/panels/${panelId}/close`, {});
    expect(early.status).toBe(400);
    expect(early.json().error.fields[0]).toMatchObject({ field: 'reason', problem: 'scores_missing_reason' });

    // Submitting ends the draft; a draft after the score is refused.
    const submitted = await experts[0].agent.put(`${url}/score`, { scores: { need: { score: 7.5 }, budget: { score: 4 } }, comment: '可行' });
    expect(submitted.status, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ myDraft: null, myScore: { total: 77 } });
    expect((await experts[0].agent.put(`${url}/draft`, { scores: {} })).json().error.code).toBe('already_scored');
    const [row] = rowsOf<{ draft_scores: unknown }>(await t.db.execute(sql`select draft_scores from funding_review_assignments where application_id = ${apps[0].id}`));
    expect(row.draft_scores).toBeNull();
  });

  it('gives the ranking’s rule in the reader’s language', async () => {
    const closed = await staff.post(`/api/funding/review/panels/${panelId}/close`, {});
    expect(closed.status, closed.body).toBe(200);
    expect(closed.json().rule).toContain('剩余预算');
    const en = (await staff.get(`/api/funding/review/panels/${panelId}/ranking`, { 'accept-language': 'en' })).json();
    expect(en.rule).toContain('what is left of the budget');
    const tw = (await staff.get(`/api/funding/review/panels/${panelId}/ranking`, { 'accept-language': 'zh-TW' })).json();
    expect(tw.rule).toContain('剩餘預算');
  });
});

describe('the staff’s list of notices', () => {
  const notice = async (regionCode: string, endsOn: string, fixed = false) => {
    const call = await makeCallAtReview(t.db, regionCode, 1_000_000, 'notice');
    const [row] = await t.db
      .insert(fundingNotices)
      .values({
        callId: call.id,
        regionCode,
        entries: [{ applicationId: '00000000-0000-4000-8000-000000000001', organizationName: '某机构', title: '某项目', amountFen: 100_000 }],
        objectionDays: 5,
        publishedOn: '2026-01-05',
        endsOn,
        fixedAt: fixed ? new Date() : null,
      })
      .returning();
    return { id: row.id, callTitle: call.title };
  };

  it('lists the notices in the worker’s region with their state, paged and filtered; another region’s worker sees none', async () => {
    const running = await notice(A.district, '2999-12-31');
    const over = await notice(A.district, '2026-01-12');
    const fixed = await notice(A.district, '2026-01-12', true);
    await notice(B.district, '2999-12-31');

    const all = (await staff.get('/api/funding/notice/list')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((n: { id: string; state: string }) => [n.id, n.state]).sort()).toEqual(
      [
        [running.id, 'objection_period'],
        [over.id, 'awaiting_answers'],
        [fixed.id, 'fixed'],
      ].sort(),
    );
    expect(all.items.find((n: { id: string }) => n.id === running.id)).toMatchObject({ callTitle: running.callTitle, projects: 1, objections: 0, unanswered: 0 });
    const page = (await staff.get('/api/funding/notice/list?page=2&pageSize=2')).json();
    expect(page).toMatchObject({ total: 3, items: [expect.any(Object)] });
    expect((await staff.get('/api/funding/notice/list?state=awaiting_answers')).json().items.map((n: { id: string }) => n.id)).toEqual([over.id]);
    expect((await staffB.get('/api/funding/notice/list')).json().total).toBe(1);
    const bad = await staff.get('/api/funding/notice/list?pageSize=500');
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('pageSize');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeCallAtReview, makeScreenedIn } from './funding-review.factories.js';

/**
 * Issue 9, F6 and F7: the public notice and its objection period in working days (春节 and a 调休
 * Saturday, on the seeded 2026 calendar), objections from anyone, results fixed only after the
 * period with every objection answered; then the approved proposal's versions, diff and acceptance.
 */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let expert: { id: string; agent: Agent };
let orgs: { id: string; name: string }[];
const members: Agent[] = [];

const RUBRIC = [{ code: 'merit', name: '综合评价', weight: 100, maxScore: 10 }];
/** 10:00 in China on the day. */
const chinaMorning = (day: string) => new Date(`${day}T02:00:00Z`);
let ipSerial = 0;

async function lodge(noticeId: string, body: Record<string, unknown>, ip = `203.0.113.${++ipSerial}`) {
  const res = await t.app.inject({ method: 'POST', url: `/api/funding/public/notices/${noticeId}/objections`, payload: body, remoteAddress: ip });
  return { status: res.statusCode, json: () => res.json(), body: res.body };
}

/** A call reviewed by one expert through the API and closed: scores decide the order, the budget the line. */
async function reviewedCall(budgetFen: number, entries: { org: number; title: string; lines: number[]; merit: number }[]) {
  const call = await makeCallAtReview(t.db, A.district, budgetFen);
  const apps: { id: string }[] = [];
  for (const e of entries) apps.push(await makeScreenedIn(t.db, call, orgs[e.org], A.street, e.title, e.lines));
  const panel = (
    await staff.post('/api/funding/review/panels', {
      callId: call.id,
      aggregation: 'mean',
      criteria: RUBRIC,
      reviewDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      expertIds: [expert.id],
      chairId: expert.id,
    })
  ).json();
  await expert.agent.post(`/api/funding/review/my/panels/${panel.id}/conflicts`, { conflicts: [] });
  for (let i = 0; i < apps.length; i++) {
    expect((await staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: apps[i].id, expertId: expert.id })).status).toBe(200);
    expect((await expert.agent.put(`/api/funding/review/applications/${apps[i].id}/score`, { scores: { merit: { score: entries[i].merit } }, comment: '意见' })).status).toBe(200);
  }
  expect((await staff.post(`/api/funding/review/panels/${panel.id}/close`, {})).status).toBe(200);
  return { call, apps, panelId: panel.id as string };
}

const atNotice = (callId: string) => t.db.execute(sql`update funding_calls set step = 'notice' where id = ${callId}`);

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  const reviewer = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  expert = { id: reviewer.id, agent: await signIn(t.app, reviewer.username, PASSWORD) };
  orgs = [];
  for (const name of ['阳光助老服务社', '彩虹青少年中心']) {
    const org = await makeOrganization(t.db, A.street, { name, legalForm: 'social_service_agency', status: 'registered' });
    orgs.push({ id: org.id, name });
    members.push(await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: org.id }])).username, PASSWORD));
  }
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => t.close());

describe('the public notice across 春节', () => {
  let call: { id: string };
  let apps: { id: string }[];
  let noticeId: string;
  const objectionIds: string[] = [];

  beforeAll(async () => {
    ({ call, apps } = await reviewedCall(1_000_000, [
      { org: 0, title: '长者助餐', lines: [300_000, 200_000], merit: 9 },
      { org: 1, title: '四点半课堂', lines: [400_000], merit: 8 },
    ]));
  });

  it('publishes only at the call’s notice step; the period ends on the fifth working day after publication, past 春节', async () => {
    expect((await staff.post(`/api/funding/notice/calls/${call.id}/publish`, {})).json().error.code).toBe('call_not_at_notice');
    await atNotice(call.id);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Thursday 12 February 2026: Friday 13 and the make-up Saturday 14 count, 15–23 are 春节, then 24, 25, 26.
    vi.setSystemTime(chinaMorning('2026-02-12'));
    const res = await staff.post(`/api/funding/notice/calls/${call.id}/publish`, {});
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ publishedOn: '2026-02-12', objectionDays: 5, endsOn: '2026-02-26', state: 'objection_period' });
    noticeId = res.json().id;

    // The public page: the approved projects, with nothing about any person.
    const pub = await anonymous(t.app).get(`/api/funding/public/notices/${noticeId}`);
    expect(pub.status).toBe(200);
    expect(pub.json().entries).toEqual([
      { applicationId: apps[0].id, organizationName: '阳光助老服务社', title: '长者助餐', amountFen: 500_000, withdrawn: false },
      { applicationId: apps[1].id, organizationName: '彩虹青少年中心', title: '四点半课堂', amountFen: 400_000, withdrawn: false },
    ]);
    expect((await anonymous(t.app).get('/api/funding/public/notices')).json().items.map((n: { id: string }) => n.id)).toContain(noticeId);
  });

  it('takes objections from anyone, refusing bad input by field; the contact is masked in lists and kept out of the log', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(chinaMorning('2026-02-13'));
    const before = await dbSnapshot(t.db);
    const bad = await lodge(noticeId, { name: '王女士', objectionText: '该机构去年项目未完成' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'contact', message: expect.stringContaining('联系方式') });
    const stranger = await lodge(noticeId, { name: '王女士', contact: '13912345678', objectionText: '异议', applicationId: '00000000-0000-4000-8000-000000000000' });
    expect(stranger.json().error.fields[0]).toMatchObject({ field: 'applicationId', problem: 'not_in_notice' });
    expect(await dbSnapshot(t.db)).toEqual(before);

    const ok = await lodge(noticeId, { name: '王女士', contact: '13912345678', objectionText: '该机构去年项目未按期完成', applicationId: apps[0].id });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ endsOn: '2026-02-26' });
    objectionIds.push(ok.json().id);

    const detail = (await staff.get(`/api/funding/notice/calls/${call.id}`)).json();
    expect(detail.objections[0]).toMatchObject({ name: '王女士', contact: '139****5678', applicationTitle: '长者助餐', decision: null });
    expect(JSON.stringify(detail)).not.toContain('13912345678');
    const logged = await t.db.execute(sql`select count(*)::int as n from audit_log where after::text like '%13912345678%' or before::text like '%13912345678%'`);
    expect(rowsOf(logged)[0].n).toBe(0);
    const stored = await t.db.execute(sql`select contact from funding_objections where id = ${ok.json().id}`);
    expect(rowsOf(stored)[0].contact).not.toContain('13912345678');

    // Staff who must answer see the whole contact, and that read is recorded.
    expect((await staff.get(`/api/funding/notice/objections/${ok.json().id}/contact`)).json()).toEqual({ contact: '13912345678' });
    expect(rowsOf(await t.db.execute(sql`select count(*)::int as n from audit_log where action = 'funding.objection.reveal'`))[0].n).toBe(1);
  });

  it('does not fix the results before the period ends, nor while an objection is unanswered', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(chinaMorning('2026-02-26'));
    const early = await staff.post(`/api/funding/notice/calls/${call.id}/fix`, {});
    expect(early.status).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'objection_period_open', message: expect.stringContaining('2026-02-26') });
    // The last day still takes objections.
    const lastDay = await lodge(noticeId, { name: '李先生', contact: 'li@example.com', objectionText: '评审过程希望公开评分细则' });
    expect(lastDay.status).toBe(200);
    objectionIds.push(lastDay.json().id);

    vi.setSystemTime(chinaMorning('2026-02-27'));
    const late = await lodge(noticeId, { name: '赵先生', contact: '13800001111', objectionText: '迟到的异议' });
    expect(late.status).toBe(409);
    expect(late.json().error.code).toBe('objection_period_over');
    const unanswered = await staff.post(`/api/funding/notice/calls/${call.id}/fix`, {});
    expect(unanswered.json().error).toMatchObject({ code: 'objections_unanswered', message: expect.stringContaining('2 条异议') });
    // Nor may the call leave its notice step.
    const advance = await staff.post(`/api/funding/calls/${call.id}/advance`, {});
    expect(advance.status).toBe(409);
    expect(advance.json().error.fields).toEqual([expect.objectContaining({ field: 'step', problem: 'objections_unanswered', message: expect.stringContaining('2 条异议未答复') })]);
    expect(rowsOf(await t.db.execute(sql`select step from funding_calls where id = ${call.id}`))[0].step).toBe('notice');
  });

  it('an upheld objection may withdraw an approval (a workflow step); then the results are fixed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(chinaMorning('2026-02-27'));
    const mismatch = await staff.post(`/api/funding/notice/objections/${objectionIds[1]}/answer`, { decision: 'dismissed', answer: '评分细则已公开', withdrawApproval: true });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json().error.fields[0]).toMatchObject({ field: 'withdrawApproval', problem: 'withdraw_needs_upheld' });
    const upheld = await staff.post(`/api/funding/notice/objections/${objectionIds[0]}/answer`, { decision: 'upheld', answer: '经核实，上年度项目未结项', withdrawApproval: true });
    expect(upheld.status, upheld.body).toBe(200);
    expect(rowsOf(await t.db.execute(sql`select status from funding_applications where id = ${apps[0].id}`))[0].status).toBe('not_funded');
    const step = rowsOf(await t.db.execute(sql`select action, comment from workflow_history where entity_id = ${apps[0].id} order by id desc limit 1`))[0];
    expect(step).toEqual({ action: 'withdraw_approval', comment: '经核实，上年度项目未结项' });
    expect((await staff.post(`/api/funding/notice/objections/${objectionIds[1]}/answer`, { decision: 'dismissed', answer: '评分细则已在公示中说明' })).status).toBe(200);

    const fixed = await staff.post(`/api/funding/notice/calls/${call.id}/fix`, {});
    expect(fixed.status, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ state: 'fixed', fixedAt: expect.any(String) });
    const steps = rowsOf(await t.db.execute(sql`select action from workflow_history where workflow = 'funding.notice' and entity_id = ${noticeId} order by id`));
    expect(steps.map((r: { action: string }) => r.action)).toEqual(['create', 'fix']);
    const pub = (await anonymous(t.app).get(`/api/funding/public/notices/${noticeId}`)).json();
    expect(pub.entries.map((e: { withdrawn: boolean }) => e.withdrawn)).toEqual([true, false]);
    expect((await lodge(noticeId, { name: '周女士', contact: '13700002222', objectionText: '结果已定之后' })).status).toBe(409);
  });

  it('counts a 调休 Saturday as a working day', async () => {
    const { call: other } = await reviewedCall(100_000, [{ org: 0, title: '小额项目', lines: [50_000], merit: 7 }]);
    await atNotice(other.id);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Friday 27 February 2026; Saturday the 28th is worked in place of 春节.
    vi.setSystemTime(chinaMorning('2026-02-27'));
    const res = await staff.post(`/api/funding/notice/calls/${other.id}/publish`, { objectionDays: 1 });
    expect(res.json()).toMatchObject({ publishedOn: '2026-02-27', endsOn: '2026-02-28' });
    const bad = await staff.post(`/api/funding/notice/calls/${other.id}/publish`, { objectionDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('objectionDays');
  });

  it('limits objections per client address', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await lodge(noticeId, { name: '甲', contact: '13900000000', objectionText: '重复' }, '198.51.100.7')).status);
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  describe('optimisation of the approved proposal', () => {
    const proposal = (id: string) => `/api/funding/proposals/${id}`;
    const content = (over: Record<string, unknown> = {}) => ({
      title: '四点半课堂（优化版）',
      summary: '为双职工家庭儿童提供课后托管',
      goals: null,
      activities: [{ name: '课后托管', startsOn: '2026-03-01', endsOn: '2026-12-31', description: null }],
      targetBeneficiaries: '小学生',
      beneficiaryCount: 120,
      indicators: [{ name: '服务人次', target: '8000', unit: '人次' }],
      budgetLines: [
        { item: '支出1', category: null, amountFen: 350_000, note: '按评审意见压缩' },
        { item: '保险', category: null, amountFen: 30_000, note: null },
      ],
      amountFen: 380_000,
      ...over,
    });

    it('keeps version 1 as approved, with the panel’s conditions; only the organisation itself reaches it', async () => {
      expect((await staff.put(`/api/funding/review/results/${apps[1].id}/conditions`, { conditions: '压缩人员费用，增加安全保险' })).status).toBe(200);
      const mine = await members[1].get(proposal(apps[1].id));
      expect(mine.status, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ approvedFen: 400_000, conditions: '压缩人员费用，增加安全保险', acceptedVersion: null });
      expect(mine.json().versions).toEqual([expect.objectContaining({ version: 1, changedFields: [], content: expect.objectContaining({ title: '四点半课堂', amountFen: 400_000 }) })]);
      expect((await members[0].get(proposal(apps[1].id))).status).toBe(404);
      expect((await members[0].post(`${proposal(apps[1].id)}/versions`, { content: content(), note: '冒名' })).status).toBe(404);
      // Withdrawn after an upheld objection: nothing to revise.
      expect((await members[0].post(`${proposal(apps[0].id)}/versions`, { content: content(), note: '试图修改' })).json().error.code).toBe('proposal_not_open');
    });

    it('checks a revision: budget lines add up, within the approved amount, something changed', async () => {
      const before = await dbSnapshot(t.db);
      const sum = await members[1].post(`${proposal(apps[1].id)}/versions`, { content: content({ amountFen: 390_000 }), note: '优化' });
      expect(sum.status).toBe(400);
      expect(sum.json().error.fields[0]).toMatchObject({ field: 'content.budgetLines', problem: 'budget_sum' });
      const over = await members[1].post(`${proposal(apps[1].id)}/versions`, {
        content: content({ amountFen: 450_000, budgetLines: [{ item: '支出1', category: null, amountFen: 450_000, note: null }] }),
        note: '加钱',
      });
      expect(over.json().error.fields[0]).toMatchObject({ field: 'content.amountFen', problem: 'over_approved', message: expect.stringContaining('4000.00') });
      const noNote = await members[1].post(`${proposal(apps[1].id)}/versions`, { content: content(), note: '' });
      expect(noNote.json().error.fields[0].field).toBe('note');
      expect(await dbSnapshot(t.db)).toEqual(before);
    });

    it('adds versions, diffs any two field by field, and staff accept one — after which nothing changes', async () => {
      const v2 = await members[1].post(`${proposal(apps[1].id)}/versions`, { content: content(), note: '按条件压缩人员费用并增加保险' });
      expect(v2.status, v2.body).toBe(200);
      expect(v2.json().versions[1]).toMatchObject({ version: 2, changedFields: ['title', 'summary', 'goals', 'activities', 'targetBeneficiaries', 'beneficiaryCount', 'indicators', 'budgetLines', 'amountFen'] });
      const same = await members[1].post(`${proposal(apps[1].id)}/versions`, { content: content(), note: '重复提交' });
      expect(same.json().error.fields[0]).toMatchObject({ field: 'content', problem: 'no_change' });
      const v3 = await members[1].post(`${proposal(apps[1].id)}/versions`, { content: content({ beneficiaryCount: 150 }), note: '扩大服务人数' });
      expect(v3.json().versions[2].changedFields).toEqual(['beneficiaryCount']);

      const diff = (await staff.get(`${proposal(apps[1].id)}/diff?fromVersion=1&toVersion=3`)).json();
      expect(diff.fields).toContainEqual({ field: 'amountFen', before: 400_000, after: 380_000 });
      expect(diff.fields).toContainEqual({ field: 'beneficiaryCount', before: 300, after: 150 });
      expect(diff.budgetLines).toEqual([
        {
          match: 'item',
          beforePosition: 1,
          afterPosition: 1,
          changes: [
            { field: 'amountFen', before: 400_000, after: 350_000 },
            { field: 'note', before: null, after: '按评审意见压缩' },
          ],
        },
        expect.objectContaining({ match: 'added', afterPosition: 2 }),
      ]);
      const badDiff = await staff.get(`${proposal(apps[1].id)}/diff?fromVersion=1&toVersion=9`);
      expect(badDiff.json().error.fields[0]).toMatchObject({ field: 'toVersion', problem: 'version_unknown' });

      expect((await members[1].post(`${proposal(apps[1].id)}/versions/2/accept`, {})).status).toBe(403);
      const accepted = await staff.post(`${proposal(apps[1].id)}/versions/2/accept`, {});
      expect(accepted.status, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({ acceptedVersion: 2 });
      expect((await staff.post(`${proposal(apps[1].id)}/versions/3/accept`, {})).json().error.code).toBe('proposal_accepted');
      expect((await members[1].post(`${proposal(apps[1].id)}/versions`, { content: content({ beneficiaryCount: 200 }), note: '再改' })).json().error.code).toBe('proposal_accepted');
      const audit = rowsOf(await t.db.execute(sql`select action, after from audit_log where entity_id = ${apps[1].id} and action like 'funding.proposal.%' order by id`));
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['funding.proposal.revise', 'funding.proposal.revise', 'funding.proposal.accept']);
    });
  });
});

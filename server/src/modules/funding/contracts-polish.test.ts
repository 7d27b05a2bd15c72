import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, PNG_BYTES, readWorkbook, XLSX_MIME } from '../../../test/helpers.js';
import { auditLog, users, workflowHistory } from '../../core/core.tables.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeApprovedApplication } from './funding-contracts.factories.js';
import { assign, makeSignedContract } from './funding-monitoring.factories.js';
import { ancestorsOf } from './service/reviewers.js';

/*
 * What contracts and monitoring gained for their users (issue 9, F8–F10): the contract list's
 * search, year, sort and workbook; milestones reported by the organisation and accepted or
 * rejected by staff; the monitoring list's to-do filters; what an evaluation releases; the reviewer
 * picker; a terminated contract's own revocation reason.
 */

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffB: Agent;
let member: Agent;
let otherMember: Agent;
let evaluator: Agent;
let evaluatorUser: { id: string };
let team: Awaited<ReturnType<typeof makeOrganization>>;
let otherTeam: Awaited<ReturnType<typeof makeOrganization>>;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社', legalForm: 'social_service_agency' });
  otherTeam = await makeOrganization(t.db, A.street, { name: '甲街道青少年发展中心', legalForm: 'social_service_agency' });
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: team.id }])).username, PASSWORD);
  otherMember = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: otherTeam.id }])).username, PASSWORD);
  const ev = await named(await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]), '评估专家甲');
  evaluatorUser = ev;
  evaluator = await signIn(t.app, ev.username, PASSWORD);
});
afterAll(async () => {
  await t.close();
});

/** The user, renamed (the picker lists reviewers by display name). */
async function named<U extends { id: string }>(user: U, displayName: string) {
  await t.db.update(users).set({ displayName }).where(eq(users.id, user.id));
  return user;
}

const YEAR = { startsOn: '2026-04-01', endsOn: '2027-03-31' };

async function draftFor(organization: { id: string; regionCode: string }, body: Record<string, unknown> = {}, amountFen?: number) {
  const { application } = await makeApprovedApplication(t.db, { callRegion: A.street, organization, amountFen });
  const res = await staff.post('/api/funding/contracts', { applicationId: application.id, ...YEAR, ...body });
  expect(res.status, res.body).toBe(200);
  return res.json();
}

async function sign(id: string) {
  const res = await staff.post(`/api/funding/contracts/${id}/sign`);
  expect(res.status, res.body).toBe(200);
  return res.json();
}

async function upload(agent: Agent, name = '签到表.png') {
  const res = await agent.upload('/api/files', 'file', name, PNG_BYTES, 'image/png');
  expect(res.status, res.body).toBe(200);
  return res.json().id as string;
}

/** A refused request changes nothing: not a row of any table. */
async function refusedUnchanged(request: () => Promise<{ status: number; body: string; json(): any }>, status: number) {
  const before = await dbSnapshot(t.db);
  const res = await request();
  expect(res.status, res.body).toBe(status);
  expect(await dbSnapshot(t.db)).toEqual(before);
  return res.json();
}

describe('the contract list: search, year, organisation, sort, workbook', () => {
  let signedOne: { id: string; contractNumber: string; title: string };

  beforeAll(async () => {
    signedOne = await sign((await draftFor(team, { title: '长者助餐合同甲' }, 8_000_000)).id);
    await draftFor(otherTeam, { title: '青少年课后托管合同', startsOn: '2027-02-01', endsOn: '2027-12-31' }, 5_000_000);
    await draftFor(team, { title: '社区睦邻合同' }, 9_000_000);
  });

  const titles = async (query: string, agent = staff) => {
    const res = await agent.get(`/api/funding/contracts?${query}`);
    expect(res.status, res.body).toBe(200);
    return (res.json().items as { title: string }[]).map((c) => c.title);
  };

  it('finds a contract by part of its title, its provider or its number', async () => {
    expect(await titles(`q=${encodeURIComponent('助餐')}`)).toEqual(['长者助餐合同甲']);
    expect(await titles(`q=${encodeURIComponent('青少年发展')}`)).toEqual(['青少年课后托管合同']);
    expect(await titles(`q=${encodeURIComponent(signedOne.contractNumber.slice(-9))}`)).toEqual(['长者助餐合同甲']);
    // A wildcard typed into the box is a character, not "anything".
    expect(await titles(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('filters by the year the term starts and by organisation, and sorts', async () => {
    expect(await titles('year=2027')).toEqual(['青少年课后托管合同']);
    expect((await titles('year=2026')).sort()).toEqual(['社区睦邻合同', '长者助餐合同甲'].sort());
    expect((await titles(`organization=${team.id}`)).sort()).toEqual(['社区睦邻合同', '长者助餐合同甲'].sort());
    expect(await titles('sort=amountFen')).toEqual(['青少年课后托管合同', '长者助餐合同甲', '社区睦邻合同']);
    expect(await titles('sort=-amountFen')).toEqual(['社区睦邻合同', '长者助餐合同甲', '青少年课后托管合同']);
    // Signed first, then the drafts (no signing date).
    expect((await titles('sort=-signedAt'))[0]).toBe('长者助餐合同甲');
    // An organisation sees its own contracts whatever it asks for.
    expect(await titles(`organization=${team.id}`, otherMember)).toEqual([]);
  });

  it('refuses a sort it does not know, naming the field', async () => {
    const body = await refusedUnchanged(() => staff.get('/api/funding/contracts?sort=title'), 400);
    expect(body.error.fields.map((f: { field: string }) => f.field)).toContain('sort');
  });

  it('exports the filtered list as a workbook, and logs the export', async () => {
    const res = await staff.get(`/api/funding/contracts/export?year=2026&sort=amountFen`);
    expect(res.status, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_MIME);
    const rows = await readWorkbook(res.rawPayload);
    expect(rows[0]).toEqual(['合同编号', '项目名称', '承接方', '购买方', '所属区划', '状态', '合同金额（元）', '已拨付（元）', '开始日期', '结束日期', '签订日期']);
    expect(rows.slice(1).map((r) => [r[1], r[5], r[6], r[7]])).toEqual([
      ['长者助餐合同甲', '履行中', '80000', '24000'],
      ['社区睦邻合同', '草稿', '90000', '0'],
    ]);
    const [logged] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'funding.contract.export'));
    expect(logged.after).toMatchObject({ rows: 2, query: { year: 2026, sort: 'amountFen' } });
    // Another district's staff get the header row alone.
    expect(await readWorkbook((await staffB.get('/api/funding/contracts/export')).rawPayload)).toHaveLength(1);
  });
});

describe('a milestone reported by the organisation, accepted or rejected by staff', () => {
  let contract: { id: string; milestones: { id: string }[]; tranches: { releasedBy: string; status: string; amountFen: number }[] };
  let milestoneId: string;

  beforeAll(async () => {
    const d = await draftFor(team, {
      milestones: [{ title: '完成入户摸底', dueOn: '2026-06-30' }],
      tranches: [{ releasedBy: 'signing', percent: 30 }, { releasedBy: 'milestone', milestone: 0, percent: 40 }, { releasedBy: 'final_evaluation', percent: 30 }],
    });
    contract = await sign(d.id);
    milestoneId = contract.milestones[0].id;
  });

  const milestoneOf = async (agent: Agent) => (await agent.get(`/api/funding/contracts/${contract.id}`)).json().milestones[0];

  it('offers the organisation the report and staff the acceptance', async () => {
    expect((await milestoneOf(member)).abilities).toEqual({ report: true, accept: false, reject: false });
    expect((await milestoneOf(staff)).abilities).toEqual({ report: false, accept: true, reject: false });
  });

  it("refuses a report without a note, or with a file that is not the reporter's, changing nothing", async () => {
    const empty = await refusedUnchanged(() => member.post(`/api/funding/milestones/${milestoneId}/report`, { note: ' ' }), 400);
    expect(empty.error.fields.map((f: { field: string }) => f.field)).toContain('note');
    const staffFile = await upload(staff);
    const foreign = await refusedUnchanged(() => member.post(`/api/funding/milestones/${milestoneId}/report`, { note: '已完成', attachmentIds: [staffFile] }), 400);
    expect(foreign.error.fields.map((f: { field: string }) => f.field)).toContain('attachmentIds');
    // Another organisation's member does not find the milestone.
    await refusedUnchanged(() => otherMember.post(`/api/funding/milestones/${milestoneId}/report`, { note: '已完成' }), 404);
  });

  it('keeps the report, the rejection with its reason and the second report in the history; acceptance pays the tranche', async () => {
    const file = await upload(member, '入户摸底签到表.png');
    const reported = await member.post(`/api/funding/milestones/${milestoneId}/report`, { note: '已完成 120 户入户摸底', attachmentIds: [file] });
    expect(reported.status, reported.body).toBe(200);
    const m1 = reported.json().milestones[0];
    expect(m1.status).toBe('submitted');
    expect(m1.history.at(-1)).toMatchObject({ action: 'report', toState: 'submitted', comment: '已完成 120 户入户摸底', attachments: [{ id: file, originalName: '入户摸底签到表.png' }] });
    // The file is the milestone's now: staff of the region read it, another organisation does not.
    expect((await staff.get(`/api/files/${file}`)).status).toBe(200);
    expect((await otherMember.get(`/api/files/${file}`)).status).toBe(404);
    // Reported once: a second report waits for the decision.
    await refusedUnchanged(() => member.post(`/api/funding/milestones/${milestoneId}/report`, { note: '再报一次' }), 409);
    expect((await milestoneOf(staff)).abilities).toEqual({ report: false, accept: true, reject: true });

    const noReason = await refusedUnchanged(() => staff.post(`/api/funding/milestones/${milestoneId}/reject`, { reason: '' }), 400);
    expect(noReason.error.fields.map((f: { field: string }) => f.field)).toContain('reason');
    await refusedUnchanged(() => member.post(`/api/funding/milestones/${milestoneId}/reject`, { reason: '自己退回' }), 403);
    const rejected = await staff.post(`/api/funding/milestones/${milestoneId}/reject`, { reason: '缺少入户照片' });
    expect(rejected.status, rejected.body).toBe(200);
    expect(rejected.json().milestones[0]).toMatchObject({ status: 'rejected' });
    expect(rejected.json().tranches.find((x: { releasedBy: string }) => x.releasedBy === 'milestone').status).toBe('pending');
    await refusedUnchanged(() => staff.post(`/api/funding/milestones/${milestoneId}/reject`, { reason: '再退一次' }), 409);

    expect((await member.post(`/api/funding/milestones/${milestoneId}/report`, { note: '补充了入户照片' })).status).toBe(200);
    const accepted = await staff.post(`/api/funding/milestones/${milestoneId}/accept`, { comment: '材料齐全' });
    expect(accepted.status, accepted.body).toBe(200);
    const detail = accepted.json();
    expect(detail.milestones[0].status).toBe('accepted');
    expect(detail.milestones[0].history.map((h: { action: string; comment: string | null }) => [h.action, h.comment])).toEqual([
      ['report', '已完成 120 户入户摸底'],
      ['reject', '缺少入户照片'],
      ['report', '补充了入户照片'],
      ['accept', '材料齐全'],
    ]);
    expect(detail.tranches.find((x: { releasedBy: string }) => x.releasedBy === 'milestone').status).toBe('paid');
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['report_milestone', 'reject_milestone', 'accept_milestone']));
    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, contract.id), sql`${auditLog.action} like 'funding.milestone.%'`));
    expect(actions.map((a) => a.action).sort()).toEqual(['funding.milestone.accept', 'funding.milestone.reject', 'funding.milestone.report', 'funding.milestone.report']);
    const steps = await t.db.select().from(workflowHistory).where(and(eq(workflowHistory.workflow, 'funding.milestone'), eq(workflowHistory.entityId, milestoneId)));
    expect(steps).toHaveLength(4);
    // Accepted: nothing more to report.
    await refusedUnchanged(() => member.post(`/api/funding/milestones/${milestoneId}/report`, { note: '又完成了' }), 409);
  });
});

describe('monitoring: the to-do filters and what an evaluation releases', () => {
  it('lists only contracts owing an overdue report with ?overdue=true, and one organisation with ?organization=', async () => {
    // 130 days in with quarterly reports: the first quarter's report is past due.
    const late = (await makeSignedContract(t.db, staff, { callRegion: A.street, organization: team, frequency: 'quarterly' })).contract;
    // Started today: nothing due yet.
    const fresh = (await makeSignedContract(t.db, staff, { callRegion: A.street, organization: otherTeam, frequency: 'quarterly', daysAgo: 0 })).contract;
    const ids = async (query: string, agent = staff) => {
      const res = await agent.get(`/api/funding/monitoring/contracts?pageSize=100&${query}`);
      expect(res.status, res.body).toBe(200);
      return (res.json().items as { contractId: string }[]).map((c) => c.contractId);
    };
    const overdue = await ids('overdue=true');
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(fresh.id);
    expect(await ids('overdue=false')).toEqual(expect.arrayContaining([late.id, fresh.id]));
    expect(await ids(`organization=${otherTeam.id}`)).toEqual([fresh.id]);
    expect(await ids(`organization=${team.id}`, otherMember)).toEqual([]);
    const bad = await refusedUnchanged(() => staff.get('/api/funding/monitoring/contracts?overdue=yes'), 400);
    expect(bad.error.fields.map((f: { field: string }) => f.field)).toContain('overdue');
  });

  it("shows the assigned evaluator the tranches its result pays or withholds", async () => {
    const { contract } = await makeSignedContract(t.db, staff, { callRegion: A.street, organization: team, amountFen: 10_000_000 });
    await assign(staff, contract.id, evaluatorUser.id, 'evaluator');
    const view = (await evaluator.get(`/api/funding/contracts/${contract.id}/monitoring`)).json();
    expect(view.abilities.evaluate).toBe(true);
    expect(view.evaluationTranches).toEqual([
      { position: 1, kind: 'mid', amountFen: 4_000_000, status: 'pending' },
      { position: 2, kind: 'final', amountFen: 3_000_000, status: 'pending' },
    ]);
    const done = await evaluator.post(`/api/funding/contracts/${contract.id}/evaluations`, { kind: 'mid', indicators: [{ achieved: '6000', score: 80 }], overallScore: 80, summary: '进展良好' });
    expect(done.status, done.body).toBe(200);
    const after = (await evaluator.get(`/api/funding/contracts/${contract.id}/monitoring`)).json();
    expect(after.evaluationTranches.map((x: { status: string }) => x.status)).toEqual(['paid', 'pending']);
  });
});

describe('the reviewer picker', () => {
  beforeAll(async () => {
    await named(await makeUser(t.db, [{ role: 'reviewer', regionCode: A.city }]), '市级专家');
    await named(await makeUser(t.db, [{ role: 'reviewer', regionCode: A.street }]), '街道监测员');
    await named(await makeUser(t.db, [{ role: 'reviewer', regionCode: B.district }]), '乙区专家');
    const gone = await named(await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]), '已停用专家');
    await t.db.update(users).set({ active: false }).where(eq(users.id, gone.id));
    await named(await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]), '不是专家的社工');
  });

  it('lists active reviewers covering or inside the caller region: id, name and region name, nothing else', async () => {
    const res = await staff.get('/api/funding/reviewers');
    expect(res.status, res.body).toBe(200);
    const { items, total } = res.json();
    expect(items.map((r: { displayName: string }) => r.displayName).sort()).toEqual(['市级专家', '街道监测员', '评估专家甲'].sort());
    expect(total).toBe(3);
    for (const r of items) expect(Object.keys(r).sort()).toEqual(['displayName', 'id', 'regionName']);
    expect(items.find((r: { displayName: string }) => r.displayName === '街道监测员').regionName).toMatch(/^甲街道/);
    const street2 = (await staff.get(`/api/funding/reviewers?region=${A.street2}`)).json();
    expect(street2.items.map((r: { displayName: string }) => r.displayName).sort()).toEqual(['市级专家', '评估专家甲'].sort());
    expect((await staff.get(`/api/funding/reviewers?q=${encodeURIComponent('监测')}`)).json().items.map((r: { displayName: string }) => r.displayName)).toEqual(['街道监测员']);
  });

  it("answers 404 for a region outside the caller's, and 403 to those who do not pick reviewers", async () => {
    expect((await staff.get(`/api/funding/reviewers?region=${B.district}`)).status).toBe(404);
    expect((await member.get('/api/funding/reviewers')).status).toBe(403);
    expect((await evaluator.get('/api/funding/reviewers')).status).toBe(403);
  });

  it('knows the regions above a region', () => {
    expect(ancestorsOf('110101001000')).toEqual(['110000000000', '110100000000', '110101000000']);
    expect(ancestorsOf('110000000000')).toEqual([]);
  });
});

describe('a terminated contract', () => {
  it('revokes its printed contract with a reason of its own', async () => {
    const contract = await sign((await draftFor(team, { title: '将被终止的合同' })).id);
    const doc = (await staff.post(`/api/funding/contracts/${contract.id}/document`)).json();
    expect((await staff.post(`/api/funding/contracts/${contract.id}/terminate`, { reason: '承接方无法继续履约' })).status).toBe(200);
    const verify = await anonymous(t.app).get(`/api/verify/${doc.code}`);
    expect(verify.json()).toMatchObject({ valid: false, revokedReason: 'contract_terminated' });
    // The public page states why, not who or the purchaser's own words.
    expect(verify.body).not.toContain('承接方无法继续履约');
  });
});

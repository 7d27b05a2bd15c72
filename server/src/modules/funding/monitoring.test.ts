import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { addDays, reportPeriods } from '../../../../shared/funding/monitoring.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot, PNG_BYTES } from '../../../test/helpers.js';
import { auditLog, workflowHistory } from '../../core/core.tables.js';
import { FakeClock } from '../../core/jobs/clock.js';
import { jobRuns } from '../../core/jobs/jobs.tables.js';
import { runJobOnce } from '../../core/jobs/scheduler.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { assign, makeSignedContract } from './funding-monitoring.factories.js';
import { fundingProgressReports } from './funding-monitoring.tables.js';
import { overdueReportsJob } from './service/overdue-job.js';

let t: TestApp;
let A: RegionTree;
let staff: Agent;
let staffUser: { id: string };
let member: Agent;
let memberUser: { id: string };
let otherMember: Agent;
let monitor: Agent;
let monitorUser: { id: string };
let evaluator: Agent;
let evaluatorUser: { id: string };
let team: Awaited<ReturnType<typeof makeOrganization>>;
let otherTeam: Awaited<ReturnType<typeof makeOrganization>>;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staffUser = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staff = await signIn(t.app, (staffUser as { username: string } & typeof staffUser).username, PASSWORD);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社', legalForm: 'social_service_agency' });
  otherTeam = await makeOrganization(t.db, A.street, { name: '甲街道另一家机构', legalForm: 'social_service_agency' });
  const m = await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: team.id }]);
  memberUser = m;
  member = await signIn(t.app, m.username, PASSWORD);
  const om = await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: otherTeam.id }]);
  otherMember = await signIn(t.app, om.username, PASSWORD);
  const mon = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  monitorUser = mon;
  monitor = await signIn(t.app, mon.username, PASSWORD);
  const ev = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  evaluatorUser = ev;
  evaluator = await signIn(t.app, ev.username, PASSWORD);
});
afterAll(async () => {
  await t.close();
});

const contractFor = (opts: Partial<Parameters<typeof makeSignedContract>[2]> = {}) =>
  makeSignedContract(t.db, staff, { callRegion: A.street, organization: team, frequency: 'quarterly', ...opts });

async function upload(agent: Agent, name = '活动照片.png', bytes = PNG_BYTES, mime = 'image/png') {
  const res = await agent.upload('/api/files', 'file', name, bytes, mime);
  expect(res.status, res.body).toBe(200);
  return res.json().id as string;
}

async function monitoring(agent: Agent, contractId: string) {
  const res = await agent.get(`/api/funding/contracts/${contractId}/monitoring`);
  expect(res.status, res.body).toBe(200);
  return res.json();
}

/** A refused request changes nothing: not a row of any table. */
async function refusedUnchanged(request: () => Promise<{ status: number; json(): any; body: string }>, status: number) {
  const before = await dbSnapshot(t.db);
  const res = await request();
  expect(res.status, res.body).toBe(status);
  expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  return res.json();
}

describe('report periods', () => {
  it('cuts the term into calendar months or quarters, each due ten days after it ends', () => {
    const monthly = reportPeriods('2026-04-15', '2027-03-31', 'monthly');
    expect(monthly).toHaveLength(12);
    expect(monthly[0]).toEqual({ periodNo: 1, startsOn: '2026-04-15', endsOn: '2026-04-30', dueOn: '2026-05-10' });
    expect(monthly[10]).toEqual({ periodNo: 11, startsOn: '2027-02-01', endsOn: '2027-02-28', dueOn: '2027-03-10' });
    expect(monthly[11].endsOn).toBe('2027-03-31');
    const quarterly = reportPeriods('2026-05-20', '2027-02-10', 'quarterly');
    expect(quarterly.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2026-05-20', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
      ['2027-01-01', '2027-02-10'],
    ]);
    expect(quarterly[3].dueOn).toBe('2027-02-20');
    expect(reportPeriods('2026-01-01', '2026-01-01', 'monthly')).toEqual([{ periodNo: 1, startsOn: '2026-01-01', endsOn: '2026-01-01', dueOn: '2026-01-11' }]);
  });
});

describe('progress reports (F9)', () => {
  it('lays out the schedule, and the organisation sends a report the centre returns with a reason and then accepts', async () => {
    const { contract } = await contractFor();
    const view = await monitoring(member, contract.id);
    expect(view.frequency).toBe('quarterly');
    const first = view.reports[0];
    expect(first).toMatchObject({ periodNo: 1, status: 'pending', overdue: true, abilities: { submit: true, decide: false } });
    expect(view.reports.at(-1).abilities.submit).toBe(false);

    const photo = await upload(member);
    const body = {
      activities: [{ date: first.startsOn, title: '长者助餐开班', place: '甲社区活动中心', participants: 35 }],
      beneficiaryCount: 420,
      narrative: '本季度共开展助餐服务 60 次。',
      photoIds: [photo],
    };
    const sent = await member.post(`/api/funding/reports/${first.id}/submit`, body);
    expect(sent.status, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'submitted', beneficiaryCount: 420, overdue: false, photos: [{ id: photo, mimeType: 'image/png' }] });
    // The photo is the report's now: the organisation and the centre read it, another organisation does not.
    expect((await member.get(`/api/files/${photo}`)).status).toBe(200);
    expect((await staff.get(`/api/files/${photo}`)).status).toBe(200);
    expect((await otherMember.get(`/api/files/${photo}`)).status).toBe(404);

    const noReason = await staff.post(`/api/funding/reports/${first.id}/return`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');
    const returned = await staff.post(`/api/funding/reports/${first.id}/return`, { reason: '缺少活动签到表' });
    expect(returned.status, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '缺少活动签到表', overdue: true });

    const again = await member.post(`/api/funding/reports/${first.id}/submit`, { ...body, beneficiaryCount: 430 });
    expect(again.status, again.body).toBe(200);
    const accepted = await staff.post(`/api/funding/reports/${first.id}/accept`, { comment: '材料齐全' });
    expect(accepted.status, accepted.body).toBe(200);
    expect(accepted.json().history.map((h: { action: string; toState: string; comment: string | null }) => [h.action, h.toState, h.comment])).toEqual([
      ['create', 'pending', null],
      ['submit', 'submitted', null],
      ['return', 'returned', '缺少活动签到表'],
      ['submit', 'submitted', null],
      ['accept', 'accepted', '材料齐全'],
    ]);
    expect((await monitoring(staff, contract.id)).beneficiaryCount).toBe(430);
    const actions = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, first.id));
    expect(actions.map((a) => a.action).sort()).toEqual(['funding.report.accept', 'funding.report.return', 'funding.report.submit', 'funding.report.submit']);

    // Sent once accepted: not again; and the schedule no longer changes.
    expect((await member.post(`/api/funding/reports/${first.id}/submit`, body)).json().error.code).toBe('report_not_open');
    expect((await staff.put(`/api/funding/contracts/${contract.id}/report-schedule`, { frequency: 'monthly' })).json().error.code).toBe('report_schedule_locked');
  });

  it('refuses bad input naming the field, in the reader’s language, and changes nothing', async () => {
    const { contract } = await contractFor();
    const [first] = (await monitoring(member, contract.id)).reports;
    const good = { activities: [{ date: first.startsOn, title: '活动', place: '社区', participants: 3 }], beneficiaryCount: 10, narrative: '进展' };
    const url = `/api/funding/reports/${first.id}/submit`;

    const negative = await refusedUnchanged(() => member.post(url, { ...good, beneficiaryCount: -1 }), 400);
    expect(negative.error.fields[0].field).toBe('beneficiaryCount');
    const fraction = await refusedUnchanged(() => member.post(url, { ...good, beneficiaryCount: 1.5 }), 400);
    expect(fraction.error.fields[0].field).toBe('beneficiaryCount');

    const outside = { ...good, activities: [{ ...good.activities[0], date: addDays(first.endsOn, 1) }] };
    const zh = await refusedUnchanged(() => member.post(url, outside), 400);
    expect(zh.error.fields[0]).toMatchObject({ field: 'activities.0.date', problem: 'report_activity_outside_period' });
    expect(zh.error.fields[0].message).toContain(first.endsOn);
    expect(zh.error.fields[0].message).toContain('第 1 项活动');
    const en = await refusedUnchanged(() => member.post(url, outside, { 'accept-language': 'en' }), 400);
    expect(en.error.fields[0].message).toContain('report period');
    const tw = await refusedUnchanged(() => member.post(url, outside, { 'accept-language': 'zh-TW' }), 400);
    expect(tw.error.fields[0].message).toContain('報告週期');

    // A file that is not an image, or not the member's own upload, is refused whole.
    const pdf = await upload(member, '说明.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf');
    const notImage = await refusedUnchanged(() => member.post(url, { ...good, photoIds: [pdf] }), 400);
    expect(notImage.error.fields[0]).toMatchObject({ field: 'photoIds', problem: 'photo_not_image' });
    const staffPhoto = await upload(staff);
    const notMine = await refusedUnchanged(() => member.post(url, { ...good, photoIds: [staffPhoto] }), 400);
    expect(notMine.error.fields[0].field).toBe('photoIds');

    // A period that has not begun cannot be reported on.
    const last = (await monitoring(member, contract.id)).reports.at(-1);
    const early = await refusedUnchanged(() => member.post(`/api/funding/reports/${last.id}/submit`, { ...good, activities: [] }), 409);
    expect(early.error.code).toBe('report_period_not_started');
  });

  it('lets each organisation reach only its own contracts, and the centre only decide', async () => {
    const { contract } = await contractFor();
    expect((await otherMember.get(`/api/funding/contracts/${contract.id}/monitoring`)).status).toBe(404);
    expect((await monitor.get(`/api/funding/contracts/${contract.id}/monitoring`)).status).toBe(404);
    const [first] = (await monitoring(staff, contract.id)).reports;
    const body = { activities: [], beneficiaryCount: 0, narrative: '进展' };
    await refusedUnchanged(() => otherMember.post(`/api/funding/reports/${first.id}/submit`, body), 404);
    await refusedUnchanged(() => staff.post(`/api/funding/reports/${first.id}/submit`, body), 403);
    await refusedUnchanged(() => member.post(`/api/funding/reports/${first.id}/accept`, {}), 403);
    expect((await staff.post(`/api/funding/reports/${first.id}/accept`, {})).json().error.code).toBe('report_not_submitted');
  });
});

describe('site visits by a third-party monitor', () => {
  it('are recorded by the monitor assigned to the contract, who sees no other contract', async () => {
    const { contract } = await contractFor();
    const { contract: other } = await contractFor();
    await assign(staff, contract.id, monitorUser.id, 'monitor');

    const list = await monitor.get('/api/funding/monitoring/contracts');
    expect(list.status, list.body).toBe(200);
    expect(list.json().items.map((c: { contractId: string }) => c.contractId)).toEqual([contract.id]);
    expect((await monitor.get(`/api/funding/contracts/${other.id}/monitoring`)).status).toBe(404);

    const photo = await upload(monitor, '走访.png');
    const visit = { visitedOn: todayInChina(), findings: '服务台账完整，老人反映良好', rating: 'good', photoIds: [photo] };
    await refusedUnchanged(() => monitor.post(`/api/funding/contracts/${other.id}/visits`, visit), 404);
    const future = await refusedUnchanged(() => monitor.post(`/api/funding/contracts/${contract.id}/visits`, { ...visit, visitedOn: addDays(todayInChina(), 1) }), 400);
    expect(future.error.fields[0].field).toBe('visitedOn');
    const badRating = await refusedUnchanged(() => monitor.post(`/api/funding/contracts/${contract.id}/visits`, { ...visit, rating: 'superb' }), 400);
    expect(badRating.error.fields[0].field).toBe('rating');

    const res = await monitor.post(`/api/funding/contracts/${contract.id}/visits`, visit);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rating: 'good', photos: [{ id: photo }] });
    const seen = await monitoring(monitor, contract.id);
    expect(seen.visits).toHaveLength(1);
    expect(seen.abilities).toMatchObject({ visit: true, evaluate: false, schedule: false });
    expect((await staff.get(`/api/files/${photo}`)).status).toBe(200);

    // An evaluator of the contract reads it, but a visit is the monitor's to record.
    await assign(staff, contract.id, evaluatorUser.id, 'evaluator');
    expect((await evaluator.get(`/api/funding/contracts/${contract.id}/monitoring`)).status).toBe(200);
    await refusedUnchanged(() => evaluator.post(`/api/funding/contracts/${contract.id}/visits`, { ...visit, photoIds: [] }), 404);
  });

  it('refuses to assign an account that is not a reviewer of the region', async () => {
    const { contract } = await contractFor();
    const body = await refusedUnchanged(() => staff.post(`/api/funding/contracts/${contract.id}/assignees`, { userId: memberUser.id, role: 'monitor' }), 400);
    expect(body.error.fields[0]).toMatchObject({ field: 'userId', problem: 'monitoring_assignee_unknown' });
  });
});

describe('the overdue job and the to-dos', () => {
  it('flags each report past due once and tells the organisation and the centre; the home cards list them', async () => {
    const { contract } = await contractFor({ daysAgo: 200 });
    const due = await t.db
      .select({ id: fundingProgressReports.id })
      .from(fundingProgressReports)
      .where(and(eq(fundingProgressReports.contractId, contract.id), sql`${fundingProgressReports.dueOn} < ${todayInChina()}`));
    expect(due.length).toBeGreaterThanOrEqual(1);

    // The home cards count from the due dates, before the job has run.
    const home = (await member.get('/api/home')).json();
    const mine = home.cards.find((c: { kind: string }) => c.kind === 'fundingOrgReportsOverdue');
    expect(mine).toMatchObject({ organizationId: team.id });
    expect(mine.reports.map((r: { contractId: string }) => r.contractId)).toContain(contract.id);
    const centre = (await staff.get('/api/home')).json().cards.find((c: { kind: string }) => c.kind === 'fundingRegionReportsOverdue');
    expect(centre.count).toBeGreaterThanOrEqual(due.length);
    expect((await otherMember.get('/api/home')).json().cards.some((c: { kind: string }) => c.kind === 'fundingOrgReportsOverdue')).toBe(false);

    // 00:30 in Shanghai today: the run for today's date.
    const clock = new FakeClock(new Date(`${todayInChina()}T00:31:00+08:00`));
    const deps = { db: t.db, writes: t.app.writes, clock };
    expect(await runJobOnce(deps, overdueReportsJob)).toBe('ran');
    const flagged = await t.db
      .select({ id: fundingProgressReports.id })
      .from(fundingProgressReports)
      .where(and(eq(fundingProgressReports.contractId, contract.id), sql`overdue_flagged_at is not null`));
    expect(flagged.map((r) => r.id).sort()).toEqual(due.map((r) => r.id).sort());
    const inbox = async (userId: string) =>
      rowsOf<{ kind: string; params: Record<string, unknown> }>(
        await t.db.execute(sql`select kind, params from notifications where recipient_id = ${userId} and kind = 'fundingReport.overdue' and params->>'contractTitle' = ${contract.title}`),
      );
    expect(await inbox(memberUser.id)).toHaveLength(due.length);
    expect(await inbox(staffUser.id)).toHaveLength(due.length);
    expect((await inbox(memberUser.id))[0].params).toMatchObject({ organizationName: team.name, periodNo: 1 });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.report.overdue'), eq(auditLog.entityId, due[0].id)));
    expect(audits).toHaveLength(1);

    // Run again for the day (its record gone): nothing is flagged or sent twice.
    await t.db.delete(jobRuns).where(eq(jobRuns.job, overdueReportsJob.name));
    expect(await runJobOnce(deps, overdueReportsJob)).toBe('ran');
    expect(await inbox(memberUser.id)).toHaveLength(due.length);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.report.overdue'), eq(auditLog.entityId, due[0].id)))).toHaveLength(1);
  });

  it('does not flag a report on its due date, only the day after (China dates)', async () => {
    const { contract } = await contractFor({ daysAgo: 200 });
    const [first] = await t.db.select().from(fundingProgressReports).where(and(eq(fundingProgressReports.contractId, contract.id), eq(fundingProgressReports.periodNo, 1)));
    await t.db.delete(jobRuns).where(eq(jobRuns.job, overdueReportsJob.name));
    // 23:59 on the due date in Shanghai is 15:59 UTC: still not late.
    const onDue = new FakeClock(new Date(`${first.dueOn}T23:59:00+08:00`));
    expect(await runJobOnce({ db: t.db, writes: t.app.writes, clock: onDue }, overdueReportsJob)).toBe('ran');
    const [still] = await t.db.select().from(fundingProgressReports).where(eq(fundingProgressReports.id, first.id));
    expect(still.overdueFlaggedAt).toBeNull();
    const dayAfter = new FakeClock(new Date(`${addDays(first.dueOn, 1)}T00:31:00+08:00`));
    expect(await runJobOnce({ db: t.db, writes: t.app.writes, clock: dayAfter }, overdueReportsJob)).toBe('ran');
    const [flagged] = await t.db.select().from(fundingProgressReports).where(eq(fundingProgressReports.id, first.id));
    expect(flagged.overdueFlaggedAt).not.toBeNull();
    const steps = await t.db.select().from(workflowHistory).where(eq(workflowHistory.entityId, first.id));
    expect(steps.map((s) => s.action)).toEqual(['create']);
  });
});

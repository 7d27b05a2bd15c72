import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeMember, makeOrganization } from './registry.factories.js';
import { addMonths, currentMonth, lastCompleteMonth } from './service/reports.js';
import { teamsWithoutReport } from './service/reminders.js';

// The "六个一" rules (issue 8, rule 5): what a report may say, which months a team owes, and how a
// month already reported is corrected. Months are relative to today in China, so the file runs any day.
let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
let serial = 0;
const last = lastCompleteMonth();
/** An instant on `day` (YYYY-MM-DD), mid-morning in China. */
const inChina = (day: string) => new Date(`${day}T10:00:00+08:00`);
const items = (month: string) => ({ month, flag: true, venuePermit: true, meetingHeld: true, meetingDate: `${month}-15`, trainingHeld: true, reportForm: true });

/** A filed team in A's street, with a leader on its roster and a venue unless told otherwise. */
async function filedTeam(opts: { filedOn?: string; venue?: string | null; leader?: string | null; region?: string } = {}) {
  const region = opts.region ?? A.street;
  const team = await makeOrganization(t.db, region, {
    status: 'filed',
    filingNumber: `${region.slice(0, 9)}-2019-${String(++serial).padStart(4, '0')}`,
    venue: opts.venue === undefined ? '居委会活动室' : opts.venue,
    filedAt: opts.filedOn ? inChina(opts.filedOn) : inChina('2019-03-01'),
  });
  if (opts.leader !== null) await makeMember(t.db, team, { name: opts.leader ?? '王队长', role: 'leader' });
  return team;
}
const post = (agent: Agent, id: string, body: unknown, lang?: string) =>
  agent.post(`/api/registry/organizations/${id}/reports`, body, lang ? { 'accept-language': lang } : {});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('what a report may say', () => {
  it('refuses the month not yet over and months before the filing month, naming month in three languages, writing nothing', async () => {
    const filedMonth = addMonths(last, -2);
    const team = await filedTeam({ filedOn: `${filedMonth}-20` });
    const before = await dbSnapshot(t.db);
    const cases: [string, string, string, string, string][] = [
      [currentMonth(), 'month_not_over', '月份尚未结束', 'is not over yet', '月份尚未結束'],
      [addMonths(filedMonth, -1), 'month_before_filing', '早于本团队的备案月份', 'before the month the team was filed', '早於本團隊的備案月份'],
      ['1999-01', 'month_before_filing', filedMonth, filedMonth, filedMonth],
    ];
    for (const [month, problem, zhCN, en, zhTW] of cases) {
      const res = await post(staff, team.id, items(month));
      expect(res.status, month).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'month', problem });
      expect(res.json().error.fields[0].message).toContain(zhCN);
      expect((await post(staff, team.id, items(month), 'en')).json().error.fields[0].message).toContain(en);
      expect((await post(staff, team.id, items(month), 'zh-TW')).json().error.fields[0].message).toContain(zhTW);
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
    // The filing month itself may be reported once it is over.
    expect((await post(staff, team.id, items(filedMonth))).status).toBe(200);
  });

  it('lets a team without a filing date report three years back, as the form offers, and no further', async () => {
    const team = await filedTeam();
    await t.db.execute(sql`update registry_organizations set filed_at = null where id = ${team.id}`);
    const before = await dbSnapshot(t.db);
    const tooOld = await post(staff, team.id, items(addMonths(last, -36)));
    expect(tooOld.status, tooOld.body).toBe(400);
    expect(tooOld.json().error.fields[0]).toMatchObject({ field: 'month', problem: 'month_too_old', message: expect.stringContaining(addMonths(last, -35)) });
    expect(await dbSnapshot(t.db)).toEqual(before);
    expect((await post(staff, team.id, items(addMonths(last, -35)))).status).toBe(200);
  });

  it('requires a meeting date when a meeting was held, inside its month', async () => {
    const team = await filedTeam();
    const before = await dbSnapshot(t.db);
    const missing = await post(staff, team.id, { ...items(last), meetingDate: undefined });
    expect(missing.status).toBe(400);
    expect(missing.json().error.fields[0]).toMatchObject({ field: 'meetingDate', problem: 'required' });
    expect(missing.json().error.fields[0].message).toContain('例会日期');
    for (const outside of [`${addMonths(last, -1)}-28`, `${currentMonth()}-01`]) {
      const res = await post(staff, team.id, { ...items(last), meetingDate: outside }, 'en');
      expect(res.status, outside).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'meetingDate', problem: 'meeting_outside_month' });
      expect(res.json().error.fields[0].message).toContain(last);
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
    // No meeting, no date: one sent anyway is not kept.
    const none = await post(staff, team.id, { ...items(last), meetingHeld: false, meetingDate: `${addMonths(last, -3)}-02` });
    expect(none.status, none.body).toBe(200);
    expect(none.json()).toMatchObject({ meetingHeld: false, meetingDate: null, compliant: false });
  });

  it('counts 一张报表 only when the team says it filled one in', async () => {
    const team = await filedTeam();
    const missing = await post(staff, team.id, { ...items(last), reportForm: undefined });
    expect(missing.status).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('reportForm');
    const res = await post(staff, team.id, { ...items(last), reportForm: false });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ reportForm: false, compliant: false });
  });

  it("names the roster's leader as the responsible person; no leader on the roster, the item is not met", async () => {
    const led = await filedTeam({ leader: '李秀兰' });
    const form = (await staff.get(`/api/registry/organizations/${led.id}/reports`)).json().form;
    expect(form).toMatchObject({ leaderNames: ['李秀兰'], venue: '居委会活动室' });
    expect(form.months[0]).toBe(last);
    const prefilled = await post(staff, led.id, items(last));
    expect(prefilled.json()).toMatchObject({ responsiblePerson: true, responsiblePersonName: '李秀兰', compliant: true });

    const before = await dbSnapshot(t.db);
    const stranger = await post(staff, led.id, { ...items(addMonths(last, -1)), responsiblePersonName: '张三' });
    expect(stranger.status).toBe(400);
    expect(stranger.json().error.fields[0]).toMatchObject({ field: 'responsiblePersonName', problem: 'not_roster_leader' });
    expect(await dbSnapshot(t.db)).toEqual(before);

    const leaderless = await filedTeam({ leader: null });
    await makeMember(t.db, leaderless, { name: '普通队员', role: 'member' });
    expect((await staff.get(`/api/registry/organizations/${leaderless.id}/reports`)).json().form.leaderNames).toEqual([]);
    const res = await post(staff, leaderless.id, items(last));
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ responsiblePerson: false, responsiblePersonName: null, compliant: false });
  });

  it('holds the venue permit only for a team with a recorded venue, and keeps the venue it was confirmed for', async () => {
    const homeless = await filedTeam({ venue: null });
    expect((await staff.get(`/api/registry/organizations/${homeless.id}/reports`)).json().form.venue).toBeNull();
    const res = await post(staff, homeless.id, items(last));
    expect(res.json()).toMatchObject({ venuePermit: false, venue: null, compliant: false });
    const housed = await filedTeam({ venue: '长寿公园东门广场' });
    expect((await post(staff, housed.id, items(last))).json()).toMatchObject({ venuePermit: true, venue: '长寿公园东门广场' });
    expect((await post(staff, housed.id, { ...items(addMonths(last, -1)), venuePermit: false })).json()).toMatchObject({ venuePermit: false });
  });
});

describe('correcting a month already reported', () => {
  let team: { id: string };
  beforeAll(async () => {
    team = await filedTeam();
    expect((await post(staff, team.id, { ...items(last), trainingHeld: false })).status).toBe(200);
  });

  it('refuses to overwrite silently: a second report of the month needs a correction reason', async () => {
    const before = await dbSnapshot(t.db);
    const res = await post(staff, team.id, items(last));
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'correctionReason', problem: 'report_exists' });
    expect(res.json().error.fields[0].message).toContain('更正');
    const nothing = await post(staff, team.id, { ...items(addMonths(last, -1)), correctionReason: '想改' });
    expect(nothing.status).toBe(400);
    expect(nothing.json().error.fields[0]).toMatchObject({ field: 'correctionReason', problem: 'nothing_to_correct' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('keeps every version: the correction is current, the first submission stays in the history', async () => {
    const res = await post(staff, team.id, { ...items(last), trainingTopic: '防诈骗讲座', correctionReason: '漏报了本月培训' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, trainingHeld: true, compliant: true, correctionReason: '漏报了本月培训' });
    const third = await post(staff, team.id, { ...items(last), flag: false, correctionReason: '队旗送修' });
    expect(third.json()).toMatchObject({ version: 3, compliant: false });

    const [listed] = (await official.get(`/api/registry/organizations/${team.id}/reports`)).json().items;
    expect(listed).toMatchObject({ month: last, version: 3, flag: false });
    expect(listed.history.map((v: any) => [v.version, v.trainingHeld, v.flag, v.correctionReason])).toEqual([
      [1, false, true, null],
      [2, true, true, '漏报了本月培训'],
    ]);
    const actions = rowsOf(
      await t.db.execute(sql`select action from audit_log where entity_type = 'report' and entity_id = ${listed.id} order by id`),
    ).map((r) => r.action);
    expect(actions).toEqual(['registry.report.submit', 'registry.report.correct', 'registry.report.correct']);
  });

  it('keeps the history append-only in the database itself', async () => {
    // Drizzle wraps the database's refusal; its cause carries the trigger's message.
    const refusal = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
    await expect(t.db.execute(sql`update registry_monthly_report_versions set flag = not flag`)).rejects.toMatchObject(refusal);
    await expect(t.db.execute(sql`delete from registry_monthly_report_versions`)).rejects.toMatchObject(refusal);
  });

  it('keeps a report written before versions were kept when it is first corrected', async () => {
    const old = await filedTeam();
    const month = addMonths(last, -4);
    await t.db.execute(sql`
      insert into registry_monthly_reports (organization_id, region_code, month, responsible_person, flag, venue_permit, meeting_held, training_held)
      values (${old.id}, ${old.regionCode}, ${month + '-01'}::date, true, true, true, false, true)`);
    const res = await post(staff, old.id, { ...items(month), correctionReason: '补记例会' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().history).toEqual([expect.objectContaining({ version: 1, meetingHeld: false })]);
  });
});

describe('which months a team owes', () => {
  // Its own district, so the figures are this block's alone.
  let B: Awaited<ReturnType<typeof makeRegionTree>>;
  let viewer: Agent;
  beforeAll(async () => {
    B = await makeRegionTree(t.db);
    viewer = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: B.district }])).username, PASSWORD);
  });
  const rollup = async (month: string) => (await viewer.get(`/api/registry/compliance?regionCode=${B.district}&month=${month}`)).json();

  it("counts a team from the month after its filing, so filing a team does not change a closed month's rate", async () => {
    const old = await filedTeam({ region: B.street });
    expect((await post(viewer, old.id, items(last))).status).toBe(200);
    const closed = await rollup(last);
    expect(closed.total).toEqual({ teams: 1, reported: 1, compliant: 1, rate: 100 });

    // Filed today (as 2026-11-22 would be): not 未报送 for last month, nor for this one.
    const today = new Date();
    const fresh = await filedTeam({ region: B.street, filedOn: new Date(today.getTime() + 8 * 3600_000).toISOString().slice(0, 10) });
    expect((await rollup(last)).total).toEqual(closed.total);
    expect((await rollup(currentMonth())).total.teams).toBe(1);
    const teams = (await viewer.get(`/api/registry/compliance/teams?regionCode=${B.district}&month=${last}`)).json();
    expect(teams.items.map((x: any) => x.id)).toEqual([old.id]);

    // Filed during last month: that month is its filing month, not owed either.
    const lastMonthTeam = await filedTeam({ region: B.street, filedOn: `${last}-28` });
    expect((await rollup(last)).total.teams).toBe(1);
    expect((await rollup(addMonths(last, -1))).total.teams).toBe(1);
    // The reminders and the home page's count follow the same rule.
    const missing = (await teamsWithoutReport({ db: t.db } as any, last)).map((x) => x.id);
    expect(missing).not.toContain(fresh.id);
    expect(missing).not.toContain(lastMonthTeam.id);
    const staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.street }])).username, PASSWORD);
    const home = (await staffB.get('/api/home')).json();
    expect(home.cards.find((c: any) => c.kind === 'overdueReports')).toMatchObject({ month: last, teams: 1, count: 0 });
  });
});

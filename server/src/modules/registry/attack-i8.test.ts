import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';

// Regressions from the attacker's pass over the registry rules of issue 8.
let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let reviewer: Agent;
let districtStaff: Agent;
let street2Reviewer: Agent;
let official: Agent;
const base = (id: string) => `/api/registry/organizations/${id}`;
const filing = (id: string, rest = '') => `/api/registry/filings/${id}${rest}`;
const COMPLETE = { activityContent: '每天早晨练太极拳', venue: '社区广场', leaderName: '陈阿姨' };
const HEADERS = ['名称', '组织形式', '备案编号', '所属区划代码', '负责人', '负责人电话', '负责人身份证号', '活动内容', '活动场地'];

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const sign = async (grant: Parameters<typeof makeUser>[1][number]) => signIn(t.app, (await makeUser(t.db, [grant])).username, PASSWORD);
  staff = await sign({ role: 'centre_staff', regionCode: A.street });
  reviewer = await sign({ role: 'centre_staff', regionCode: A.street });
  districtStaff = await sign({ role: 'centre_staff', regionCode: A.district });
  street2Reviewer = await sign({ role: 'centre_staff', regionCode: A.street2 });
  official = await sign({ role: 'official', regionCode: A.district });
});
afterAll(() => t.close());

const importTeams = async (rows: (string | null)[][]) =>
  districtStaff.upload(`/api/registry/import/organizations?regionCode=${A.street}`, 'file', 'teams.xlsx', await workbook(HEADERS, rows), XLSX_MIME);

async function submitted(by: Agent, regionCode = A.street) {
  const team = await makeOrganization(t.db, regionCode, COMPLETE);
  await makeMember(t.db, team, { role: 'leader', name: COMPLETE.leaderName });
  const res = await by.post(`${base(team.id)}/filing/submit`, {});
  expect(res.status, res.body).toBe(200);
  return { team, filingId: res.json().id as string };
}

async function filedTeam() {
  const s = await submitted(staff);
  const ok = await reviewer.post(filing(s.filingId, '/approve'), {});
  expect(ok.status, ok.body).toBe(200);
  return s.team;
}

describe('filing numbers next to teams imported as filed', () => {
  it('goes on after a number of this street and year that an import holds, instead of refusing every approval', async () => {
    // Before: the counter issued ...-0001 again, the unique key refused it (409), and the rollback left
    // the counter where it was, so no team of the street could be filed for the rest of the year.
    const year = todayInChina().slice(0, 4);
    const street = A.street2.slice(0, 9);
    const imported = await districtStaff.upload(
      `/api/registry/import/organizations?regionCode=${A.street2}`,
      'file',
      'teams.xlsx',
      await workbook(HEADERS, [['老备案太极队', '群众活动团队', `${street}-${year}-0007`, A.street2, '赵刚', '13812345678', null, '太极拳', '街心花园']]),
      XLSX_MIME,
    );
    expect(imported.status, imported.body).toBe(200);
    const { filingId, team } = await submitted(districtStaff, A.street2);
    const res = await street2Reviewer.post(filing(filingId, '/approve'), {});
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization.filingNumber).toBe(`${street}-${year}-0008`);
    const next = await submitted(districtStaff, A.street2);
    expect((await street2Reviewer.post(filing(next.filingId, '/approve'), {})).json().organization.filingNumber).toBe(`${street}-${year}-0009`);
    expect(team.id).not.toBe(next.team.id);
  });

  it('refuses a team imported as filed in a year still to come, naming the column, and writes nothing', async () => {
    const before = await dbSnapshot(t.db);
    const res = await importTeams([['未来太极队', '群众活动团队', `${A.street.slice(0, 9)}-9999-0001`, A.street, '赵刚', '13812345678', null, '太极拳', '花园']]);
    expect(res.status, res.body).toBe(422);
    expect(JSON.stringify(res.json().error)).toContain('备案编号');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('a team imported as filed', () => {
  it('records its roster leader in the audit log, without the ID number', async () => {
    const idNumber = makeIdNumber('19600312');
    const res = await importTeams([['审计太极队', '群众活动团队', `${A.street.slice(0, 9)}-2020-0311`, A.street, '钱芳', '13812345678', idNumber, '太极拳', '花园']]);
    expect(res.status, res.body).toBe(200);
    const rows = rowsOf<{ after: string }>(
      await t.db.execute(sql`select after::text as after from audit_log where action = 'registry.member.import' and entity_name = '钱芳'`),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].after).not.toContain(idNumber);
    expect(rows[0].after).not.toContain('13812345678');
  });
});

describe('months out of the calendar', () => {
  it('refuses year 0000 as a month, naming the month, on the compliance roll-up and on a report', async () => {
    const res = await official.get(`/api/registry/compliance?regionCode=${A.district}&month=0000-01`);
    expect(res.status, res.body).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['month']);
    const legacy = await makeOrganization(t.db, A.street, { ...COMPLETE, status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2019-0999` });
    await makeMember(t.db, legacy, { role: 'leader', name: COMPLETE.leaderName });
    const before = await dbSnapshot(t.db);
    const report = await staff.post(`${base(legacy.id)}/reports`, { month: '0000-01', flag: true, venuePermit: true, meetingHeld: false, trainingHeld: true, reportForm: true });
    expect(report.status, report.body).toBe(400);
    expect(report.json().error.fields[0].field).toBe('month');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('a team moved to another street keeps its open filing with it', () => {
  it('a returned team moved and resubmitted is reviewed by its new street, never by the old one', async () => {
    const { team, filingId } = await submitted(districtStaff);
    expect((await reviewer.post(filing(filingId, '/return'), { comment: '请补充' })).status).toBe(200);
    expect((await districtStaff.patch(base(team.id), { regionCode: A.street2 })).status).toBe(200);
    expect((await districtStaff.post(`${base(team.id)}/filing/submit`, {})).status).toBe(200);
    const before = await dbSnapshot(t.db);
    // Before: the old street's reviewer, who cannot see the team, approved it.
    expect((await reviewer.post(filing(filingId, '/approve'), {})).status).toBe(404);
    expect(await dbSnapshot(t.db)).toEqual(before);
    const res = await street2Reviewer.post(filing(filingId, '/approve'), {});
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization.filingNumber).toMatch(new RegExp(`^${A.street2.slice(0, 9)}-`));
  });

  it('an official\'s correction moving a filed team takes its pending change filing along', async () => {
    const team = await filedTeam();
    const change = await staff.post(`${base(team.id)}/filing/change`, { changes: { venue: '新活动室' } });
    expect(change.status, change.body).toBe(200);
    const moved = await official.post(`${base(team.id)}/correction`, { changes: { regionCode: A.street2 }, reason: '所属街道录入错误' });
    expect(moved.status, moved.body).toBe(200);
    expect((await reviewer.get(filing(change.json().id))).status).toBe(404);
    expect((await street2Reviewer.post(filing(change.json().id, '/approve'), {})).status).toBe(200);
  });
});

describe('the summaries kept by triggers', () => {
  it('still equal a recount after the imports, filings, moves and corrections above', async () => {
    const q = (text: string) => t.db.execute(sql.raw(text)).then((r) => rowsOf(r));
    expect(
      await q(`select region_code, legal_form, status, category_id, organizations, members from registry_org_rollup
                where organizations <> 0 or members <> 0 order by 1, 2, 3, 4 nulls first`),
    ).toEqual(
      await q(`select o.region_code, o.legal_form, o.status, o.category_id, count(*)::int as organizations,
                      coalesce(sum((select count(*) from registry_members m where m.organization_id = o.id)), 0)::int as members
                 from registry_organizations o group by 1, 2, 3, 4 order by 1, 2, 3, 4 nulls first`),
    );
    expect(await q(`select region_code, filed_month::text, teams from registry_filed_team_months where teams <> 0 order by 1, 2 nulls first`)).toEqual(
      await q(`select region_code, date_trunc('month', filed_at at time zone 'Asia/Shanghai')::date::text as filed_month, count(*)::int as teams
                 from registry_organizations where legal_form = 'grassroots_team' and status = 'filed' group by 1, 2 order by 1, 2 nulls first`),
    );
  });
});

describe('four eyes through other routes', () => {
  it('an official who corrected the team while its change filing was under review does not approve that filing', async () => {
    const team = await filedTeam();
    const change = await staff.post(`${base(team.id)}/filing/change`, { changes: { venue: '新活动室' } });
    expect(change.status, change.body).toBe(200);
    expect((await official.post(`${base(team.id)}/correction`, { changes: { activityContent: '太极拳与八段锦' }, reason: '活动内容录入不全' })).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const res = await official.post(filing(change.json().id, '/approve'), {});
    expect(res.status, res.body).toBe(403);
    expect(res.json().error.code).toBe('four_eyes');
    expect(await dbSnapshot(t.db)).toEqual(before);
    expect((await reviewer.post(filing(change.json().id, '/approve'), {})).status).toBe(200);
  });

  it('a worker who imported members into the team while its change filing was under review does not approve that filing', async () => {
    const team = await filedTeam();
    const change = await staff.post(`${base(team.id)}/filing/change`, { changes: { venue: '新活动室' } });
    expect(change.status, change.body).toBe(200);
    const roster = await workbook(['所属组织', '姓名'], [[team.name, '孙丽']]);
    const imported = await reviewer.upload(`/api/registry/import/members?regionCode=${A.street}`, 'file', 'm.xlsx', roster, XLSX_MIME);
    expect(imported.status, imported.body).toBe(200);
    const res = await reviewer.post(filing(change.json().id, '/approve'), {});
    expect(res.status, res.body).toBe(403);
    expect(res.json().error.code).toBe('four_eyes');
  });
});

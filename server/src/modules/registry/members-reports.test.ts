import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageBandFor } from '../../../../shared/registry.js';
import { regionLevel } from '../../../../shared/regions.js';
import { regions } from '../../core/core.tables.js';
import { unseal } from '../../core/personal-data.js';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { countRows, dbSnapshot } from '../../../test/helpers.js';
import { addMonths, currentMonth, lastCompleteMonth } from './service/reports.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
let teamId: string;
const memberCount = async (id: string) => (await staff.get(`/api/registry/organizations/${id}`)).json().organization.memberCount;
/** A report with every item ticked (training too unless `all` is false); 一人负责 comes from the roster. */
const report = (month: string, all = true) => ({
  month,
  flag: true,
  venuePermit: true,
  meetingHeld: true,
  meetingDate: `${month}-12`,
  trainingHeld: all,
  reportForm: true,
});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  teamId = (await makeOrganization(t.db, A.street)).id;
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('members', () => {
  let memberId: string;
  const idNumber = makeIdNumber('19500315');

  it('adds a member, masks phone and ID number, derives the age band and counts it', async () => {
    const res = await staff.post(`/api/registry/organizations/${teamId}/members`, {
      name: '周桂英',
      phone: '13812345678',
      idNumber,
      ageBand: '18_34', // the ID number wins over a band typed by hand
    });
    expect(res.status, res.body).toBe(200);
    const m = res.json();
    memberId = m.id;
    expect(m.phone).toBe('138****5678');
    expect(m.idNumber).toBe(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`);
    expect(res.body).not.toContain(idNumber);
    expect(res.body).not.toContain('13812345678');
    expect(m.ageBand).toBe(ageBandFor(new Date().getFullYear() - 1950));
    expect(await memberCount(teamId)).toBe(1);
    const list = await staff.get(`/api/registry/organizations/${teamId}/members`);
    expect(list.json().total).toBe(1);
    expect(list.body).not.toContain(idNumber);
    // Stored whole for the record, but sealed (personal-data-at-rest.test.ts); only responses are masked.
    const [row] = rowsOf(await t.db.execute(sql`select id_number, phone from registry_members where id = ${memberId}`));
    expect({ id_number: unseal(row.id_number), phone: unseal(row.phone) }).toEqual({ id_number: idNumber, phone: '13812345678' });
  });

  it('refuses a bad ID number naming field idNumber, and writes nothing', async () => {
    const before = await dbSnapshot(t.db);
    const bad = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
    const res = await staff.post(`/api/registry/organizations/${teamId}/members`, { name: '错号码', idNumber: bad });
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'idNumber', problem: 'id_checksum' });
    expect(res.json().error.fields[0].message).toContain('身份证号');
    const patch = await staff.patch(`/api/registry/members/${memberId}`, { idNumber: '310107195002301234' });
    expect(patch.status).toBe(400);
    expect(patch.json().error.fields[0].field).toBe('idNumber');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('updates a member: a new ID number moves the age band; audited, identifiers redacted', async () => {
    const young = makeIdNumber('20000101');
    const res = await staff.patch(`/api/registry/members/${memberId}`, { idNumber: young, phone: '13900001111' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().ageBand).toBe(ageBandFor(new Date().getFullYear() - 2000));
    expect(res.json().phone).toBe('139****1111');
    const [audit] = rowsOf(await t.db.execute(sql`select before, after from audit_log where action = 'registry.member.update' and entity_id = ${memberId}`));
    expect(audit.before.name).toBe('周桂英');
    expect(audit.after.name).toBe('周桂英');
    // The audit trail keeps the change but not the personal identifiers themselves.
    expect(JSON.stringify(audit)).not.toContain(idNumber);
    expect(JSON.stringify(audit)).not.toContain(young);
    // Phones stay as the screens show them, so the audit export carries no whole number either.
    expect(JSON.stringify(audit)).not.toContain('13900001111');
    expect(audit.after.phone).toBe('139****1111');
  });

  it('keeps memberCount in step through adds and deletes', async () => {
    const extra = await staff.post(`/api/registry/organizations/${teamId}/members`, { name: '第二人' });
    expect(await memberCount(teamId)).toBe(2);
    expect((await staff.delete(`/api/registry/members/${extra.json().id}`)).status).toBe(200);
    expect(await memberCount(teamId)).toBe(1);
    expect((await staff.delete(`/api/registry/members/${extra.json().id}`)).status).toBe(404);
    expect(await countRows(t.db, 'registry_members')).toBe(1);
  });
});

describe('六个一 monthly reports', () => {
  const month = lastCompleteMonth();
  let filed: { id: string; regionCode: string };

  beforeAll(async () => {
    filed = await makeOrganization(t.db, A.street, { status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2021-0001`, venue: '社区活动室' });
    await makeMember(t.db, filed, { name: '队长甲', role: 'leader' });
  });

  it('accepts a report for a filed team, then a correction of the same month, audited as correction', async () => {
    const first = await staff.post(`/api/registry/organizations/${filed.id}/reports`, report(month, false));
    expect(first.status, first.body).toBe(200);
    expect(first.json().compliant).toBe(false);
    const second = await staff.post(`/api/registry/organizations/${filed.id}/reports`, {
      ...report(month),
      trainingTopic: '消防安全',
      correctionReason: '补报培训',
    });
    expect(second.status, second.body).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    expect(second.json().compliant).toBe(true);
    const list = await staff.get(`/api/registry/organizations/${filed.id}/reports`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].history).toHaveLength(1);
    const actions = rowsOf(await t.db.execute(sql`select action from audit_log where entity_type = 'report' order by id`)).map((r) => r.action);
    expect(actions).toEqual(['registry.report.submit', 'registry.report.correct']);
  });

  it('refuses a report for a draft team with 409', async () => {
    const res = await staff.post(`/api/registry/organizations/${teamId}/reports`, report(month));
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('invalid_state');
  });

  it('names field month for a malformed or future month', async () => {
    for (const bad of ['2024-13', '2024-1', '202401', 'June']) {
      const res = await staff.post(`/api/registry/organizations/${filed.id}/reports`, report(bad));
      expect(res.status, bad).toBe(400);
      expect(res.json().error.fields[0].field, bad).toBe('month');
    }
    for (const future of [currentMonth(), addMonths(currentMonth(), 1)]) {
      const res = await staff.post(`/api/registry/organizations/${filed.id}/reports`, report(future));
      expect(res.status, future).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'month', problem: 'month_not_over' });
    }
  });

  it('rolls up exactly what was submitted, per child region', async () => {
    const inCommunity = await makeOrganization(t.db, A.community, { status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2021-0002` });
    const onStreet2 = await makeOrganization(t.db, A.street2, { status: 'filed', filingNumber: `${A.street2.slice(0, 9)}-2021-0001` });
    await makeMember(t.db, onStreet2);
    await makeMember(t.db, inCommunity, { role: 'leader' });
    expect((await official.post(`/api/registry/organizations/${inCommunity.id}/reports`, report(month, false))).status).toBe(200);
    const res = await official.get(`/api/registry/compliance?regionCode=${A.district}&month=${month}`);
    expect(res.status, res.body).toBe(200);
    const body = res.json();
    expect(body.month).toBe(month);
    expect(body.total).toEqual({ teams: 3, reported: 2, compliant: 1, rate: 33.3 });
    const byRegion = Object.fromEntries(body.children.map((c: any) => [c.regionCode, c]));
    expect(byRegion[A.street]).toMatchObject({ teams: 2, reported: 2, compliant: 1, rate: 50 });
    expect(byRegion[A.street2]).toMatchObject({ teams: 1, reported: 0, compliant: 0, rate: 0 });
    const teams = await official.get(`/api/registry/compliance/teams?regionCode=${A.district}&month=${month}`);
    expect(teams.json().total).toBe(3);
    expect(teams.json().items.filter((x: any) => x.compliant).map((x: any) => x.id)).toEqual([filed.id]);

    // One level down from the street, teams at the street itself get a row of their own, so the
    // rows add up to the total.
    const street = (await official.get(`/api/registry/compliance?regionCode=${A.street}&month=${month}`)).json();
    const direct = street.children.filter((c: any) => c.direct);
    expect(direct).toEqual([expect.objectContaining({ regionCode: A.street, teams: 1 })]);
    expect(street.children.reduce((n: number, c: any) => n + c.teams, 0)).toBe(street.total.teams);
    const dashboard = (await official.get(`/api/dashboard/summary?regionCode=${A.street}`)).json().sections.registry;
    expect(dashboard.children.find((c: any) => c.direct)).toMatchObject({ regionCode: A.street, teams: 1 });
    expect(dashboard.children.reduce((n: number, c: any) => n + c.teams, 0)).toBe(dashboard.totals.teams);
  });
});

describe('roll-ups over a tree that skips a level', () => {
  it('puts each district in its own row when districts hang directly under the province', async () => {
    // As 上海市: 310000000000 > 310101000000, with no city-level node between.
    const n = 91; // factories' trees use 10–89
    const province = `${n}0000000000`;
    const districts = [`${n}0101000000`, `${n}0107000000`, `${n}0110000000`];
    await t.db.insert(regions).values([
      { code: province, parentCode: null, name: `跳级省${n}`, level: regionLevel(province) },
      ...districts.map((code, i) => ({ code, parentCode: province, name: `跳级区${i}`, level: regionLevel(code) })),
      { code: `${n}0107015000`, parentCode: districts[1], name: '跳级街道', level: 'street' as const },
    ]);
    const teams: [string, number][] = [[districts[0], 1], [`${n}0107015000`, 2], [districts[2], 3], [province, 1]];
    let serial = 0;
    for (const [code, count] of teams) {
      for (let i = 0; i < count; i++) {
        await makeOrganization(t.db, code, { status: 'filed', filingNumber: `${code.slice(0, 9)}-2020-${String(++serial).padStart(4, '0')}` });
      }
    }
    const viewer = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: province }])).username, PASSWORD);
    const dashboard = (await viewer.get(`/api/dashboard/summary?regionCode=${province}`)).json().sections.registry;
    const byCode = Object.fromEntries(dashboard.children.map((c: any) => [c.regionCode + (c.direct ? '*' : ''), c.teams]));
    expect(byCode).toEqual({ [districts[0]]: 1, [districts[1]]: 2, [districts[2]]: 3, [`${province}*`]: 1 });
    expect(dashboard.totals.teams).toBe(7);
    const compliance = (await viewer.get(`/api/registry/compliance?regionCode=${province}&month=${lastCompleteMonth()}`)).json();
    expect(compliance.children.map((c: any) => c.teams)).toEqual([1, 2, 3, 1]);
    expect(compliance.total.teams).toBe(7);
  });
});

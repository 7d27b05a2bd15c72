/** V1 polish: a team's organisation, the social-worker lead picker, availability slots, the team-leader home card. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITY_CODES, AVAILABILITY_SLOTS } from '../../../../shared/volunteers/states.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, readWorkbook, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { availabilityOfCell } from './service/volunteer-import.js';
import { makeTeam, makeVolunteer, makeVolunteerIdNumber, makeVolunteerWithAccount } from './volunteers.factories.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffB: Agent;
let streetStaff: Agent;
let districtStaffId: string;
let streetStaffId: string;
let otherStreetStaffId: string;

/** A centre staff account of `regionCode` with a name to find it by. */
async function staffNamed(regionCode: string, displayName: string) {
  const user = await makeUser(t.db, [{ role: 'centre_staff', regionCode }]);
  await t.db.execute(sql`update users set display_name = ${displayName} where id = ${user.id}`);
  return user;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const districtStaff = await staffNamed(A.district, '区中心社工');
  districtStaffId = districtStaff.id;
  staff = await signIn(t.app, districtStaff.username, PASSWORD);
  const street = await staffNamed(A.street, '街道社工');
  streetStaffId = street.id;
  streetStaff = await signIn(t.app, street.username, PASSWORD);
  otherStreetStaffId = (await staffNamed(A.street2, '邻街社工')).id;
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe("a team's organisation", () => {
  it('is set on creation and on edit, and the list and detail name it', async () => {
    const station = await makeOrganization(t.db, A.community, { name: '社区义工服务总站' });
    const created = await staff.post('/api/volunteers/teams', { regionCode: A.street, name: '总站助老队', organizationId: station.id });
    expect(created.status, created.body).toBe(200);
    expect(created.json().organization).toEqual({ id: station.id, name: '社区义工服务总站' });
    const [row] = rowsOf<{ organization_id: string | null }>(await t.db.execute(sql`select organization_id from volunteer_teams where id = ${created.json().id}`));
    expect(row.organization_id).toBe(station.id);

    const list = (await staff.get(`/api/volunteers/teams?region=${A.street}&q=总站助老队`)).json();
    expect(list.items[0].organization).toEqual({ id: station.id, name: '社区义工服务总站' });

    const cleared = await staff.patch(`/api/volunteers/teams/${created.json().id}`, { organizationId: null });
    expect(cleared.status, cleared.body).toBe(200);
    expect(cleared.json().organization).toBeNull();
    const set = await staff.patch(`/api/volunteers/teams/${created.json().id}`, { organizationId: station.id });
    expect(set.json().organization?.name).toBe('社区义工服务总站');
  });

  it("refuses an organisation outside the team's region or unknown, naming the field and changing nothing", async () => {
    const elsewhere = await makeOrganization(t.db, A.street2);
    const inB = await makeOrganization(t.db, B.street);
    const team = await makeTeam(t.db, A.street);
    const before = await dbSnapshot(t.db);
    for (const organizationId of [elsewhere.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await staff.patch(`/api/volunteers/teams/${team.id}`, { organizationId });
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'organizationId', problem: 'team_organization_other_region' });
      expect(res.json().error.fields[0].message).toContain('所属组织');
      const created = await staff.post('/api/volunteers/teams', { regionCode: A.street, name: '不应建成的队', organizationId });
      expect(created.status).toBe(400);
      expect(created.json().error.fields[0].field).toBe('organizationId');
    }
    // Another region's organisation is out of the caller's reach as well as the team's region.
    expect((await staff.patch(`/api/volunteers/teams/${team.id}`, { organizationId: inB.id })).json().error.fields[0].field).toBe('organizationId');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('GET /volunteers/social-workers', () => {
  it("lists the centre staff over the region by name, without phones, for staff who cannot list users", async () => {
    const res = await streetStaff.get(`/api/volunteers/social-workers?region=${A.street}`);
    expect(res.status, res.body).toBe(200);
    const items = res.json().items as { id: string; displayName: string }[];
    const ids = items.map((i) => i.id);
    expect(ids).toContain(districtStaffId);
    expect(ids).toContain(streetStaffId);
    // A neighbouring street's staff cannot lead this street's team (the create would refuse it).
    expect(ids).not.toContain(otherStreetStaffId);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['displayName', 'id']);
    // The one picked is accepted as the team's lead.
    const team = await staff.post('/api/volunteers/teams', { regionCode: A.community, name: '社工引领队', socialWorkerId: streetStaffId });
    expect(team.status, team.body).toBe(200);
    expect(team.json().socialWorker).toEqual({ id: streetStaffId, displayName: '街道社工' });
    // Staff of a street may not list users (the old picker's GET /users).
    expect((await streetStaff.get('/api/users')).status).toBe(403);
  });

  it("refuses a region outside the caller's reach and a missing region", async () => {
    const out = await staffB.get(`/api/volunteers/social-workers?region=${A.street}`);
    expect(out.status).toBe(400);
    expect(out.json().error.fields[0].field).toBe('region');
    expect((await staff.get('/api/volunteers/social-workers')).status).toBe(400);
  });
});

describe('availability slots', () => {
  const person = (over: Record<string, unknown> = {}) => ({
    name: '赵可用',
    idNumber: makeVolunteerIdNumber('19850303'),
    phone: '13812340000',
    regionCode: A.street,
    ...over,
  });

  it('match the codes the demo data stores', async () => {
    const { AVAILABILITY } = await import('../../db/seed/volunteers-texts.js');
    expect([...AVAILABILITY].sort()).toEqual([...AVAILABILITY_CODES].sort());
    for (const labels of Object.values(AVAILABILITY_SLOTS)) expect(Object.keys(labels).sort()).toEqual(['en', 'zh-CN', 'zh-TW']);
  });

  it('refuses a slot not in the list, naming 可服务时间, and stores nothing', async () => {
    const before = await dbSnapshot(t.db);
    const res = await staff.post('/api/volunteers', person({ availability: ['mon_am', '周末随时'] }));
    expect(res.status).toBe(400);
    const [problem] = res.json().error.fields;
    expect(problem.problem).toBe('availability_unknown');
    expect(problem.field).toMatch(/^availability/);
    expect(problem.message).toContain('可服务时间');
    const repeated = await staff.post('/api/volunteers', person({ availability: ['mon_am', 'mon_am'] }));
    expect(repeated.status).toBe(400);
    expect(repeated.json().error.fields[0]).toMatchObject({ field: 'availability', problem: 'availability_repeated' });
    expect(await dbSnapshot(t.db)).toEqual(before);
    const v = await makeVolunteer(t.db, A.street);
    expect((await staff.patch(`/api/volunteers/${v.id}`, { availability: ['someday'] })).status).toBe(400);
    expect((await staff.patch(`/api/volunteers/${v.id}`, { availability: ['sun_pm', 'weekday_evening'] })).json().availability).toEqual(['sun_pm', 'weekday_evening']);
  });

  it("are written in the reader's language in the export", async () => {
    const tree = await makeRegionTree(t.db);
    const lead = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: tree.district }])).username, PASSWORD);
    await makeVolunteer(t.db, tree.street, { name: '时段甲', availability: ['mon_am', 'weekday_evening'] });
    const zh = JSON.stringify(await readWorkbook((await lead.get('/api/volunteers/export')).rawPayload));
    expect(zh).toContain('周一上午、工作日晚上');
    expect(zh).not.toContain('mon_am');
    const en = JSON.stringify(await readWorkbook((await lead.get('/api/volunteers/export', { 'accept-language': 'en' })).rawPayload));
    expect(en).toContain('Mon morning、Weekday evenings');
  });

  it('are read from an import sheet as labels in any language or codes; an unknown one is named by row and column', async () => {
    const HEAD = ['姓名', '身份证号', '手机号', '技能特长', '可服务时间'];
    const bad = await workbook(HEAD, [
      ['导入甲', makeVolunteerIdNumber('19700101'), '13600000001', '', '周一上午、Sat afternoon、週日下午、fri_pm'],
      ['导入乙', makeVolunteerIdNumber('19700102'), '13600000002', '', '周一上午，有空就来'],
    ]);
    const before = await dbSnapshot(t.db);
    const refused = await staff.upload(`/api/volunteers/import?regionCode=${A.street}`, 'file', 'v.xlsx', bad, XLSX_MIME);
    expect(refused.status).toBe(422);
    const problems = refused.json().error.details.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 3, column: '可服务时间' });
    expect(problems[0].message).toContain('有空就来');
    expect(await dbSnapshot(t.db)).toEqual(before);

    const idNumber = makeVolunteerIdNumber('19700103');
    const good = await workbook(HEAD, [['导入丙', idNumber, '13600000003', '', '周一上午、Sat afternoon、週日下午、fri_pm、周一上午']]);
    const ok = await staff.upload(`/api/volunteers/import?regionCode=${A.street}`, 'file', 'v.xlsx', good, XLSX_MIME);
    expect(ok.status, ok.body).toBe(200);
    const [row] = rowsOf<{ availability: string[] }>(await t.db.execute(sql`select availability from volunteers where name = '导入丙'`));
    expect(row.availability).toEqual(['mon_am', 'sat_pm', 'sun_pm', 'fri_pm']);
  });

  it('split a cell on commas and, for labels holding spaces, only where a piece is no slot whole', () => {
    expect(availabilityOfCell('Mon morning, Weekday evenings')).toEqual({ slots: ['mon_am', 'weekday_evening'] });
    expect(availabilityOfCell('mon_am sat_pm')).toEqual({ slots: ['mon_am', 'sat_pm'] });
    expect(availabilityOfCell('')).toEqual({ slots: [] });
    expect(availabilityOfCell('Mon evening')).toEqual({ unknown: 'Mon evening' });
  });
});

describe("the team leader's home card", () => {
  it('lists the teams the volunteer leads that are active, not those it only joined or that stopped', async () => {
    const made = await makeVolunteerWithAccount(t.db, A.street);
    const agent = await signIn(t.app, made.user.username, PASSWORD);
    await makeTeam(t.db, A.street, { name: '乙队（只是队员）' }, [{ volunteerId: made.volunteer.id }]);
    const led = await makeTeam(t.db, A.street, { name: '甲队（队长）' }, [{ volunteerId: made.volunteer.id, role: 'leader' }]);
    await makeTeam(t.db, A.street, { name: '丙队（已停用）', active: false }, [{ volunteerId: made.volunteer.id, role: 'leader' }]);
    const cards = (await agent.get('/api/home')).json().cards as { kind: string; teams?: { teamId: string; name: string }[] }[];
    const card = cards.find((c) => c.kind === 'volunteerTeamShifts');
    expect(card?.teams).toEqual([{ teamId: led.id, name: '甲队（队长）' }]);
  });
});

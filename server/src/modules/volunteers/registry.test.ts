import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckDigit } from '../../../../shared/validators.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, readWorkbook, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { volunteerCountsOfRegion } from './volunteers.service.js';
import { makeTeam, makeVolunteer, makeVolunteerIdNumber, makeVolunteerWithAccount } from './volunteers.factories.js';

/** V1: the real-name volunteer registry — records, numbers, self-registration, confirmation, the full ID number, import, export, teams. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let staffB: Agent;
let official: Agent;
let staffUserId: string;

const body = (over: Record<string, unknown> = {}) => ({
  name: '王小明',
  idNumber: makeVolunteerIdNumber('19880512'),
  phone: '13812345678',
  skills: ['急救', '陪伴'],
  availability: ['sat_am'],
  regionCode: A.community,
  ...over,
});

/** A valid number with a birth date of one's choosing (tomorrow, say). */
function idBornOn(yyyymmdd: string) {
  const first17 = `110101${yyyymmdd}123`;
  return first17 + idCheckDigit(first17);
}

const auditRows = async (action: string) =>
  rowsOf<{ before: unknown; after: unknown; actor_id: string | null }>(await t.db.execute(sql`select before, after, actor_id from audit_log where action = ${action} order by id`));

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const staffUser = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staffUserId = staffUser.id;
  staff = await signIn(t.app, staffUser.username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('registering by staff', () => {
  it('creates an active volunteer numbered in its street, with birth date and gender from the ID number, masked in answers', async () => {
    const idNumber = makeVolunteerIdNumber('19880512');
    const res = await staff.post('/api/volunteers', body({ idNumber }));
    expect(res.status, res.body).toBe(200);
    const v = res.json();
    // Rule: the street's 9-digit code, a hyphen, the street's running number in 6 digits.
    expect(v.number).toMatch(new RegExp(`^${A.street.slice(0, 9)}-\\d{6}$`));
    expect(v).toMatchObject({ status: 'active', source: 'staff', name: '王小明', phone: '138****5678', regionCode: A.community });
    expect(v.idNumber).toBe(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`);
    expect(v.history.map((h: { toState: string }) => h.toState)).toEqual(['active']);
    const [row] = rowsOf<{ birth_date: string; gender: string; id_number: string }>(
      await t.db.execute(sql`select birth_date::text, gender, id_number from volunteers where id = ${v.id}`),
    );
    expect(row.birth_date).toBe('1988-05-12');
    expect(['male', 'female']).toContain(row.gender);
    // Sealed at rest.
    expect(row.id_number).not.toContain(idNumber);
    // The audit row never holds the ID number; the phone is masked.
    const [audit] = await auditRows('volunteers.volunteer.create');
    expect(JSON.stringify(audit.after)).not.toContain(idNumber);
    expect((audit.after as { phone: string }).phone).toBe('138****5678');
  });

  it('gives the next number of the street, never reused once its volunteer leaves', async () => {
    const first = (await staff.post('/api/volunteers', body())).json();
    expect((await staff.post(`/api/volunteers/${first.id}/leave`, { reason: '搬家' })).status).toBe(200);
    const second = (await staff.post('/api/volunteers', body({ regionCode: A.street }))).json();
    const n = (s: string) => Number(s.split('-')[1]);
    expect(n(second.number)).toBe(n(first.number) + 1);
  });

  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['a name beyond 50 characters', { name: '张'.repeat(51) }, 'name'],
    ['a huge skill list', { skills: Array.from({ length: 21 }, (_, i) => `技能${i}`) }, 'skills'],
    ['a skill of 10,000 characters', { skills: ['x'.repeat(10_000)] }, 'skills.0'],
    ['a NUL in the name', { name: '王\u0000明' }, 'name'],
    ['a malformed ID number', { idNumber: '31010719880512' }, 'idNumber'],
    ['a bad check digit', { idNumber: (() => { const id = makeVolunteerIdNumber('19700101'); return id.slice(0, 17) + (id[17] === '0' ? '1' : '0'); })() }, 'idNumber'],
    ['a birth date in the future', { idNumber: idBornOn('20991231') }, 'idNumber'],
    ['a phone that is no phone', { phone: '12345' }, 'phone'],
    ['a district for a region', { regionCode: undefined }, 'regionCode'],
    ['another district', { regionCode: 'B' }, 'regionCode'],
  ])('refuses %s, naming the field and changing nothing', async (_label, over, field) => {
    const patch = { ...over } as Record<string, unknown>;
    if (field === 'regionCode') patch.regionCode = patch.regionCode === 'B' ? B.street : A.district;
    const before = await dbSnapshot(t.db);
    const res = await staff.post('/api/volunteers', body(patch));
    expect(res.status, res.body).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses a second record for the same ID number, naming idNumber with a clear message', async () => {
    const idNumber = makeVolunteerIdNumber('19900303');
    expect((await staff.post('/api/volunteers', body({ idNumber }))).status).toBe(200);
    const before = await dbSnapshot(t.db);
    // The same person, its check character written in lower case.
    const res = await staff.post('/api/volunteers', body({ idNumber: idNumber.toLowerCase(), name: '另一个名字' }));
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'idNumber', message: '身份证号：此身份证号已登记为志愿者，同一人只能登记一次' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lets one of two simultaneous registrations of a person through, the other refused naming idNumber', async () => {
    const idNumber = makeVolunteerIdNumber('19910909');
    const both = await Promise.all([staff.post('/api/volunteers', body({ idNumber })), staff.post('/api/volunteers', body({ idNumber }))]);
    const statuses = both.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([400, 409]).toContain(statuses[1]);
    const refused = both.find((r) => r.status !== 200)!;
    expect(refused.json().error.fields[0].field).toBe('idNumber');
  });

  it("keeps B's staff away from A's volunteers (404) and their list empty", async () => {
    const v = await makeVolunteer(t.db, A.street);
    expect((await staffB.get(`/api/volunteers/${v.id}`)).status).toBe(404);
    expect((await staffB.patch(`/api/volunteers/${v.id}`, { name: '改' })).status).toBe(404);
    expect((await staffB.get('/api/volunteers')).json().items).toEqual([]);
  });
});

describe('the list', () => {
  it('searches by name, number and the last 4 digits of the phone; filters by status, skill and team; sorts by pinyin', async () => {
    const tree = await makeRegionTree(t.db);
    const lead = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: tree.district }])).username, PASSWORD);
    const zhao = await makeVolunteer(t.db, tree.street, { name: '赵敏', phone: '13700001234', skills: ['理发'] });
    const an = await makeVolunteer(t.db, tree.street, { name: '安琪', phone: '13700005678', status: 'pending' });
    await makeVolunteer(t.db, tree.community, { name: '白云', phone: '13700009999' });
    const team = await makeTeam(t.db, tree.street, {}, [{ volunteerId: an.id }]);
    const names = async (q: string) => (await lead.get(`/api/volunteers?${q}`)).json().items.map((v: { name: string }) => v.name);
    expect(await names('sort=name')).toEqual(['安琪', '白云', '赵敏']);
    expect(await names('q=1234')).toEqual(['赵敏']);
    expect(await names(`q=${encodeURIComponent(zhao.number)}`)).toEqual(['赵敏']);
    expect(await names(`q=${encodeURIComponent('白')}`)).toEqual(['白云']);
    expect(await names('status=pending')).toEqual(['安琪']);
    expect(await names(`skill=${encodeURIComponent('理发')}`)).toEqual(['赵敏']);
    expect(await names(`teamId=${team.id}`)).toEqual(['安琪']);
    expect(await names('sort=number')).toEqual(['赵敏', '安琪', '白云']);
    const page = (await lead.get('/api/volunteers?pageSize=2&page=2')).json();
    expect(page).toMatchObject({ total: 3, totalCapped: false });
    expect(page.items).toHaveLength(1);
  });
});

describe('self-registration', () => {
  let client = 0;
  /** Each registration from an address of its own: the per-address limit is tested on its own below. */
  const register = async (over: Record<string, unknown> = {}, remoteAddress = `198.51.100.${++client}`) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/volunteers/public/register',
      remoteAddress,
      payload: {
        name: '李自愿',
        idNumber: makeVolunteerIdNumber('19950707'),
        phone: '13600001111',
        street: A.street,
        skills: ['摄影'],
        availability: ['sun_pm'],
        username: `self_${Math.random().toString(36).slice(2, 10)}`,
        password: 'Zyz12345',
        ...over,
      },
    });
    return { status: res.statusCode, body: res.body, json: () => res.json() };
  };

  it('creates the account and a pending record together; the person signs in and sees only its own record', async () => {
    const username = `zyz_${Date.now()}`;
    const res = await register({ username });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'pending' });
    const me = await signIn(t.app, username, 'Zyz12345');
    const own = await me.get('/api/volunteers/me');
    expect(own.status).toBe(200);
    expect(own.json()).toMatchObject({ id: res.json().id, status: 'pending', source: 'self', hasAccount: true, regionCode: A.street });
    expect((await me.get(`/api/volunteers/${res.json().id}`)).status).toBe(200);
    const other = await makeVolunteer(t.db, A.street);
    expect((await me.get(`/api/volunteers/${other.id}`)).status).toBe(404);
    expect((await me.get('/api/volunteers')).json().items.map((v: { id: string }) => v.id)).toEqual([res.json().id]);
    // Its own phone, skills and availability, nothing else.
    const edit = await me.patch('/api/volunteers/me', { phone: '13600002222', skills: ['摄影', '剪辑'] });
    expect(edit.status, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ phone: '136****2222', skills: ['摄影', '剪辑'] });
    expect((await me.patch('/api/volunteers/me', { name: '改名' })).status).toBe(400);
    expect((await me.post(`/api/volunteers/${res.json().id}/confirm`)).status).toBe(403);
    const [audit] = await auditRows('user.create');
    expect(audit).toBeDefined();
  });

  it('lets staff confirm it, recording who and when', async () => {
    const res = await register();
    const id = res.json().id;
    const confirm = await staff.post(`/api/volunteers/${id}/confirm`);
    expect(confirm.status, confirm.body).toBe(200);
    expect(confirm.json()).toMatchObject({ status: 'active', confirmedByName: expect.any(String) });
    expect(confirm.json().confirmedAt).not.toBeNull();
    expect(confirm.json().history.map((h: { action: string }) => h.action)).toEqual(['create', 'confirm']);
    const [row] = rowsOf<{ confirmed_by: string }>(await t.db.execute(sql`select confirmed_by from volunteers where id = ${id}`));
    expect(row.confirmed_by).toBe(staffUserId);
    // Once only.
    expect((await staff.post(`/api/volunteers/${id}/confirm`)).status).toBe(409);
  });

  it('refuses a weak password, a taken username, a duplicate ID number and an unknown street, creating nothing', async () => {
    const takenId = makeVolunteerIdNumber('19950707');
    expect((await register({ idNumber: takenId })).status).toBe(200);
    const idNumber = makeVolunteerIdNumber('19960808');
    const existing = await makeUser(t.db, [{ role: 'volunteer', regionCode: A.street }]);
    const before = await dbSnapshot(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ password: 'short' }, 'password'],
      [{ idNumber: takenId }, 'idNumber'],
      [{ street: A.district, idNumber }, 'street'],
      [{ street: '999999999000', idNumber }, 'street'],
      [{ name: '', idNumber }, 'name'],
    ];
    for (const [over, field] of cases) {
      const res = await register(over);
      expect(res.status, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field), JSON.stringify(over)).toContain(field);
    }
    // A username already in use.
    const dupUser = await register({ username: existing.username, idNumber });
    expect(dupUser.status).toBe(400);
    expect(dupUser.json().error.fields[0].field).toBe('username');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('takes at most 10 registrations an hour from one address, the 11th refused with 429 before anything is read', async () => {
    for (let i = 0; i < 10; i++) expect((await register({ password: 'weak' }, '203.0.113.9')).status).toBe(400);
    const before = await dbSnapshot(t.db);
    const res = await register({}, '203.0.113.9');
    expect(res.status).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
    expect(await dbSnapshot(t.db)).toEqual(before);
    // Another address is not held back.
    expect((await register()).status).toBe(200);
  });

  it('offers streets by name to anyone', async () => {
    const res = await anonymous(t.app).get(`/api/volunteers/public/streets?q=${encodeURIComponent('甲街道')}`);
    expect(res.status).toBe(200);
    expect(res.json().items.map((s: { code: string }) => s.code)).toContain(A.street);
    expect(res.json().items.every((s: { code: string }) => s.code.endsWith('000'))).toBe(true);
  });
});

describe('suspension and return', () => {
  it('asks a reason, keeps it in the history, and refuses a step the state does not allow', async () => {
    const v = await makeVolunteer(t.db, A.street);
    expect((await staff.post(`/api/volunteers/${v.id}/suspend`, { reason: '' })).status).toBe(400);
    expect((await staff.post(`/api/volunteers/${v.id}/reactivate`, { reason: '试试' })).status).toBe(409);
    expect((await staff.post(`/api/volunteers/${v.id}/suspend`, { reason: '连续三次未到' })).status).toBe(200);
    const back = await staff.post(`/api/volunteers/${v.id}/reactivate`, { reason: '已沟通' });
    expect(back.json().status).toBe('active');
    expect(back.json().history.map((h: { comment: string | null }) => h.comment)).toEqual(['连续三次未到', '已沟通']);
  });
});

describe('the full ID number', () => {
  it('shows it to an official, recording each look, and refuses centre staff', async () => {
    const idNumber = makeVolunteerIdNumber('19770101');
    const v = await makeVolunteer(t.db, A.street, { idNumber });
    expect((await staff.get(`/api/volunteers/${v.id}`)).json().idNumber).not.toBe(idNumber);
    const refused = await staff.get(`/api/volunteers/${v.id}/id-number`);
    expect(refused.status).toBe(403);
    const res = await official.get(`/api/volunteers/${v.id}/id-number`);
    expect(res.status).toBe(200);
    expect(res.json().idNumber).toBe(idNumber);
    const rows = await auditRows('volunteers.volunteer.id_number.reveal');
    expect(rows.at(-1)!.after).toEqual({ id: v.id, number: v.number });
  });
});

describe('import', () => {
  const HEAD = ['姓名', '身份证号', '手机号', '技能特长', '可服务时间'];

  it('imports nothing when one row is bad, naming its row and column', async () => {
    const bytes = await workbook(HEAD, [
      ['甲', makeVolunteerIdNumber('19800101'), '13500000001', '急救、陪伴', ''],
      ['乙', '310107198001011234', '13500000002', '', ''],
      ['丙', makeVolunteerIdNumber('19800102'), '13500000003', '', ''],
    ]);
    const before = await dbSnapshot(t.db);
    const res = await staff.upload(`/api/volunteers/import?regionCode=${A.street}`, 'file', 'v.xlsx', bytes, XLSX_MIME);
    expect(res.status).toBe(422);
    expect(res.json().error.details.problems).toHaveLength(1);
    expect(res.json().error.details.problems[0]).toMatchObject({ row: 3, column: '身份证号' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lists rows already held and imports nothing until told to skip or update them', async () => {
    const held = await makeVolunteer(t.db, A.street, { name: '老队员', idNumber: makeVolunteerIdNumber('19660606') });
    const fresh = makeVolunteerIdNumber('19810101');
    const bytes = await workbook(HEAD, [
      ['新队员', fresh, '13500000011', '急救', ''],
      ['老队员改', held.idNumber, '13500000012', '', ''],
    ]);
    const before = await dbSnapshot(t.db);
    const first = await staff.upload(`/api/volunteers/import?regionCode=${A.street}`, 'file', 'v.xlsx', bytes, XLSX_MIME);
    expect(first.status).toBe(409);
    expect(first.json().error.details.existing).toEqual([expect.objectContaining({ row: 3, existingId: held.id, number: held.number })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
    const skip = await staff.upload(`/api/volunteers/import?regionCode=${A.street}&onExisting=skip`, 'file', 'v.xlsx', bytes, XLSX_MIME);
    expect(skip.status, skip.body).toBe(200);
    expect(skip.json()).toMatchObject({ imported: 1, updated: 0, skipped: 1 });
    const again = await workbook(HEAD, [['老队员改', held.idNumber, '13500000012', '', '']]);
    const update = await staff.upload(`/api/volunteers/import?regionCode=${A.street}&onExisting=update`, 'file', 'v.xlsx', again, XLSX_MIME);
    expect(update.json()).toMatchObject({ imported: 0, updated: 1 });
    expect((await staff.get(`/api/volunteers/${held.id}`)).json()).toMatchObject({ name: '老队员改', phone: '135****0012', number: held.number });
  });

  it("refuses a region outside the caller's reach", async () => {
    const bytes = await workbook(HEAD, [['甲', makeVolunteerIdNumber('19800101'), '13500000001', '', '']]);
    expect((await staffB.upload(`/api/volunteers/import?regionCode=${A.street}`, 'file', 'v.xlsx', bytes, XLSX_MIME)).status).toBe(400);
  });
});

describe('export', () => {
  it('masks ID numbers and phones, follows the filters, and records the download', async () => {
    const tree = await makeRegionTree(t.db);
    const lead = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: tree.district }])).username, PASSWORD);
    const v = await makeVolunteer(t.db, tree.street, { name: '导出甲', phone: '13912340000' });
    await makeVolunteer(t.db, tree.street, { name: '导出乙', status: 'pending' });
    const res = await lead.get('/api/volunteers/export?status=active');
    expect(res.status).toBe(200);
    const rows = await readWorkbook(res.rawPayload);
    expect(rows).toHaveLength(2);
    const text = JSON.stringify(rows);
    expect(text).toContain('导出甲');
    expect(text).not.toContain('导出乙');
    expect(text).not.toContain(v.idNumber);
    expect(text).toContain('139****0000');
    expect(text).not.toContain('13912340000');
    expect((await auditRows('volunteers.volunteer.export')).length).toBeGreaterThan(0);
  });
});

describe('what other domains read', () => {
  it("counts a region's volunteers by status", async () => {
    const tree = await makeRegionTree(t.db);
    await makeVolunteer(t.db, tree.street);
    await makeVolunteer(t.db, tree.community, { status: 'pending' });
    await makeVolunteer(t.db, tree.street2, { status: 'left' });
    expect(await volunteerCountsOfRegion(t.db, tree.street)).toEqual({ pending: 1, active: 1, suspended: 0, left: 0, total: 2 });
    expect((await volunteerCountsOfRegion(t.db, tree.district)).total).toBe(3);
  });
});

describe('teams', () => {
  it('takes members and leaders of its region, a social-worker lead who is centre staff there, and lets a leader read the roster', async () => {
    const lead = await makeVolunteerWithAccount(t.db, A.street);
    const member = await makeVolunteerWithAccount(t.db, A.community);
    const outsider = await makeVolunteer(t.db, B.street);
    const team = await staff.post('/api/volunteers/teams', { regionCode: A.street, name: '甲街道助老队', socialWorkerId: staffUserId });
    expect(team.status, team.body).toBe(200);
    const id = team.json().id;
    expect(team.json().socialWorker).toMatchObject({ id: staffUserId });
    const notStaff = await staff.post('/api/volunteers/teams', { regionCode: A.street, name: '另一队', socialWorkerId: lead.user.id });
    expect(notStaff.status).toBe(400);
    expect(notStaff.json().error.fields[0].field).toBe('socialWorkerId');
    expect((await staff.post('/api/volunteers/teams', { regionCode: A.street, name: '甲街道助老队' })).json().error.fields[0].field).toBe('name');

    expect((await staff.post(`/api/volunteers/teams/${id}/members`, { volunteerId: lead.volunteer.id, role: 'leader' })).status).toBe(200);
    expect((await staff.post(`/api/volunteers/teams/${id}/members`, { volunteerId: member.volunteer.id })).status).toBe(200);
    const other = await staff.post(`/api/volunteers/teams/${id}/members`, { volunteerId: outsider.id });
    expect(other.status).toBe(400);
    expect(other.json().error.fields[0].field).toBe('volunteerId');

    const leader = await signIn(t.app, lead.user.username, PASSWORD);
    const roster = await leader.get(`/api/volunteers/teams/${id}/members`);
    expect(roster.status, roster.body).toBe(200);
    expect(roster.json().items.map((m: { role: string }) => m.role)).toEqual(['leader', 'member']);
    expect(roster.json().items[1].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    // A plain member sees the team, not its roster; a stranger not even the team.
    const plain = await signIn(t.app, member.user.username, PASSWORD);
    expect((await plain.get(`/api/volunteers/teams/${id}`)).status).toBe(200);
    expect((await plain.get(`/api/volunteers/teams/${id}/members`)).status).toBe(403);
    const stranger = await signIn(t.app, (await makeVolunteerWithAccount(t.db, A.street)).user.username, PASSWORD);
    expect((await stranger.get(`/api/volunteers/teams/${id}`)).status).toBe(404);

    expect((await staff.patch(`/api/volunteers/teams/${id}/members/${member.volunteer.id}`, { role: 'leader' })).json().role).toBe('leader');
    expect((await staff.delete(`/api/volunteers/teams/${id}/members/${member.volunteer.id}`)).status).toBe(200);
    expect((await plain.get(`/api/volunteers/teams/${id}`)).status).toBe(404);
    expect((await staffB.get(`/api/volunteers/teams/${id}`)).status).toBe(404);
  });
});

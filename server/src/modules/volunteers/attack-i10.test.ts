/**
 * The volunteers domain under attack (issue 10): every route tried by the wrong actor (another
 * volunteer, another region's staff and official, a sibling organisation, an unassigned reviewer),
 * hostile field values, QR codes replayed or borrowed, and the public registration and
 * verification pages. Out of reach is 404 with nothing of the record in the body; bad input a 4xx
 * naming the field in the user's words; nothing refused changes a table.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type Response, type TestApp } from '../../../test/build-app.js';
import { untranslated } from '../../../test/fuzz/runner.js';
import { changedTables, dbSnapshot } from '../../../test/helpers.js';
import { auditLog } from '../../core/core.tables.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { minuteOf, shiftCode } from './service/shift-qr.js';
import { approvedEntry } from './volunteers-overview.factories.js';
import { makeActivity, makeShift } from './volunteers-shifts.factories.js';
import { makeVolunteer, makeVolunteerIdNumber, makeVolunteerWithAccount } from './volunteers.factories.js';
import { volunteerSignups } from './volunteers.tables.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffB: Agent;
let officialB: Agent;
let member: Agent;
let reviewer: Agent;
let me: { agent: Agent; volunteer: Awaited<ReturnType<typeof makeVolunteer>> };
let other: { agent: Agent; volunteer: Awaited<ReturnType<typeof makeVolunteer>> };
let pending: Agent;
/** The other volunteer's records: what `me` must never reach. */
let theirs: { signup: string; entry: string; shift: string; team: string };
let org: { id: string };
let sibling: { id: string };
let siblingEntry: string;
let centreShift: Awaited<ReturnType<typeof makeShift>>;
let centreActivity: Awaited<ReturnType<typeof makeActivity>>;

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function volunteerAgent(regionCode: string, overrides: Parameters<typeof makeVolunteer>[2] = {}) {
  const { user, volunteer } = await makeVolunteerWithAccount(t.db, regionCode, overrides);
  return { agent: await signIn(t.app, user.username, PASSWORD), volunteer, user };
}

/** A refusal: the status, and (for 400) the field named in Chinese words; the database unchanged. */
async function refused(send: () => Promise<Response>, status: number, field?: string) {
  const before = await dbSnapshot(t.db);
  const res = await send();
  expect(res.status, res.body).toBe(status);
  if (field) {
    const error = res.json().error;
    expect(error.fields?.map((f: { field: string }) => f.field), res.body).toContain(field);
    expect(untranslated(res.body, true), res.body).toBeNull();
  }
  expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  return res;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  org = await makeOrganization(t.db, A.street);
  sibling = await makeOrganization(t.db, A.street);
  const as = async (grants: Parameters<typeof makeUser>[1]) => signIn(t.app, (await makeUser(t.db, grants)).username, PASSWORD);
  staff = await as([{ role: 'centre_staff', regionCode: A.street }]);
  staffB = await as([{ role: 'centre_staff', regionCode: B.street }]);
  officialB = await as([{ role: 'official', regionCode: B.district }]);
  member = await as([{ role: 'org_member', regionCode: A.street, organizationId: org.id }]);
  reviewer = await as([{ role: 'reviewer', regionCode: A.district }]);
  me = await volunteerAgent(A.street);
  other = await volunteerAgent(A.street);
  pending = (await volunteerAgent(A.street, { status: 'pending' })).agent;

  centreActivity = await makeActivity(t.db, A.street);
  centreShift = await makeShift(t.db, centreActivity, { startsAt: new Date(Date.now() + 2 * 86_400_000), quota: 5 });
  const [signup] = await t.db.insert(volunteerSignups).values({ shiftId: centreShift.id, volunteerId: other.volunteer.id, regionCode: A.street, status: 'confirmed' }).returning();
  const entry = await approvedEntry(t.db, other.volunteer, at(-10 * 86_400_000), 120);
  const team = await staff.post('/api/volunteers/teams', { name: '攻击测试队', regionCode: A.street });
  expect(team.status, team.body).toBe(200);
  theirs = { signup: signup.id, entry: entry.id, shift: centreShift.id, team: team.json().id };

  const siblingActivity = await makeActivity(t.db, A.street, { ownerOrganizationId: sibling.id });
  const entered = await staff.post('/api/volunteers/hours', {
    volunteerId: other.volunteer.id,
    activityId: siblingActivity.id,
    startsAt: at(-5 * 86_400_000),
    endsAt: at(-5 * 86_400_000 + 2 * HOUR),
    reason: '纸质签到表补录',
  });
  expect(entered.status, entered.body).toBe(200);
  siblingEntry = entered.json().id;
});
afterAll(async () => {
  await t?.close();
});

describe('another volunteer’s records', () => {
  it('reads and acts on another volunteer’s record, hours, sign-ups and certificate as 404, with nothing of theirs in the body', async () => {
    const id = other.volunteer.id;
    for (const [method, url] of [
      ['GET', `/api/volunteers/${id}`],
      ['GET', `/api/volunteers/${id}/totals`],
      ['GET', `/api/volunteers/${id}/honours`],
      ['POST', `/api/volunteers/${id}/certificate`],
      ['GET', `/api/volunteers/hours/${theirs.entry}`],
      ['POST', `/api/volunteers/signups/${theirs.signup}/cancel`],
      ['POST', `/api/volunteers/signups/${theirs.signup}/check-in`],
      ['POST', `/api/volunteers/signups/${theirs.signup}/no-show`],
      ['GET', `/api/volunteers/shifts/${theirs.shift}/signups`],
      ['GET', `/api/volunteers/shifts/${theirs.shift}/qr`],
    ] as const) {
      const res = await refused(() => (method === 'GET' ? me.agent.get(url) : me.agent.post(url, {})), 404);
      expect(res.body, url).not.toContain(other.volunteer.name);
      expect(res.body, url).not.toContain(other.volunteer.number);
    }
    // Lists filtered by another volunteer hold only one's own.
    const hours = await me.agent.get(`/api/volunteers/hours?volunteerId=${id}`);
    expect(hours.status, hours.body).toBe(200);
    expect(hours.json().items).toEqual([]);
    const list = await me.agent.get('/api/volunteers');
    expect(list.status, list.body).toBe(200);
    expect(list.json().items.map((v: { id: string }) => v.id)).toEqual([me.volunteer.id]);
  });

  it('refuses a volunteer the staff routes over other volunteers (403), and a change to another’s record', async () => {
    const id = other.volunteer.id;
    await refused(() => me.agent.patch(`/api/volunteers/${id}`, { phone: '13900000000' }), 403);
    await refused(() => me.agent.post(`/api/volunteers/${id}/suspend`, { reason: 'x' }), 403);
    await refused(() => me.agent.get(`/api/volunteers/${id}/id-number`), 403);
    await refused(() => me.agent.post(`/api/volunteers/hours/${theirs.entry}/decision`, { decision: 'approved' }), 403);
    await refused(() => me.agent.post(`/api/volunteers/teams/${theirs.team}/members`, { volunteerId: me.volunteer.id, role: 'leader' }), 403);
  });

  it('refuses a pending volunteer a sign-up, in words naming why', async () => {
    const res = await refused(() => pending.post(`/api/volunteers/shifts/${centreShift.id}/signup`, {}), 409);
    expect(res.json().error.code).toBe('volunteer_pending');
  });
});

describe('staff and organisations out of reach', () => {
  it('answers another region’s staff and official 404 on every record of region A', async () => {
    for (const agent of [staffB, officialB]) {
      for (const url of [
        `/api/volunteers/${other.volunteer.id}`,
        `/api/volunteers/${other.volunteer.id}/totals`,
        `/api/volunteers/teams/${theirs.team}`,
        `/api/volunteers/activities/${centreActivity.id}`,
        `/api/volunteers/hours/${theirs.entry}`,
      ]) {
        const res = await refused(() => agent.get(url), 404);
        expect(res.body).not.toContain(other.volunteer.name);
      }
      await refused(() => agent.patch(`/api/volunteers/${other.volunteer.id}`, { phone: '13900000000' }), 404);
      await refused(() => agent.post(`/api/volunteers/${other.volunteer.id}/certificate`, {}), 404);
      await refused(() => agent.post(`/api/volunteers/hours/${theirs.entry}/reverse`, { reason: '更正' }), 404);
    }
    await refused(() => officialB.get(`/api/volunteers/${other.volunteer.id}/id-number`), 404);
    // Region A's star rule and statistics are not region B's to set or read.
    const star = await refused(() => officialB.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [1, 2, 3, 4, 5], source: '区文件' }), 404);
    expect(star.json().error.code).toBe('not_found');
    // Statistics asked for a region out of reach answer for the caller's own region instead.
    const stats = await staffB.get(`/api/volunteers/statistics?regionCode=${A.district}`);
    expect(stats.status, stats.body).toBeLessThan(500);
    if (stats.status === 200) expect(stats.json().region.code.startsWith(A.district.slice(0, 6))).toBe(false);
    const ranks = await staffB.get(`/api/volunteers/rankings/volunteers?regionCode=${A.district}`);
    expect(ranks.status, ranks.body).toBeLessThan(500);
    expect(ranks.body).not.toContain(other.volunteer.name);
  });

  it('refuses an organisation member the hours of an activity its organisation does not own', async () => {
    await refused(() => member.post(`/api/volunteers/hours/${siblingEntry}/decision`, { decision: 'approved' }), 404);
    await refused(() => member.get(`/api/volunteers/hours/${siblingEntry}`), 404);
  });

  it('refuses an unassigned reviewer every volunteers route, and an organisation member the registry', async () => {
    await refused(() => reviewer.get('/api/volunteers'), 403);
    await refused(() => reviewer.get(`/api/volunteers/${other.volunteer.id}`), 403);
    await refused(() => reviewer.post(`/api/volunteers/hours/${theirs.entry}/decision`, { decision: 'approved' }), 403);
    await refused(() => member.post('/api/volunteers', { name: '张三', idNumber: makeVolunteerIdNumber(), phone: '13900000000', regionCode: A.street }), 403);
  });

  it('never lets a volunteer who is also staff decide or correct its own hours', async () => {
    const both = await makeVolunteerWithAccount(t.db, A.street, {}, [{ role: 'centre_staff', regionCode: A.street }]);
    const agent = await signIn(t.app, both.user.username, PASSWORD);
    const entered = await staff.post('/api/volunteers/hours', {
      volunteerId: both.volunteer.id,
      activityId: centreActivity.id,
      startsAt: at(-3 * 86_400_000),
      endsAt: at(-3 * 86_400_000 + HOUR),
      reason: '补录',
    });
    expect(entered.status, entered.body).toBe(200);
    const res = await refused(() => agent.post(`/api/volunteers/hours/${entered.json().id}/decision`, { decision: 'approved' }), 403);
    expect(res.json().error.code).toBe('volunteer_hours_self_approval');
    const own = await approvedEntry(t.db, both.volunteer, at(-20 * 86_400_000), 60);
    await refused(() => agent.post(`/api/volunteers/hours/${own.id}/reverse`, { reason: '更正' }), 403);
  });

  it('does not record hours for a volunteer of another district, nor name it (a manual entry)', async () => {
    const far = await makeVolunteer(t.db, B.street);
    const res = await refused(
      () => staff.post('/api/volunteers/hours', { volunteerId: far.id, activityId: centreActivity.id, startsAt: at(-4 * 86_400_000), endsAt: at(-4 * 86_400_000 + HOUR), reason: '补录' }),
      400,
      'volunteerId',
    );
    expect(res.body).not.toContain(far.name);
  });
});

describe('hostile values', () => {
  const shiftBody = (startsIn: number, lengthMs: number, quota = 5) => ({ startsAt: at(startsIn), endsAt: at(startsIn + lengthMs), quota });

  it('refuses shifts with a quota of 0 or 10001, reversed times, 25 hours, years 1800 and 3000 (400 naming the field)', async () => {
    const url = `/api/volunteers/activities/${centreActivity.id}/shifts`;
    await refused(() => staff.post(url, shiftBody(86_400_000, HOUR, 0)), 400, 'quota');
    await refused(() => staff.post(url, shiftBody(86_400_000, HOUR, 10_001)), 400, 'quota');
    await refused(() => staff.post(url, shiftBody(86_400_000, -HOUR)), 400, 'endsAt');
    await refused(() => staff.post(url, shiftBody(86_400_000, 25 * HOUR)), 400, 'endsAt');
    await refused(() => staff.post(url, { startsAt: '1800-01-01T09:00:00+08:00', endsAt: '1800-01-01T11:00:00+08:00', quota: 5 }), 400, 'startsAt');
    await refused(() => staff.post(url, { startsAt: '3000-01-01T09:00:00+08:00', endsAt: '3000-01-01T11:00:00+08:00', quota: 5 }), 400, 'startsAt');
    await refused(() => staff.post(url, { ...shiftBody(86_400_000, HOUR), quota: '5' }), 400, 'quota');
    await refused(() => staff.patch(`/api/volunteers/shifts/${centreShift.id}`, { quota: 0 }), 400, 'quota');
  });

  it('refuses names empty, of 100k characters or with NUL, and IDs with a wrong check digit', async () => {
    const body = { name: '张三', idNumber: makeVolunteerIdNumber(), phone: '13900000000', regionCode: A.street };
    await refused(() => staff.post('/api/volunteers', { ...body, name: '' }), 400, 'name');
    await refused(() => staff.post('/api/volunteers', { ...body, name: '张'.repeat(100_000) }), 400, 'name');
    await refused(() => staff.post('/api/volunteers', { ...body, name: '张\u0000三' }), 400, 'name');
    const id = makeVolunteerIdNumber();
    const wrongDigit = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    await refused(() => staff.post('/api/volunteers', { ...body, idNumber: wrongDigit }), 400, 'idNumber');
    await refused(() => staff.post('/api/volunteers', { ...body, regionCode: B.street }), 400, 'regionCode');
    await refused(() => me.agent.patch('/api/volunteers/me', { phone: 'x'.repeat(100_000) }), 400, 'phone');
    await refused(() => me.agent.patch('/api/volunteers/me', { skills: ['\u0000'] }), 400, 'skills.0');
  });

  it('refuses hours reversed in time, in the future, of 25 hours, and star thresholds not increasing', async () => {
    const body = { volunteerId: other.volunteer.id, activityId: centreActivity.id, reason: '补录' };
    await refused(() => staff.post('/api/volunteers/hours', { ...body, startsAt: at(-HOUR), endsAt: at(-2 * HOUR) }), 400, 'endsAt');
    await refused(() => staff.post('/api/volunteers/hours', { ...body, startsAt: at(HOUR), endsAt: at(2 * HOUR) }), 400, 'endsAt');
    await refused(() => staff.post('/api/volunteers/hours', { ...body, startsAt: at(-30 * HOUR), endsAt: at(-5 * HOUR) }), 400, 'endsAt');
    await refused(() => staff.post('/api/volunteers/hours', { ...body, startsAt: '1800-01-01T09:00:00+08:00', endsAt: '1800-01-01T10:00:00+08:00' }), 400, 'startsAt');
    const official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
    await refused(() => official.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [100, 50, 300, 600, 1500], source: '区文件' }), 400, 'thresholdHours');
    await refused(() => official.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [-1, 50, 300, 600, 1500], source: '区文件' }), 400, 'thresholdHours.0');
    await refused(() => staff.post(`/api/volunteers/${other.volunteer.id}/certificate`, { from: '1800-01-01' }), 400, 'from');
    await refused(() => staff.post(`/api/volunteers/${other.volunteer.id}/certificate`, { from: '2026-05-01', to: '2026-01-01' }), 400, 'to');
  });
});

describe('QR check-in', () => {
  async function underWay(startsIn = -10 * 60_000) {
    const activity = await makeActivity(t.db, A.street);
    const shift = await makeShift(t.db, activity, { startsAt: new Date(Date.now() + startsIn), endsAt: new Date(Date.now() + startsIn + 2 * HOUR) });
    const v = await volunteerAgent(A.street);
    const [signup] = await t.db.insert(volunteerSignups).values({ shiftId: shift.id, volunteerId: v.volunteer.id, regionCode: A.street, status: 'confirmed' }).returning();
    return { shift, v, signup };
  }

  it('refuses a code three minutes old, another shift’s code, and a guess (400 naming code)', async () => {
    const { shift, v } = await underWay();
    const elsewhere = await underWay();
    const now = minuteOf(new Date());
    await refused(() => v.agent.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: shiftCode(shift.qrSecret, shift.id, now - 3) }), 400, 'code');
    await refused(() => v.agent.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: shiftCode(elsewhere.shift.qrSecret, elsewhere.shift.id, now) }), 400, 'code');
    await refused(() => v.agent.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: 'AAAAAAAA' }), 400, 'code');
    const ok = await v.agent.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: shiftCode(shift.qrSecret, shift.id, now) });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json().action).toBe('checked_in');
  });

  it('refuses the scan of a volunteer suspended after it signed up: no check-in, no hours', async () => {
    const { shift, v } = await underWay();
    const suspended = await staff.post(`/api/volunteers/${v.volunteer.id}/suspend`, { reason: '多次爽约' });
    expect(suspended.status, suspended.body).toBe(200);
    const res = await refused(() => v.agent.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: shiftCode(shift.qrSecret, shift.id, minuteOf(new Date())) }), 409);
    expect(res.json().error.code).toBe('volunteer_scan_not_active');
    expect(untranslated(res.body, true)).toBeNull();
  });

  it('refuses a check-in before the window opens, by scan and on the list', async () => {
    const { shift, v, signup } = await underWay(2 * HOUR);
    const res = await refused(() => v.agent.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: shiftCode(shift.qrSecret, shift.id, minuteOf(new Date())) }), 409);
    expect(res.json().error.code).toBe('volunteer_check_in_not_open');
    await refused(() => staff.post(`/api/volunteers/signups/${signup.id}/check-in`, {}), 400, 'at');
    await refused(() => staff.post(`/api/volunteers/signups/${signup.id}/check-in`, { at: at(HOUR) }), 400, 'at');
  });
});

describe('public registration and verification', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    name: '孙自愿',
    idNumber: makeVolunteerIdNumber('19920202'),
    phone: '13811112222',
    street: A.street,
    username: `attack.${Math.random().toString(36).slice(2, 10)}`,
    password: 'Passw0rd!2026',
    ...over,
  });
  let address = 0;
  const register = (payload: unknown, remoteAddress = `203.0.113.${++address}`) =>
    t.app.inject({ method: 'POST', url: '/api/volunteers/public/register', payload: payload as object, remoteAddress }).then((r) => ({
      status: r.statusCode,
      body: r.body,
      json: () => r.json(),
      headers: r.headers,
    })) as Promise<Response>;

  it('refuses a taken username, a weak password and an ID already registered, without naming its holder', async () => {
    const first = await register(body());
    expect(first.status, first.body).toBe(200);
    const taken = await makeUser(t.db, [{ role: 'volunteer', regionCode: A.street }]);
    await refused(() => register(body({ username: taken.username })), 400, 'username');
    await refused(() => register(body({ password: '123456' })), 400, 'password');
    const holder = await makeVolunteer(t.db, A.street, { idNumber: makeVolunteerIdNumber('19600606') });
    const res = await refused(() => register(body({ idNumber: holder.idNumber })), 400, 'idNumber');
    expect(res.body).not.toContain(holder.name);
    expect(res.body).not.toContain(holder.number);
    expect(res.body).not.toContain(holder.regionCode);
  });

  it('limits registrations from one address (mass registration)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await register(body({ password: 'weak' }), '192.0.2.99')).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('shows on the public verification page a masked name only: no ID number, no phone', async () => {
    const v = await volunteerAgent(A.street, { name: '欧阳志愿', phone: '13955556666' });
    await approvedEntry(t.db, v.volunteer, at(-40 * 86_400_000), 180);
    const issued = await v.agent.post('/api/volunteers/me/certificate', {});
    expect(issued.status, issued.body).toBe(200);
    const { code } = issued.json().document;
    const page = await t.app.inject({ method: 'GET', url: `/api/verify/${encodeURIComponent(code)}`, remoteAddress: '203.0.113.200' });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).not.toContain(v.volunteer.idNumber);
    expect(page.body).not.toContain(v.volunteer.idNumber.slice(-4));
    expect(page.body).not.toContain('13955556666');
    expect(page.body).not.toContain('5566');
    expect(page.body).not.toContain('欧阳志愿');
    expect(page.body).toContain(v.volunteer.number);
  });

  it('keeps ID numbers and phones out of the audit rows of a registration and a staff registration', async () => {
    const idNumber = makeVolunteerIdNumber('19880808');
    const res = await register(body({ idNumber, phone: '13733334444' }));
    expect(res.status, res.body).toBe(200);
    const id2 = makeVolunteerIdNumber('19770707');
    const made = await staff.post('/api/volunteers', { name: '钱登记', idNumber: id2, phone: '13644445555', regionCode: A.street });
    expect(made.status, made.body).toBe(200);
    const rows = await t.db.select().from(auditLog);
    const text = JSON.stringify(rows);
    for (const secret of [idNumber, id2, '13733334444', '13644445555']) expect(text).not.toContain(secret);
    const mine = rows.filter((r) => r.entityId === made.json().id);
    expect(mine.length).toBeGreaterThan(0);
    const unchanged = await t.db.select().from(auditLog).where(eq(auditLog.entityId, res.json().id));
    expect(unchanged.length).toBeGreaterThan(0);
  });
});

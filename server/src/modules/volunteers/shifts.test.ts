import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot, readWorkbook } from '../../../test/helpers.js';
import { secondConnection } from '../../../test/test-db.js';
import type { Actor, Ctx } from '../../core/actor.js';
import { auditLog } from '../../core/core.tables.js';
import { rowsOf, type Database } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { signUp } from './service/signups.js';
import { makeActivity, makeShift } from './volunteers-shifts.factories.js';
import { addTeamMember, makeTeam, makeVolunteerWithAccount } from './volunteers.factories.js';
import { volunteerSignups, volunteers } from './volunteers.tables.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffB: Agent;
let member: Agent;
let team: Awaited<ReturnType<typeof makeOrganization>>;
let second: Database | null;

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

async function volunteerAgent(region = A.street, overrides: Parameters<typeof makeVolunteerWithAccount>[2] = {}) {
  const { user, volunteer } = await makeVolunteerWithAccount(t.db, region, { status: 'active', ...overrides });
  return { user, volunteer, agent: await signIn(t.app, user.username, PASSWORD) };
}

/** A draft activity with one shift made through the API by A's staff, then published. */
async function publishedShift(quota = 2, startsIn = 24) {
  const created = await staff.post('/api/volunteers/activities', { title: `助老探访${Math.random()}`, type: 'elderly', place: '长寿路 1 号', skillsWanted: ['陪伴'] });
  expect(created.status, created.body).toBe(200);
  const activity = created.json();
  const shift = await staff.post(`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: inHours(startsIn), endsAt: inHours(startsIn + 2), quota });
  expect(shift.status, shift.body).toBe(200);
  expect((await staff.post(`/api/volunteers/activities/${activity.id}/publish`)).status).toBe(200);
  return { activity, shift: shift.json() as { id: string } };
}

function actorOf(user: { id: string; username: string; displayName: string }, regionCode: string): Actor {
  return { id: user.id, username: user.username, displayName: user.displayName, grants: [{ id: 'g', role: 'volunteer', regionCode, organizationId: null }] };
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社' });
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: team.id }])).username, PASSWORD);
  second = await secondConnection(t.database, 10);
});

afterAll(async () => {
  await second?.close();
  await t.close();
});

describe('activities', () => {
  it('staff create, publish, list, export; an organisation creates for itself only; another region gets 404', async () => {
    const { activity } = await publishedShift();
    expect(activity).toMatchObject({ status: 'draft', regionCode: A.district, ownerOrganizationId: null });
    const detail = (await staff.get(`/api/volunteers/activities/${activity.id}`)).json();
    expect(detail).toMatchObject({ status: 'published', shiftCount: 1, abilities: { close: true, publish: false } });
    expect(detail.shifts[0]).toMatchObject({ quota: 2, counts: { confirmed: 0, waiting: 0 } });
    expect(JSON.stringify(detail)).not.toContain('qrSecret');

    const own = await member.post('/api/volunteers/activities', { title: '社区读书会', type: 'culture', place: '活动室', ownerOrganizationId: team.id });
    expect(own.status, own.body).toBe(200);
    expect(own.json()).toMatchObject({ ownerOrganizationId: team.id, regionCode: team.regionCode, ownerName: team.name });
    const other = await makeOrganization(t.db, A.street, { name: '另一家机构' });
    const refused = await member.post('/api/volunteers/activities', { title: '别人的活动', type: 'culture', place: '活动室', ownerOrganizationId: other.id });
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('ownerOrganizationId');
    // Without an owner only staff may create (the centre owns it).
    const noOwner = await member.post('/api/volunteers/activities', { title: '无主活动', type: 'culture', place: '活动室' });
    expect(noOwner.status).toBe(400);

    const list = (await staff.get('/api/volunteers/activities?status=published&type=elderly')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(activity.id);
    const mine = (await member.get('/api/volunteers/activities')).json();
    expect(mine.items.map((i: { id: string }) => i.id)).not.toContain(activity.id);
    expect((await staffB.get(`/api/volunteers/activities/${activity.id}`)).status).toBe(404);
    expect((await staffB.get('/api/volunteers/activities')).json().total).toBe(0);
    expect((await staffB.post(`/api/volunteers/activities/${activity.id}/close`)).status).toBe(404);

    const sheet = await staff.get('/api/volunteers/activities/export?status=published');
    expect(sheet.status).toBe(200);
    const rows = await readWorkbook(sheet.rawPayload);
    expect(rows[0][0]).toBe('活动名称');
    expect(rows.some((r) => r[0] === activity.title)).toBe(true);
  });

  it('links a volunteer team of its reach, and filters the list by team and by China dates', async () => {
    const vteam = await makeTeam(t.db, A.street);
    const teamB = await makeTeam(t.db, B.street);
    const refused = await staff.post('/api/volunteers/activities', { title: '乙区队伍的活动', type: 'safety', place: '路口', teamId: teamB.id });
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('teamId');
    const created = await staff.post('/api/volunteers/activities', { title: '平安巡逻', type: 'safety', place: '路口', teamId: vteam.id, regionCode: A.street });
    expect(created.status, created.body).toBe(200);
    expect(created.json()).toMatchObject({ teamId: vteam.id, teamName: vteam.name, regionCode: A.street });
    // 23:30 in China on 2030-06-01 is still 1 June there (15:30 UTC).
    await makeShift(t.db, { id: created.json().id, regionCode: A.street }, { startsAt: new Date('2030-06-01T23:30:00+08:00') });
    const ids = async (query: string) => (await staff.get(`/api/volunteers/activities?${query}`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids(`teamId=${vteam.id}`)).toEqual([created.json().id]);
    expect(await ids('from=2030-06-01&to=2030-06-01')).toEqual([created.json().id]);
    expect(await ids('from=2030-06-02')).toEqual([]);
  });

  it('bad input names the field and changes nothing', async () => {
    const { activity } = await publishedShift();
    const before = await dbSnapshot(t.db);
    const cases: [string, unknown, string][] = [
      ['/api/volunteers/activities', { title: '', type: 'elderly', place: 'x' }, 'title'],
      ['/api/volunteers/activities', { title: 'x', type: 'nope', place: 'x' }, 'type'],
      [`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: inHours(5), endsAt: inHours(4), quota: 3 }, 'endsAt'],
      [`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: inHours(5), endsAt: inHours(6), quota: 0 }, 'quota'],
      [`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: inHours(5), endsAt: inHours(6), quota: 10001 }, 'quota'],
      [`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: inHours(-1), endsAt: inHours(1), quota: 3 }, 'startsAt'],
      [`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: inHours(5), endsAt: inHours(30), quota: 3 }, 'endsAt'],
      [`/api/volunteers/activities/${activity.id}/shifts`, { startsAt: 'tomorrow', endsAt: inHours(6), quota: 3 }, 'startsAt'],
    ];
    for (const [url, body, field] of cases) {
      const res = await staff.post(url, body);
      expect(res.status, `${JSON.stringify(body)} ${res.body}`).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.json().error.fields[0].message).toBeTruthy();
    }
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('refuses to move a shift after sign-ups (the change would surprise people) but lets the quota grow', async () => {
    const { shift } = await publishedShift(1);
    const v = await volunteerAgent();
    expect((await v.agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).json().status).toBe('confirmed');
    const moved = await staff.patch(`/api/volunteers/shifts/${shift.id}`, { startsAt: inHours(30), endsAt: inHours(31) });
    expect(moved.status).toBe(409);
    expect(moved.json().error.code).toBe('volunteer_shift_has_signups');
    const lowered = await staff.patch(`/api/volunteers/shifts/${shift.id}`, { quota: 1 });
    expect(lowered.status).toBe(200);
  });

  it('cancelling an activity cancels its sign-ups and tells the volunteers why', async () => {
    const { activity, shift } = await publishedShift(1);
    const first = await volunteerAgent();
    const waiting = await volunteerAgent();
    await first.agent.post(`/api/volunteers/shifts/${shift.id}/signup`);
    expect((await waiting.agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).json().status).toBe('waiting');
    const res = await staff.post(`/api/volunteers/activities/${activity.id}/cancel`, { reason: '台风预警' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    const signups = await t.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shift.id));
    expect(signups.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    const notes = rowsOf<{ params: Record<string, unknown> }>(
      await t.db.execute(sql`select params from notifications where kind = 'volunteerShift.cancelled' and recipient_id in (${first.user.id}, ${waiting.user.id})`),
    );
    expect(notes.map((n) => n.params.reason)).toEqual(['台风预警', '台风预警']);
  });
});

describe('sign-up', () => {
  it('confirms up to the quota, then queues; a cancellation promotes the first waiting and tells it', async () => {
    const { shift } = await publishedShift(2);
    const vs = [await volunteerAgent(), await volunteerAgent(A.street2), await volunteerAgent(), await volunteerAgent()];
    const statuses = [];
    for (const v of vs) statuses.push((await v.agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).json());
    expect(statuses.map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'waiting', 'waiting']);
    expect(statuses.map((s) => s.waitingPosition)).toEqual([null, null, 1, 2]);
    expect((await vs[0].agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).json().error.code).toBe('volunteer_signup_exists');

    const cancelled = await vs[0].agent.post(`/api/volunteers/signups/${statuses[0].id}/cancel`);
    expect(cancelled.status, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const rows = await t.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shift.id));
    const statusOf = (id: string) => rows.find((r) => r.id === id)!.status;
    expect([statusOf(statuses[2].id), statusOf(statuses[3].id)]).toEqual(['confirmed', 'waiting']);
    const promoted = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'volunteers.signup.promote'), eq(auditLog.entityId, statuses[2].id)));
    expect(promoted).toHaveLength(1);
    const inbox = (await vs[2].agent.get('/api/notifications')).json();
    expect(inbox.items.some((n: { kind: string }) => n.kind === 'volunteerSignup.promoted')).toBe(true);

    // Raising the quota moves the rest of the list up.
    expect((await staff.patch(`/api/volunteers/shifts/${shift.id}`, { quota: 3 })).json().counts).toMatchObject({ confirmed: 3, waiting: 0 });
    // Another volunteer cannot cancel someone else's sign-up.
    expect((await vs[1].agent.post(`/api/volunteers/signups/${statuses[3].id}/cancel`)).status).toBe(404);
  });

  it('passes over a waiting volunteer suspended since it queued: the next one in service moves up', async () => {
    const { shift } = await publishedShift(1);
    const vs = [await volunteerAgent(), await volunteerAgent(), await volunteerAgent()];
    const ids: string[] = [];
    for (const v of vs) ids.push((await v.agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).json().id as string);
    await t.db.update(volunteers).set({ status: 'suspended' }).where(eq(volunteers.id, vs[1].volunteer.id));
    expect((await vs[0].agent.post(`/api/volunteers/signups/${ids[0]}/cancel`)).status).toBe(200);
    const rows = await t.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shift.id));
    expect(ids.map((id) => rows.find((r) => r.id === id)!.status)).toEqual(['cancelled', 'waiting', 'confirmed']);
  });

  it('refuses a pending volunteer with a clear message, and overlapping shifts', async () => {
    const { shift } = await publishedShift(5, 48);
    const pending = await volunteerAgent(A.street, { status: 'pending' });
    const res = await pending.agent.post(`/api/volunteers/shifts/${shift.id}/signup`);
    expect(res.status).toBe(409);
    expect(res.json().error.message).toContain('待中心确认后才能报名');

    const v = await volunteerAgent();
    const overlapping = await publishedShift(5, 49);
    expect((await v.agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).status).toBe(200);
    const clash = await v.agent.post(`/api/volunteers/shifts/${overlapping.shift.id}/signup`);
    expect(clash.status).toBe(409);
    expect(clash.json().error.code).toBe('volunteer_signup_overlap');
  });

  it("lists open shifts of the volunteer's district; another district's volunteer finds none of them", async () => {
    const { shift } = await publishedShift(3, 72);
    const v = await volunteerAgent(A.community);
    const open = (await v.agent.get('/api/volunteers/open-shifts?pageSize=100')).json();
    expect(open.items.map((i: { shift: { id: string } }) => i.shift.id)).toContain(shift.id);
    const outsider = await volunteerAgent(B.street);
    expect((await outsider.agent.get('/api/volunteers/open-shifts')).json().items.map((i: { shift: { id: string } }) => i.shift.id)).not.toContain(shift.id);
    expect((await outsider.agent.post(`/api/volunteers/shifts/${shift.id}/signup`)).status).toBe(404);
    const staffOpen = (await staff.get('/api/volunteers/open-shifts?pageSize=100')).json();
    expect(staffOpen.items.map((i: { shift: { id: string } }) => i.shift.id)).toContain(shift.id);
  });

  it('50 concurrent sign-ups for the last place give exactly one place', async () => {
    const activity = await makeActivity(t.db, A.street);
    const shift = await makeShift(t.db, activity, { quota: 1 });
    const people = await Promise.all(Array.from({ length: 50 }, () => makeVolunteerWithAccount(t.db, A.street)));
    const ctxOf = (i: number): Ctx => ({
      db: second && i % 2 ? second.db : t.db,
      actor: actorOf(people[i].user, A.street),
      locale: 'zh-CN',
      requestId: `race-${i}`,
      writes: t.app.writes,
    });
    const results = await Promise.allSettled(people.map((_, i) => signUp(ctxOf(i), shift.id)));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => (r as PromiseRejectedResult).reason)).toEqual([]);
    const statuses = results.map((r) => (r as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'waiting')).toHaveLength(49);
    const rows = await t.db.select().from(volunteerSignups).where(eq(volunteerSignups.shiftId, shift.id));
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(1);
  });

  it('a team leader (a volunteer) sees its team’s activity and takes its attendance', async () => {
    const leader = await volunteerAgent();
    const vteam = await makeTeam(t.db, A.street);
    await addTeamMember(t.db, vteam.id, leader.volunteer.id, 'leader');
    const activity = await makeActivity(t.db, A.street, { teamId: vteam.id, status: 'draft' });
    const shift = await makeShift(t.db, activity);
    expect((await leader.agent.get(`/api/volunteers/activities/${activity.id}`)).json().abilities.attendance).toBe(false);
    expect((await leader.agent.get(`/api/volunteers/shifts/${shift.id}/signups`)).status).toBe(200);
    const other = await volunteerAgent();
    expect((await other.agent.get(`/api/volunteers/shifts/${shift.id}/signups`)).status).toBe(404);
  });
});

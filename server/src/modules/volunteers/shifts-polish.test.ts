import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeActivity, makeShift } from './volunteers-shifts.factories.js';
import { addTeamMember, makeTeam, makeVolunteerWithAccount } from './volunteers.factories.js';
import { volunteerSignups } from './volunteers.tables.js';

/* The shifts part's polish (issue 10, V2): activity history, open shifts by date, a shift's own read, hours on sign-ups, the team leader's list, the next shift. */

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffName: string;
let staffB: Agent;

const HOUR = 3600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR);
/** The China date `days` from now. */
const chinaDate = (days: number) => new Date(Date.now() + 8 * HOUR + days * 24 * HOUR).toISOString().slice(0, 10);

async function volunteerAgent(region = A.street) {
  const { user, volunteer } = await makeVolunteerWithAccount(t.db, region, { status: 'active' });
  return { user, volunteer, agent: await signIn(t.app, user.username, PASSWORD) };
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const staffUser = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staffName = staffUser.displayName;
  staff = await signIn(t.app, staffUser.username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
});

afterAll(async () => {
  await t.close();
});

async function draftWithShift(title: string, startsIn = 24) {
  const created = await staff.post('/api/volunteers/activities', { title, type: 'elderly', place: '长寿路 1 号' });
  expect(created.status, created.body).toBe(200);
  const id = created.json().id as string;
  const shift = await staff.post(`/api/volunteers/activities/${id}/shifts`, { startsAt: inHours(startsIn).toISOString(), endsAt: inHours(startsIn + 2).toISOString(), quota: 3 });
  expect(shift.status, shift.body).toBe(200);
  return { id, shiftId: shift.json().id as string };
}

describe('activity history', () => {
  it('keeps who created, published and closed an activity, and when, oldest first', async () => {
    const { id } = await draftWithShift('探访历史');
    expect((await staff.post(`/api/volunteers/activities/${id}/publish`)).status).toBe(200);
    const closed = await staff.post(`/api/volunteers/activities/${id}/close`);
    expect(closed.status, closed.body).toBe(200);
    const history = closed.json().history as { action: string; fromState: string | null; toState: string; actorName: string; at: string }[];
    expect(history.map((h) => [h.action, h.fromState, h.toState, h.actorName])).toEqual([
      ['create', null, 'draft', staffName],
      ['publish', 'draft', 'published', staffName],
      ['close', 'published', 'closed', staffName],
    ]);
    expect(Date.parse(history[2].at)).toBeGreaterThanOrEqual(Date.parse(history[0].at));
  });

  it('keeps the reason of a cancellation on its step; a blank reason changes nothing', async () => {
    const { id } = await draftWithShift('取消历史');
    const before = await dbSnapshot(t.db);
    const blank = await staff.post(`/api/volunteers/activities/${id}/cancel`, { reason: '' });
    expect(blank.status).toBe(400);
    expect(blank.json().error.fields[0].field).toBe('reason');
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
    const cancelled = await staff.post(`/api/volunteers/activities/${id}/cancel`, { reason: '台风预警，活动取消' });
    expect(cancelled.status, cancelled.body).toBe(200);
    expect(cancelled.json().history.at(-1)).toMatchObject({ action: 'cancel', fromState: 'draft', toState: 'cancelled', actorName: staffName, comment: '台风预警，活动取消' });
  });
});

describe('open shifts by date', () => {
  it('keeps shifts starting within the China dates from–to', async () => {
    const { id, shiftId: soon } = await draftWithShift('日期筛选', 24);
    const later = await staff.post(`/api/volunteers/activities/${id}/shifts`, { startsAt: inHours(24 * 5).toISOString(), endsAt: inHours(24 * 5 + 2).toISOString(), quota: 3 });
    expect((await staff.post(`/api/volunteers/activities/${id}/publish`)).status).toBe(200);
    const { agent } = await volunteerAgent();
    const ids = async (query: string) => ((await agent.get(`/api/volunteers/open-shifts?pageSize=100${query}`)).json().items as { shift: { id: string } }[]).map((i) => i.shift.id);
    const all = await ids('');
    expect(all).toEqual(expect.arrayContaining([soon, later.json().id]));
    const firstDays = await ids(`&from=${chinaDate(0)}&to=${chinaDate(2)}`);
    expect(firstDays).toContain(soon);
    expect(firstDays).not.toContain(later.json().id);
    const fromDay5 = await ids(`&from=${chinaDate(5)}`);
    expect(fromDay5).toContain(later.json().id);
    expect(fromDay5).not.toContain(soon);
  });

  it('refuses a range ending before it starts, or a date that is not one, naming the field', async () => {
    const { agent } = await volunteerAgent();
    const reversed = await agent.get(`/api/volunteers/open-shifts?from=${chinaDate(3)}&to=${chinaDate(1)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.json().error.fields[0]).toMatchObject({ field: 'to', message: expect.stringContaining('结束日期') });
    const bad = await agent.get('/api/volunteers/open-shifts?from=2026-13-40');
    expect(bad.status).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('from');
  });
});

describe("a shift's own read", () => {
  it('gives the shift with its activity to whoever reads the activity; another region gets 404', async () => {
    const { id, shiftId } = await draftWithShift('班次详情');
    const res = await staff.get(`/api/volunteers/shifts/${shiftId}`);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ shift: { id: shiftId, activityId: id, quota: 3 }, activity: { id, title: '班次详情', place: '长寿路 1 号', type: 'elderly', status: 'draft' } });
    expect(JSON.stringify(res.json())).not.toContain('qrSecret');
    expect((await staffB.get(`/api/volunteers/shifts/${shiftId}`)).status).toBe(404);
    // A volunteer of the district does not see a draft.
    const { agent } = await volunteerAgent();
    expect((await agent.get(`/api/volunteers/shifts/${shiftId}`)).status).toBe(404);
  });
});

describe('hours on my sign-ups', () => {
  it('shows the minutes recorded at check-out and that they await approval', async () => {
    const { volunteer, agent } = await volunteerAgent();
    const activity = await makeActivity(t.db, A.street);
    const shift = await makeShift(t.db, activity, { startsAt: new Date(Date.now() - 3 * HOUR), endsAt: new Date(Date.now() - HOUR) });
    const [signup] = await t.db
      .insert(volunteerSignups)
      .values({ shiftId: shift.id, volunteerId: volunteer.id, regionCode: shift.regionCode, status: 'checked_in', checkedInAt: shift.startsAt, checkInMethod: 'staff' })
      .returning();
    const before = (await agent.get('/api/volunteers/my/signups')).json().items.find((i: { shift: { id: string } }) => i.shift.id === shift.id);
    expect(before.mySignup).toMatchObject({ status: 'checked_in', minutesRecorded: null, hoursState: null });
    const out = await staff.post(`/api/volunteers/signups/${signup.id}/check-out`, { at: shift.endsAt.toISOString() });
    expect(out.status, out.body).toBe(200);
    const after = (await agent.get('/api/volunteers/my/signups')).json().items.find((i: { shift: { id: string } }) => i.shift.id === shift.id);
    expect(after.mySignup).toMatchObject({ status: 'checked_out', minutesRecorded: 120, hoursState: 'pending' });
  });
});

describe("a team leader's activities", () => {
  it("lists its teams' activities with their shifts to come; a volunteer leading nothing gets none", async () => {
    const leader = await volunteerAgent();
    const team = await makeTeam(t.db, A.street, { name: '长寿路助老队' });
    await addTeamMember(t.db, team.id, leader.volunteer.id, 'leader');
    const ours = await makeActivity(t.db, A.street, { teamId: team.id, title: '本队探访' });
    const next = await makeShift(t.db, ours, { startsAt: inHours(30) });
    await makeShift(t.db, ours, { startsAt: inHours(-72), endsAt: inHours(-70) });
    await makeActivity(t.db, A.street, { title: '别队的活动' });

    expect((await leader.agent.get('/api/volunteers/my/led-teams')).json()).toEqual({ items: [{ id: team.id, name: '长寿路助老队' }] });
    const led = await leader.agent.get('/api/volunteers/my/led-activities');
    expect(led.status, led.body).toBe(200);
    expect(led.json().items.map((i: { activity: { title: string } }) => i.activity.title)).toEqual(['本队探访']);
    // The shift that ended days ago is no longer on the list.
    expect(led.json().items[0].shifts.map((s: { id: string }) => s.id)).toEqual([next.id]);
    // The leader opens the shift's attendance list and its QR screen from there.
    expect((await leader.agent.get(`/api/volunteers/shifts/${next.id}`)).status).toBe(200);
    expect((await leader.agent.get(`/api/volunteers/shifts/${next.id}/signups`)).status).toBe(200);
    expect((await leader.agent.get(`/api/volunteers/shifts/${next.id}/qr`)).status).toBe(200);

    const plain = await volunteerAgent();
    expect((await plain.agent.get('/api/volunteers/my/led-teams')).json()).toEqual({ items: [] });
    expect((await plain.agent.get('/api/volunteers/my/led-activities')).json()).toEqual({ teams: [], items: [] });
  });
});

describe('the next shift', () => {
  it('the list shows the next shift to come, not the first ever', async () => {
    const activity = await makeActivity(t.db, A.street, { title: '下一班次' });
    const past = await makeShift(t.db, activity, { startsAt: inHours(-48), endsAt: inHours(-46) });
    const coming = await makeShift(t.db, activity, { startsAt: inHours(50) });
    await makeShift(t.db, activity, { startsAt: inHours(80) });
    const list = (await staff.get(`/api/volunteers/activities?q=${encodeURIComponent('下一班次')}`)).json();
    expect(list.items[0]).toMatchObject({ firstShiftAt: past.startsAt.toISOString(), nextShiftAt: coming.startsAt.toISOString() });
    const ended = await makeActivity(t.db, A.street, { title: '已过班次' });
    await makeShift(t.db, ended, { startsAt: inHours(-10), endsAt: inHours(-8) });
    const endedList = (await staff.get(`/api/volunteers/activities?q=${encodeURIComponent('已过班次')}`)).json();
    expect(endedList.items[0].nextShiftAt).toBeNull();
  });

  it('sorts by the next shift, soonest first, activities with none left last', async () => {
    const longRunning = await makeActivity(t.db, A.street, { title: '排序：长期' });
    await makeShift(t.db, longRunning, { startsAt: inHours(-24 * 30), endsAt: inHours(-24 * 30 + 2) });
    await makeShift(t.db, longRunning, { startsAt: inHours(24 * 6) });
    const soon = await makeActivity(t.db, A.street, { title: '排序：明天' });
    await makeShift(t.db, soon, { startsAt: inHours(20) });
    const over = await makeActivity(t.db, A.street, { title: '排序：已过' });
    await makeShift(t.db, over, { startsAt: inHours(-5), endsAt: inHours(-3) });
    const titles = async (order: string) =>
      ((await staff.get(`/api/volunteers/activities?q=${encodeURIComponent('排序：')}&sort=nextShift&order=${order}`)).json().items as { title: string }[]).map((i) => i.title);
    expect(await titles('asc')).toEqual(['排序：明天', '排序：长期', '排序：已过']);
    expect(await titles('desc')).toEqual(['排序：长期', '排序：明天', '排序：已过']);
  });
});

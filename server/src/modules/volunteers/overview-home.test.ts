/** The volunteers' cards on the home page: a volunteer's own, a team leader's shifts to fill, centre staff's to-dos. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import type { Db } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { approvedEntry } from './volunteers-overview.factories.js';
import { hoursToNextStar } from './service/stars.js';
import { makeTeam, makeVolunteer, makeVolunteerWithAccount } from './volunteers.factories.js';
import { volunteerActivities, volunteerHourEntries, volunteerShifts, volunteerSignups } from './volunteers.tables.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let leader: Agent;
let pendingSelf: Agent;
let staff: Agent;
let staffB: Agent;
let leaderId: string;
let teamShiftId: string;

const inHours = (h: number) => new Date(Date.now() + h * 3600_000);

async function shift(db: Db, activityId: string, regionCode: string, startsInHours: number, quota: number) {
  const [row] = await db
    .insert(volunteerShifts)
    .values({ activityId, regionCode, startsAt: inHours(startsInHours), endsAt: inHours(startsInHours + 2), quota, qrSecret: 'test-secret' })
    .returning();
  return row;
}

async function activity(db: Db, regionCode: string, more: Partial<typeof volunteerActivities.$inferInsert> = {}) {
  const [row] = await db
    .insert(volunteerActivities)
    .values({ regionCode, title: '助老陪伴', type: 'elderly', place: '社区活动室', status: 'published', ...more })
    .returning();
  return row;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const made = await makeVolunteerWithAccount(t.db, A.street, { name: '李小华' });
  leaderId = made.volunteer.id;
  leader = await signIn(t.app, made.user.username, PASSWORD);
  pendingSelf = await signIn(t.app, (await makeVolunteerWithAccount(t.db, A.street, { status: 'pending' })).user.username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);

  // 150 approved hours: one star (100), 150 to the second (300).
  await approvedEntry(t.db, made.volunteer, '2025-03-01T01:00:00Z', 600);
  for (let i = 0; i < 14; i++) await approvedEntry(t.db, made.volunteer, `2025-04-${String(i + 1).padStart(2, '0')}T01:00:00Z`, 600);

  const member = await makeVolunteer(t.db, A.street);
  const team = await makeTeam(t.db, A.street, { name: '甲街道助老队' }, [{ volunteerId: leaderId, role: 'leader' }, { volunteerId: member.id }]);
  const teamActivity = await activity(t.db, A.street, { teamId: team.id, title: '敬老院探访' });
  // In 3 days, 1 of 3 places held (a waiting one does not hold a place): to fill. In 20 days: beyond the 14. Full: not listed.
  const toFill = await shift(t.db, teamActivity.id, A.street, 72, 3);
  teamShiftId = toFill.id;
  await t.db.insert(volunteerSignups).values({ shiftId: toFill.id, volunteerId: member.id, regionCode: A.street, status: 'confirmed' });
  await shift(t.db, teamActivity.id, A.street, 20 * 24, 3);
  const full = await shift(t.db, teamActivity.id, A.street, 48, 1);
  await t.db.insert(volunteerSignups).values({ shiftId: full.id, volunteerId: member.id, regionCode: A.street, status: 'confirmed' });

  // The leader's own sign-ups: one confirmed and one waiting coming, one for a shift already over.
  const other = await activity(t.db, A.street2, { title: '垃圾分类宣传', type: 'environment' });
  const soon = await shift(t.db, other.id, A.street2, 24, 5);
  const later = await shift(t.db, other.id, A.street2, 96, 5);
  const over = await shift(t.db, other.id, A.street2, -10, 5);
  await t.db.insert(volunteerSignups).values([
    { shiftId: soon.id, volunteerId: leaderId, regionCode: A.street2, status: 'confirmed' },
    { shiftId: later.id, volunteerId: leaderId, regionCode: A.street2, status: 'waiting' },
    { shiftId: over.id, volunteerId: leaderId, regionCode: A.street2, status: 'confirmed' },
  ]);

  // Staff: an hours entry of a centre activity waiting for a decision, one of an organisation's (not the centre's to approve).
  await t.db.insert(volunteerHourEntries).values([
    { volunteerId: member.id, regionCode: A.street, kind: 'manual', activityType: 'elderly', startsAt: inHours(-50), endsAt: inHours(-49), minutes: 60, reason: '补录' },
    {
      volunteerId: member.id,
      regionCode: A.street,
      kind: 'manual',
      activityType: 'elderly',
      organizationId: '00000000-0000-4000-8000-000000000001',
      startsAt: inHours(-30),
      endsAt: inHours(-29),
      minutes: 60,
      reason: '补录',
    },
  ]);
});

afterAll(async () => {
  await t?.close();
});

const cards = async (agent: Agent) => {
  const res = await agent.get('/api/home');
  expect(res.status, res.body).toBe(200);
  return res.json().cards as any[];
};

describe('volunteer home cards', () => {
  it("shows a volunteer its hours, star, hours to the next star and its coming shifts", async () => {
    const self = (await cards(leader)).find((c) => c.kind === 'volunteerSelf');
    expect(self).toMatchObject({ approvedMinutes: 9000, approvedEntries: 15, stars: 1, thresholdHours: [100, 300, 600, 1000, 1500], nextStarHours: 150, pending: false });
    expect(self.shifts.map((s: any) => [s.activityTitle, s.signupStatus])).toEqual([
      ['垃圾分类宣传', 'confirmed'],
      ['垃圾分类宣传', 'waiting'],
    ]);
  });

  it('shows a team leader its shifts of the next 14 days with places to fill', async () => {
    const team = (await cards(leader)).find((c) => c.kind === 'volunteerTeamShifts');
    expect(team.teams.map((x: any) => x.name)).toEqual(['甲街道助老队']);
    expect(team.count).toBe(1);
    expect(team.shifts).toEqual([expect.objectContaining({ shiftId: teamShiftId, activityTitle: '敬老院探访', quota: 3, filled: 1 })]);
  });

  it('nudges a volunteer whose record waits for confirmation, and shows no team card to a non-leader', async () => {
    const mine = await cards(pendingSelf);
    expect(mine.find((c) => c.kind === 'volunteerSelf')).toMatchObject({ pending: true, status: 'pending', approvedMinutes: 0, stars: 0, nextStarHours: 100, shifts: [] });
    expect(mine.some((c) => c.kind === 'volunteerTeamShifts')).toBe(false);
  });

  it("shows centre staff the registrations, the centre's hours and the short shifts of its region, and nothing of another", async () => {
    const todo = (await cards(staff)).find((c) => c.kind === 'volunteerStaffTodos');
    expect(Object.fromEntries(todo.items.map((i: any) => [i.key, i.count]))).toEqual({ registrations: 1, hours: 1, shifts: 3 });
    expect((await cards(staffB)).some((c) => c.kind === 'volunteerStaffTodos')).toBe(false);
    expect((await cards(staff)).some((c) => c.kind === 'volunteerSelf')).toBe(false);
  });

  it('counts the hours to the next star from the thresholds', () => {
    expect(hoursToNextStar(0, [100, 300, 600, 1000, 1500])).toBe(100);
    expect(hoursToNextStar(6000, [100, 300, 600, 1000, 1500])).toBe(200);
    expect(hoursToNextStar(90_000, [100, 300, 600, 1000, 1500])).toBeNull();
    expect(hoursToNextStar(6001, [100, 300, 600, 1000, 1500])).toBe(199.98);
  });
});

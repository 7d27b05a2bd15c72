/**
 * The volunteers fixtures of a fuzz run (issue 10): volunteers active and pending, a team whose
 * leader is the world's volunteer actor, activities in every state with shifts, sign-ups confirmed,
 * waiting and checked in, hours entries pending, approved and reversed, a certificate, and the same
 * kinds of records in region B, outside every actor's scope. Built through the API where the API
 * builds them (so the history and audit rows are the real ones); past shifts, sign-ups already
 * checked in and region B through the domain's factories.
 */
import type { Agent, TestApp } from '../build-app.js';
import { signIn } from '../build-app.js';
import { PASSWORD } from '../../src/modules/users/users.factories.js';
import { approvedEntry, reversal } from '../../src/modules/volunteers/volunteers-overview.factories.js';
import { makeActivity, makeShift } from '../../src/modules/volunteers/volunteers-shifts.factories.js';
import { addTeamMember, makeTeam, makeVolunteer, makeVolunteerIdNumber, makeVolunteerWithAccount } from '../../src/modules/volunteers/volunteers.factories.js';
import { volunteerSignups } from '../../src/modules/volunteers/volunteers.tables.js';
import type { makeRegionTree } from '../../src/modules/regions/regions.factories.js';

type Tree = Awaited<ReturnType<typeof makeRegionTree>>;

export interface VolunteersFixtures {
  volunteer: string[];
  team: string[];
  activity: string[];
  shift: string[];
  signup: string[];
  hourEntry: string[];
}

export interface VolunteersWorldInput {
  A: Tree;
  B: Tree;
  /** The member's organisation (it owns one activity) and its sibling of the same street. */
  team: { id: string };
  other: { id: string };
  staff: Agent;
}

let serial = 0;
const HOUR = 3_600_000;
/** Whole minutes, so a check-out rounds the way a person's would. */
const instant = (offsetMs: number) => new Date(Math.floor((Date.now() + offsetMs) / 60_000) * 60_000);

/**
 * Builds the fixtures and signs in the volunteer actor (an account with an ACTIVE record, leader of
 * the team); each step the API refuses is reported in `problems` (the suite fails on any).
 */
export async function buildVolunteersWorld(t: TestApp, w: VolunteersWorldInput, problems: string[]): Promise<{ fx: VolunteersFixtures; volunteerActor: Agent }> {
  const { A, B, staff } = w;
  const fx: VolunteersFixtures = { volunteer: [], team: [], activity: [], shift: [], signup: [], hourEntry: [] };
  const ok = async <T>(what: string, res: Promise<{ status: number; body: string; json: () => T }>): Promise<T | null> => {
    const r = await res;
    if (r.status === 200) return r.json();
    problems.push(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
    return null;
  };

  // V1: the actor (an active volunteer with an account), volunteers registered by staff, a
  // self-registered one waiting for confirmation, and a team the actor leads.
  const actor = await makeVolunteerWithAccount(t.db, A.street);
  const volunteerActor = await signIn(t.app, actor.user.username, PASSWORD);
  fx.volunteer.push(actor.volunteer.id);
  for (const name of ['王志愿', '陈志愿']) {
    const made = await ok<{ id: string }>(`volunteer ${name}`, staff.post('/api/volunteers', { name, idNumber: makeVolunteerIdNumber('19850505'), phone: '13912340000', regionCode: A.street }));
    if (made) fx.volunteer.push(made.id);
  }
  const self = await t.app.inject({
    method: 'POST',
    url: '/api/volunteers/public/register',
    payload: { name: '赵自愿', idNumber: makeVolunteerIdNumber('19950303'), phone: '13712345678', street: A.street, username: `fuzz.vol${++serial}.${Date.now()}`, password: 'Passw0rd!2026' },
    remoteAddress: '198.51.100.21',
  });
  if (self.statusCode === 200) fx.volunteer.push(self.json().id);
  else problems.push(`self-registration: ${self.statusCode} ${self.body.slice(0, 300)}`);
  const team = await ok<{ id: string }>('team', staff.post('/api/volunteers/teams', { name: `模糊测试志愿队${++serial}`, regionCode: A.street }));
  if (team) {
    fx.team.push(team.id);
    await ok('team leader', staff.post(`/api/volunteers/teams/${team.id}/members`, { volunteerId: actor.volunteer.id, role: 'leader' }));
    if (fx.volunteer[1]) await ok('team member', staff.post(`/api/volunteers/teams/${team.id}/members`, { volunteerId: fx.volunteer[1], role: 'member' }));
  }

  // V2: a draft activity, one published with a shift of the team (the actor confirmed, a colleague
  // confirmed, a third waiting on a quota of 2), one of the member's organisation, one closed and
  // one cancelled.
  const activity = async (what: string, body: Record<string, unknown>) => {
    const made = await ok<{ id: string }>(what, staff.post('/api/volunteers/activities', { type: 'elderly', place: '社区活动室', regionCode: A.street, ...body }));
    if (made) fx.activity.push(made.id);
    return made;
  };
  const shiftOf = async (activityId: string, startsIn: number, quota: number) => {
    const made = await ok<{ id: string }>('shift', staff.post(`/api/volunteers/activities/${activityId}/shifts`, { startsAt: instant(startsIn).toISOString(), endsAt: instant(startsIn + 2 * HOUR).toISOString(), quota }));
    if (made) fx.shift.push(made.id);
    return made;
  };
  await activity('draft activity', { title: '模糊测试草稿活动' });
  const published = await activity('team activity', { title: '助老陪伴', teamId: team?.id ?? null });
  if (published) {
    const shift = await shiftOf(published.id, 3 * 86_400_000, 2);
    await ok('publishing', staff.post(`/api/volunteers/activities/${published.id}/publish`, {}));
    if (shift) {
      const mine = await ok<{ id: string }>('signing up', volunteerActor.post(`/api/volunteers/shifts/${shift.id}/signup`, {}));
      if (mine) fx.signup.push(mine.id);
      for (const volunteerId of fx.volunteer.slice(1, 3)) {
        const [row] = await t.db.insert(volunteerSignups).values({ shiftId: shift.id, volunteerId, regionCode: A.street, status: fx.signup.length >= 2 ? 'waiting' : 'confirmed' }).returning();
        fx.signup.push(row.id);
      }
    }
  }
  const owned = await activity('organisation activity', { title: '邻里互助', ownerOrganizationId: w.team.id });
  if (owned) {
    await shiftOf(owned.id, 5 * 86_400_000, 10);
    await ok('publishing the organisation activity', staff.post(`/api/volunteers/activities/${owned.id}/publish`, {}));
  }
  const closed = await activity('closed activity', { title: '已结束的活动' });
  if (closed) {
    await shiftOf(closed.id, 4 * 86_400_000, 5);
    await ok('publishing before closing', staff.post(`/api/volunteers/activities/${closed.id}/publish`, {}));
    await ok('closing', staff.post(`/api/volunteers/activities/${closed.id}/close`, {}));
  }
  const cancelled = await activity('cancelled activity', { title: '取消的活动' });
  if (cancelled) await ok('cancelling', staff.post(`/api/volunteers/activities/${cancelled.id}/cancel`, { reason: '天气原因' }));

  // A shift under way (the API refuses a shift in the past): the actor and a colleague checked in,
  // in the check-in window, with its QR code live.
  const running = await makeActivity(t.db, A.street, { title: '正在进行的活动', teamId: team?.id ?? null });
  fx.activity.push(running.id);
  const now = await makeShift(t.db, running, { startsAt: instant(-HOUR), endsAt: instant(HOUR), quota: 10 });
  fx.shift.push(now.id);
  for (const volunteerId of [actor.volunteer.id, fx.volunteer[1]].filter(Boolean)) {
    const [row] = await t.db
      .insert(volunteerSignups)
      .values({ shiftId: now.id, volunteerId, regionCode: A.street, status: 'checked_in', checkedInAt: instant(-HOUR), checkInMethod: 'staff' })
      .returning();
    fx.signup.push(row.id);
  }

  // V3: hours entered by staff (pending), one approved, one approved then reversed; a certificate.
  const enter = async (what: string, volunteerId: string, daysAgo: number) => {
    const startsAt = instant(-daysAgo * 86_400_000);
    return ok<{ id: string }>(
      what,
      staff.post('/api/volunteers/hours', { volunteerId, activityId: running.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(), reason: '纸质签到表补录' }),
    );
  };
  const entries = [await enter('hours (pending)', actor.volunteer.id, 10), await enter('hours (to approve)', actor.volunteer.id, 11), await enter('hours (to reverse)', actor.volunteer.id, 12)];
  if (fx.volunteer[1]) entries.push(await enter('hours of a colleague', fx.volunteer[1], 10));
  for (const e of entries) if (e) fx.hourEntry.push(e.id);
  for (const e of entries.slice(1, 3)) if (e) await ok('approving hours', staff.post(`/api/volunteers/hours/${e.id}/decision`, { decision: 'approved' }));
  if (entries[2]) {
    const reversed = await ok<{ id: string }>('reversing hours', staff.post(`/api/volunteers/hours/${entries[2].id}/reverse`, { reason: '重复录入' }));
    if (reversed?.id) fx.hourEntry.push(reversed.id);
  }
  await ok('certificate', volunteerActor.post('/api/volunteers/me/certificate', {}));

  // Region B: the same kinds of records, out of everyone's scope.
  const vB = await makeVolunteer(t.db, B.street);
  const pendingB = await makeVolunteer(t.db, B.street, { status: 'pending', source: 'self' });
  const teamB = await makeTeam(t.db, B.street, {}, [{ volunteerId: vB.id, role: 'leader' }]);
  await addTeamMember(t.db, teamB.id, pendingB.id);
  const activityB = await makeActivity(t.db, B.street, { teamId: teamB.id });
  const shiftB = await makeShift(t.db, activityB, { startsAt: instant(-HOUR), endsAt: instant(HOUR) });
  const [signupB] = await t.db.insert(volunteerSignups).values({ shiftId: shiftB.id, volunteerId: vB.id, regionCode: B.street, status: 'confirmed' }).returning();
  const approvedB = await approvedEntry(t.db, vB, instant(-20 * 86_400_000).toISOString(), 120);
  const reversedB = await approvedEntry(t.db, vB, instant(-21 * 86_400_000).toISOString(), 60);
  const reversalB = await reversal(t.db, reversedB);
  fx.volunteer.push(vB.id, pendingB.id);
  fx.team.push(teamB.id);
  fx.activity.push(activityB.id);
  fx.shift.push(shiftB.id);
  fx.signup.push(signupB.id);
  fx.hourEntry.push(approvedB.id, reversedB.id, reversalB.id);
  return { fx, volunteerActor };
}

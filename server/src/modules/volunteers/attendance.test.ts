import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot } from '../../../test/helpers.js';
import { secondConnection } from '../../../test/test-db.js';
import type { Actor, Ctx } from '../../core/actor.js';
import { auditLog } from '../../core/core.tables.js';
import { FakeClock } from '../../core/jobs/clock.js';
import { runJobOnce } from '../../core/jobs/scheduler.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { scanShiftCode, staffCheckOut } from './service/attendance.js';
import { noShowJob } from './service/no-show-job.js';
import { minuteOf, shiftCode } from './service/shift-qr.js';
import { makeActivity, makeShift } from './volunteers-shifts.factories.js';
import { addTeamMember, makeTeam, makeVolunteerWithAccount } from './volunteers.factories.js';
import { volunteerHourEntries, volunteerSignups } from './volunteers.tables.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffUser: Awaited<ReturnType<typeof makeUser>>;
let second: Database | null;

const MIN = 60_000;

function ctxFor(user: { id: string; username: string; displayName: string }, role: 'volunteer' | 'centre_staff', regionCode: string, db: Database['db'] = t.db): Ctx {
  const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, grants: [{ id: 'g', role, regionCode, organizationId: null }] };
  return { db, actor, locale: 'zh-CN', requestId: `test-${user.id}`, writes: t.app.writes };
}

/** A shift that started 10 minutes ago (an hour long unless said) and a volunteer holding a confirmed place on it. */
async function startedShiftWithVolunteer(opts: { startedMinutesAgo?: number; lengthMinutes?: number } = {}) {
  const startsAt = new Date(Date.now() - (opts.startedMinutesAgo ?? 10) * MIN);
  const activity = await makeActivity(t.db, A.street);
  const shift = await makeShift(t.db, activity, { startsAt, endsAt: new Date(startsAt.getTime() + (opts.lengthMinutes ?? 60) * MIN) });
  const { user, volunteer } = await makeVolunteerWithAccount(t.db, A.street);
  const [signup] = await t.db.insert(volunteerSignups).values({ shiftId: shift.id, volunteerId: volunteer.id, regionCode: shift.regionCode, status: 'confirmed' }).returning();
  return { activity, shift, user, volunteer, signup, ctx: ctxFor(user, 'volunteer', A.street) };
}

const statusOf = async (id: string) => (await t.db.select().from(volunteerSignups).where(eq(volunteerSignups.id, id)))[0];
const entriesOf = (signupId: string) => t.db.select().from(volunteerHourEntries).where(eq(volunteerHourEntries.signupId, signupId));

async function refusal(p: Promise<unknown>) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staffUser = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staff = await signIn(t.app, staffUser.username, PASSWORD);
  second = await secondConnection(t.database, 10);
});

afterAll(async () => {
  await second?.close();
  await t.close();
});

describe('QR check-in', () => {
  it('shows the code (never the secret) to staff; the volunteer scanning it checks in, then out with hours recorded', async () => {
    const { shift, user, signup } = await startedShiftWithVolunteer();
    const qr = await staff.get(`/api/volunteers/shifts/${shift.id}/qr`);
    expect(qr.status, qr.body).toBe(200);
    const body = qr.json();
    expect(body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(body.url).toMatch(new RegExp(`/volunteers/scan/${shift.id}\\?code=${body.code}$`));
    expect(body.svg).toContain('<svg');
    expect(qr.body).not.toContain(shift.qrSecret);
    expect(qr.headers['cache-control']).toBe('no-store');

    const volunteer = await signIn(t.app, user.username, PASSWORD);
    const scanned = await volunteer.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: body.code.toLowerCase() });
    expect(scanned.status, scanned.body).toBe(200);
    expect(scanned.json()).toMatchObject({ action: 'checked_in', signup: { status: 'checked_in' } });
    expect((await statusOf(signup.id)).checkInMethod).toBe('qr');

    // 40 minutes later, a scan of that minute's code checks out and records the hours once.
    const later = new Date(Date.now() + 40 * MIN);
    const out = await scanShiftCode(ctxFor(user, 'volunteer', A.street), shift.id, shiftCode(shift.qrSecret, shift.id, minuteOf(later)), later);
    // 40 minutes served, counted in whole minutes (hours-rounding.ts).
    expect(out).toMatchObject({ action: 'checked_out', minutesRecorded: 40 });
    expect(await entriesOf(signup.id)).toHaveLength(1);
    const again = await scanShiftCode(ctxFor(user, 'volunteer', A.street), shift.id, shiftCode(shift.qrSecret, shift.id, minuteOf(later)), later);
    expect(again.action).toBe('already_checked_out');
    expect(await entriesOf(signup.id)).toHaveLength(1);
  });

  it("accepts the previous minute's code, refuses one two minutes old and another shift's, changing nothing", async () => {
    const { shift, signup, ctx } = await startedShiftWithVolunteer();
    const other = await makeShift(t.db, await makeActivity(t.db, A.street), { startsAt: shift.startsAt, endsAt: shift.endsAt });
    const now = new Date();
    const minute = minuteOf(now);
    const before = await dbSnapshot(t.db);
    for (const code of [shiftCode(shift.qrSecret, shift.id, minute - 2), shiftCode(other.qrSecret, other.id, minute), shiftCode(shift.qrSecret, shift.id, minute + 1), 'ZZZZZZZZ']) {
      const error = await refusal(scanShiftCode(ctx, shift.id, code, now));
      expect(error.status).toBe(400);
      expect(error.fields).toEqual([{ field: 'code', problem: 'volunteer_qr_expired' }]);
    }
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
    const res = await scanShiftCode(ctx, shift.id, shiftCode(shift.qrSecret, shift.id, minute - 1), now);
    expect(res.action).toBe('checked_in');
    expect((await statusOf(signup.id)).status).toBe('checked_in');
  });

  it('says the code expired in the volunteer’s language (HTTP), naming the field', async () => {
    const { shift, user } = await startedShiftWithVolunteer();
    const volunteer = await signIn(t.app, user.username, PASSWORD);
    const stale = shiftCode(shift.qrSecret, shift.id, minuteOf(new Date()) - 3);
    const res = await volunteer.post(`/api/volunteers/shifts/${shift.id}/scan`, { code: stale });
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'code', message: '二维码已过期，请扫描现场屏幕上的最新二维码' });
  });

  it('refuses a volunteer without a confirmed sign-up, opens check-in 30 minutes before the start only', async () => {
    const { shift } = await startedShiftWithVolunteer();
    const { user } = await makeVolunteerWithAccount(t.db, A.street);
    const now = new Date();
    const code = shiftCode(shift.qrSecret, shift.id, minuteOf(now));
    expect((await refusal(scanShiftCode(ctxFor(user, 'volunteer', A.street), shift.id, code, now))).code).toBe('volunteer_scan_no_signup');
    const elsewhere = await makeVolunteerWithAccount(t.db, B.street);
    expect((await refusal(scanShiftCode(ctxFor(elsewhere.user, 'volunteer', B.street), shift.id, code, now))).code).toBe('not_found');

    const early = await startedShiftWithVolunteer({ startedMinutesAgo: -45 });
    const c = shiftCode(early.shift.qrSecret, early.shift.id, minuteOf(now));
    expect((await refusal(scanShiftCode(early.ctx, early.shift.id, c, now))).code).toBe('volunteer_check_in_not_open');
  });

  it("another region's staff get 404 for the code and the list", async () => {
    const { shift, signup } = await startedShiftWithVolunteer();
    const staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
    expect((await staffB.get(`/api/volunteers/shifts/${shift.id}/qr`)).status).toBe(404);
    expect((await staffB.get(`/api/volunteers/shifts/${shift.id}/signups`)).status).toBe(404);
    expect((await staffB.post(`/api/volunteers/signups/${signup.id}/check-in`, {})).status).toBe(404);
  });
});

describe('attendance by staff', () => {
  it('checks in and out at given times, audited with method staff; a second check-out records nothing more', async () => {
    const { shift, signup } = await startedShiftWithVolunteer({ startedMinutesAgo: 70, lengthMinutes: 120 });
    const list = (await staff.get(`/api/volunteers/shifts/${shift.id}/signups`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([signup.id]);
    const badTime = await staff.post(`/api/volunteers/signups/${signup.id}/check-in`, { at: new Date(shift.startsAt.getTime() - 60 * MIN).toISOString() });
    expect(badTime.status).toBe(400);
    expect(badTime.json().error.fields[0].field).toBe('at');
    const inAt = shift.startsAt.toISOString();
    const checkedIn = await staff.post(`/api/volunteers/signups/${signup.id}/check-in`, { at: inAt });
    expect(checkedIn.status, checkedIn.body).toBe(200);
    expect(checkedIn.json()).toMatchObject({ status: 'checked_in', checkInMethod: 'staff', checkedInAt: inAt });
    const out = await staff.post(`/api/volunteers/signups/${signup.id}/check-out`, {});
    expect(out.status, out.body).toBe(200);
    expect(out.json()).toMatchObject({ status: 'checked_out', checkOutMethod: 'staff' });
    expect((await staff.post(`/api/volunteers/signups/${signup.id}/check-out`, {})).status).toBe(409);
    const entries = await entriesOf(signup.id);
    expect(entries).toHaveLength(1);
    // From the shift's start, 70 minutes ago, to now: whole minutes.
    expect(entries[0].minutes).toBe(70);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, signup.id), eq(auditLog.actorId, staffUser.id)));
    expect(audits.map((a) => [a.action, (a.after as { method: string }).method])).toEqual([
      ['volunteers.attendance.check_in', 'staff'],
      ['volunteers.attendance.check_out', 'staff'],
    ]);
  });

  it('50 concurrent check-outs record the hours once', async () => {
    const { signup } = await startedShiftWithVolunteer({ startedMinutesAgo: 50 });
    await t.db.update(volunteerSignups).set({ status: 'checked_in', checkedInAt: new Date(Date.now() - 45 * MIN), checkInMethod: 'staff' }).where(eq(volunteerSignups.id, signup.id));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => staffCheckOut(ctxFor(staffUser, 'centre_staff', A.district, second && i % 2 ? second.db : t.db), signup.id, {})),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(ok).toHaveLength(1);
    expect(new Set(refused.map((e) => e.code))).toEqual(new Set(['volunteer_signup_checked_out']));
    expect(await entriesOf(signup.id)).toHaveLength(1);
  });

  it('marks a no-show on the list; the job marks the rest two hours after the end (fake clock)', async () => {
    const { shift, signup } = await startedShiftWithVolunteer({ startedMinutesAgo: 30 });
    const { volunteer } = await makeVolunteerWithAccount(t.db, A.street);
    const { volunteer: came } = await makeVolunteerWithAccount(t.db, A.street);
    const [absent] = await t.db.insert(volunteerSignups).values({ shiftId: shift.id, volunteerId: volunteer.id, regionCode: shift.regionCode, status: 'confirmed' }).returning();
    const [present] = await t.db
      .insert(volunteerSignups)
      .values({ shiftId: shift.id, volunteerId: came.id, regionCode: shift.regionCode, status: 'checked_in', checkedInAt: shift.startsAt, checkInMethod: 'qr' })
      .returning();
    const marked = await staff.post(`/api/volunteers/signups/${signup.id}/no-show`);
    expect(marked.status, marked.body).toBe(200);
    expect(marked.json().status).toBe('no_show');

    const deps = { db: t.db, writes: t.app.writes };
    // An hour and 59 minutes after the end: not yet.
    expect(await runJobOnce({ ...deps, clock: new FakeClock(new Date(shift.endsAt.getTime() + 119 * MIN)) }, noShowJob)).toBe('ran');
    expect((await statusOf(absent.id)).status).toBe('confirmed');
    expect(await runJobOnce({ ...deps, clock: new FakeClock(new Date(shift.endsAt.getTime() + 3 * 3600_000 + MIN)) }, noShowJob)).toBe('ran');
    expect((await statusOf(absent.id)).status).toBe('no_show');
    expect((await statusOf(present.id)).status).toBe('checked_in');
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, absent.id), eq(auditLog.action, 'volunteers.attendance.no_show')));
    expect(audit.map((a) => (a.after as { method: string }).method)).toEqual(['job']);
  });
});

describe('attendance before the shift and on oneself', () => {
  it('a second scan before the shift begins leaves the volunteer checked in, with nothing ended early', async () => {
    const early = await startedShiftWithVolunteer({ startedMinutesAgo: -20 });
    const now = new Date();
    const first = await scanShiftCode(early.ctx, early.shift.id, shiftCode(early.shift.qrSecret, early.shift.id, minuteOf(now)), now);
    expect(first.action).toBe('checked_in');
    const later = new Date(now.getTime() + 8 * MIN);
    const second = await scanShiftCode(early.ctx, early.shift.id, shiftCode(early.shift.qrSecret, early.shift.id, minuteOf(later)), later);
    expect(second.action).toBe('already_checked_in');
    expect((await statusOf(early.signup.id)).status).toBe('checked_in');
    expect(await entriesOf(early.signup.id)).toHaveLength(0);
  });

  it('a team leader taking attendance cannot check itself in: 403, nothing changed', async () => {
    const { user, volunteer } = await makeVolunteerWithAccount(t.db, A.street);
    const team = await makeTeam(t.db, A.street, { name: '自查队' });
    await addTeamMember(t.db, team.id, volunteer.id, 'leader');
    const activity = await makeActivity(t.db, A.street, { teamId: team.id });
    const startsAt = new Date(Date.now() - 10 * MIN);
    const shift = await makeShift(t.db, activity, { startsAt, endsAt: new Date(startsAt.getTime() + 60 * MIN) });
    const [signup] = await t.db.insert(volunteerSignups).values({ shiftId: shift.id, volunteerId: volunteer.id, regionCode: shift.regionCode, status: 'confirmed' }).returning();
    const leader = await signIn(t.app, user.username, PASSWORD);
    // The leader reaches its team's list …
    expect((await leader.get(`/api/volunteers/shifts/${shift.id}/signups`)).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const res = await leader.post(`/api/volunteers/signups/${signup.id}/check-in`, {});
    // … but not its own line on it.
    expect(res.status, res.body).toBe(403);
    expect(res.json().error.code).toBe('volunteer_attendance_own');
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });
});

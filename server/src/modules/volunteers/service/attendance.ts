import { and, asc, eq, sql } from 'drizzle-orm';
import {
  CHECK_IN_OPENS_BEFORE_MS,
  CHECK_OUT_CLOSES_AFTER_MS,
  type TAttendanceBody,
  type TScanResult,
  type TShiftQr,
  type TShiftSignup,
} from '../../../../../shared/volunteers/shifts.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { qrSvg } from '../../../core/documents/qr-svg.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { volunteerActivities, volunteerShifts, volunteerSignups as su, volunteers } from '../volunteers.tables.js';
import { attendanceActivities, type ActivityRow } from './activities.js';
import { recordHours } from './hours-ledger.js';
import { acceptsShiftCode, currentShiftCode } from './shift-qr.js';
import { chinaTime, presentMySignups, type ShiftRow, type SignupRow } from './shifts.js';

/*
 * Attendance (V2): the volunteer scans the code on the venue's screen (first scan checks in, a
 * later one checks out), or staff, the owner organisation or the leader of the activity's team
 * record it on the list. Check-in opens 30 minutes before the start and closes at the end;
 * check-out stays open 2 hours after the end. A check-out records the hours (recordHours, which
 * keeps one entry per sign-up however many check-outs race). Every step locks the sign-up row.
 */

/** A repeated scan this soon after checking in is the same check-in (a double tap), not a check-out. */
const REPEAT_SCAN_MS = 5 * 60_000;

type Attended = { shift: ShiftRow; activity: ActivityRow };

/** A shift whose attendance the actor takes (404 otherwise, as for any record out of reach). */
async function attendanceShift(ctx: Ctx, db: DbOrTx, shiftId: string): Promise<Attended> {
  const [found] = await db
    .select({ shift: volunteerShifts, activity: volunteerActivities })
    .from(volunteerShifts)
    .innerJoin(volunteerActivities, eq(volunteerActivities.id, volunteerShifts.activityId))
    .where(and(eq(volunteerShifts.id, shiftId), attendanceActivities(ctx)));
  if (!found) throw notFound('volunteerShift');
  return found;
}

export async function shiftQr(ctx: Ctx, shiftId: string, baseUrl: string, now = new Date()): Promise<TShiftQr> {
  const { shift } = await attendanceShift(ctx, ctx.db, shiftId);
  if (shift.status !== 'open') throw new AppError('volunteer_shift_cancelled');
  const current = currentShiftCode(shift.qrSecret, shift.id, now);
  const url = `${baseUrl}/volunteers/scan/${shift.id}?code=${current.code}`;
  return { code: current.code, url, svg: qrSvg(url), refreshAt: current.refreshAt.toISOString(), expiresAt: current.expiresAt.toISOString() };
}

export async function shiftSignups(ctx: Ctx, shiftId: string): Promise<{ items: TShiftSignup[] }> {
  await attendanceShift(ctx, ctx.db, shiftId);
  const rows = await ctx.db
    .select({ signup: su, number: volunteers.number, name: volunteers.name })
    .from(su)
    .innerJoin(volunteers, eq(volunteers.id, su.volunteerId))
    .where(and(eq(su.shiftId, shiftId), sql`${su.status} <> 'cancelled'`))
    .orderBy(sql`case ${su.status} when 'waiting' then 1 else 0 end`, asc(su.queuedAt), asc(su.id));
  return { items: rows.map((r) => presentListed(r.signup, r.number, r.name)) };
}

function presentListed(r: SignupRow, number: string, name: string): TShiftSignup {
  return {
    id: r.id,
    volunteerId: r.volunteerId,
    volunteerNumber: number,
    volunteerName: name,
    status: r.status as TShiftSignup['status'],
    queuedAt: r.queuedAt.toISOString(),
    checkedInAt: r.checkedInAt?.toISOString() ?? null,
    checkInMethod: (r.checkInMethod as TShiftSignup['checkInMethod']) ?? null,
    checkedOutAt: r.checkedOutAt?.toISOString() ?? null,
    checkOutMethod: (r.checkOutMethod as TShiftSignup['checkOutMethod']) ?? null,
  };
}

const nameOf = (x: Attended) => `${x.activity.title} ${chinaTime(x.shift.startsAt)}`;

async function checkIn(w: WriteCtx, row: SignupRow, x: Attended, at: Date, method: 'staff' | 'qr') {
  const [after] = await w.db
    .update(su)
    .set({ status: 'checked_in', checkedInAt: at, checkedInBy: w.actor.id || null, checkInMethod: method, updatedAt: new Date() })
    .where(eq(su.id, row.id))
    .returning();
  await writeAudit(w, {
    action: 'volunteers.attendance.check_in',
    entityType: 'volunteers.signup',
    entityId: row.id,
    entityName: nameOf(x),
    regionCode: row.regionCode,
    before: { status: row.status },
    after: { status: 'checked_in', at: at.toISOString(), method },
  });
  return after;
}

async function checkOut(w: WriteCtx, row: SignupRow, x: Attended, at: Date, method: 'staff' | 'qr') {
  const [after] = await w.db
    .update(su)
    .set({ status: 'checked_out', checkedOutAt: at, checkedOutBy: w.actor.id || null, checkOutMethod: method, updatedAt: new Date() })
    .where(eq(su.id, row.id))
    .returning();
  const hours = await recordHours(w, {
    volunteerId: row.volunteerId,
    kind: 'shift',
    activityId: x.activity.id,
    shiftId: x.shift.id,
    signupId: row.id,
    startsAt: row.checkedInAt!,
    endsAt: at,
    actorId: w.actor.id,
  });
  const minutes = hours.entry?.minutes ?? 0;
  await writeAudit(w, {
    action: 'volunteers.attendance.check_out',
    entityType: 'volunteers.signup',
    entityId: row.id,
    entityName: nameOf(x),
    regionCode: row.regionCode,
    before: { status: row.status },
    after: { status: 'checked_out', at: at.toISOString(), method, minutes, hourEntryId: hours.entry?.id ?? null },
  });
  return { after, minutes };
}

const checkInOpensAt = (shift: ShiftRow) => new Date(shift.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS);
const checkOutClosesAt = (shift: ShiftRow) => new Date(shift.endsAt.getTime() + CHECK_OUT_CLOSES_AFTER_MS);

/**
 * The volunteer's scan of the code on the venue's screen: its own sign-up of the shift. The code
 * is checked before anything changes: a wrong or expired one is a 400 naming `code`.
 */
export async function scanShiftCode(ctx: Ctx, shiftId: string, code: string, now = new Date()): Promise<TScanResult> {
  return mutate(ctx, async (w) => {
    const [me] = await w.db.select({ id: volunteers.id, regionCode: volunteers.regionCode, status: volunteers.status }).from(volunteers).where(eq(volunteers.userId, w.actor.id));
    if (!me) throw new AppError('volunteer_not_registered');
    // Suspending a volunteer leaves its sign-ups in place; it must not serve on them meanwhile.
    if (me.status !== 'active') throw new AppError('volunteer_scan_not_active');
    const [found] = await w.db
      .select({ shift: volunteerShifts, activity: volunteerActivities })
      .from(volunteerShifts)
      .innerJoin(volunteerActivities, eq(volunteerActivities.id, volunteerShifts.activityId))
      .where(eq(volunteerShifts.id, shiftId));
    const [row] = found
      ? await w.db
          .select()
          .from(su)
          .where(and(eq(su.shiftId, shiftId), eq(su.volunteerId, me.id), sql`${su.status} <> 'cancelled'`))
          .for('update')
      : [];
    // A shift neither of its district nor signed up for does not exist for the volunteer.
    if (!found || (!row && !found.shift.regionCode.startsWith(me.regionCode.slice(0, 6)))) throw notFound('volunteerShift');
    if (!acceptsShiftCode(found.shift.qrSecret, shiftId, code, now)) throw invalidField('code', 'volunteer_qr_expired');
    if (!row || row.status === 'waiting') throw new AppError(row ? 'volunteer_scan_waiting' : 'volunteer_scan_no_signup');
    const result = async (action: TScanResult['action'], signup: SignupRow, minutesRecorded: number | null): Promise<TScanResult> => ({
      action,
      signup: (await presentMySignups(w.db, [signup])).get(shiftId)!,
      minutesRecorded,
    });
    if (row.status === 'checked_out') return result('already_checked_out', row, null);
    if (row.status === 'no_show') throw new AppError('volunteer_signup_no_show');
    if (found.shift.status !== 'open') throw new AppError('volunteer_shift_cancelled');
    if (row.status === 'confirmed') {
      if (now < checkInOpensAt(found.shift)) throw new AppError('volunteer_check_in_not_open', { opensAt: chinaTime(checkInOpensAt(found.shift)) });
      if (now >= found.shift.endsAt) throw new AppError('volunteer_check_in_closed');
      return result('checked_in', await checkIn(w, row, found, now, 'qr'), null);
    }
    // checked_in: a repeated scan, or one before the shift has begun (nothing would count yet), leaves it checked in.
    if (now.getTime() - row.checkedInAt!.getTime() < REPEAT_SCAN_MS || now <= found.shift.startsAt) return result('already_checked_in', row, null);
    if (now > checkOutClosesAt(found.shift)) throw new AppError('volunteer_check_out_closed');
    const { after, minutes } = await checkOut(w, row, found, now, 'qr');
    return result('checked_out', after, minutes);
  });
}

/** A sign-up whose shift's attendance the actor takes, locked. */
async function listedSignup(w: WriteCtx, signupId: string) {
  const [head] = await w.db.select({ shiftId: su.shiftId }).from(su).where(eq(su.id, signupId));
  if (!head) throw notFound('volunteerSignup');
  const x = await attendanceShift(w, w.db, head.shiftId).catch(() => {
    throw notFound('volunteerSignup');
  });
  const [row] = await w.db.select().from(su).where(eq(su.id, signupId)).for('update');
  const [v] = await w.db.select({ number: volunteers.number, name: volunteers.name, userId: volunteers.userId }).from(volunteers).where(eq(volunteers.id, row.volunteerId));
  // A team leader takes its team's attendance, never its own: its own times are the scan's or staff's.
  if (v.userId && v.userId === w.actor.id) throw new AppError('volunteer_attendance_own');
  return { x, row, v };
}

/** Staff's time for an attendance: the one given, else now; never in the future. */
function timeOf(body: TAttendanceBody, now: Date) {
  const at = body.at ? new Date(body.at) : now;
  if (at.getTime() > now.getTime() + 60_000) throw invalidField('at', 'volunteer_attendance_future');
  return at;
}

export async function staffCheckIn(ctx: Ctx, signupId: string, body: TAttendanceBody, now = new Date()): Promise<TShiftSignup> {
  return mutate(ctx, async (w) => {
    const { x, row, v } = await listedSignup(w, signupId);
    if (row.status !== 'confirmed' && row.status !== 'no_show') throw new AppError('volunteer_signup_not_confirmed');
    const at = timeOf(body, now);
    if (at < checkInOpensAt(x.shift) || at >= x.shift.endsAt) {
      throw invalidField('at', 'volunteer_check_in_window', { from: chinaTime(checkInOpensAt(x.shift)), to: chinaTime(x.shift.endsAt) });
    }
    return presentListed(await checkIn(w, row, x, at, 'staff'), v.number, v.name);
  });
}

export async function staffCheckOut(ctx: Ctx, signupId: string, body: TAttendanceBody, now = new Date()): Promise<TShiftSignup> {
  return mutate(ctx, async (w) => {
    const { x, row, v } = await listedSignup(w, signupId);
    if (row.status === 'checked_out') throw new AppError('volunteer_signup_checked_out');
    if (row.status !== 'checked_in') throw new AppError('volunteer_signup_not_checked_in');
    const at = timeOf(body, now);
    // Staff may end an attendance before the shift begins (a volunteer who had to leave): nothing is counted then.
    if (at <= row.checkedInAt! || at > checkOutClosesAt(x.shift)) {
      throw invalidField('at', 'volunteer_check_out_window', { from: chinaTime(row.checkedInAt!), to: chinaTime(checkOutClosesAt(x.shift)) });
    }
    return presentListed((await checkOut(w, row, x, at, 'staff')).after, v.number, v.name);
  });
}

export async function markNoShow(ctx: Ctx, signupId: string, now = new Date()): Promise<TShiftSignup> {
  return mutate(ctx, async (w) => {
    const { x, row, v } = await listedSignup(w, signupId);
    if (row.status !== 'confirmed') throw new AppError('volunteer_signup_not_confirmed');
    if (now < x.shift.startsAt) throw new AppError('volunteer_shift_not_started');
    const [after] = await w.db.update(su).set({ status: 'no_show', updatedAt: new Date() }).where(eq(su.id, signupId)).returning();
    await writeAudit(w, {
      action: 'volunteers.attendance.no_show',
      entityType: 'volunteers.signup',
      entityId: signupId,
      entityName: nameOf(x),
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status: 'no_show', at: now.toISOString(), method: 'staff' },
    });
    return presentListed(after, v.number, v.name);
  });
}

import { and, asc, eq, inArray, lt, gt, sql } from 'drizzle-orm';
import type { TMySignup } from '../../../../../shared/volunteers/shifts.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { AppError, notFound } from '../../../errors.js';
import { notifyMany } from '../../notifications/notifications.service.js';
import { volunteerActivities, volunteerShifts, volunteerSignups as su, volunteers } from '../volunteers.tables.js';
import type { ActivityRow } from './activities.js';
import { chinaTime, placesHeld, presentMySignups, type ShiftRow, type SignupRow } from './shifts.js';

/*
 * Signing up for a shift (V2). A place is given while the places held (confirmed, checked in or
 * out) are fewer than the quota, else the volunteer waits, in order of queuing. Every change of
 * the places of a shift runs with the shift's row locked (`for update`), so concurrent sign-ups,
 * cancellations and quota changes see each other: 50 sign-ups for the last place give one place.
 */

/** The actor's own volunteer record, locked: one volunteer's sign-ups run one at a time (the overlap check). */
async function myVolunteer(w: WriteCtx) {
  const [v] = await w.db.select().from(volunteers).where(eq(volunteers.userId, w.actor.id)).for('update');
  if (!v) throw new AppError('volunteer_not_registered');
  return v;
}

async function present(w: WriteCtx, row: SignupRow): Promise<TMySignup> {
  return (await presentMySignups(w.db, [row])).get(row.shiftId)!;
}

export async function signUp(ctx: Ctx, shiftId: string, now = new Date()): Promise<TMySignup> {
  return mutate(ctx, async (w) => {
    const volunteer = await myVolunteer(w);
    if (volunteer.status === 'pending') throw new AppError('volunteer_pending');
    if (volunteer.status !== 'active') throw new AppError('volunteer_not_active');
    const [found] = await w.db
      .select({ shift: volunteerShifts, activity: volunteerActivities })
      .from(volunteerShifts)
      .innerJoin(volunteerActivities, eq(volunteerActivities.id, volunteerShifts.activityId))
      .where(and(eq(volunteerShifts.id, shiftId), sql`${volunteerShifts.regionCode} like ${volunteer.regionCode.slice(0, 6) + '%'}`, eq(volunteerActivities.status, 'published')))
      .for('update', { of: volunteerShifts });
    if (!found) throw notFound('volunteerShift');
    const { shift, activity } = found;
    if (shift.status !== 'open') throw new AppError('volunteer_shift_cancelled');
    if (shift.startsAt <= now) throw new AppError('volunteer_shift_started');
    const [existing] = await w.db
      .select({ id: su.id })
      .from(su)
      .where(and(eq(su.shiftId, shiftId), eq(su.volunteerId, volunteer.id), sql`${su.status} <> 'cancelled'`));
    if (existing) throw new AppError('volunteer_signup_exists');
    // A place held or waited for on an overlapping shift: waiting sign-ups count too, so a later
    // promotion can never give one volunteer two places at once.
    const [clash] = await w.db
      .select({ title: volunteerActivities.title, startsAt: volunteerShifts.startsAt, endsAt: volunteerShifts.endsAt })
      .from(su)
      .innerJoin(volunteerShifts, eq(volunteerShifts.id, su.shiftId))
      .innerJoin(volunteerActivities, eq(volunteerActivities.id, volunteerShifts.activityId))
      .where(
        and(
          eq(su.volunteerId, volunteer.id),
          inArray(su.status, ['confirmed', 'waiting', 'checked_in']),
          lt(volunteerShifts.startsAt, shift.endsAt),
          gt(volunteerShifts.endsAt, shift.startsAt),
        ),
      );
    if (clash) throw new AppError('volunteer_signup_overlap', { title: clash.title, startsAt: chinaTime(clash.startsAt), endsAt: chinaTime(clash.endsAt) });
    const status = (await placesHeld(w.db, shiftId)) < shift.quota ? 'confirmed' : 'waiting';
    const [row] = await w.db.insert(su).values({ shiftId, volunteerId: volunteer.id, regionCode: shift.regionCode, status, queuedAt: now }).returning();
    await writeAudit(w, {
      action: 'volunteers.signup.create',
      entityType: 'volunteers.signup',
      entityId: row.id,
      entityName: `${activity.title} ${chinaTime(shift.startsAt)}`,
      regionCode: shift.regionCode,
      after: { status, shiftId, volunteerId: volunteer.id, volunteerNumber: volunteer.number },
    });
    return present(w, row);
  });
}

/** Withdraws one's own sign-up before the shift starts; a place freed goes to the first in the waiting list. */
export async function cancelSignup(ctx: Ctx, signupId: string, now = new Date()): Promise<TMySignup> {
  return mutate(ctx, async (w) => {
    const volunteer = await myVolunteer(w);
    const [mine] = await w.db.select({ shiftId: su.shiftId }).from(su).where(and(eq(su.id, signupId), eq(su.volunteerId, volunteer.id)));
    if (!mine) throw notFound('volunteerSignup');
    const [found] = await w.db
      .select({ shift: volunteerShifts, activity: volunteerActivities })
      .from(volunteerShifts)
      .innerJoin(volunteerActivities, eq(volunteerActivities.id, volunteerShifts.activityId))
      .where(eq(volunteerShifts.id, mine.shiftId))
      .for('update', { of: volunteerShifts });
    const [row] = await w.db.select().from(su).where(eq(su.id, signupId)).for('update');
    if (row.status !== 'confirmed' && row.status !== 'waiting') throw new AppError('volunteer_signup_not_cancellable');
    if (found.shift.startsAt <= now) throw new AppError('volunteer_shift_started');
    const [after] = await w.db.update(su).set({ status: 'cancelled', updatedAt: now }).where(eq(su.id, signupId)).returning();
    await writeAudit(w, {
      action: 'volunteers.signup.cancel',
      entityType: 'volunteers.signup',
      entityId: signupId,
      entityName: `${found.activity.title} ${chinaTime(found.shift.startsAt)}`,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status: 'cancelled', reason: null },
    });
    if (row.status === 'confirmed') await promoteWaiting(w, found.shift, found.activity);
    return present(w, after);
  });
}

/**
 * Gives free places of a shift (its row locked by the caller) to the waiting list in queuing
 * order, telling each volunteer promoted. Returns how many moved up.
 */
export async function promoteWaiting(w: WriteCtx, shift: ShiftRow, activity: ActivityRow): Promise<number> {
  if (shift.status !== 'open') return 0;
  const free = shift.quota - (await placesHeld(w.db, shift.id));
  if (free <= 0) return 0;
  const next = await w.db
    .select({ id: su.id, regionCode: su.regionCode, userId: volunteers.userId })
    .from(su)
    .innerJoin(volunteers, eq(volunteers.id, su.volunteerId))
    // Only a volunteer still in service moves up: one suspended or gone since it queued keeps waiting.
    .where(and(eq(su.shiftId, shift.id), eq(su.status, 'waiting'), eq(volunteers.status, 'active')))
    .orderBy(asc(su.queuedAt), asc(su.id))
    .limit(free)
    .for('update', { of: su });
  if (!next.length) return 0;
  await w.db
    .update(su)
    .set({ status: 'confirmed', updatedAt: new Date() })
    .where(inArray(su.id, next.map((n) => n.id)));
  const name = `${activity.title} ${chinaTime(shift.startsAt)}`;
  for (const n of next) {
    await writeAudit(w, { action: 'volunteers.signup.promote', entityType: 'volunteers.signup', entityId: n.id, entityName: name, regionCode: n.regionCode, before: { status: 'waiting' }, after: { status: 'confirmed' } });
  }
  await notifyMany(
    w,
    next.flatMap((n) =>
      n.userId
        ? [
            {
              recipients: [n.userId],
              notice: {
                kind: 'volunteerSignup.promoted' as const,
                params: { activityTitle: activity.title, startsAt: chinaTime(shift.startsAt), place: activity.place },
                link: '/volunteers/my/shifts',
                dedupeKey: `volunteerSignup.promoted:${n.id}`,
              },
            },
          ]
        : [],
    ),
  );
  return next.length;
}

import { and, eq, like } from 'drizzle-orm';
import type { TManualHoursBody } from '../../../../../shared/volunteers/hours.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { revokeDocumentsOf } from '../../../core/documents/documents.js';
import { dbErrorFacts, UNIQUE_VIOLATION } from '../../../core/db-errors.js';
import { scopeCovers, scopeFor } from '../../../core/scope.js';
import { mutate, touch, type WriteCtx } from '../../../core/write-unit.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { volunteerActivities, volunteerHourClaims, volunteerHourDecisions, volunteerHourEntries, volunteerShifts, volunteers } from '../volunteers.tables.js';
import { SERVICE_CERTIFICATE } from './certificate.js';
import { ownedEntryScope } from './hours-access.js';
import { clipToShift, countedMinutes, MAX_ENTRY_MINUTES } from './hours-rounding.js';
import { volunteerOfUser } from './me.js';

export type HourEntryRow = typeof volunteerHourEntries.$inferSelect;

/** What recordHours needs: who served, in which activity (and shift or sign-up), and when. */
export interface RecordHoursInput {
  volunteerId: string;
  kind: 'shift' | 'manual';
  activityId: string;
  shiftId?: string | null;
  signupId?: string | null;
  startsAt: Date;
  endsAt: Date;
  /** Required for a manual entry (why the hours were not recorded at a check-out). */
  reason?: string | null;
  actorId: string;
}

/**
 * `recorded`: a new entry and its claim; `existing`: the sign-up's entry was recorded already (a
 * repeated or racing check-out — the same attendance is never counted twice); `too_short`: the
 * rounding rule counts nothing (under a minute inside the shift), so no entry is made.
 */
export type RecordHoursResult =
  | { status: 'recorded'; entry: HourEntryRow }
  | { status: 'existing'; entry: HourEntryRow }
  | { status: 'too_short'; entry: null };

const EXCLUSION_VIOLATION = '23P01';

/** The refusal when the period overlaps hours already recorded for the volunteer (a live claim). */
export const overlapRefusal = () => new AppError('volunteer_hours_overlap', {}, [{ field: 'startsAt', problem: 'volunteer_hours_overlap' }]);

/**
 * Records served hours in the caller's transaction: the entry (minutes by the rounding rule,
 * hours-rounding.ts; activity type, region and owner organisation copied from the activity) and its
 * claim on the volunteer's time. The database settles races: the claims' exclusion constraint
 * refuses an overlap (→ 409 naming the period), the sign-up's unique index a second entry for one
 * attendance (→ the first entry, `existing`). Both run in a savepoint, so the caller's
 * transaction stays usable after a refusal.
 */
export async function recordHours(w: WriteCtx, input: RecordHoursInput): Promise<RecordHoursResult> {
  if (!(input.endsAt > input.startsAt)) throw invalidField('endsAt', 'volunteer_hours_period_order');
  if (input.kind === 'manual' && !input.reason?.trim()) throw invalidField('reason', 'required');
  if (input.kind === 'shift' && input.signupId) {
    const prior = await signupEntry(w, input.signupId);
    if (prior) return { status: 'existing', entry: prior };
  }
  const [activity] = await w.db
    .select({ regionCode: volunteerActivities.regionCode, type: volunteerActivities.type, ownerOrganizationId: volunteerActivities.ownerOrganizationId })
    .from(volunteerActivities)
    .where(eq(volunteerActivities.id, input.activityId));
  if (!activity) throw invalidField('activityId', 'reference_unknown');
  const [volunteer] = await w.db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.id, input.volunteerId));
  if (!volunteer) throw invalidField('volunteerId', 'reference_unknown');
  let shift: { startsAt: Date; endsAt: Date } | null = null;
  if (input.shiftId) {
    [shift = null] = await w.db
      .select({ startsAt: volunteerShifts.startsAt, endsAt: volunteerShifts.endsAt })
      .from(volunteerShifts)
      .where(and(eq(volunteerShifts.id, input.shiftId), eq(volunteerShifts.activityId, input.activityId)));
    if (!shift) throw invalidField('shiftId', 'reference_unknown');
  }
  const period = clipToShift({ startsAt: input.startsAt, endsAt: input.endsAt }, shift);
  const minutes = period ? countedMinutes(period) : 0;
  if (!period || minutes === 0) return { status: 'too_short', entry: null };

  try {
    const entry = await w.db.transaction(async (sp) => {
      const [row] = await sp
        .insert(volunteerHourEntries)
        .values({
          volunteerId: input.volunteerId,
          regionCode: activity.regionCode,
          kind: input.kind,
          activityId: input.activityId,
          shiftId: input.shiftId ?? null,
          signupId: input.signupId ?? null,
          activityType: activity.type,
          organizationId: activity.ownerOrganizationId,
          startsAt: period.startsAt,
          endsAt: period.endsAt,
          minutes,
          reason: input.reason?.trim() || null,
          createdBy: input.actorId || null,
        })
        .returning();
      await sp.insert(volunteerHourClaims).values({ entryId: row.id, volunteerId: input.volunteerId, startsAt: period.startsAt, endsAt: period.endsAt });
      return row;
    });
    touch(w, activity.regionCode);
    return { status: 'recorded', entry };
  } catch (error) {
    const facts = dbErrorFacts(error);
    if (facts?.code === EXCLUSION_VIOLATION && facts.constraint === 'volunteer_hour_claims_no_overlap') throw overlapRefusal();
    if (facts?.code === UNIQUE_VIOLATION && facts.constraint === 'volunteer_hour_entries_signup_unique' && input.signupId) {
      const prior = await signupEntry(w, input.signupId);
      if (prior) return { status: 'existing', entry: prior };
    }
    throw error;
  }
}

async function signupEntry(w: WriteCtx, signupId: string): Promise<HourEntryRow | null> {
  const [row] = await w.db
    .select()
    .from(volunteerHourEntries)
    .where(and(eq(volunteerHourEntries.signupId, signupId), eq(volunteerHourEntries.kind, 'shift')));
  return row ?? null;
}

/**
 * A manual entry (volunteers.hours.enter): staff of the activity's region or its owner
 * organisation record hours that no check-out recorded, with a reason. The period is in the past,
 * at most 24 hours, and counts under the same rounding rule; it waits for the owner's approval.
 */
export async function enterManualHours(ctx: Ctx, body: TManualHoursBody) {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (!(endsAt > startsAt)) throw invalidField('endsAt', 'volunteer_hours_period_order');
  if (endsAt.getTime() > Date.now()) throw invalidField('endsAt', 'volunteer_hours_future');
  if (endsAt.getTime() - startsAt.getTime() > MAX_ENTRY_MINUTES * 60_000) throw invalidField('endsAt', 'volunteer_hours_too_long');
  return mutate(ctx, async (w) => {
    const [activity] = await w.db
      .select({ regionCode: volunteerActivities.regionCode, organizationId: volunteerActivities.ownerOrganizationId })
      .from(volunteerActivities)
      .where(eq(volunteerActivities.id, body.activityId));
    // Another region's activity reads as unknown: its existence is not the caller's to learn.
    if (!activity || !scopeCovers(scopeFor(w.actor, 'volunteers.hours.enter'), activity)) throw invalidField('activityId', 'reference_unknown');
    // Volunteers serve in their own district (the sign-up rule); one of another district reads as
    // unknown, or any volunteer id would get hours here and be named in the answer.
    const [served] = await w.db
      .select({ id: volunteers.id })
      .from(volunteers)
      .where(and(eq(volunteers.id, body.volunteerId), like(volunteers.regionCode, `${activity.regionCode.slice(0, 6)}%`)));
    if (!served) throw invalidField('volunteerId', 'reference_unknown');
    const result = await recordHours(w, {
      volunteerId: body.volunteerId,
      kind: 'manual',
      activityId: body.activityId,
      shiftId: body.shiftId ?? null,
      startsAt,
      endsAt,
      reason: body.reason,
      actorId: w.actor.id,
    });
    if (result.status !== 'recorded') throw invalidField('endsAt', 'volunteer_hours_too_short');
    const e = result.entry;
    const [v] = await w.db.select({ number: volunteers.number, name: volunteers.name }).from(volunteers).where(eq(volunteers.id, e.volunteerId));
    await writeAudit(w, {
      action: 'volunteers.hours.enter',
      entityType: 'volunteers.hour_entry',
      entityId: e.id,
      entityName: `${v.name}（${v.number}）`,
      regionCode: e.regionCode,
      after: {
        volunteerId: e.volunteerId,
        volunteerNumber: v.number,
        activityId: e.activityId,
        shiftId: e.shiftId,
        startsAt: e.startsAt.toISOString(),
        endsAt: e.endsAt.toISOString(),
        minutes: e.minutes,
        reason: e.reason,
      },
    });
    return e.id;
  });
}

/**
 * Corrects an approved entry (volunteers.hours.approve, its owner): a new `reversal` entry with
 * the negative minutes and a reason; the database takes the hours off the totals and releases
 * the period (trigger), so a correct entry can then be recorded. Never an edit; once per entry.
 */
export async function reverseEntry(ctx: Ctx, id: string, reason: string) {
  return mutate(ctx, async (w) => {
    const [row] = await w.db
      .select({ entry: volunteerHourEntries, decision: volunteerHourDecisions.decision })
      .from(volunteerHourEntries)
      .leftJoin(volunteerHourDecisions, eq(volunteerHourDecisions.entryId, volunteerHourEntries.id))
      .where(and(eq(volunteerHourEntries.id, id), ownedEntryScope(w.actor)));
    if (!row) throw notFound('volunteer_hour_entry');
    const e = row.entry;
    await refuseOwnHours(w, e.volunteerId);
    if (e.kind === 'reversal' || row.decision !== 'approved') throw new AppError('volunteer_hours_not_approved');
    let reversalId: string;
    try {
      reversalId = await w.db.transaction(async (sp) => {
        const [r] = await sp
          .insert(volunteerHourEntries)
          .values({
            volunteerId: e.volunteerId,
            regionCode: e.regionCode,
            kind: 'reversal',
            activityId: e.activityId,
            shiftId: e.shiftId,
            activityType: e.activityType,
            organizationId: e.organizationId,
            startsAt: e.startsAt,
            endsAt: e.endsAt,
            minutes: -e.minutes,
            reason,
            reversesId: e.id,
            createdBy: w.actor.id || null,
          })
          .returning({ id: volunteerHourEntries.id });
        return r.id;
      });
    } catch (error) {
      const facts = dbErrorFacts(error);
      if (facts?.code === UNIQUE_VIOLATION && facts.constraint === 'volunteer_hour_entries_reverses_unique') throw new AppError('volunteer_hours_reversed');
      throw error;
    }
    await writeAudit(w, {
      action: 'volunteers.hours.reverse',
      entityType: 'volunteers.hour_entry',
      entityId: e.id,
      regionCode: e.regionCode,
      before: { state: 'approved', minutes: e.minutes },
      after: { state: 'reversed', reversalId, minutes: -e.minutes, reason },
    });
    // A certificate that counted these hours no longer holds: the public page says so at once.
    await revokeDocumentsOf(w, { entityType: 'volunteer', entityId: e.volunteerId, kind: SERVICE_CERTIFICATE }, 'hours_corrected');
    return reversalId;
  });
}

/** A volunteer never decides or corrects its own hours, whatever else it holds. */
export async function refuseOwnHours(w: WriteCtx, volunteerId: string) {
  const own = await volunteerOfUser(w.db, w.actor.id);
  if (own?.id === volunteerId) throw new AppError('volunteer_hours_self_approval');
}

import { and, asc, count, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import {
  PLACE_HOLDING_STATUSES,
  type TLedActivities,
  type TMySignup,
  type TOpenShift,
  type TOpenShiftQuery,
  type TShift,
  type TShiftBody,
  type TShiftDetail,
  type TShiftPatch,
} from '../../../../../shared/volunteers/shifts.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { organizationNames } from '../../registry/registry.service.js';
import { volunteerActivities, volunteerShifts as s, volunteerSignups as su, volunteers } from '../volunteers.tables.js';
import { cancelLiveSignups, findActivity, manageableActivities, readableActivities, summaries, type ActivityRow } from './activities.js';
import { shiftHoursOfSignups } from './hours-lists.js';
import { volunteerOfUser } from './me.js';
import { newQrSecret } from './shift-qr.js';
import { promoteWaiting } from './signups.js';
import { teamsLedBy } from './teams.js';

export type ShiftRow = typeof s.$inferSelect;
export type SignupRow = typeof su.$inferSelect;

const CHINA_OFFSET_MS = 8 * 3600_000;

/** An instant as China's wall clock reads it: "2026-05-01 09:30". */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant a China date begins. */
export function chinaDateStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

const MAX_SHIFT_MS = 24 * 3600_000;

/** Start before end, at most 24 hours (the table's check, said with the field). */
function checkTimes(startsAt: Date, endsAt: Date) {
  if (!(endsAt > startsAt)) throw invalidField('endsAt', 'volunteer_shift_time_order', { startsAt: chinaTime(startsAt) });
  if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_MS) throw invalidField('endsAt', 'volunteer_shift_too_long');
}

export async function shiftCounts(db: DbOrTx, shiftIds: string[]) {
  const rows = shiftIds.length
    ? await db.select({ shiftId: su.shiftId, status: su.status, n: count() }).from(su).where(inArray(su.shiftId, shiftIds)).groupBy(su.shiftId, su.status)
    : [];
  const out = new Map<string, TShift['counts']>();
  for (const id of shiftIds) out.set(id, { confirmed: 0, waiting: 0, checkedIn: 0, checkedOut: 0, noShow: 0 });
  const key = { confirmed: 'confirmed', waiting: 'waiting', checked_in: 'checkedIn', checked_out: 'checkedOut', no_show: 'noShow' } as const;
  for (const r of rows) {
    const k = key[r.status as keyof typeof key];
    if (k) out.get(r.shiftId)![k] = Number(r.n);
  }
  return out;
}

export async function presentShifts(db: DbOrTx, rows: ShiftRow[]): Promise<TShift[]> {
  const counts = await shiftCounts(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    activityId: r.activityId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    quota: r.quota,
    status: r.status as TShift['status'],
    counts: counts.get(r.id)!,
  }));
}

/** Places taken on a shift: confirmed sign-ups and those who came. */
export async function placesHeld(db: DbOrTx, shiftId: string) {
  const [{ n }] = await db
    .select({ n: count() })
    .from(su)
    .where(and(eq(su.shiftId, shiftId), inArray(su.status, [...PLACE_HOLDING_STATUSES])));
  return Number(n);
}

/** A shift of an activity the actor manages, locked with its activity. */
async function manageableShift(w: WriteCtx, id: string) {
  const [found] = await w.db.select({ activityId: s.activityId }).from(s).where(eq(s.id, id));
  if (!found) throw notFound('volunteerShift');
  const activity = await findActivity(w.db, found.activityId, manageableActivities(w), true).catch(() => {
    throw notFound('volunteerShift');
  });
  const [shift] = await w.db.select().from(s).where(eq(s.id, id)).for('update');
  return { activity, shift };
}

function assertLive(activity: ActivityRow) {
  if (activity.status !== 'draft' && activity.status !== 'published') throw new AppError('volunteer_activity_not_editable');
}

const auditShift = (r: ShiftRow) => ({ activityId: r.activityId, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(), quota: r.quota, regionCode: r.regionCode });

export async function createShift(ctx: Ctx, activityId: string, body: TShiftBody, now = new Date()): Promise<TShift> {
  return mutate(ctx, async (w) => {
    const activity = await findActivity(w.db, activityId, manageableActivities(w), true);
    assertLive(activity);
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    if (startsAt <= now) throw invalidField('startsAt', 'volunteer_shift_in_past');
    checkTimes(startsAt, endsAt);
    const [row] = await w.db
      .insert(s)
      .values({ activityId, regionCode: activity.regionCode, startsAt, endsAt, quota: body.quota, qrSecret: newQrSecret(), createdBy: w.actor.id })
      .returning();
    await writeAudit(w, { action: 'volunteers.shift.create', entityType: 'volunteers.shift', entityId: row.id, entityName: `${activity.title} ${chinaTime(startsAt)}`, regionCode: row.regionCode, after: auditShift(row) });
    return (await presentShifts(w.db, [row]))[0];
  });
}

/**
 * Times change only while nobody holds or waits for a place: after that the change is refused
 * (cancel the shift, which tells everyone, and add another), since people planned their day on
 * it. The quota may go down to the places already taken; raising it moves the waiting list up.
 */
export async function updateShift(ctx: Ctx, id: string, patch: TShiftPatch, now = new Date()): Promise<TShift> {
  return mutate(ctx, async (w) => {
    const { activity, shift } = await manageableShift(w, id);
    assertLive(activity);
    if (shift.status !== 'open') throw new AppError('volunteer_shift_cancelled');
    const changes: Partial<ShiftRow> = {};
    if (patch.startsAt !== undefined || patch.endsAt !== undefined) {
      const startsAt = patch.startsAt ? new Date(patch.startsAt) : shift.startsAt;
      const endsAt = patch.endsAt ? new Date(patch.endsAt) : shift.endsAt;
      if (startsAt.getTime() !== shift.startsAt.getTime() || endsAt.getTime() !== shift.endsAt.getTime()) {
        const [{ n }] = await w.db
          .select({ n: count() })
          .from(su)
          .where(and(eq(su.shiftId, id), sql`${su.status} <> 'cancelled'`));
        if (Number(n) > 0) throw new AppError('volunteer_shift_has_signups', { count: Number(n) }, [{ field: patch.startsAt ? 'startsAt' : 'endsAt', problem: 'volunteer_shift_has_signups', params: { count: Number(n) } }]);
        if (startsAt <= now) throw invalidField('startsAt', 'volunteer_shift_in_past');
        checkTimes(startsAt, endsAt);
        changes.startsAt = startsAt;
        changes.endsAt = endsAt;
      }
    }
    if (patch.quota !== undefined && patch.quota !== shift.quota) {
      const held = await placesHeld(w.db, id);
      if (patch.quota < held) throw invalidField('quota', 'volunteer_shift_quota_below_held', { held });
      changes.quota = patch.quota;
    }
    if (!Object.keys(changes).length) return (await presentShifts(w.db, [shift]))[0];
    const [after] = await w.db.update(s).set(changes).where(eq(s.id, id)).returning();
    const promoted = changes.quota !== undefined ? await promoteWaiting(w, after, activity) : 0;
    const keys = Object.keys(changes) as (keyof ReturnType<typeof auditShift>)[];
    const pick = (r: ShiftRow) => Object.fromEntries(keys.map((k) => [k, auditShift(r)[k]]));
    await writeAudit(w, {
      action: 'volunteers.shift.update',
      entityType: 'volunteers.shift',
      entityId: id,
      entityName: `${activity.title} ${chinaTime(after.startsAt)}`,
      regionCode: after.regionCode,
      before: pick(shift),
      after: { ...pick(after), promoted },
    });
    return (await presentShifts(w.db, [after]))[0];
  });
}

export async function cancelShift(ctx: Ctx, id: string, reason: string): Promise<TShift> {
  return mutate(ctx, async (w) => {
    const { activity, shift } = await manageableShift(w, id);
    assertLive(activity);
    if (shift.status !== 'open') throw new AppError('volunteer_shift_cancelled');
    const [after] = await w.db.update(s).set({ status: 'cancelled' }).where(eq(s.id, id)).returning();
    const signupsCancelled = await cancelLiveSignups(w, [id], { activityId: activity.id, activityTitle: activity.title, reason, startsAtOf: new Map([[id, shift.startsAt]]) });
    await writeAudit(w, {
      action: 'volunteers.shift.cancel',
      entityType: 'volunteers.shift',
      entityId: id,
      entityName: `${activity.title} ${chinaTime(shift.startsAt)}`,
      regionCode: shift.regionCode,
      before: { status: shift.status },
      after: { status: 'cancelled', reason, signupsCancelled },
    });
    return (await presentShifts(w.db, [after]))[0];
  });
}

/** The actor's own volunteer record's district prefix (first 6 digits), or null without a record. */
async function districtOfActor(db: DbOrTx, userId: string) {
  const [v] = await db.select({ id: volunteers.id, regionCode: volunteers.regionCode }).from(volunteers).where(eq(volunteers.userId, userId));
  return v ? { volunteerId: v.id, prefix: v.regionCode.slice(0, 6) } : null;
}

/** Waiting-list positions (1 = next) of waiting sign-ups, by id. */
async function waitingPositions(db: DbOrTx, signups: SignupRow[]) {
  const out = new Map<string, number>();
  for (const row of signups.filter((r) => r.status === 'waiting')) {
    const [{ n }] = await db
      .select({ n: count() })
      .from(su)
      .where(and(eq(su.shiftId, row.shiftId), eq(su.status, 'waiting'), sql`(${su.queuedAt}, ${su.id}) < (${row.queuedAt.toISOString()}::timestamptz, ${row.id}::uuid)`));
    out.set(row.id, Number(n) + 1);
  }
  return out;
}

export async function presentMySignups(db: DbOrTx, rows: SignupRow[]): Promise<Map<string, TMySignup>> {
  const positions = await waitingPositions(db, rows);
  const hours = await shiftHoursOfSignups(db, rows.filter((r) => r.status === 'checked_out').map((r) => r.id));
  return new Map(
    rows.map((r) => [
      r.shiftId,
      {
        id: r.id,
        shiftId: r.shiftId,
        status: r.status as TMySignup['status'],
        waitingPosition: positions.get(r.id) ?? null,
        queuedAt: r.queuedAt.toISOString(),
        checkedInAt: r.checkedInAt?.toISOString() ?? null,
        checkedOutAt: r.checkedOutAt?.toISOString() ?? null,
        minutesRecorded: hours.get(r.id)?.minutes ?? null,
        hoursState: hours.get(r.id)?.state ?? null,
      },
    ]),
  );
}

async function presentOpenShifts(db: DbOrTx, rows: { shift: ShiftRow; activity: typeof volunteerActivities.$inferSelect }[], volunteerId: string | null): Promise<TOpenShift[]> {
  const shifts = await presentShifts(db, rows.map((r) => r.shift));
  const mine = volunteerId && rows.length
    ? await db.select().from(su).where(and(eq(su.volunteerId, volunteerId), inArray(su.shiftId, rows.map((r) => r.shift.id)), sql`${su.status} <> 'cancelled'`))
    : [];
  const mySignups = await presentMySignups(db, mine);
  const owners = await organizationNames(db, rows.flatMap((r) => (r.activity.ownerOrganizationId ? [r.activity.ownerOrganizationId] : [])));
  return rows.map((r, i) => ({
    shift: shifts[i],
    activity: {
      id: r.activity.id,
      title: r.activity.title,
      type: r.activity.type as TOpenShift['activity']['type'],
      place: r.activity.place,
      regionCode: r.activity.regionCode,
      ownerName: r.activity.ownerOrganizationId ? (owners.get(r.activity.ownerOrganizationId) ?? null) : null,
    },
    mySignup: mySignups.get(r.shift.id) ?? null,
  }));
}

/**
 * Shifts still to come of published activities: a volunteer's district's (the first six digits of
 * its record's region), or the region staff work in.
 */
export async function openShifts(ctx: Ctx, q: TOpenShiftQuery, now = new Date()) {
  const mine = await districtOfActor(ctx.db, ctx.actor.id);
  const reach: SQL[] = [scopeWhere(scopeFor(ctx.actor, 'volunteers.read').filter((x) => x.kind !== 'own'), { region: s.regionCode, organization: volunteerActivities.ownerOrganizationId })];
  if (mine) reach.push(sql`${s.regionCode} like ${mine.prefix + '%'}`);
  const where = and(
    sql`(${sql.join(reach, sql` or `)})`,
    eq(volunteerActivities.status, 'published'),
    eq(s.status, 'open'),
    gt(s.startsAt, now),
    q.type ? eq(volunteerActivities.type, q.type) : undefined,
    q.from ? gte(s.startsAt, chinaDateStart(q.from)) : undefined,
    q.to ? lt(s.startsAt, new Date(chinaDateStart(q.to).getTime() + 86_400_000)) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: count() }).from(s).innerJoin(volunteerActivities, eq(volunteerActivities.id, s.activityId)).where(where);
  const rows = await ctx.db
    .select({ shift: s, activity: volunteerActivities })
    .from(s)
    .innerJoin(volunteerActivities, eq(volunteerActivities.id, s.activityId))
    .where(where)
    .orderBy(asc(s.startsAt), asc(s.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await presentOpenShifts(ctx.db, rows, mine?.volunteerId ?? null), total: Number(total) };
}

/** The volunteer's own live sign-ups, soonest first (the last 200). */
export async function mySignups(ctx: Ctx) {
  const mine = await districtOfActor(ctx.db, ctx.actor.id);
  if (!mine) return { items: [] };
  const rows = await ctx.db
    .select({ shift: s, activity: volunteerActivities })
    .from(su)
    .innerJoin(s, eq(s.id, su.shiftId))
    .innerJoin(volunteerActivities, eq(volunteerActivities.id, s.activityId))
    .where(and(eq(su.volunteerId, mine.volunteerId), sql`${su.status} <> 'cancelled'`))
    .orderBy(sql`${s.startsAt} desc`, asc(s.id))
    .limit(200);
  return { items: await presentOpenShifts(ctx.db, rows, mine.volunteerId) };
}

/** One shift with its activity, for whoever reads the activity (the list's scope): the venue's QR screen, the attendance list. */
export async function getShift(ctx: Ctx, id: string): Promise<TShiftDetail> {
  const [found] = await ctx.db
    .select({ shift: s, activity: volunteerActivities })
    .from(s)
    .innerJoin(volunteerActivities, eq(volunteerActivities.id, s.activityId))
    .where(and(eq(s.id, id), readableActivities(ctx)));
  if (!found) throw notFound('volunteerShift');
  const [shift] = await presentShifts(ctx.db, [found.shift]);
  const act = found.activity;
  return {
    shift,
    activity: { id: act.id, title: act.title, type: act.type as TShiftDetail['activity']['type'], place: act.place, status: act.status as TShiftDetail['activity']['status'], regionCode: act.regionCode },
  };
}

/** The active teams the actor's own volunteer record leads (none without a record). */
export async function myLedTeams(ctx: Ctx) {
  const me = await volunteerOfUser(ctx.db, ctx.actor.id);
  const teams = me ? await teamsLedBy(ctx.db, me.id) : [];
  return { items: teams.filter((t) => t.active).map((t) => ({ id: t.id, name: t.name })) };
}

/** How long after its end a shift stays on the leader's list: check-out stays open 2 hours, so a day covers late lists. */
const LED_SHIFT_KEPT_MS = 24 * 3600_000;
const LED_ACTIVITIES_MAX = 100;

/**
 * A team leader's 本队活动: the published or closed activities of the teams it leads that still have
 * an open shift to come (or one ended within a day), soonest first, each with those shifts.
 */
export async function myLedActivities(ctx: Ctx, now = new Date()): Promise<TLedActivities> {
  const { items: teams } = await myLedTeams(ctx);
  if (!teams.length) return { teams, items: [] };
  const since = new Date(now.getTime() - LED_SHIFT_KEPT_MS);
  const shiftRows = await ctx.db
    .select({ shift: s })
    .from(s)
    .innerJoin(volunteerActivities, eq(volunteerActivities.id, s.activityId))
    .where(
      and(
        inArray(volunteerActivities.teamId, teams.map((t) => t.id)),
        inArray(volunteerActivities.status, ['published', 'closed']),
        eq(s.status, 'open'),
        gt(s.endsAt, since),
      ),
    )
    .orderBy(asc(s.startsAt), asc(s.id))
    .limit(LED_ACTIVITIES_MAX * 10);
  const activityIds = [...new Set(shiftRows.map((r) => r.shift.activityId))].slice(0, LED_ACTIVITIES_MAX);
  if (!activityIds.length) return { teams, items: [] };
  const activities = await ctx.db.select().from(volunteerActivities).where(inArray(volunteerActivities.id, activityIds));
  const byId = new Map((await summaries(ctx.db, activities, now)).map((a) => [a.id, a]));
  const shifts = await presentShifts(ctx.db, shiftRows.map((r) => r.shift).filter((x) => byId.has(x.activityId)));
  return { teams, items: activityIds.map((id) => ({ activity: byId.get(id)!, shifts: shifts.filter((x) => x.activityId === id) })) };
}

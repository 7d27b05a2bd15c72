import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { todayInChina } from '../../../../../shared/dates.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { THourEntry, THourEntryExportQuery, THourEntryListQuery, TPendingHoursQuery } from '../../../../../shared/volunteers/hours.js';
import type { Ctx } from '../../../core/actor.js';
import { auditExport } from '../../../core/audit.js';
import { users } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import type { DbOrTx } from '../../../db/client.js';
import { notFound } from '../../../errors.js';
import { translate } from '../../../i18n/index.js';
import { volunteerActivities, volunteerHourDecisions, volunteerHourEntries, volunteerHourPending, volunteers } from '../volunteers.tables.js';
import { volunteerOfUser } from './me.js';
import { entryScope, ownedEntryScope, ownsEntry } from './hours-access.js';

/* Lists of hours entries: a volunteer's own, a region's or an organisation's, the approver's to-do; one entry; the export. */

const reversal = alias(volunteerHourEntries, 'reversal');
const creator = alias(users, 'creator');
const decider = alias(users, 'decider');

const state = sql<THourEntry['state']>`case
  when ${volunteerHourEntries.kind} = 'reversal' then null
  when ${volunteerHourDecisions.decision} is null then 'pending'
  when ${volunteerHourDecisions.decision} = 'rejected' then 'rejected'
  when ${reversal.id} is not null then 'reversed'
  else 'approved' end`;

function baseQuery(ctx: Ctx) {
  return ctx.db
    .select({
      entry: volunteerHourEntries,
      volunteerName: volunteers.name,
      volunteerNumber: volunteers.number,
      activityTitle: volunteerActivities.title,
      decision: volunteerHourDecisions.decision,
      decisionReason: volunteerHourDecisions.reason,
      decidedAt: volunteerHourDecisions.decidedAt,
      decidedByName: decider.displayName,
      createdByName: creator.displayName,
      reversedById: reversal.id,
      state,
    })
    .from(volunteerHourEntries)
    .innerJoin(volunteers, eq(volunteers.id, volunteerHourEntries.volunteerId))
    .leftJoin(volunteerActivities, eq(volunteerActivities.id, volunteerHourEntries.activityId))
    .leftJoin(volunteerHourDecisions, eq(volunteerHourDecisions.entryId, volunteerHourEntries.id))
    .leftJoin(decider, eq(decider.id, volunteerHourDecisions.decidedBy))
    .leftJoin(creator, eq(creator.id, volunteerHourEntries.createdBy))
    .leftJoin(reversal, eq(reversal.reversesId, volunteerHourEntries.id));
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['where']>>[number];

/** What the caller may do with each entry: decide a pending one, reverse an approved one (the owner, never for itself). */
async function presenter(ctx: Ctx) {
  const slices = scopeFor(ctx.actor, 'volunteers.hours.approve');
  const own = slices.length ? await volunteerOfUser(ctx.db, ctx.actor.id) : null;
  return (r: EntryRow): THourEntry => {
    const e = r.entry;
    const owner = ownsEntry(slices, e) && own?.id !== e.volunteerId;
    return {
      id: e.id,
      volunteerId: e.volunteerId,
      volunteerName: r.volunteerName,
      volunteerNumber: r.volunteerNumber,
      kind: e.kind as THourEntry['kind'],
      activityId: e.activityId,
      activityTitle: r.activityTitle,
      activityType: e.activityType as THourEntry['activityType'],
      regionCode: e.regionCode,
      organizationId: e.organizationId,
      shiftId: e.shiftId,
      startsAt: e.startsAt.toISOString(),
      endsAt: e.endsAt.toISOString(),
      minutes: e.minutes,
      reason: e.reason,
      reversesId: e.reversesId,
      reversedById: r.reversedById,
      state: r.state,
      decision:
        r.decision && r.decidedAt
          ? { decision: r.decision as 'approved' | 'rejected', reason: r.decisionReason, decidedByName: r.decidedByName, decidedAt: r.decidedAt.toISOString() }
          : null,
      createdByName: r.createdByName,
      createdAt: e.createdAt.toISOString(),
      abilities: { decide: owner && r.state === 'pending', reverse: owner && r.state === 'approved' },
    };
  };
}

/** The start of a China date as an instant. */
const chinaDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string) => new Date(chinaDayStart(day).getTime() + 86_400_000);

function filters(ctx: Ctx, q: THourEntryExportQuery): SQL {
  const where: (SQL | undefined)[] = [entryScope(ctx.actor, 'volunteers.read')];
  if (q.volunteerId) where.push(eq(volunteerHourEntries.volunteerId, q.volunteerId));
  if (q.activityId) where.push(eq(volunteerHourEntries.activityId, q.activityId));
  if (q.kind) where.push(eq(volunteerHourEntries.kind, q.kind));
  if (q.state) where.push(sql`${state} = ${q.state}`);
  if (q.from) where.push(gte(volunteerHourEntries.startsAt, chinaDayStart(q.from)));
  if (q.to) where.push(lt(volunteerHourEntries.startsAt, nextDay(q.to)));
  if (q.regionCode) where.push(sql`${volunteerHourEntries.regionCode} like ${regionLike(q.regionCode)}`);
  return and(...where)!;
}

const regionLike = (code: string) => `${regionPrefix(code)}%`;

const ORDER = {
  startsAt: volunteerHourEntries.startsAt,
  createdAt: volunteerHourEntries.createdAt,
  minutes: volunteerHourEntries.minutes,
} as const;

function orderBy(sort: keyof typeof ORDER, order: 'asc' | 'desc') {
  const dir = order === 'asc' ? asc : desc;
  return [dir(ORDER[sort]), dir(volunteerHourEntries.id)];
}

async function page(ctx: Ctx, where: SQL, sort: keyof typeof ORDER, order: 'asc' | 'desc', pageNo: number, pageSize: number) {
  const [rows, [{ total }], present] = await Promise.all([
    baseQuery(ctx).where(where).orderBy(...orderBy(sort, order)).limit(pageSize).offset((pageNo - 1) * pageSize),
    countQuery(ctx, where),
    presenter(ctx),
  ]);
  return { items: rows.map(present), total: Math.min(total, ENTRY_COUNT_CAP), totalCapped: total > ENTRY_COUNT_CAP };
}

/** A district's ledger holds millions of entries: the list counts up to this many, then says "more". */
export const ENTRY_COUNT_CAP = 10_000;

function countQuery(ctx: Ctx, where: SQL) {
  const matching = ctx.db
    .select({ one: sql`1` })
    .from(volunteerHourEntries)
    .innerJoin(volunteers, eq(volunteers.id, volunteerHourEntries.volunteerId))
    .leftJoin(volunteerHourDecisions, eq(volunteerHourDecisions.entryId, volunteerHourEntries.id))
    .leftJoin(reversal, eq(reversal.reversesId, volunteerHourEntries.id))
    .where(where)
    .limit(ENTRY_COUNT_CAP + 1)
    .as('capped');
  return ctx.db.select({ total: sql<number>`count(*)::int` }).from(matching);
}

/** Entries inside the caller's reach (a volunteer: its own), filtered, sorted and paged. */
/**
 * The shift entry each of these sign-ups recorded at check-out, by sign-up id: its minutes and
 * where its approval stands (the shifts part shows it on the volunteer's 我的报名).
 */
export async function shiftHoursOfSignups(db: DbOrTx, signupIds: readonly string[]): Promise<Map<string, { minutes: number; state: NonNullable<THourEntry['state']> }>> {
  if (!signupIds.length) return new Map();
  const rows = await db
    .select({ signupId: volunteerHourEntries.signupId, minutes: volunteerHourEntries.minutes, state })
    .from(volunteerHourEntries)
    .leftJoin(volunteerHourDecisions, eq(volunteerHourDecisions.entryId, volunteerHourEntries.id))
    .leftJoin(reversal, eq(reversal.reversesId, volunteerHourEntries.id))
    .where(and(eq(volunteerHourEntries.kind, 'shift'), inArray(volunteerHourEntries.signupId, [...signupIds])));
  return new Map(rows.flatMap((r) => (r.signupId && r.state ? [[r.signupId, { minutes: r.minutes, state: r.state }] as const] : [])));
}

export async function listEntries(ctx: Ctx, q: THourEntryListQuery) {
  return page(ctx, filters(ctx, q), q.sort, q.order, q.page, q.pageSize);
}

/** The approver's to-do: undecided entries of the activities it owns, never its own hours. */
export async function pendingEntries(ctx: Ctx, q: TPendingHoursQuery) {
  const own = await volunteerOfUser(ctx.db, ctx.actor.id);
  // Read from the undecided set the triggers keep: a district's ledger holds millions of decided entries.
  const undecided = ctx.db
    .select({ id: volunteerHourPending.entryId })
    .from(volunteerHourPending)
    .where(ownedEntryScope(ctx.actor, volunteerHourPending));
  const where = and(
    inArray(volunteerHourEntries.id, undecided),
    ownedEntryScope(ctx.actor),
    ne(volunteerHourEntries.kind, 'reversal'),
    isNull(volunteerHourDecisions.entryId),
    own ? ne(volunteerHourEntries.volunteerId, own.id) : undefined,
    q.activityId ? eq(volunteerHourEntries.activityId, q.activityId) : undefined,
  )!;
  return page(ctx, where, q.sort, q.order, q.page, q.pageSize);
}

/** One entry inside the caller's reach; 404 otherwise. */
export async function getEntry(ctx: Ctx, id: string): Promise<THourEntry> {
  const [row] = await baseQuery(ctx).where(and(eq(volunteerHourEntries.id, id), entryScope(ctx.actor, 'volunteers.read')));
  if (!row) throw notFound('volunteer_hour_entry');
  return (await presenter(ctx))(row);
}

const COLUMNS = ['volunteerNumber', 'volunteerName', 'activityTitle', 'activityType', 'kind', 'date', 'startsAt', 'endsAt', 'hours', 'state', 'reason'] as const;

/** The filtered entries as a workbook (up to EXPORT_LIMIT rows); the download is audited. */
export async function exportEntries(ctx: Ctx, q: THourEntryExportQuery) {
  const rows = await baseQuery(ctx).where(filters(ctx, q)).orderBy(...orderBy(q.sort, q.order)).limit(EXPORT_LIMIT);
  const t = (key: string) => translate(ctx.locale, key);
  const time = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  const bytes = await writeSheet(
    t('volunteerHoursExport.sheet'),
    COLUMNS.map((key) => ({ key, header: t(`volunteerHoursExport.columns.${key}`), width: key === 'activityTitle' || key === 'reason' ? 32 : 14 })),
    rows.map((r) => ({
      volunteerNumber: r.volunteerNumber,
      volunteerName: r.volunteerName,
      activityTitle: r.activityTitle,
      activityType: t(`volunteerHoursExport.types.${r.entry.activityType}`),
      kind: t(`volunteerHoursExport.kinds.${r.entry.kind}`),
      date: todayInChina(r.entry.startsAt),
      startsAt: time(r.entry.startsAt),
      endsAt: time(r.entry.endsAt),
      hours: r.entry.minutes / 60,
      state: r.state ? t(`volunteerHoursExport.states.${r.state}`) : '',
      reason: r.entry.reason,
    })),
  );
  await auditExport(ctx, { action: 'volunteers.hours.export', regionCode: q.regionCode ?? null, rows: rows.length, query: { ...q } });
  return bytes;
}

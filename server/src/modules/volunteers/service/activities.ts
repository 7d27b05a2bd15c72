import { and, asc, count, desc, eq, ilike, inArray, min, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import '../../../../../shared/volunteers/permissions.js';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../../../shared/volunteers/states.js';
import type { TActivity, TActivityStep, TActivityBody, TActivityExportQuery, TActivityListQuery, TActivityPatch, TActivitySummary } from '../../../../../shared/volunteers/shifts.js';
import type { Ctx } from '../../../core/actor.js';
import { auditExport, writeAudit } from '../../../core/audit.js';
import { resolveRegion, scopeCovers, scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition, defineWorkflow, historyOf, recordStart } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { translate } from '../../../i18n/index.js';
import { notifyMany } from '../../notifications/notifications.service.js';
import { regionNames } from '../../regions/regions.service.js';
import { findOrganizationInScope, organizationNames } from '../../registry/registry.service.js';
import { volunteerActivities as a, volunteerShifts, volunteerSignups, volunteerTeamMembers, volunteerTeams, volunteers } from '../volunteers.tables.js';
import { chinaDateStart, chinaTime, presentShifts } from './shifts.js';

export type ActivityRow = typeof a.$inferSelect;

/** Every status change of an activity keeps who, when and (for a cancellation) why, in the core workflow history. */
export const ACTIVITY_WORKFLOW = 'volunteers.activity';
type ActivityAction = Exclude<TActivityStep['action'], 'create'>;
const activityWorkflow = defineWorkflow<ActivityStatus, ActivityAction>({
  name: ACTIVITY_WORKFLOW,
  states: ACTIVITY_STATUSES,
  transitions: [
    { action: 'publish', from: ['draft'], to: 'published', permission: 'volunteers.activity.manage' },
    { action: 'close', from: ['published'], to: 'closed', permission: 'volunteers.activity.manage' },
    { action: 'cancel', from: ['draft', 'published'], to: 'cancelled', permission: 'volunteers.activity.manage', commentRequired: true },
  ],
});

/*
 * Volunteer activities (V2): an organisation's, or its region centre's when no organisation owns
 * it. Staff reach their region's, an organisation member its organisation's, the leader of the
 * activity's volunteer team that activity; a volunteer sees published ones of its district.
 */

/** Activities of teams the actor leads (a team leader is a volunteer, whose own grant reaches only its own records). */
export function ledByActor(actorId: string): SQL {
  return sql`${a.teamId} in (select m.team_id from ${volunteerTeamMembers} m join ${volunteers} v on v.id = m.volunteer_id where v.user_id = ${actorId} and m.role = 'leader')`;
}

/** The district (first 6 digits) of the actor's own volunteer record, as a LIKE prefix; matches nothing without one. */
export function actorDistrictPrefix(actorId: string): SQL {
  return sql`(select left(v.region_code, 6) || '%' from ${volunteers} v where v.user_id = ${actorId})`;
}

const hasOwnSlice = (ctx: Ctx, permission: Parameters<typeof scopeFor>[1]) => scopeFor(ctx.actor, permission).some((s) => s.kind === 'own');

/** What the actor may read: its scope, the activities of teams it leads, and published activities of its district. */
export function readableActivities(ctx: Ctx): SQL {
  const parts = [scopeWhere(scopeFor(ctx.actor, 'volunteers.read'), { region: a.regionCode, organization: a.ownerOrganizationId })];
  if (hasOwnSlice(ctx, 'volunteers.read')) {
    parts.push(ledByActor(ctx.actor.id));
    parts.push(sql`(${a.status} in ('published', 'closed') and ${a.regionCode} like ${actorDistrictPrefix(ctx.actor.id)})`);
  }
  return or(...parts)!;
}

export const manageableActivities = (ctx: Ctx) =>
  scopeWhere(scopeFor(ctx.actor, 'volunteers.activity.manage'), { region: a.regionCode, organization: a.ownerOrganizationId });

/** Who takes attendance: staff of the region, the owner organisation, the leader of the activity's team. */
export function attendanceActivities(ctx: Ctx): SQL {
  const parts = [scopeWhere(scopeFor(ctx.actor, 'volunteers.attendance.record'), { region: a.regionCode, organization: a.ownerOrganizationId })];
  if (hasOwnSlice(ctx, 'volunteers.attendance.record')) parts.push(ledByActor(ctx.actor.id));
  return or(...parts)!;
}

export async function findActivity(db: DbOrTx, id: string, where: SQL, forUpdate = false): Promise<ActivityRow> {
  const query = db.select().from(a).where(and(eq(a.id, id), where));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('volunteerActivity');
  return row;
}

/** The team an activity names: one the actor's scope reaches (an organisation's own teams for its member). */
async function checkTeam(ctx: Ctx, db: DbOrTx, teamId: string, regionCode: string) {
  const [team] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, teamId));
  const slices = scopeFor(ctx.actor, 'volunteers.activity.manage');
  if (!team || !scopeCovers(slices, { regionCode: team.regionCode, organizationId: team.organizationId })) {
    throw invalidField('teamId', 'volunteer_team_unknown');
  }
  // A team serves where it is: the activity lies in the team's area or the team in the activity's.
  if (!team.regionCode.startsWith(regionPrefix(regionCode)) && !regionCode.startsWith(regionPrefix(team.regionCode))) {
    throw invalidField('teamId', 'volunteer_team_elsewhere');
  }
  if (!team.active) throw invalidField('teamId', 'volunteer_team_inactive');
}

/** Where a new activity lies and who owns it, from the body and the actor's reach. */
async function placeOf(ctx: Ctx, db: DbOrTx, body: TActivityBody) {
  const slices = scopeFor(ctx.actor, 'volunteers.activity.manage');
  if (body.ownerOrganizationId) {
    const org = await findOrganizationInScope(ctx, db, body.ownerOrganizationId).catch(() => null);
    if (!org || !scopeCovers(slices, { regionCode: org.regionCode, organizationId: org.id })) {
      throw invalidField('ownerOrganizationId', 'volunteer_owner_unknown');
    }
    return { regionCode: org.regionCode, ownerOrganizationId: org.id };
  }
  // No owner: the centre of the region owns it, which only staff (a whole-region grant) may say.
  if (!slices.some((s) => s.kind === 'region')) throw invalidField('ownerOrganizationId', 'required');
  const regionCode = body.regionCode ?? resolveRegion(ctx.actor, 'volunteers.activity.manage');
  if (!slices.some((s) => s.kind === 'region' && regionCode.startsWith(s.prefix))) throw invalidField('regionCode', 'region_out_of_scope');
  return { regionCode, ownerOrganizationId: null };
}

const auditFields = (r: ActivityRow) => ({
  title: r.title,
  type: r.type,
  place: r.place,
  description: r.description,
  skillsWanted: r.skillsWanted,
  ownerOrganizationId: r.ownerOrganizationId,
  teamId: r.teamId,
  regionCode: r.regionCode,
  status: r.status,
});

export async function createActivity(ctx: Ctx, body: TActivityBody): Promise<TActivity> {
  const id = await mutate(ctx, async (w) => {
    const place = await placeOf(w, w.db, body);
    if (body.teamId) await checkTeam(w, w.db, body.teamId, place.regionCode);
    const [row] = await w.db
      .insert(a)
      .values({
        ...place,
        teamId: body.teamId ?? null,
        title: body.title,
        type: body.type,
        place: body.place,
        description: body.description,
        skillsWanted: body.skillsWanted,
        createdBy: w.actor.id,
      })
      .returning();
    await recordStart(w.db, w, ACTIVITY_WORKFLOW, { id: row.id, state: row.status, regionCode: row.regionCode });
    await writeAudit(w, { action: 'volunteers.activity.create', entityType: 'volunteers.activity', entityId: row.id, entityName: row.title, regionCode: row.regionCode, after: auditFields(row) });
    return row.id;
  });
  return getActivity(ctx, id);
}

const EDITABLE: readonly ActivityStatus[] = ['draft', 'published'];

export async function updateActivity(ctx: Ctx, id: string, patch: TActivityPatch): Promise<TActivity> {
  await mutate(ctx, async (w) => {
    const row = await findActivity(w.db, id, manageableActivities(w), true);
    if (!EDITABLE.includes(row.status as ActivityStatus)) throw new AppError('volunteer_activity_not_editable');
    if (patch.teamId) await checkTeam(w, w.db, patch.teamId, row.regionCode);
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<ActivityRow>;
    if (!Object.keys(changes).length) return;
    const [after] = await w.db.update(a).set({ ...changes, updatedAt: new Date() }).where(eq(a.id, id)).returning();
    const keys = Object.keys(changes) as (keyof ReturnType<typeof auditFields>)[];
    const pick = (r: ActivityRow) => Object.fromEntries(keys.map((k) => [k, auditFields(r)[k]]));
    await writeAudit(w, { action: 'volunteers.activity.update', entityType: 'volunteers.activity', entityId: id, entityName: after.title, regionCode: row.regionCode, before: pick(row), after: pick(after) });
  });
  return getActivity(ctx, id);
}

async function setStatus(w: WriteCtx, row: ActivityRow, step: ActivityAction, extra: Record<string, unknown> = {}, reason: string | null = null) {
  const status = await applyTransition(w.db, w, activityWorkflow, { id: row.id, state: row.status as ActivityStatus, regionCode: row.regionCode, organizationId: row.ownerOrganizationId }, step, {
    comment: reason,
  });
  await w.db.update(a).set({ status, updatedAt: new Date() }).where(eq(a.id, row.id));
  await writeAudit(w, { action: `volunteers.activity.${step}`, entityType: 'volunteers.activity', entityId: row.id, entityName: row.title, regionCode: row.regionCode, before: { status: row.status }, after: { status, ...extra } });
}

export async function publishActivity(ctx: Ctx, id: string, now = new Date()): Promise<TActivity> {
  await mutate(ctx, async (w) => {
    const row = await findActivity(w.db, id, manageableActivities(w), true);
    if (row.status !== 'draft') throw new AppError('volunteer_activity_not_draft');
    const [{ upcoming }] = await w.db
      .select({ upcoming: count() })
      .from(volunteerShifts)
      .where(and(eq(volunteerShifts.activityId, id), eq(volunteerShifts.status, 'open'), sql`${volunteerShifts.startsAt} > ${now.toISOString()}`));
    if (!Number(upcoming)) throw new AppError('volunteer_activity_no_shifts');
    await setStatus(w, row, 'publish');
  });
  return getActivity(ctx, id);
}

export async function closeActivity(ctx: Ctx, id: string): Promise<TActivity> {
  await mutate(ctx, async (w) => {
    const row = await findActivity(w.db, id, manageableActivities(w), true);
    if (row.status !== 'published') throw new AppError('volunteer_activity_not_published');
    await setStatus(w, row, 'close');
  });
  return getActivity(ctx, id);
}

/**
 * Cancels sign-ups still holding or waiting for a place on the given shifts, and tells each
 * volunteer (with an account) why. Returns how many were cancelled.
 */
export async function cancelLiveSignups(w: WriteCtx, shiftIds: string[], notice: { activityId: string; activityTitle: string; reason: string; startsAtOf: Map<string, Date> }) {
  if (!shiftIds.length) return 0;
  const cancelled = await w.db
    .select({ id: volunteerSignups.id, shiftId: volunteerSignups.shiftId, volunteerId: volunteerSignups.volunteerId, regionCode: volunteerSignups.regionCode, status: volunteerSignups.status })
    .from(volunteerSignups)
    .where(and(inArray(volunteerSignups.shiftId, shiftIds), inArray(volunteerSignups.status, ['confirmed', 'waiting'])))
    .for('update');
  if (!cancelled.length) return 0;
  await w.db
    .update(volunteerSignups)
    .set({ status: 'cancelled', updatedAt: new Date() })
    .where(inArray(volunteerSignups.id, cancelled.map((c) => c.id)));
  const owners = await w.db
    .select({ id: volunteers.id, userId: volunteers.userId })
    .from(volunteers)
    .where(inArray(volunteers.id, cancelled.map((c) => c.volunteerId)));
  const userOf = new Map(owners.map((o) => [o.id, o.userId]));
  for (const c of cancelled) {
    await writeAudit(w, {
      action: 'volunteers.signup.cancel',
      entityType: 'volunteers.signup',
      entityId: c.id,
      entityName: notice.activityTitle,
      regionCode: c.regionCode,
      before: { status: c.status },
      after: { status: 'cancelled', reason: notice.reason },
    });
  }
  await notifyMany(
    w,
    cancelled.flatMap((c) => {
      const userId = userOf.get(c.volunteerId);
      if (!userId) return [];
      const startsAt = notice.startsAtOf.get(c.shiftId);
      return [
        {
          recipients: [userId],
          notice: {
            kind: 'volunteerShift.cancelled' as const,
            params: { activityTitle: notice.activityTitle, startsAt: startsAt ? chinaTime(startsAt) : null, reason: notice.reason },
            link: `/volunteers/activities/${notice.activityId}`,
            dedupeKey: `volunteerShift.cancelled:${c.id}`,
          },
        },
      ];
    }),
  );
  return cancelled.length;
}

export async function cancelActivity(ctx: Ctx, id: string, reason: string): Promise<TActivity> {
  await mutate(ctx, async (w) => {
    const row = await findActivity(w.db, id, manageableActivities(w), true);
    if (!EDITABLE.includes(row.status as ActivityStatus)) throw new AppError('volunteer_activity_not_editable');
    // Shift rows locked, so no sign-up slips in between the cancel and the status change.
    const shifts = await w.db.select().from(volunteerShifts).where(eq(volunteerShifts.activityId, id)).for('update');
    const open = shifts.filter((s) => s.status === 'open');
    await w.db.update(volunteerShifts).set({ status: 'cancelled' }).where(and(eq(volunteerShifts.activityId, id), eq(volunteerShifts.status, 'open')));
    const signupsCancelled = await cancelLiveSignups(w, open.map((s) => s.id), {
      activityId: id,
      activityTitle: row.title,
      reason,
      startsAtOf: new Map(open.map((s) => [s.id, s.startsAt])),
    });
    await setStatus(w, row, 'cancel', { reason, signupsCancelled }, reason);
  });
  return getActivity(ctx, id);
}

export async function getActivity(ctx: Ctx, id: string): Promise<TActivity> {
  const row = await findActivity(ctx.db, id, readableActivities(ctx));
  const [summary] = await summaries(ctx.db, [row]);
  const shifts = await ctx.db.select().from(volunteerShifts).where(eq(volunteerShifts.activityId, id)).orderBy(asc(volunteerShifts.startsAt), asc(volunteerShifts.id));
  const [manage] = await ctx.db.select({ id: a.id }).from(a).where(and(eq(a.id, id), manageableActivities(ctx)));
  const [attend] = await ctx.db.select({ id: a.id }).from(a).where(and(eq(a.id, id), attendanceActivities(ctx)));
  const live = EDITABLE.includes(row.status as ActivityStatus);
  const history = await historyOf(ctx.db, ACTIVITY_WORKFLOW, id);
  return {
    ...summary,
    description: row.description,
    skillsWanted: row.skillsWanted,
    shifts: await presentShifts(ctx.db, shifts),
    abilities: {
      edit: !!manage && live,
      publish: !!manage && row.status === 'draft',
      close: !!manage && row.status === 'published',
      cancel: !!manage && live,
      attendance: !!attend && row.status !== 'draft' && row.status !== 'cancelled',
    },
    history: history.map((h) => ({
      action: h.action as TActivityStep['action'],
      fromState: (h.fromState as ActivityStatus | null) ?? null,
      toState: h.toState as ActivityStatus,
      actorName: h.actorName ?? '',
      comment: h.comment,
      at: h.at.toISOString(),
    })),
  };
}

export async function summaries(db: DbOrTx, rows: ActivityRow[], now = new Date()): Promise<TActivitySummary[]> {
  const ids = rows.map((r) => r.id);
  const shiftFacts = ids.length
    ? await db
        .select({
          activityId: volunteerShifts.activityId,
          first: min(volunteerShifts.startsAt),
          next: sql<Date | string | null>`min(${volunteerShifts.startsAt}) filter (where ${volunteerShifts.startsAt} > ${now.toISOString()})`,
          n: count(),
        })
        .from(volunteerShifts)
        .where(and(inArray(volunteerShifts.activityId, ids), eq(volunteerShifts.status, 'open')))
        .groupBy(volunteerShifts.activityId)
    : [];
  const factsOf = new Map(shiftFacts.map((f) => [f.activityId, f]));
  const teamIds = [...new Set(rows.flatMap((r) => (r.teamId ? [r.teamId] : [])))];
  const teams = teamIds.length ? await db.select({ id: volunteerTeams.id, name: volunteerTeams.name }).from(volunteerTeams).where(inArray(volunteerTeams.id, teamIds)) : [];
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  const orgNames = await organizationNames(db, rows.flatMap((r) => (r.ownerOrganizationId ? [r.ownerOrganizationId] : [])));
  const places = await regionNames(db, rows.map((r) => r.regionCode));
  return rows.map((r) => {
    const facts = factsOf.get(r.id);
    const first = facts?.first ? new Date(facts.first) : null;
    const next = facts?.next ? new Date(facts.next) : null;
    return {
      id: r.id,
      title: r.title,
      type: r.type as TActivitySummary['type'],
      place: r.place,
      status: r.status as TActivitySummary['status'],
      regionCode: r.regionCode,
      regionName: places.get(r.regionCode) ?? null,
      ownerOrganizationId: r.ownerOrganizationId,
      ownerName: r.ownerOrganizationId ? (orgNames.get(r.ownerOrganizationId) ?? null) : null,
      teamId: r.teamId,
      teamName: r.teamId ? (teamNames.get(r.teamId) ?? null) : null,
      firstShiftAt: first ? first.toISOString() : null,
      nextShiftAt: next ? next.toISOString() : null,
      shiftCount: Number(facts?.n ?? 0),
      createdAt: r.createdAt.toISOString(),
    };
  });
}

const firstShift = sql`(select min(s.starts_at) from ${volunteerShifts} s where s.activity_id = ${a.id} and s.status = 'open')`;

function listWhere(ctx: Ctx, q: TActivityExportQuery): SQL {
  const parts: SQL[] = [readableActivities(ctx)];
  if (q.status) parts.push(eq(a.status, q.status));
  if (q.type) parts.push(eq(a.type, q.type));
  if (q.teamId) parts.push(eq(a.teamId, q.teamId));
  if (q.q) parts.push(ilike(a.title, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (q.from || q.to) {
    const from = q.from ? sql` and s.starts_at >= ${chinaDateStart(q.from).toISOString()}` : sql``;
    const to = q.to ? sql` and s.starts_at < ${new Date(chinaDateStart(q.to).getTime() + 86_400_000).toISOString()}` : sql``;
    parts.push(sql`exists (select 1 from ${volunteerShifts} s where s.activity_id = ${a.id}${from}${to})`);
  }
  return and(...parts)!;
}

const nextShift = (now: Date) =>
  sql`(select min(s.starts_at) from ${volunteerShifts} s where s.activity_id = ${a.id} and s.status = 'open' and s.starts_at > ${now.toISOString()})`;

function listOrder(q: TActivityExportQuery, now = new Date()): SQL[] {
  const dir = q.order === 'asc' ? asc : desc;
  const key = q.sort === 'title' ? a.title : q.sort === 'createdAt' ? a.createdAt : q.sort === 'nextShift' ? nextShift(now) : firstShift;
  const nulls = q.sort === 'firstShift' || q.sort === 'nextShift' ? sql` nulls last` : sql``;
  return [sql`${dir(key)}${nulls}`, asc(a.id)];
}

export async function listActivities(ctx: Ctx, q: TActivityListQuery) {
  const where = listWhere(ctx, q);
  const [{ total }] = await ctx.db.select({ total: count() }).from(a).where(where);
  const rows = await ctx.db
    .select()
    .from(a)
    .where(where)
    .orderBy(...listOrder(q))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await summaries(ctx.db, rows), total: Number(total) };
}

const COLUMNS = ['title', 'type', 'status', 'owner', 'team', 'region', 'place', 'firstShift', 'shifts'] as const;

export async function exportActivities(ctx: Ctx, q: TActivityExportQuery) {
  const rows = await ctx.db
    .select()
    .from(a)
    .where(listWhere(ctx, q))
    .orderBy(...listOrder(q))
    .limit(EXPORT_LIMIT);
  const items = await summaries(ctx.db, rows);
  const t = (key: string) => translate(ctx.locale, key);
  const bytes = await writeSheet(
    t('volunteerActivityExport.sheet'),
    COLUMNS.map((key) => ({ key, header: t(`volunteerActivityExport.columns.${key}`), width: key === 'title' || key === 'owner' || key === 'place' ? 32 : 16 })),
    items.map((r) => ({
      title: r.title,
      // One set of activity-type words for every export (the hours part's).
      type: t(`volunteerHoursExport.types.${r.type}`),
      status: t(`volunteerActivityExport.status.${r.status}`),
      owner: r.ownerName ?? t('volunteerActivityExport.centre'),
      team: r.teamName,
      region: r.regionName ?? r.regionCode,
      place: r.place,
      firstShift: r.nextShiftAt ? chinaTime(new Date(r.nextShiftAt)) : null,
      shifts: r.shiftCount,
    })),
  );
  await auditExport(ctx, { action: 'volunteers.activity.export', regionCode: null, rows: items.length, query: { ...q } });
  return bytes;
}

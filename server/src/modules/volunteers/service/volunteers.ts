import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import { maskIdNumber, maskPhone } from '../../../../../shared/validators.js';
import type {
  TSelfEditBody,
  TUpdateVolunteerBody,
  TVolunteer,
  TVolunteerBody,
  TVolunteerDetail,
  TVolunteerExportQuery,
  TVolunteerListQuery,
} from '../../../../../shared/volunteers/registry.js';
import type { TeamRole, VolunteerSource, VolunteerStatus } from '../../../../../shared/volunteers/states.js';
import type { Permission } from '../../../../../shared/permissions.js';
import type { Ctx } from '../../../core/actor.js';
import { recordRead, writeAudit } from '../../../core/audit.js';
import { withNameSort } from '../../../core/pinyin-key.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition, historyOf, recordStart } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { invalidField, notFound, type FieldProblem } from '../../../errors.js';
import { regionNames } from '../../regions/regions.service.js';
import { userDisplayNames } from '../../users/users.service.js';
import { volunteerTeamMembers, volunteerTeams, volunteers } from '../volunteers.tables.js';
import { volunteerOfUser } from './me.js';
import { nextVolunteerNumber } from './numbering.js';
import { identityOf, identityProblems, normaliseIdNumber, regionProblem, throwProblems, volunteerByIdNumber } from './registration.js';
import { VOLUNTEER_WORKFLOW, volunteerAuditOf, volunteerEntityName, volunteerWorkflow, type VolunteerAction, type VolunteerRow } from './volunteer-state.js';

/** What a caller reaches of the volunteers with a permission: staff a region's subtree, a volunteer its own record. */
export const volunteerScope = (ctx: Pick<Ctx, 'actor'>, permission: Permission = 'volunteers.read') =>
  scopeWhere(scopeFor(ctx.actor, permission), { region: volunteers.regionCode, owner: volunteers.userId });

/** The volunteer in the caller's reach (404 otherwise: another region's record, or another person's). */
export async function findVolunteerInScope(ctx: Ctx, db: DbOrTx, id: string, permission: Permission = 'volunteers.read', lock = false) {
  const q = db.select().from(volunteers).where(and(eq(volunteers.id, id), volunteerScope(ctx, permission)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('volunteer');
  return row;
}

/** Staff act on volunteers in regions they reach as a whole. */
export function assertManagesRegion(ctx: Ctx, regionCode: string, field = 'regionCode') {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.manage'), regionCode)) throw invalidField(field, 'region_out_of_scope');
}

export async function presentVolunteers(db: DbOrTx, rows: VolunteerRow[]): Promise<TVolunteer[]> {
  const names = await regionNames(db, rows.map((r) => r.regionCode));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    idNumber: maskIdNumber(r.idNumber) ?? '',
    phone: maskPhone(r.phone),
    gender: r.gender === 'male' || r.gender === 'female' ? r.gender : null,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? null,
    skills: r.skills,
    availability: r.availability,
    status: r.status as VolunteerStatus,
    source: r.source as VolunteerSource,
    registeredAt: r.createdAt.toISOString(),
  }));
}

export async function presentVolunteerDetail(db: DbOrTx, row: VolunteerRow): Promise<TVolunteerDetail> {
  const [base] = await presentVolunteers(db, [row]);
  const teams = await db
    .select({ id: volunteerTeams.id, name: volunteerTeams.name, role: volunteerTeamMembers.role })
    .from(volunteerTeamMembers)
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerTeamMembers.teamId))
    .where(eq(volunteerTeamMembers.volunteerId, row.id))
    .orderBy(asc(volunteerTeams.name));
  const history = await historyOf(db, VOLUNTEER_WORKFLOW, row.id);
  const confirmer = row.confirmedBy ? (await userDisplayNames(db, [row.confirmedBy])).get(row.confirmedBy) : undefined;
  return {
    ...base,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    confirmedByName: confirmer ?? null,
    hasAccount: !!row.userId,
    teams: teams.map((t) => ({ ...t, role: t.role as TeamRole })),
    history: history.map((h) => ({
      action: h.action,
      fromState: h.fromState,
      toState: h.toState,
      actorName: h.actorName ?? '',
      comment: h.comment,
      at: h.at.toISOString(),
    })),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The list's filters inside the caller's reach (the export uses the same). */
export function volunteerFilters(ctx: Ctx, q: TVolunteerExportQuery): SQL {
  const parts: SQL[] = [volunteerScope(ctx)];
  if (q.region) parts.push(sql`${volunteers.regionCode} like ${regionPrefix(q.region) + '%'}`);
  if (q.status) parts.push(eq(volunteers.status, q.status));
  if (q.skill) parts.push(sql`${q.skill} = any(${volunteers.skills})`);
  if (q.teamId) {
    parts.push(sql`exists (select 1 from ${volunteerTeamMembers} m where m.team_id = ${q.teamId} and m.volunteer_id = ${volunteers.id})`);
  }
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    const any: SQL[] = [ilike(volunteers.name, like), ilike(volunteers.number, like)];
    // 手机尾号: the last four digits, as masked phones show them.
    if (/^\d{4}$/.test(q.q)) any.push(eq(volunteers.phoneTail, q.q));
    parts.push(or(...any)!);
  }
  return and(...parts)!;
}

export const VOLUNTEER_ORDER = {
  name: [asc(volunteers.nameSort), asc(volunteers.name), asc(volunteers.id)],
  '-registeredAt': [desc(volunteers.createdAt), desc(volunteers.id)],
  registeredAt: [asc(volunteers.createdAt), asc(volunteers.id)],
  number: [asc(volunteers.number)],
} as const;

/** Counting stops here: a district's list says "10,000+" rather than scanning every record for a number nobody reads. */
export const LIST_COUNT_CAP = 10_000;

export async function listVolunteers(ctx: Ctx, q: TVolunteerListQuery) {
  const where = volunteerFilters(ctx, q);
  const [{ total }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(ctx.db.select({ one: sql`1` }).from(volunteers).where(where).limit(LIST_COUNT_CAP + 1).as('capped'));
  const rows = await ctx.db
    .select()
    .from(volunteers)
    .where(where)
    .orderBy(...VOLUNTEER_ORDER[q.sort])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: await presentVolunteers(ctx.db, rows),
    total: Math.min(total, LIST_COUNT_CAP),
    totalCapped: total > LIST_COUNT_CAP,
  };
}

export async function getVolunteer(ctx: Ctx, id: string) {
  return presentVolunteerDetail(ctx.db, await findVolunteerInScope(ctx, ctx.db, id));
}

/** The caller's own volunteer record (a volunteer account), pending or not. */
export async function getOwnVolunteer(ctx: Ctx) {
  const row = await volunteerOfUser(ctx.db, ctx.actor.id);
  if (!row) throw notFound('volunteer');
  return presentVolunteerDetail(ctx.db, row);
}

async function identityChecks(ctx: Ctx, input: { idNumber?: string; phone?: string | null; regionCode?: string }) {
  const problems: FieldProblem[] = identityProblems(input);
  if (input.regionCode !== undefined) {
    const p = await regionProblem(ctx.db, input.regionCode);
    if (p) problems.push(p);
    else if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.manage'), input.regionCode)) problems.push({ field: 'regionCode', problem: 'region_out_of_scope' });
  }
  throwProblems(problems);
}

/** Staff register a volunteer: active at once, numbered in its street's series. */
export async function createVolunteer(ctx: Ctx, input: TVolunteerBody) {
  const idNumber = normaliseIdNumber(input.idNumber);
  await identityChecks(ctx, { ...input, idNumber });
  return mutate(ctx, async (w) => {
    if (await volunteerByIdNumber(w.db, idNumber)) throw invalidField('idNumber', 'volunteer_id_taken');
    const now = new Date();
    const [row] = await w.db
      .insert(volunteers)
      .values(
        withNameSort({
          number: await nextVolunteerNumber(w.db, input.regionCode),
          regionCode: input.regionCode,
          name: input.name,
          idNumber,
          ...identityOf(idNumber),
          phone: input.phone,
          phoneTail: input.phone.slice(-4),
          skills: input.skills,
          availability: input.availability,
          status: 'active',
          source: 'staff',
          confirmedBy: ctx.actor.id,
          confirmedAt: now,
          createdBy: ctx.actor.id,
        }),
      )
      .returning();
    await recordStart(w.db, ctx, VOLUNTEER_WORKFLOW, { id: row.id, state: 'active', regionCode: row.regionCode });
    await writeAudit(w, {
      action: 'volunteers.volunteer.create',
      entityType: 'volunteer',
      entityId: row.id,
      entityName: volunteerEntityName(row),
      regionCode: row.regionCode,
      after: volunteerAuditOf(row),
    });
    return presentVolunteerDetail(w.db, row);
  });
}

async function writeUpdate(w: WriteCtx, before: VolunteerRow, set: Partial<typeof volunteers.$inferInsert>, action: string) {
  const [after] = await w.db
    .update(volunteers)
    .set({ ...withNameSort(set), updatedAt: new Date() })
    .where(eq(volunteers.id, before.id))
    .returning();
  await writeAudit(w, {
    action,
    entityType: 'volunteer',
    entityId: after.id,
    entityName: volunteerEntityName(after),
    regionCode: after.regionCode,
    before: volunteerAuditOf(before),
    after: volunteerAuditOf(after),
  });
  return after;
}

/** The columns a change of these fields writes: the ID number with what it says, the phone with its tail. */
function columnsOf(input: TUpdateVolunteerBody): Partial<typeof volunteers.$inferInsert> {
  const set: Partial<typeof volunteers.$inferInsert> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.idNumber !== undefined) {
    const idNumber = normaliseIdNumber(input.idNumber);
    Object.assign(set, { idNumber, ...identityOf(idNumber) });
  }
  if (input.phone !== undefined) Object.assign(set, { phone: input.phone, phoneTail: input.phone.slice(-4) });
  if (input.skills !== undefined) set.skills = input.skills;
  if (input.availability !== undefined) set.availability = input.availability;
  if (input.regionCode !== undefined) set.regionCode = input.regionCode;
  return set;
}

/**
 * Staff correct a record. Its number stays (numbers are never reissued), even when it moves to
 * another street or community of the caller's reach.
 */
export async function updateVolunteer(ctx: Ctx, id: string, input: TUpdateVolunteerBody) {
  await findVolunteerInScope(ctx, ctx.db, id, 'volunteers.manage');
  await identityChecks(ctx, input);
  return mutate(ctx, async (w) => {
    const before = await findVolunteerInScope(ctx, w.db, id, 'volunteers.manage', true);
    if (input.idNumber !== undefined && (await volunteerByIdNumber(w.db, input.idNumber, id))) throw invalidField('idNumber', 'volunteer_id_taken');
    const after = await writeUpdate(w, before, columnsOf(input), 'volunteers.volunteer.update');
    return presentVolunteerDetail(w.db, after);
  });
}

/** A volunteer changes its own phone, skills and availability. */
export async function updateOwnVolunteer(ctx: Ctx, input: TSelfEditBody) {
  throwProblems(identityProblems({ phone: input.phone }));
  return mutate(ctx, async (w) => {
    const own = await volunteerOfUser(w.db, ctx.actor.id);
    if (!own) throw notFound('volunteer');
    const [before] = await w.db.select().from(volunteers).where(eq(volunteers.id, own.id)).for('update');
    const after = await writeUpdate(w, before, columnsOf(input), 'volunteers.volunteer.self_update');
    return presentVolunteerDetail(w.db, after);
  });
}

const STEP_AUDIT: Record<VolunteerAction, string> = {
  confirm: 'volunteers.volunteer.confirm',
  suspend: 'volunteers.volunteer.suspend',
  reactivate: 'volunteers.volunteer.reactivate',
  leave: 'volunteers.volunteer.leave',
};

/** Confirm (pending → active, who and when), suspend, reactivate, leave: each a step of the record's history. */
export async function stepVolunteer(ctx: Ctx, id: string, action: VolunteerAction, reason: string | null = null) {
  return mutate(ctx, async (w) => {
    const before = await findVolunteerInScope(ctx, w.db, id, 'volunteers.manage', true);
    const to = await applyTransition(w.db, w, volunteerWorkflow, { id, state: before.status as VolunteerStatus, regionCode: before.regionCode }, action, {
      comment: reason,
    });
    const set: Partial<VolunteerRow> = { status: to, updatedAt: new Date() };
    if (action === 'confirm') Object.assign(set, { confirmedBy: ctx.actor.id, confirmedAt: new Date() });
    const [after] = await w.db.update(volunteers).set(set).where(eq(volunteers.id, id)).returning();
    await writeAudit(w, {
      action: STEP_AUDIT[action],
      entityType: 'volunteer',
      entityId: id,
      entityName: volunteerEntityName(after),
      regionCode: after.regionCode,
      before: volunteerAuditOf(before),
      after: { ...volunteerAuditOf(after), reason },
    });
    return presentVolunteerDetail(w.db, after);
  });
}

/** The full ID number, for those who may see it; each look is recorded. */
export async function revealIdNumber(ctx: Ctx, id: string) {
  const row = await findVolunteerInScope(ctx, ctx.db, id, 'volunteers.id_number.view');
  await recordRead(ctx, {
    action: 'volunteers.volunteer.id_number.reveal',
    entityType: 'volunteer',
    entityId: row.id,
    entityName: volunteerEntityName(row),
    regionCode: row.regionCode,
    after: { id: row.id, number: row.number },
  });
  return { idNumber: row.idNumber };
}

/** Volunteers by id inside the caller's reach with a permission (team rosters). */
export async function volunteersInScope(ctx: Ctx, db: DbOrTx, ids: string[], permission: Permission) {
  if (!ids.length) return [];
  return db.select().from(volunteers).where(and(inArray(volunteers.id, ids), volunteerScope(ctx, permission)));
}

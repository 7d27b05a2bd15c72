import { and, asc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import { maskPhone } from '../../../../../shared/validators.js';
import type { TTeam, TTeamBody, TTeamListQuery, TTeamMember, TUpdateTeamBody } from '../../../../../shared/volunteers/registry.js';
import type { TeamRole, VolunteerStatus } from '../../../../../shared/volunteers/states.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { getRegion, regionNames } from '../../regions/regions.service.js';
import { findOrganizationInScope, organizationNames } from '../../registry/registry.service.js';
import { centreStaffOfRegion, centreStaffOverRegion, userDisplayNames } from '../../users/users.service.js';
import { volunteerTeamMembers as members, volunteerTeams as teams, volunteers } from '../volunteers.tables.js';
import { volunteerOfUser } from './me.js';

type TeamRow = typeof teams.$inferSelect;

/** The teams a volunteer leads (role `leader`): what its team-leader views (shifts, overview) start from. */
export async function teamsLedBy(db: DbOrTx, volunteerId: string) {
  return db
    .select({ id: teams.id, name: teams.name, regionCode: teams.regionCode, active: teams.active })
    .from(members)
    .innerJoin(teams, eq(teams.id, members.teamId))
    .where(and(eq(members.volunteerId, volunteerId), eq(members.role, 'leader')))
    .orderBy(asc(teams.name));
}

/** Whether the volunteer leads the team. */
export async function leadsTeam(db: DbOrTx, volunteerId: string, teamId: string) {
  const [row] = await db
    .select({ one: sql`1` })
    .from(members)
    .where(and(eq(members.teamId, teamId), eq(members.volunteerId, volunteerId), eq(members.role, 'leader')));
  return !!row;
}

/**
 * The teams a caller reads: staff and officials those of their region's subtree; a volunteer the
 * teams it belongs to.
 */
function teamScope(ctx: Ctx, permission: 'volunteers.read' | 'volunteers.manage' = 'volunteers.read'): SQL {
  return scopeWhere(scopeFor(ctx.actor, permission), {
    region: teams.regionCode,
    owner: sql`(select v.user_id from ${members} m join ${volunteers} v on v.id = m.volunteer_id where m.team_id = ${teams.id} and v.user_id = ${ctx.actor.id || null} limit 1)`,
  });
}

async function findTeam(ctx: Ctx, db: DbOrTx, id: string, permission: 'volunteers.read' | 'volunteers.manage' = 'volunteers.read', lock = false) {
  const q = db.select().from(teams).where(and(eq(teams.id, id), teamScope(ctx, permission)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('volunteer_team');
  return row;
}

async function presentTeams(db: DbOrTx, rows: TeamRow[]): Promise<TTeam[]> {
  const ids = rows.map((r) => r.id);
  const names = await regionNames(db, rows.map((r) => r.regionCode));
  const workers = await userDisplayNames(db, rows.map((r) => r.socialWorkerId).filter((x): x is string => !!x));
  const orgs = await organizationNames(db, rows.flatMap((r) => (r.organizationId ? [r.organizationId] : [])));
  const counts = ids.length
    ? await db.select({ teamId: members.teamId, n: sql<number>`count(*)::int` }).from(members).where(inArray(members.teamId, ids)).groupBy(members.teamId)
    : [];
  const leaders = ids.length
    ? await db
        .select({ teamId: members.teamId, volunteerId: volunteers.id, name: volunteers.name, number: volunteers.number })
        .from(members)
        .innerJoin(volunteers, eq(volunteers.id, members.volunteerId))
        .where(and(inArray(members.teamId, ids), eq(members.role, 'leader')))
        .orderBy(asc(volunteers.nameSort))
    : [];
  const countOf = new Map(counts.map((c) => [c.teamId, c.n]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? null,
    name: r.name,
    description: r.description,
    socialWorker: r.socialWorkerId ? { id: r.socialWorkerId, displayName: workers.get(r.socialWorkerId) ?? '' } : null,
    organization: r.organizationId ? { id: r.organizationId, name: orgs.get(r.organizationId) ?? '' } : null,
    active: r.active,
    memberCount: countOf.get(r.id) ?? 0,
    leaders: leaders.filter((l) => l.teamId === r.id).map(({ volunteerId, name, number }) => ({ volunteerId, name, number })),
  }));
}

export async function listTeams(ctx: Ctx, q: TTeamListQuery) {
  const parts: SQL[] = [teamScope(ctx)];
  if (q.region) parts.push(sql`${teams.regionCode} like ${regionPrefix(q.region) + '%'}`);
  if (q.q) parts.push(ilike(teams.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const where = and(...parts);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(teams).where(where);
  const rows = await ctx.db
    .select()
    .from(teams)
    .where(where)
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await presentTeams(ctx.db, rows), total };
}

export async function getTeam(ctx: Ctx, id: string) {
  return (await presentTeams(ctx.db, [await findTeam(ctx, ctx.db, id)]))[0];
}

const teamAuditOf = (t: TeamRow) => ({
  id: t.id,
  regionCode: t.regionCode,
  name: t.name,
  description: t.description,
  organizationId: t.organizationId,
  socialWorkerId: t.socialWorkerId,
  active: t.active,
});

async function assertSocialWorker(db: DbOrTx, userId: string | null | undefined, regionCode: string) {
  if (!userId) return;
  if (!(await centreStaffOfRegion(db, userId, regionCode))) throw invalidField('socialWorkerId', 'social_worker_not_staff');
}

/** The team's organisation: one the caller reads in the registry, in the team's region. */
async function assertTeamOrganization(ctx: Ctx, db: DbOrTx, organizationId: string | null | undefined, regionCode: string) {
  if (!organizationId) return;
  const org = await findOrganizationInScope(ctx, db, organizationId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  });
  if (!org || !org.regionCode.startsWith(regionPrefix(regionCode))) throw invalidField('organizationId', 'team_organization_other_region');
}

/** Who may lead a team of the region (社工引领义工): its centre staff, by name — for a picker staff use without user.read. */
export async function socialWorkerOptions(ctx: Ctx, regionCode: string) {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.manage'), regionCode)) throw invalidField('region', 'region_out_of_scope');
  return { items: await centreStaffOverRegion(ctx.db, regionCode) };
}

async function assertNameFree(db: DbOrTx, regionCode: string, name: string, exceptId?: string) {
  const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.regionCode, regionCode), eq(teams.name, name)));
  if (row && row.id !== exceptId) throw invalidField('name', 'team_name_taken');
}

export async function createTeam(ctx: Ctx, input: TTeamBody) {
  if (!(await getRegion(ctx.db, input.regionCode))) throw invalidField('regionCode', 'region_unknown');
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.manage'), input.regionCode)) throw invalidField('regionCode', 'region_out_of_scope');
  await assertSocialWorker(ctx.db, input.socialWorkerId, input.regionCode);
  await assertTeamOrganization(ctx, ctx.db, input.organizationId, input.regionCode);
  return mutate(ctx, async (w) => {
    await assertNameFree(w.db, input.regionCode, input.name);
    const [row] = await w.db
      .insert(teams)
      .values({
        regionCode: input.regionCode,
        name: input.name,
        description: input.description,
        socialWorkerId: input.socialWorkerId ?? null,
        organizationId: input.organizationId ?? null,
        createdBy: ctx.actor.id,
      })
      .returning();
    await writeAudit(w, { action: 'volunteers.team.create', entityType: 'volunteer_team', entityId: row.id, entityName: row.name, regionCode: row.regionCode, after: teamAuditOf(row) });
    return (await presentTeams(w.db, [row]))[0];
  });
}

export async function updateTeam(ctx: Ctx, id: string, input: TUpdateTeamBody) {
  return mutate(ctx, async (w) => {
    const before = await findTeam(ctx, w.db, id, 'volunteers.manage', true);
    await assertSocialWorker(w.db, input.socialWorkerId, before.regionCode);
    await assertTeamOrganization(ctx, w.db, input.organizationId, before.regionCode);
    if (input.name !== undefined) await assertNameFree(w.db, before.regionCode, input.name, id);
    const [after] = await w.db
      .update(teams)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(teams.id, id))
      .returning();
    await writeAudit(w, {
      action: 'volunteers.team.update',
      entityType: 'volunteer_team',
      entityId: id,
      entityName: after.name,
      regionCode: after.regionCode,
      before: teamAuditOf(before),
      after: teamAuditOf(after),
    });
    return (await presentTeams(w.db, [after]))[0];
  });
}

async function rosterOf(db: DbOrTx, teamId: string, volunteerId?: string): Promise<TTeamMember[]> {
  const rows = await db
    .select({
      volunteerId: volunteers.id,
      number: volunteers.number,
      name: volunteers.name,
      phone: volunteers.phone,
      status: volunteers.status,
      role: members.role,
      joinedAt: members.joinedAt,
    })
    .from(members)
    .innerJoin(volunteers, eq(volunteers.id, members.volunteerId))
    .where(and(eq(members.teamId, teamId), volunteerId ? eq(members.volunteerId, volunteerId) : sql`true`))
    .orderBy(sql`${members.role} = 'leader' desc`, asc(volunteers.nameSort), asc(volunteers.id));
  return rows.map((r) => ({
    ...r,
    phone: maskPhone(r.phone),
    status: r.status as VolunteerStatus,
    role: r.role as TeamRole,
    joinedAt: r.joinedAt.toISOString(),
  }));
}

/**
 * A team's members, masked: for staff of its region, and for a volunteer who leads it. A member
 * who does not lead it sees the team, not its roster.
 */
export async function listTeamMembers(ctx: Ctx, id: string) {
  const team = await findTeam(ctx, ctx.db, id);
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.read'), team.regionCode)) {
    const own = await volunteerOfUser(ctx.db, ctx.actor.id);
    if (!own || !(await leadsTeam(ctx.db, own.id, id))) throw new AppError('forbidden');
  }
  return { items: await rosterOf(ctx.db, id) };
}

/** A member must be a volunteer of the team's region, in service or waiting for confirmation. */
async function memberToAdd(w: WriteCtx, team: TeamRow, volunteerId: string) {
  const [v] = await w.db.select().from(volunteers).where(eq(volunteers.id, volunteerId));
  if (!v || !v.regionCode.startsWith(regionPrefix(team.regionCode))) throw invalidField('volunteerId', 'team_member_other_region');
  if (v.status === 'left') throw invalidField('volunteerId', 'team_member_left');
  return v;
}

const memberAudit = (teamId: string, v: { id: string; number: string }, role: string) => ({ teamId, volunteerId: v.id, volunteerNumber: v.number, role });

export async function addTeamMember(ctx: Ctx, id: string, input: { volunteerId: string; role: TeamRole }) {
  return mutate(ctx, async (w) => {
    const team = await findTeam(ctx, w.db, id, 'volunteers.manage', true);
    const v = await memberToAdd(w, team, input.volunteerId);
    const [already] = await w.db.select({ one: sql`1` }).from(members).where(and(eq(members.teamId, id), eq(members.volunteerId, v.id)));
    if (already) throw invalidField('volunteerId', 'team_member_exists');
    await w.db.insert(members).values({ teamId: id, volunteerId: v.id, role: input.role });
    await writeAudit(w, {
      action: 'volunteers.team.member.add',
      entityType: 'volunteer_team',
      entityId: id,
      entityName: team.name,
      regionCode: team.regionCode,
      after: memberAudit(id, v, input.role),
    });
    return (await rosterOf(w.db, id, v.id))[0];
  });
}

async function findMember(w: WriteCtx, teamId: string, volunteerId: string) {
  const [row] = await w.db
    .select({ role: members.role, number: volunteers.number })
    .from(members)
    .innerJoin(volunteers, eq(volunteers.id, members.volunteerId))
    .where(and(eq(members.teamId, teamId), eq(members.volunteerId, volunteerId)))
    .for('update', { of: members });
  if (!row) throw notFound('volunteer');
  return row;
}

export async function setTeamMemberRole(ctx: Ctx, id: string, volunteerId: string, role: TeamRole) {
  return mutate(ctx, async (w) => {
    const team = await findTeam(ctx, w.db, id, 'volunteers.manage', true);
    const before = await findMember(w, id, volunteerId);
    await w.db.update(members).set({ role }).where(and(eq(members.teamId, id), eq(members.volunteerId, volunteerId)));
    const v = { id: volunteerId, number: before.number };
    await writeAudit(w, {
      action: 'volunteers.team.member.role',
      entityType: 'volunteer_team',
      entityId: id,
      entityName: team.name,
      regionCode: team.regionCode,
      before: memberAudit(id, v, before.role),
      after: memberAudit(id, v, role),
    });
    return (await rosterOf(w.db, id, volunteerId))[0];
  });
}

export async function removeTeamMember(ctx: Ctx, id: string, volunteerId: string) {
  return mutate(ctx, async (w) => {
    const team = await findTeam(ctx, w.db, id, 'volunteers.manage', true);
    const before = await findMember(w, id, volunteerId);
    await w.db.delete(members).where(and(eq(members.teamId, id), eq(members.volunteerId, volunteerId)));
    await writeAudit(w, {
      action: 'volunteers.team.member.remove',
      entityType: 'volunteer_team',
      entityId: id,
      entityName: team.name,
      regionCode: team.regionCode,
      before: memberAudit(id, { id: volunteerId, number: before.number }, before.role),
    });
    return { ok: true as const };
  });
}

import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { ageBandFor } from '../../../../../shared/registry.js';
import { checkIdNumber, idBirthYear, isMobilePhone } from '../../../../../shared/validators.js';
import { type Ctx } from '../../../core/actor.js';
import { scopeFor } from '../../../core/scope.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { blindIndex } from '../../../core/personal-data.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import type { DbOrTx, Tx } from '../../../db/client.js';
import { AppError, notFound, type FieldProblem } from '../../../errors.js';
import { canWriteMembers } from '../registry.policy.js';
import { presentMember } from '../registry.present.js';
import { findOrganizationInScope } from '../registry.queries.js';
import type { TMemberBody } from '../../../../../shared/registry/members.js';
import { registryMembers, registryOrganizations as org } from '../registry.tables.js';

/** Problems with one member's personal data; the age band follows the ID number when there is one. */
export function checkMember(input: Partial<TMemberBody>, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.phone && !isMobilePhone(input.phone)) problems.push({ field: `${prefix}phone`, problem: 'phone' });
  if (input.idNumber) {
    const p = checkIdNumber(input.idNumber);
    if (p) problems.push({ field: `${prefix}idNumber`, problem: `id_${p}` });
  }
  return problems;
}

export function deriveAgeBand(input: Partial<TMemberBody>, now = new Date()) {
  if (input.idNumber && !checkIdNumber(input.idNumber)) return ageBandFor(now.getFullYear() - idBirthYear(input.idNumber));
  return input.ageBand ?? null;
}

/**
 * Whether this ID number is on the organisation's roster already (leaving out member `exceptId`).
 * The values are sealed, so the look-up goes through their keyed hash.
 */
export async function idNumberOnRoster(tx: DbOrTx, organizationId: string, idNumber: string, exceptId?: string) {
  const [hit] = await tx
    .select({ id: registryMembers.id })
    .from(registryMembers)
    .where(
      and(
        eq(registryMembers.idNumberHash, blindIndex('id_number', idNumber)),
        eq(registryMembers.organizationId, organizationId),
        exceptId ? ne(registryMembers.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return !!hit;
}

const ON_ROSTER: FieldProblem = { field: 'idNumber', problem: 'id_number_on_roster' };

async function refreshMemberCount(tx: Tx, organizationId: string) {
  await tx
    .update(org)
    .set({ memberCount: sql`(select count(*) from registry_members m where m.organization_id = ${organizationId})::int` })
    .where(eq(org.id, organizationId));
}

export async function listMembers(ctx: Ctx, organizationId: string, page: number, pageSize: number) {
  await findOrganizationInScope(ctx, ctx.db, organizationId);
  const where = eq(registryMembers.organizationId, organizationId);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(registryMembers).where(where);
  const rows = await ctx.db
    .select()
    .from(registryMembers)
    .where(where)
    .orderBy(sql`case ${registryMembers.role} when 'leader' then 0 when 'deputy' then 1 when 'contact' then 2 else 3 end`, asc(registryMembers.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: rows.map(presentMember), total };
}

export async function addMember(ctx: Ctx, organizationId: string, input: TMemberBody) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const owner = await findOrganizationInScope(ctx, tx, organizationId, true);
    if (!canWriteMembers(ctx.actor, owner)) throw new AppError('forbidden');
    const problems = checkMember(input);
    if (!problems.length && input.idNumber && (await idNumberOnRoster(tx, organizationId, input.idNumber))) problems.push(ON_ROSTER);
    if (problems.length) throw new AppError('validation', {}, problems);
    const [row] = await tx
      .insert(registryMembers)
      .values({
        ...input,
        idNumber: input.idNumber?.toUpperCase() ?? null,
        ageBand: deriveAgeBand(input),
        organizationId,
        regionCode: owner.regionCode,
      })
      .returning();
    await refreshMemberCount(tx, organizationId);
    await writeAudit(w, { action: 'registry.member.create', entityType: 'member', entityId: row.id, entityName: row.name, regionCode: row.regionCode, after: row });
    return presentMember(row);
  });
}

async function findMemberInScope(ctx: Ctx, tx: Tx, memberId: string) {
  const [row] = await tx
    .select()
    .from(registryMembers)
    .where(
      and(
        eq(registryMembers.id, memberId),
        scopeWhere(scopeFor(ctx.actor, 'registry.member.read'), { region: registryMembers.regionCode, organization: registryMembers.organizationId }),
      ),
    )
    .for('update');
  if (!row) throw notFound('member');
  const [owner] = await tx.select().from(org).where(eq(org.id, row.organizationId));
  if (!canWriteMembers(ctx.actor, owner)) throw new AppError('forbidden');
  return row;
}

export async function updateMember(ctx: Ctx, memberId: string, input: Partial<TMemberBody>) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const before = await findMemberInScope(ctx, tx, memberId);
    const problems = checkMember(input);
    if (!problems.length && input.idNumber && (await idNumberOnRoster(tx, before.organizationId, input.idNumber, before.id))) {
      problems.push(ON_ROSTER);
    }
    if (problems.length) throw new AppError('validation', {}, problems);
    const merged = { ...before, ...input } as TMemberBody;
    const [row] = await tx
      .update(registryMembers)
      .set({ ...input, idNumber: merged.idNumber?.toUpperCase() ?? null, ageBand: deriveAgeBand(merged) })
      .where(eq(registryMembers.id, memberId))
      .returning();
    await writeAudit(w, { action: 'registry.member.update', entityType: 'member', entityId: row.id, entityName: row.name, regionCode: row.regionCode, before, after: row });
    return presentMember(row);
  });
}

export async function removeMember(ctx: Ctx, memberId: string) {
  await mutate(ctx, async (w) => {
    const tx = w.db;
    const before = await findMemberInScope(ctx, tx, memberId);
    await tx.delete(registryMembers).where(eq(registryMembers.id, memberId));
    await refreshMemberCount(tx, before.organizationId);
    await writeAudit(w, { action: 'registry.member.delete', entityType: 'member', entityId: memberId, entityName: before.name, regionCode: before.regionCode, before });
  });
}


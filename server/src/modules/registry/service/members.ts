import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import { birthDateFromIdNumber, type MemberAgeFacts } from '../../../../../shared/member-age.js';
import { checkIdNumber, isMobilePhone } from '../../../../../shared/validators.js';
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
import { assertFiledTeamStaysClear } from './three-clear.js';
import type { TMemberBody } from '../../../../../shared/registry/members.js';
import { registryMembers, registryOrganizations as org } from '../registry.tables.js';

/** Problems with one member's personal data; a birth date given beside an ID number must be the number's. */
export function checkMember(input: Partial<TMemberBody>, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.phone && !isMobilePhone(input.phone)) problems.push({ field: `${prefix}phone`, problem: 'phone' });
  if (input.idNumber) {
    const p = checkIdNumber(input.idNumber);
    if (p) problems.push({ field: `${prefix}idNumber`, problem: `id_${p}` });
    else if (input.birthDate && input.birthDate !== birthDateFromIdNumber(input.idNumber)) {
      problems.push({ field: `${prefix}birthDate`, problem: 'birth_date_not_id' });
    }
  }
  return problems;
}

type AgeInput = Pick<Partial<TMemberBody>, 'idNumber' | 'birthDate' | 'ageBand'>;

/**
 * What is stored of a member's age (shared/member-age.ts): the birth date — the ID number's, else the
 * one entered —, or, with none, a band entered by hand and the day it was entered. `before` is the
 * stored row on an update (`input` then holds only the fields sent); the band is never stored beside a
 * birth date, since the band is derived from it on the day asked.
 */
export function memberAgeColumns(input: AgeInput, before: MemberAgeFacts | null = null, today = todayInChina()): MemberAgeFacts {
  const fromId = input.idNumber && !checkIdNumber(input.idNumber) ? birthDateFromIdNumber(input.idNumber) : null;
  const birthDate = fromId ?? (input.birthDate !== undefined ? input.birthDate : before?.birthDate) ?? null;
  if (birthDate) return { birthDate, ageBand: null, ageBandEnteredOn: null };
  if (input.ageBand === undefined || input.ageBand === before?.ageBand) {
    return { birthDate: null, ageBand: before?.ageBand ?? null, ageBandEnteredOn: before?.ageBand ? before.ageBandEnteredOn : null };
  }
  return { birthDate: null, ageBand: input.ageBand ?? null, ageBandEnteredOn: input.ageBand ? today : null };
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
        ...memberAgeColumns(input),
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
    // A birth date sent alone is checked against the ID number already on the roster.
    const problems = checkMember({ ...input, idNumber: input.idNumber ?? (input.birthDate ? before.idNumber : undefined) });
    if (!problems.length && input.idNumber && (await idNumberOnRoster(tx, before.organizationId, input.idNumber, before.id))) {
      problems.push(ON_ROSTER);
    }
    if (problems.length) throw new AppError('validation', {}, problems);
    const merged = { ...before, ...input } as TMemberBody;
    const [row] = await tx
      .update(registryMembers)
      .set({ ...input, idNumber: merged.idNumber?.toUpperCase() ?? null, ...memberAgeColumns(input, before) })
      .where(eq(registryMembers.id, memberId))
      .returning();
    // Taking the leader mark off the only leader must not leave a filed team without one in charge;
    // no other edit of one member can (a name is never blank), so the check stays off the common path.
    if (before.role === 'leader' && row.role !== 'leader') await assertFiledTeamStaysClear(tx, before.organizationId);
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
    // A filed team keeps someone on its roster and someone in charge (三清); the refusal rolls the delete back.
    await assertFiledTeamStaysClear(tx, before.organizationId);
    await writeAudit(w, { action: 'registry.member.delete', entityType: 'member', entityId: memberId, entityName: before.name, regionCode: before.regionCode, before });
  });
}


import { and, asc, eq, ilike, inArray, ne, sql } from 'drizzle-orm';
import { regionLevel } from '../../../../../shared/regions.js';
import { checkIdNumber, isMobilePhone } from '../../../../../shared/validators.js';
import type { TSelfRegisterBody } from '../../../../../shared/volunteers/registry.js';
import type { Ctx } from '../../../core/actor.js';
import { regions } from '../../../core/core.tables.js';
import { blindIndex } from '../../../core/personal-data.js';
import { writeAudit } from '../../../core/audit.js';
import { recordStart } from '../../../core/workflow.js';
import { mutate } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, type FieldProblem } from '../../../errors.js';
import { withNameSort } from '../../../core/pinyin-key.js';
import { createSelfRegisteredVolunteerAccount } from '../../users/users.service.js';
import { volunteers } from '../volunteers.tables.js';
import { nextVolunteerNumber } from './numbering.js';
import { VOLUNTEER_WORKFLOW, volunteerAuditOf, volunteerEntityName } from './volunteer-state.js';

/** What the ID number says of its holder: the birth date (YYYY-MM-DD) and gender (17th digit odd: male). */
export function identityOf(idNumber: string): { birthDate: string; gender: 'male' | 'female' } {
  return {
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** The ID number as stored: the check character X upper-case. */
export const normaliseIdNumber = (idNumber: string) => idNumber.trim().toUpperCase();

/** Problems of an ID number and a phone as a person gave them (GB 11643 check digit; mobile or landline). */
export function identityProblems(input: { idNumber?: string; phone?: string | null }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.idNumber !== undefined) {
    const p = checkIdNumber(normaliseIdNumber(input.idNumber));
    if (p) problems.push({ field: 'idNumber', problem: `id_${p}` });
  }
  if (input.phone && !isMobilePhone(input.phone)) problems.push({ field: 'phone', problem: 'phone' });
  return problems;
}

/** The hash the platform finds a person by: one volunteer record per ID number. */
export const idNumberHash = (idNumber: string) => blindIndex('id_number', normaliseIdNumber(idNumber));

/** The volunteer already registered under this ID number (other than `exceptId`), if any. */
export async function volunteerByIdNumber(db: DbOrTx, idNumber: string, exceptId?: string) {
  const [row] = await db
    .select({ id: volunteers.id, number: volunteers.number, name: volunteers.name, regionCode: volunteers.regionCode })
    .from(volunteers)
    .where(and(eq(volunteers.idNumberHash, idNumberHash(idNumber)), exceptId ? ne(volunteers.id, exceptId) : sql`true`));
  return row ?? null;
}

/** Volunteers belong to a street or a community (their number is the street's); a known one. */
export async function regionProblem(db: DbOrTx, regionCode: string, field = 'regionCode'): Promise<FieldProblem | null> {
  const level = regionLevel(regionCode);
  if (level !== 'street' && level !== 'community') return { field, problem: 'volunteer_region_level' };
  const [row] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
  return row ? null : { field, problem: 'region_unknown' };
}

export function throwProblems(problems: FieldProblem[]) {
  if (problems.length) throw new AppError('validation', {}, problems);
}

/**
 * A person registers itself (from its phone): its account — one `volunteer` grant in the street it
 * chose — and a pending volunteer record, in one write unit; the centre confirms it later. The
 * account signs in at once and reads its own record as pending.
 */
export async function selfRegister(ctx: Ctx, input: TSelfRegisterBody) {
  const idNumber = normaliseIdNumber(input.idNumber);
  const problems = identityProblems({ idNumber, phone: input.phone });
  const region = await regionProblem(ctx.db, input.street, 'street');
  if (region) problems.push(region);
  throwProblems(problems);
  return mutate(ctx, async (w) => {
    if (await volunteerByIdNumber(w.db, idNumber)) throw invalidField('idNumber', 'volunteer_id_taken');
    const account = await createSelfRegisteredVolunteerAccount(w, {
      username: input.username,
      password: input.password,
      displayName: input.name,
      phone: input.phone,
      regionCode: input.street,
    });
    const [row] = await w.db
      .insert(volunteers)
      .values(
        withNameSort({
          number: await nextVolunteerNumber(w.db, input.street),
          userId: account.id,
          regionCode: input.street,
          name: input.name,
          idNumber,
          ...identityOf(idNumber),
          phone: input.phone,
          phoneTail: input.phone.slice(-4),
          skills: input.skills,
          availability: input.availability,
          status: 'pending',
          source: 'self',
          createdBy: account.id,
        }),
      )
      .returning();
    // The person registered itself: its new account is who the history names.
    const registrant = { id: account.id, username: account.username, displayName: input.name, grants: [] };
    await recordStart(w.db, { actor: registrant }, VOLUNTEER_WORKFLOW, { id: row.id, state: 'pending', regionCode: row.regionCode });
    await writeAudit(w, {
      action: 'volunteers.volunteer.register',
      entityType: 'volunteer',
      entityId: row.id,
      entityName: volunteerEntityName(row),
      regionCode: row.regionCode,
      after: volunteerAuditOf(row),
    });
    return { id: row.id, number: row.number, status: 'pending' as const };
  });
}

/** Streets by name for the registration page (public): at most 20, in code order. */
export async function searchStreets(db: DbOrTx, q: string | undefined) {
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select({ code: regions.code, name: regions.name, parentCode: regions.parentCode })
    .from(regions)
    .where(and(eq(regions.level, 'street'), like ? ilike(regions.name, like) : sql`true`))
    .orderBy(asc(regions.code))
    .limit(20);
  const parents = [...new Set(rows.map((r) => r.parentCode).filter((c): c is string => !!c))];
  const names = parents.length
    ? new Map((await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, parents))).map((r) => [r.code, r.name]))
    : new Map<string, string>();
  return { items: rows.map((r) => ({ code: r.code, name: r.name, districtName: r.parentCode ? (names.get(r.parentCode) ?? null) : null })) };
}

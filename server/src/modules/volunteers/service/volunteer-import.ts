import { eq, inArray } from 'drizzle-orm';
import { IMPORT_LIMITS } from '../../../../../shared/import-limits.js';
import { ZVolunteerBody, type TVolunteerImportExisting, type TVolunteerImportResult } from '../../../../../shared/volunteers/registry.js';
import { availabilitySlotOf } from '../../../../../shared/volunteers/states.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudits } from '../../../core/audit.js';
import { withNameSort } from '../../../core/pinyin-key.js';
import { scopeCovers, scopeFor } from '../../../core/scope.js';
import { workflowHistory } from '../../../core/core.tables.js';
import { mutate } from '../../../core/write-unit.js';
import { readSheet, SheetError, writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import { AppError, type FieldProblem } from '../../../errors.js';
import { fieldLabel, isProblemKey, translate, type Locale } from '../../../i18n/index.js';
import { volunteers } from '../volunteers.tables.js';
import { reserveVolunteerNumbers } from './numbering.js';
import { idNumberHash, identityOf, identityProblems, normaliseIdNumber, regionProblem, throwProblems } from './registration.js';
import { VOLUNTEER_WORKFLOW, volunteerAuditOf, volunteerEntityName, type VolunteerRow } from './volunteer-state.js';
import { assertManagesRegion } from './volunteers.js';

type Key = 'name' | 'idNumber' | 'phone' | 'skills' | 'availability';

/** The import sheet: the same words the registration form uses. */
export const VOLUNTEER_COLUMNS: readonly SheetColumn<Key>[] = [
  { key: 'name', header: '姓名', aliases: ['Name', '姓名 Name'], required: true, width: 14 },
  { key: 'idNumber', header: '身份证号', aliases: ['ID number', '身分證號'], required: true, width: 22 },
  { key: 'phone', header: '手机号', aliases: ['Phone', '手機號碼'], required: true, width: 16 },
  { key: 'skills', header: '技能特长', aliases: ['Skills', '技能專長'], width: 24 },
  { key: 'availability', header: '可服务时间', aliases: ['Availability', '可服務時間'], width: 24 },
];

export const volunteerImportTemplate = () => writeSheet('志愿者名单', VOLUNTEER_COLUMNS, []);

/** 技能特长 and 可服务时间 as a sheet gives them: one cell, labels separated by 、 , ， ; ； or spaces. */
const labels = (cell: string | undefined) => (cell ?? '').split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean);

/**
 * 可服务时间 as a sheet gives it: codes (mon_am) or labels in any language (周一上午, Mon morning —
 * which holds a space, so a piece is split on spaces only when it is no slot whole). The slots' codes,
 * or the first piece that is none.
 */
export function availabilityOfCell(cell: string | undefined): { slots: string[] } | { unknown: string } {
  const slots: string[] = [];
  for (const piece of (cell ?? '').split(/[、,，;；\n]+/).map((s) => s.trim()).filter(Boolean)) {
    const whole = availabilitySlotOf(piece);
    const parts = whole ? [whole] : piece.split(/\s+/).map(availabilitySlotOf);
    if (parts.some((p) => !p)) return { unknown: piece };
    for (const p of parts) if (p && !slots.includes(p)) slots.push(p);
  }
  return { slots };
}

interface Problem {
  row: number;
  column: string;
  problem: FieldProblem;
}

function rejection(locale: Locale, problems: Problem[], total = problems.length) {
  const shown = problems
    .sort((a, b) => a.row - b.row)
    .slice(0, IMPORT_LIMITS.maxReportedProblems)
    .map(({ row, column, problem }) => ({
      row,
      column,
      message: translate(locale, `problems.${isProblemKey(problem.problem) ? problem.problem : 'invalid_value'}`, {
        ...problem.params,
        field: column || fieldLabel(locale, problem.field),
      }),
    }));
  return new AppError('import_rejected', { count: total }, [], { problems: shown, total });
}

const headerOf = (field: string) => VOLUNTEER_COLUMNS.find((c) => c.key === field)?.header ?? '';

/**
 * Imports volunteers into a street or community of the caller's reach, all or nothing: any bad row
 * (named by row and column) imports nothing. Rows whose person is already registered (matched by
 * the ID number's keyed hash) are listed and nothing is written, unless the caller says to skip
 * them or to update the record from the row.
 */
export async function importVolunteers(ctx: Ctx, bytes: Buffer, regionCode: string, onExisting?: 'skip' | 'update'): Promise<TVolunteerImportResult> {
  const region = await regionProblem(ctx.db, regionCode);
  throwProblems(region ? [region] : []);
  assertManagesRegion(ctx, regionCode);
  let rows;
  try {
    rows = await readSheet(bytes, VOLUNTEER_COLUMNS);
  } catch (e) {
    if (e instanceof SheetError) {
      throw rejection(
        ctx.locale,
        e.problems.map((p) => ({ row: Number(p.params?.row ?? 0), column: String(p.params?.column ?? ''), problem: p })),
        e.total,
      );
    }
    throw e;
  }
  const problems: Problem[] = [];
  const prepared: { row: number; values: typeof volunteers.$inferInsert; hash: string }[] = [];
  const seen = new Map<string, number>();
  for (const { row, values: v } of rows) {
    const availability = availabilityOfCell(v.availability);
    if ('unknown' in availability) {
      problems.push({ row, column: headerOf('availability'), problem: { field: 'availability', problem: 'availability_unknown_value', params: { value: availability.unknown.slice(0, 30) } } });
      continue;
    }
    const parsed = ZVolunteerBody.safeParse({
      name: v.name ?? '',
      idNumber: v.idNumber ?? '',
      phone: v.phone ?? '',
      skills: labels(v.skills),
      availability: availability.slots,
      regionCode,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const problem = issue.code === 'too_small' ? 'required' : issue.code === 'too_big' ? 'too_big' : 'invalid_value';
        problems.push({ row, column: headerOf(field), problem: { field, problem, params: 'maximum' in issue ? { maximum: Number(issue.maximum) } : {} } });
      }
      continue;
    }
    const input = parsed.data;
    const idNumber = normaliseIdNumber(input.idNumber);
    const own = identityProblems({ idNumber, phone: input.phone });
    for (const p of own) problems.push({ row, column: headerOf(p.field), problem: p });
    if (own.length) continue;
    const hash = idNumberHash(idNumber);
    const first = seen.get(hash);
    if (first) {
      problems.push({ row, column: headerOf('idNumber'), problem: { field: 'idNumber', problem: 'duplicate_in_file', params: { row: first } } });
      continue;
    }
    seen.set(hash, row);
    prepared.push({
      row,
      hash,
      values: withNameSort({
        regionCode,
        name: input.name,
        idNumber,
        ...identityOf(idNumber),
        phone: input.phone,
        phoneTail: input.phone.slice(-4),
        skills: input.skills,
        availability: input.availability,
        status: 'active',
        source: 'import',
        confirmedBy: ctx.actor.id,
        confirmedAt: new Date(),
        createdBy: ctx.actor.id,
        number: '',
      }),
    });
  }
  if (problems.length) throw rejection(ctx.locale, problems);

  return mutate(ctx, async (w) => {
    const held = new Map<string, VolunteerRow>();
    const hashes = prepared.map((p) => p.hash);
    for (let i = 0; i < hashes.length; i += 1000) {
      for (const r of await w.db.select().from(volunteers).where(inArray(volunteers.idNumberHash, hashes.slice(i, i + 1000))).for('update')) {
        held.set(r.idNumberHash!, r);
      }
    }
    const existing: TVolunteerImportExisting[] = prepared
      .filter((p) => held.has(p.hash))
      .map((p) => {
        const r = held.get(p.hash)!;
        return { row: p.row, name: p.values.name, existingId: r.id, number: r.number, existingName: r.name };
      });
    if (existing.length && !onExisting) {
      throw new AppError('import_existing', { count: existing.length }, [], { existing: existing.slice(0, IMPORT_LIMITS.maxReportedProblems), total: existing.length });
    }
    if (onExisting === 'update') {
      // A record another region holds is not the caller's to change.
      const manage = scopeFor(ctx.actor, 'volunteers.manage');
      const foreign = existing.filter((e) => !scopeCovers(manage, { regionCode: held.get(prepared.find((p) => p.row === e.row)!.hash)!.regionCode }));
      if (foreign.length) {
        throw rejection(
          ctx.locale,
          foreign.map((e) => ({ row: e.row, column: headerOf('idNumber'), problem: { field: 'idNumber', problem: 'volunteer_id_taken' } })),
        );
      }
    }
    const fresh = prepared.filter((p) => !held.has(p.hash));
    const numbers = await reserveVolunteerNumbers(w.db, regionCode, fresh.length);
    const inserted: VolunteerRow[] = [];
    for (let i = 0; i < fresh.length; i += 500) {
      const batch = fresh.slice(i, i + 500).map((p, j) => ({ ...p.values, number: numbers[i + j] }));
      inserted.push(...(await w.db.insert(volunteers).values(batch).returning()));
    }
    for (let i = 0; i < inserted.length; i += 500) {
      await w.db.insert(workflowHistory).values(
        inserted.slice(i, i + 500).map((r) => ({
          workflow: VOLUNTEER_WORKFLOW,
          entityId: r.id,
          fromState: null,
          toState: 'active',
          action: 'create',
          actorId: ctx.actor.id,
          actorName: ctx.actor.displayName,
          comment: null,
          regionCode: r.regionCode,
        })),
      );
    }
    const audits = inserted.map((r) => ({
      action: 'volunteers.volunteer.import',
      entityType: 'volunteer',
      entityId: r.id,
      entityName: volunteerEntityName(r),
      regionCode: r.regionCode,
      after: volunteerAuditOf(r),
    }));
    let updated = 0;
    if (onExisting === 'update') {
      for (const p of prepared.filter((x) => held.has(x.hash))) {
        const before = held.get(p.hash)!;
        const [after] = await w.db
          .update(volunteers)
          .set({
            ...withNameSort({ name: p.values.name }),
            phone: p.values.phone,
            phoneTail: p.values.phoneTail,
            skills: p.values.skills,
            availability: p.values.availability,
            updatedAt: new Date(),
          })
          .where(eq(volunteers.id, before.id))
          .returning();
        audits.push({
          action: 'volunteers.volunteer.update',
          entityType: 'volunteer',
          entityId: after.id,
          entityName: volunteerEntityName(after),
          regionCode: after.regionCode,
          before: volunteerAuditOf(before),
          after: volunteerAuditOf(after),
        } as (typeof audits)[number]);
        updated++;
      }
    }
    await writeAudits(w, audits);
    return {
      imported: inserted.length,
      updated,
      skipped: onExisting === 'skip' ? existing.length : 0,
      // The first ones by row: a file of thousands of known people must not make a response of megabytes.
      existing: existing.slice(0, IMPORT_LIMITS.maxReportedProblems),
    };
  });
}

import { getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../../../../../shared/dates.js';
import { IMPORT_LIMITS } from '../../../../../shared/import-limits.js';
import { isFiledForm, type LegalForm } from '../../../../../shared/registry.js';
import { maskIdNumber, maskPhone } from '../../../../../shared/validators.js';
import { type Ctx } from '../../../core/actor.js';
import { scopeCovers, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { auditExport, writeAudits } from '../../../core/audit.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { blindIndex } from '../../../core/personal-data.js';
import { readUploadedFile } from '../../../core/upload.js';
import { EXPORT_LIMIT, readSheet, SheetError, writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import type { Tx } from '../../../db/client.js';
import { AppError, type FieldProblem } from '../../../errors.js';
import { translate } from '../../../i18n/index.js';
import { unwritableFields, writableFields } from '../registry.policy.js';
import {
  AGE_BAND_LABELS,
  codeFor,
  GENDER_LABELS,
  LEGAL_FORM_ALIASES,
  LEGAL_FORM_LABELS,
  LEVEL_LABELS,
  MEMBER_ROLE_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
  YES_NO,
} from '../registry.labels.js';
import { findOrganizations } from '../registry.queries.js';
import { ZMemberBody } from '../../../../../shared/registry/members.js';
import type { TImportExistingRejection, TImportExistingRow, TImportOnExisting } from '../../../../../shared/registry/imports.js';
import { ZOrganizationFields, type TOrganizationListQuery, type TUpdateOrganizationBody } from '../../../../../shared/registry/organizations.js';
import { registryCategories, registryMembers, registryOrganizations as org } from '../registry.tables.js';
import { importFacts } from './import-facts.js';
import { findExisting, type ExistingRecord } from './import-matches.js';
import { ImportReport, schemaProblems } from './import-report.js';
import { withNameSort } from '../../../core/pinyin-key.js';
import { checkMember, memberAgeColumns } from './members.js';
import { filingRegionProblem } from './three-clear.js';
import { updateOrganization } from './organizations.js';
import { validateOrganization } from './validate-organization.js';

export const ORGANIZATION_COLUMNS = [
  { key: 'name', header: '名称', required: true, width: 32 },
  { key: 'legalForm', header: '组织形式', required: true },
  { key: 'uscc', header: '统一社会信用代码', width: 22 },
  { key: 'regionCode', header: '所属区划代码', width: 16 },
  { key: 'regionName', header: '所属区划' },
  { key: 'category', header: '分类' },
  { key: 'registrationLevel', header: '登记级别' },
  { key: 'foundedOn', header: '成立日期' },
  { key: 'status', header: '状态' },
  { key: 'stage', header: '发展阶段' },
  { key: 'grade', header: '评估等级' },
  { key: 'filingNumber', header: '备案编号', width: 20 },
  { key: 'leaderName', header: '负责人' },
  { key: 'leaderPhone', header: '负责人电话' },
  { key: 'leaderIdNumber', header: '负责人身份证号', width: 22 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'activityContent', header: '活动内容', width: 30 },
  { key: 'venue', header: '活动场地', width: 24 },
  { key: 'businessScope', header: '业务范围', width: 30 },
  { key: 'memberCount', header: '成员数' },
] as const satisfies readonly SheetColumn[];

export const MEMBER_COLUMNS = [
  { key: 'organization', header: '所属组织', required: true, aliases: ['组织名称', '团队名称', '备案编号', '统一社会信用代码'], width: 30 },
  { key: 'name', header: '姓名', required: true },
  { key: 'phone', header: '电话' },
  { key: 'idNumber', header: '身份证号', width: 22 },
  // Read on import only (decision 0007: a birth date is kept to derive the age band, never shown or exported).
  { key: 'birthDate', header: '出生日期' },
  { key: 'gender', header: '性别' },
  { key: 'role', header: '角色' },
  { key: 'ageBand', header: '年龄段' },
  { key: 'isPartyMember', header: '是否党员' },
  { key: 'joinedOn', header: '加入日期' },
] as const satisfies readonly SheetColumn[];

type OrgKey = (typeof ORGANIZATION_COLUMNS)[number]['key'];

/**
 * The export's fields the list query leaves out (the list screen shows none of them), read by id in
 * batches small enough for any engine's parameter limit.
 */
async function exportDetails(ctx: Ctx, ids: string[]) {
  const details = new Map<string, Awaited<ReturnType<typeof detailBatch>>[number]>();
  for (let i = 0; i < ids.length; i += EXPORT_DETAIL_BATCH) {
    for (const d of await detailBatch(ctx, ids.slice(i, i + EXPORT_DETAIL_BATCH))) details.set(d.id, d);
  }
  return details;
}
const EXPORT_DETAIL_BATCH = 1_000;

const detailBatch = (ctx: Ctx, ids: string[]) =>
  ctx.db
    .select({
      id: org.id,
      registrationLevel: org.registrationLevel,
      leaderIdNumber: org.leaderIdNumber,
      address: org.address,
      activityContent: org.activityContent,
      venue: org.venue,
      businessScope: org.businessScope,
    })
    .from(org)
    .where(inArray(org.id, ids));

export async function exportOrganizations(ctx: Ctx, q: TOrganizationListQuery) {
  // A sheet has the phone column whatever a list page asked for.
  const rows = await findOrganizations(ctx, { ...q, include: 'leaderPhone' }, EXPORT_LIMIT, 0);
  const details = await exportDetails(ctx, rows.map((r) => r.id));
  const { page: _page, pageSize: _pageSize, include: _include, ...filters } = q;
  await auditExport(ctx, { action: 'registry.organization.export', regionCode: q.regionCode ?? null, rows: rows.length, query: filters });
  // A full record per column, not a partial one: a column the row forgets is a compile error, not an empty column.
  const today = todayInChina();
  const cells = (r: (typeof rows)[number]): Record<OrgKey, string | number | null> => {
    const d = details.get(r.id);
    return {
      name: r.name,
      legalForm: LEGAL_FORM_LABELS[r.legalForm],
      uscc: r.uscc,
      regionCode: r.regionCode,
      regionName: r.regionName,
      category: r.categoryName,
      registrationLevel: d?.registrationLevel ? (LEVEL_LABELS[d.registrationLevel] ?? d.registrationLevel) : null,
      foundedOn: r.foundedOn,
      status: STATUS_LABELS[r.status],
      stage: r.stage ? STAGE_LABELS[r.stage] : null,
      // An expired grade stays on record but no longer counts (民政部令第39号): the sheet says so.
      grade: r.grade ? (r.gradeValidUntil && r.gradeValidUntil < today ? `${r.grade}（已过期 ${r.gradeValidUntil}）` : r.grade) : null,
      filingNumber: r.filingNumber,
      leaderName: r.leaderName,
      // Exports leave the building: personal identifiers stay masked there too.
      leaderPhone: maskPhone(r.leaderPhone),
      leaderIdNumber: maskIdNumber(d?.leaderIdNumber),
      address: d?.address ?? null,
      activityContent: d?.activityContent ?? null,
      venue: d?.venue ?? null,
      businessScope: d?.businessScope ?? null,
      memberCount: r.memberCount,
    };
  };
  return writeSheet<OrgKey>('组织与团队', ORGANIZATION_COLUMNS, rows.map(cells));
}

/** Columns an export has but an import does not take: derived, or set only through their own action with history. */
const NOT_IMPORTED = new Set<OrgKey>(['regionName', 'memberCount', 'stage', 'grade']);

export const templateFor = (kind: 'organizations' | 'members') =>
  kind === 'organizations'
    ? writeSheet('组织与团队', ORGANIZATION_COLUMNS.filter((c) => !NOT_IMPORTED.has(c.key)), [])
    : writeSheet('成员名单', MEMBER_COLUMNS, []);

function headerOf(columns: readonly SheetColumn[], field: string) {
  return columns.find((c) => c.key === field)?.header ?? field;
}

function addRowProblems(report: ImportReport, row: number, columns: readonly SheetColumn[], list: FieldProblem[]) {
  for (const p of list) report.add(row, headerOf(columns, p.field), p);
}

async function parse<K extends string>(ctx: Ctx, bytes: Buffer, columns: readonly SheetColumn<K>[]) {
  try {
    return await readSheet(bytes, columns);
  } catch (e) {
    if (e instanceof SheetError) throw ImportReport.ofSheetError(e).rejection(ctx.locale);
    throw e;
  }
}

/** The columns that are API fields, checked by the API's own schema so that the limits cannot drift apart. */
const ZOrganizationRow = ZOrganizationFields.pick({
  name: true,
  uscc: true,
  foundedOn: true,
  leaderName: true,
  leaderPhone: true,
  leaderIdNumber: true,
  address: true,
  activityContent: true,
  venue: true,
  businessScope: true,
}).extend({
  // Only an import sets a filing number (of a team filed before the platform); numbers are like 310106001-2023-0007.
  filingNumber: z.string().max(40).nullish(),
});
const ZMemberRow = ZMemberBody.pick({ name: true, phone: true, idNumber: true, birthDate: true, joinedOn: true });

/** The roster columns an export fills: all but the birth date, which is never shown. */
export const MEMBER_EXPORT_COLUMNS = MEMBER_COLUMNS.filter((c) => c.key !== 'birthDate');

/** Rows per INSERT: 500 rows of 20 columns stay well under PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 500;

/*
 * What an import reads back for its audit rows: the stored record without the columns derived from
 * it (search grams, pinyin key, blind indexes), which carry nothing new and doubled the write's time.
 */
const { nameGrams: _grams, nameSort: _sort, leaderIdNumberHash: _leaderHash, ...ORG_AUDIT_COLUMNS } = getTableColumns(org);
const { idNumberHash: _idHash, ...MEMBER_AUDIT_COLUMNS } = getTableColumns(registryMembers);

type OrgValues = Partial<Record<OrgKey, string>>;

/** One sheet row read into the record's fields, with the problems the row has on its own. */
function readOrganizationRow(v: OrgValues, categoryByName: Map<string, string>, defaultRegion: string) {
  const list: FieldProblem[] = [];
  const fields = ZOrganizationRow.safeParse({
    name: v.name ?? '',
    uscc: v.uscc ?? null,
    foundedOn: v.foundedOn ?? null,
    leaderName: v.leaderName ?? null,
    leaderPhone: v.leaderPhone ?? null,
    leaderIdNumber: v.leaderIdNumber ?? null,
    address: v.address ?? null,
    activityContent: v.activityContent ?? null,
    venue: v.venue ?? null,
    businessScope: v.businessScope ?? null,
    filingNumber: v.filingNumber ?? null,
  });
  if (!fields.success) list.push(...schemaProblems(fields.error));
  const legalForm = v.legalForm ? (codeFor(LEGAL_FORM_LABELS, v.legalForm, LEGAL_FORM_ALIASES) as LegalForm | null) : null;
  if (!legalForm) list.push({ field: 'legalForm', problem: v.legalForm ? 'invalid_value' : 'required' });
  const categoryId = v.category ? (categoryByName.get(v.category) ?? null) : null;
  if (v.category && !categoryId) list.push({ field: 'category', problem: 'category_unknown' });
  const registrationLevel = v.registrationLevel ? codeFor(LEVEL_LABELS, v.registrationLevel) : null;
  if (v.registrationLevel && !registrationLevel) list.push({ field: 'registrationLevel', problem: 'invalid_value' });
  // A grade, stars or stage is set only through its own action, with its history (service/grades.ts, stages.ts).
  if (v.stage) list.push({ field: 'stage', problem: 'set_by_own_action' });
  if (v.grade) list.push({ field: 'grade', problem: 'set_by_own_action' });
  const regionCode = v.regionCode ?? defaultRegion;
  if (!/^\d{12}$/.test(regionCode)) list.push({ field: 'regionCode', problem: 'region_code' });
  return { list, fields, legalForm, categoryId, registrationLevel, regionCode, uscc: v.uscc ?? null };
}
type OrganizationRow = ReturnType<typeof readOrganizationRow>;

/**
 * The update a row asks of a record the register holds: only the fields the sheet fills (an empty
 * cell keeps the stored value), in the API's own body, so the API's checks decide.
 */
function updateFromRow(v: OrgValues, r: OrganizationRow): TUpdateOrganizationBody {
  const f = r.fields.success ? r.fields.data : null;
  const body: TUpdateOrganizationBody = {};
  if (v.name && f) body.name = f.name;
  if (v.legalForm && r.legalForm) body.legalForm = r.legalForm;
  if (v.regionCode) body.regionCode = r.regionCode;
  if (v.uscc) body.uscc = r.uscc;
  if (v.category && r.categoryId) body.categoryId = r.categoryId;
  if (v.registrationLevel && r.registrationLevel) body.registrationLevel = r.registrationLevel as TUpdateOrganizationBody['registrationLevel'];
  if (v.foundedOn && f) body.foundedOn = f.foundedOn;
  if (v.leaderName && f) body.leaderName = f.leaderName;
  if (v.leaderPhone && f) body.leaderPhone = f.leaderPhone;
  if (v.leaderIdNumber && f) body.leaderIdNumber = f.leaderIdNumber?.toUpperCase() ?? null;
  if (v.address && f) body.address = f.address;
  if (v.activityContent && f) body.activityContent = f.activityContent;
  if (v.venue && f) body.venue = f.venue;
  if (v.businessScope && f) body.businessScope = f.businessScope;
  return body;
}

/**
 * Why a record the register holds is not updated by an import, if it is not: a filed team (or one
 * under review) changes only through a change filing; a record the actor may not edit in its state.
 */
function updateRefusal(ctx: Ctx, record: ExistingRecord): string | null {
  if (isFiledForm(record.legalForm as LegalForm) && (record.status === 'filed' || record.status === 'submitted')) {
    return record.status === 'filed' ? 'import_filed_team' : 'import_under_review';
  }
  return writableFields(ctx.actor, record).length ? null : 'import_not_editable';
}

/** The rows of `existing` listed in a response: the first ones by row, as for problems. */
const listed = (existing: TImportExistingRow[]) => existing.sort((a, b) => a.row - b.row).slice(0, IMPORT_LIMITS.maxReportedProblems);

/**
 * Imports organisations and teams: every row is checked first; one bad row and nothing is written.
 * A row the register already holds (service/import-matches.ts) is skipped or updates its record, as
 * `onExisting` says; not said, the import writes nothing and lists those rows for the user to choose.
 */
export async function importOrganizations(ctx: Ctx, bytes: Buffer, defaultRegion: string, onExisting?: TImportOnExisting) {
  const rows = await parse(ctx, bytes, ORGANIZATION_COLUMNS);
  const categories = await ctx.db.select().from(registryCategories);
  const categoryByName = new Map(categories.flatMap((c) => [[c.nameZh, c.id], [c.nameEn, c.id], [c.nameZhTw, c.id], [c.code, c.id]]));
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const matches = await findExisting(
      tx,
      ctx.actor,
      rows.map(({ row, values: v }) => ({
        row,
        name: v.name ?? null,
        uscc: v.uscc ?? null,
        filingNumber: v.filingNumber ?? null,
        regionCode: v.regionCode ?? defaultRegion,
      })),
    );
    const facts = await importFacts(
      tx,
      {
        regionCodes: rows.map((r) => r.values.regionCode ?? defaultRegion),
        usccs: rows.flatMap((r) => (r.values.uscc && !matches.has(r.row) ? [r.values.uscc] : [])),
      },
      categories,
    );
    const report = new ImportReport();
    const existing: TImportExistingRow[] = [];
    const seenUscc = new Map<string, number>();
    const seenFiling = new Map<string, number>();
    const prepared: (typeof org.$inferInsert)[] = [];
    for (const { row, values: v } of rows) {
      const r = readOrganizationRow(v, categoryByName, defaultRegion);
      const { list, fields, legalForm, categoryId, registrationLevel, regionCode, uscc } = r;
      if (uscc) {
        if (seenUscc.has(uscc)) list.push({ field: 'uscc', problem: 'duplicate_in_file', params: { row: seenUscc.get(uscc) } });
        seenUscc.set(uscc, row);
      }
      if (v.filingNumber) {
        if (seenFiling.has(v.filingNumber)) list.push({ field: 'filingNumber', problem: 'duplicate_in_file', params: { row: seenFiling.get(v.filingNumber) } });
        seenFiling.set(v.filingNumber, row);
      }
      const match = matches.get(row);
      if (match) {
        const entry: TImportExistingRow = {
          row,
          name: v.name ?? '',
          matchedBy: match.by,
          existingName: match.record.name,
          existingId: match.record.id,
          outcome: onExisting === 'skip' ? 'skipped' : 'pending',
        };
        existing.push(entry);
        if (onExisting !== 'update') continue;
        const refusal = updateRefusal(ctx, match.record);
        if (refusal) {
          entry.outcome = 'refused';
          entry.message = translate(ctx.locale, `problems.${refusal}`, {});
          continue;
        }
        // A filing number is handed out by the filing workflow; a sheet may only repeat the stored one.
        if (v.filingNumber && v.filingNumber !== match.record.filingNumber) list.push({ field: 'filingNumber', problem: 'field_not_writable' });
        if (!list.length) list.push(...(await updateRow(w, match.record.id, updateFromRow(v, r))));
        if (list.length) addRowProblems(report, row, ORGANIZATION_COLUMNS, list);
        else entry.outcome = 'updated';
        continue;
      }
      // As in the API, the record is checked against the database only once its fields are well-formed.
      if (fields.success && legalForm && /^\d{12}$/.test(regionCode)) {
        const outcome = await validateOrganization(
          tx,
          ctx.actor,
          {
            regionCode,
            legalForm,
            name: fields.data.name,
            uscc,
            usccOverrideReason: null,
            categoryId,
            parentId: null,
            leaderPhone: fields.data.leaderPhone,
            leaderIdNumber: fields.data.leaderIdNumber,
          },
          null,
          { checkRegionScope: true, facts },
        );
        // The sheet names the category by its name, in column 分类.
        list.push(...outcome.problems.map((p) => (p.field === 'categoryId' ? { ...p, field: 'category' } : p)));
      }
      const filed = legalForm ? isFiledForm(legalForm) : false;
      const status = filed ? (fields.success && fields.data.filingNumber ? 'filed' : 'draft') : 'registered';
      if (status === 'filed' && fields.success) list.push(...filedBeforeProblems(regionCode, fields.data));
      // The same declaration as the API: a registration level is an official's to record.
      const writable = writableFields(ctx.actor, { id: null, regionCode, status });
      list.push(...unwritableFields(writable, { registrationLevel }, {}));
      if (list.length || !fields.success) {
        addRowProblems(report, row, ORGANIZATION_COLUMNS, list);
        continue;
      }
      const f = fields.data;
      prepared.push({
        regionCode,
        legalForm: legalForm!,
        name: f.name,
        uscc,
        categoryId,
        registrationLevel,
        foundedOn: f.foundedOn ?? null,
        status,
        filingNumber: filed ? (f.filingNumber ?? null) : null,
        filedAt: filed && f.filingNumber ? new Date() : null,
        leaderName: f.leaderName,
        leaderPhone: f.leaderPhone,
        leaderIdNumber: f.leaderIdNumber?.toUpperCase() ?? null,
        address: f.address,
        activityContent: f.activityContent,
        venue: f.venue,
        businessScope: f.businessScope,
      });
    }
    const filingNumbers = prepared.map((p) => p.filingNumber).filter((x): x is string => !!x);
    for (let i = 0; i < filingNumbers.length; i += 1000) {
      const taken = await tx.select({ n: org.filingNumber }).from(org).where(inArray(org.filingNumber, filingNumbers.slice(i, i + 1000)));
      for (const t of taken) report.add(seenFiling.get(t.n!)!, headerOf(ORGANIZATION_COLUMNS, 'filingNumber'), { field: 'filingNumber', problem: 'taken' });
    }
    if (report.size) throw report.rejection(ctx.locale);
    if (existing.length && !onExisting) throw existingRejection(ctx, existing);
    const inserted = [];
    for (let i = 0; i < prepared.length; i += INSERT_BATCH) {
      inserted.push(...(await tx.insert(org).values(prepared.slice(i, i + INSERT_BATCH).map(withNameSort)).returning(ORG_AUDIT_COLUMNS)));
    }
    await rosterLeadersOfFiledTeams(w, prepared, inserted);
    await writeAudits(
      w,
      inserted.map((row) => ({ action: 'registry.organization.import', entityType: 'organization', entityId: row.id, entityName: row.name, regionCode: row.regionCode, after: row })),
    );
    const count = (outcome: TImportExistingRow['outcome']) => existing.filter((e) => e.outcome === outcome).length;
    return { imported: inserted.length, updated: count('updated'), skipped: count('skipped'), refused: count('refused'), existing: listed(existing) };
  });
}

/**
 * One row's update, through the API's own service (its checks, its audit row, in this import's
 * transaction): a refusal becomes the row's problems, since the whole import is then refused.
 */
async function updateRow(w: WriteCtx, id: string, body: TUpdateOrganizationBody): Promise<FieldProblem[]> {
  try {
    await updateOrganization(w, id, body);
    return [];
  } catch (e) {
    if (e instanceof AppError && e.code === 'validation' && e.fields.length) {
      // The sheet names the category by its name, in column 分类.
      return e.fields.map((p) => (p.field === 'categoryId' ? { ...p, field: 'category' } : p));
    }
    throw e;
  }
}

function existingRejection(ctx: Ctx, existing: TImportExistingRow[]) {
  const details: TImportExistingRejection = { existing: listed(existing), total: existing.length };
  return new AppError('import_existing', { count: existing.length }, [], details);
}

/**
 * A team the sheet records as filed before the platform (it carries a filing number) must be what a
 * filing would have made it (decision 0006): 三清 — its leader, activity content and venue given —,
 * placed in a street or community, and numbered in that street's series (街道代码-年份-序号).
 */
function filedBeforeProblems(regionCode: string, row: { filingNumber?: string | null; leaderName?: string | null; activityContent?: string | null; venue?: string | null }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ['leaderName', 'activityContent', 'venue'] as const) {
    if (!row[field]?.trim()) problems.push({ field, problem: 'required_when_filed' });
  }
  const regionProblem = filingRegionProblem(regionCode);
  if (regionProblem) problems.push({ field: 'regionCode', problem: regionProblem });
  else if (!new RegExp(`^${regionCode.slice(0, 9)}-\\d{4}-\\d{4}$`).test(row.filingNumber ?? '')) {
    problems.push({ field: 'filingNumber', problem: 'filing_number_of_street', params: { street: regionCode.slice(0, 9) } });
  } else {
    // A team filed before the platform was filed in a year that has happened.
    const thisYear = Number(todayInChina().slice(0, 4));
    if (Number(row.filingNumber!.slice(10, 14)) > thisYear) problems.push({ field: 'filingNumber', problem: 'year_future', params: { maximum: thisYear } });
  }
  return problems;
}

/**
 * The leader of a team imported as filed is its roster's first member, so the team is 三清 from the
 * moment it exists (a roster import may add the others).
 */
async function rosterLeadersOfFiledTeams(w: WriteCtx, prepared: { status: string; leaderName?: string | null; leaderPhone?: string | null; leaderIdNumber?: string | null }[], inserted: { id: string; regionCode: string }[]) {
  const leaders = prepared.flatMap((p, i) =>
    p.status === 'filed' && p.leaderName
      ? [
          {
            organizationId: inserted[i].id,
            regionCode: inserted[i].regionCode,
            name: p.leaderName,
            role: 'leader' as const,
            phone: p.leaderPhone,
            idNumber: p.leaderIdNumber,
            ...memberAgeColumns({ idNumber: p.leaderIdNumber ?? undefined }),
          },
        ]
      : [],
  );
  const added = [];
  for (let i = 0; i < leaders.length; i += INSERT_BATCH) {
    added.push(...(await w.db.insert(registryMembers).values(leaders.slice(i, i + INSERT_BATCH)).returning(MEMBER_AUDIT_COLUMNS)));
  }
  await refreshMemberCounts(w.db, leaders.map((l) => l.organizationId));
  // Each person put on a roster has an audit row, as in a roster import.
  await writeAudits(
    w,
    added.map((row) => ({ action: 'registry.member.import', entityType: 'member', entityId: row.id, entityName: row.name, regionCode: row.regionCode, after: row })),
  );
}

/** refreshMemberCount for many organisations at once: an import can touch thousands. */
async function refreshMemberCounts(tx: Tx, organizationIds: string[]) {
  for (let i = 0; i < organizationIds.length; i += 1000) {
    await tx
      .update(org)
      .set({ memberCount: sql`(select count(*) from registry_members m where m.organization_id = ${org.id})::int` })
      .where(inArray(org.id, organizationIds.slice(i, i + 1000)));
  }
}

/** Imports members; the organisation is found by filing number, credit code or exact name within scope. */
export async function importMembers(ctx: Ctx, bytes: Buffer) {
  const rows = await parse(ctx, bytes, MEMBER_COLUMNS);
  const refs = [...new Set(rows.map((r) => r.values.organization).filter((x): x is string => !!x))];
  const candidates = [];
  for (let i = 0; i < refs.length; i += 1000) {
    const chunk = refs.slice(i, i + 1000);
    candidates.push(
      ...(await ctx.db
        .select({ id: org.id, name: org.name, uscc: org.uscc, filingNumber: org.filingNumber, regionCode: org.regionCode, status: org.status })
        .from(org)
        .where(or(inArray(org.name, chunk), inArray(org.filingNumber, chunk), inArray(org.uscc, chunk)))),
    );
  }
  const writable = scopeFor(ctx.actor, 'registry.member.write');
  const byRef = new Map<string, typeof candidates>();
  // One organisation can answer several chunks' queries; it counts once.
  for (const c of new Map(candidates.map((x) => [x.id, x])).values()) {
    for (const ref of new Set([c.name, c.uscc, c.filingNumber])) {
      if (!ref) continue;
      const list = byRef.get(ref);
      if (list) list.push(c);
      else byRef.set(ref, [c]);
    }
  }
  const resolve = (ref: string) => {
    const matches = (byRef.get(ref) ?? []).filter(
      (c) =>
        c.status !== 'dissolved' &&
        scopeCovers(writable, { regionCode: c.regionCode, organizationId: c.id }),
    );
    return matches.length === 1 ? matches[0] : null;
  };
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const report = new ImportReport();
    const prepared: (typeof registryMembers.$inferInsert)[] = [];
    // A person once per roster: ID numbers are compared by their keyed hash, in the file and against the database.
    const seenIds = new Map<string, number>();
    const idChecks: { row: number; organizationId: string; hash: string }[] = [];
    for (const { row, values: v } of rows) {
      const list: FieldProblem[] = [];
      const owner = v.organization ? resolve(v.organization) : null;
      if (!owner) list.push({ field: 'organization', problem: v.organization ? 'organization_unknown' : 'required' });
      const fields = ZMemberRow.safeParse({ name: v.name ?? '', phone: v.phone ?? null, idNumber: v.idNumber ?? null, birthDate: v.birthDate ?? null, joinedOn: v.joinedOn ?? null });
      if (!fields.success) list.push(...schemaProblems(fields.error));
      const gender = v.gender ? codeFor(GENDER_LABELS, v.gender) : null;
      if (v.gender && !gender) list.push({ field: 'gender', problem: 'invalid_value' });
      const role = v.role ? codeFor(MEMBER_ROLE_LABELS, v.role) : 'member';
      if (!role) list.push({ field: 'role', problem: 'invalid_value' });
      const ageBand = v.ageBand ? codeFor(AGE_BAND_LABELS, v.ageBand) : null;
      if (v.ageBand && !ageBand) list.push({ field: 'ageBand', problem: 'invalid_value' });
      const party = v.isPartyMember ? YES_NO[v.isPartyMember] : false;
      if (party === undefined) list.push({ field: 'isPartyMember', problem: 'invalid_value' });
      if (!fields.success) {
        addRowProblems(report, row, MEMBER_COLUMNS, list);
        continue;
      }
      const f = fields.data;
      const personProblems = checkMember({ phone: f.phone, idNumber: f.idNumber, birthDate: f.birthDate });
      list.push(...personProblems);
      if (owner && f.idNumber && !personProblems.some((p) => p.field === 'idNumber')) {
        const hash = blindIndex('id_number', f.idNumber);
        const key = `${owner.id}|${hash}`;
        if (seenIds.has(key)) list.push({ field: 'idNumber', problem: 'duplicate_in_file', params: { row: seenIds.get(key) } });
        else seenIds.set(key, row);
        idChecks.push({ row, organizationId: owner.id, hash });
      }
      if (list.length || !owner) {
        addRowProblems(report, row, MEMBER_COLUMNS, list);
        continue;
      }
      const input = { idNumber: f.idNumber, birthDate: f.birthDate, ageBand: ageBand as any };
      prepared.push({
        organizationId: owner.id,
        regionCode: owner.regionCode,
        name: f.name,
        phone: f.phone,
        idNumber: f.idNumber?.toUpperCase() ?? null,
        gender,
        role: role!,
        // The ID number's birth date, else 出生日期; a sheet giving only 年龄段 keeps it as entered, dated today.
        ...memberAgeColumns(input),
        isPartyMember: party,
        joinedOn: f.joinedOn ?? null,
      });
    }
    const hashes = [...new Set(idChecks.map((c) => c.hash))];
    for (let i = 0; i < hashes.length; i += 1000) {
      const onRoster = await tx
        .select({ organizationId: registryMembers.organizationId, hash: registryMembers.idNumberHash })
        .from(registryMembers)
        .where(inArray(registryMembers.idNumberHash, hashes.slice(i, i + 1000)));
      const taken = new Set(onRoster.map((m) => `${m.organizationId}|${m.hash}`));
      for (const c of idChecks) {
        if (taken.has(`${c.organizationId}|${c.hash}`)) {
          report.add(c.row, headerOf(MEMBER_COLUMNS, 'idNumber'), { field: 'idNumber', problem: 'id_number_on_roster' });
        }
      }
    }
    if (report.size) throw report.rejection(ctx.locale);
    const inserted = [];
    for (let i = 0; i < prepared.length; i += INSERT_BATCH) {
      inserted.push(...(await tx.insert(registryMembers).values(prepared.slice(i, i + INSERT_BATCH)).returning(MEMBER_AUDIT_COLUMNS)));
    }
    await refreshMemberCounts(tx, [...new Set(inserted.map((m) => m.organizationId))]);
    await writeAudits(
      w,
      inserted.map((row) => ({ action: 'registry.member.import', entityType: 'member', entityId: row.id, entityName: row.name, regionCode: row.regionCode, after: row })),
    );
    return { imported: inserted.length };
  });
}

/**
 * The uploaded workbook, refused past the import's own size cap: smaller than attachments may be
 * (MAX_UPLOAD_MB), since every byte of a workbook is parsed, and never above that setting.
 */
export async function readImportUpload(request: FastifyRequest): Promise<Buffer> {
  const limitMb = Math.min(IMPORT_LIMITS.maxFileMb, request.server.env.MAX_UPLOAD_MB);
  return (await readUploadedFile(request, limitMb)).bytes;
}

export function assertImportRegion(ctx: Ctx, regionCode: string) {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'registry.import'), regionCode)) {
    throw new AppError('validation', {}, [{ field: 'regionCode', problem: 'region_out_of_scope' }]);
  }
}


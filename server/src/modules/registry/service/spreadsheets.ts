import { getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IMPORT_LIMITS } from '../../../../../shared/import-limits.js';
import { isFiledForm, type LegalForm } from '../../../../../shared/registry.js';
import { maskIdNumber, maskPhone } from '../../../../../shared/validators.js';
import { type Ctx } from '../../../core/actor.js';
import { scopeCovers, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { auditExport, writeAudits } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { blindIndex } from '../../../core/personal-data.js';
import { readUploadedFile } from '../../../core/upload.js';
import { EXPORT_LIMIT, readSheet, SheetError, writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import type { Tx } from '../../../db/client.js';
import { AppError, type FieldProblem } from '../../../errors.js';
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
import { ZOrganizationFields, type TOrganizationListQuery } from '../../../../../shared/registry/organizations.js';
import { registryCategories, registryMembers, registryOrganizations as org } from '../registry.tables.js';
import { importFacts } from './import-facts.js';
import { ImportReport, schemaProblems } from './import-report.js';
import { checkMember, deriveAgeBand } from './members.js';
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
  const rows = await findOrganizations(ctx, q, EXPORT_LIMIT, 0);
  const details = await exportDetails(ctx, rows.map((r) => r.id));
  const { page: _page, pageSize: _pageSize, ...filters } = q;
  await auditExport(ctx, { action: 'registry.organization.export', regionCode: q.regionCode ?? null, rows: rows.length, query: filters });
  // A full record per column, not a partial one: a column the row forgets is a compile error, not an empty column.
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
      grade: r.grade,
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

export const templateFor = (kind: 'organizations' | 'members') =>
  kind === 'organizations'
    ? writeSheet('组织与团队', ORGANIZATION_COLUMNS.filter((c) => c.key !== 'regionName' && c.key !== 'memberCount'), [])
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
const ZMemberRow = ZMemberBody.pick({ name: true, phone: true, idNumber: true, joinedOn: true });

/** Rows per INSERT: 500 rows of 20 columns stay well under PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 500;

/*
 * What an import reads back for its audit rows: the stored record without the columns derived from
 * it (search grams, pinyin key, blind indexes), which carry nothing new and doubled the write's time.
 */
const { nameGrams: _grams, nameSort: _sort, leaderIdNumberHash: _leaderHash, ...ORG_AUDIT_COLUMNS } = getTableColumns(org);
const { idNumberHash: _idHash, ...MEMBER_AUDIT_COLUMNS } = getTableColumns(registryMembers);

/** Imports organisations and teams: every row is checked first; one bad row and nothing is written. */
export async function importOrganizations(ctx: Ctx, bytes: Buffer, defaultRegion: string) {
  const rows = await parse(ctx, bytes, ORGANIZATION_COLUMNS);
  const categories = await ctx.db.select().from(registryCategories);
  const categoryByName = new Map(categories.flatMap((c) => [[c.nameZh, c.id], [c.nameEn, c.id], [c.nameZhTw, c.id], [c.code, c.id]]));
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const facts = await importFacts(
      tx,
      {
        regionCodes: rows.map((r) => r.values.regionCode ?? defaultRegion),
        usccs: rows.flatMap((r) => (r.values.uscc ? [r.values.uscc] : [])),
      },
      categories,
    );
    const report = new ImportReport();
    const seenUscc = new Map<string, number>();
    const seenFiling = new Map<string, number>();
    const prepared: (typeof org.$inferInsert)[] = [];
    for (const { row, values: v } of rows) {
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
      const legalForm = v.legalForm ? codeFor(LEGAL_FORM_LABELS, v.legalForm, LEGAL_FORM_ALIASES) : null;
      if (!legalForm) list.push({ field: 'legalForm', problem: v.legalForm ? 'invalid_value' : 'required' });
      const categoryId = v.category ? (categoryByName.get(v.category) ?? null) : null;
      if (v.category && !categoryId) list.push({ field: 'category', problem: 'category_unknown' });
      const registrationLevel = v.registrationLevel ? codeFor(LEVEL_LABELS, v.registrationLevel) : null;
      if (v.registrationLevel && !registrationLevel) list.push({ field: 'registrationLevel', problem: 'invalid_value' });
      const stage = v.stage ? codeFor(STAGE_LABELS, v.stage) : null;
      if (v.stage && !stage) list.push({ field: 'stage', problem: 'invalid_value' });
      const grade = v.grade ? v.grade.toUpperCase() : null;
      if (grade && !/^[1-5]A$/.test(grade)) list.push({ field: 'grade', problem: 'invalid_value' });
      const regionCode = v.regionCode ?? defaultRegion;
      if (!/^\d{12}$/.test(regionCode)) list.push({ field: 'regionCode', problem: 'region_code' });
      const uscc = v.uscc ?? null;
      if (uscc) {
        if (seenUscc.has(uscc)) list.push({ field: 'uscc', problem: 'duplicate_in_file', params: { row: seenUscc.get(uscc) } });
        seenUscc.set(uscc, row);
      }
      if (v.filingNumber) {
        if (seenFiling.has(v.filingNumber)) list.push({ field: 'filingNumber', problem: 'duplicate_in_file', params: { row: seenFiling.get(v.filingNumber) } });
        seenFiling.set(v.filingNumber, row);
      }
      // As in the API, the record is checked against the database only once its fields are well-formed.
      if (fields.success && legalForm && /^\d{12}$/.test(regionCode)) {
        const outcome = await validateOrganization(
          tx,
          ctx.actor,
          {
            regionCode,
            legalForm: legalForm as LegalForm,
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
      const filed = legalForm ? isFiledForm(legalForm as LegalForm) : false;
      const status = filed ? (fields.success && fields.data.filingNumber ? 'filed' : 'draft') : 'registered';
      // The same declaration as the API: a grade or registration level is an official's to record.
      const writable = writableFields(ctx.actor, { id: null, regionCode, status });
      list.push(...unwritableFields(writable, { registrationLevel, stage, grade }, {}));
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
        stage,
        grade,
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
    const inserted = [];
    for (let i = 0; i < prepared.length; i += INSERT_BATCH) {
      inserted.push(...(await tx.insert(org).values(prepared.slice(i, i + INSERT_BATCH)).returning(ORG_AUDIT_COLUMNS)));
    }
    await writeAudits(
      w,
      inserted.map((row) => ({ action: 'registry.organization.import', entityType: 'organization', entityId: row.id, entityName: row.name, regionCode: row.regionCode, after: row })),
    );
    return { imported: inserted.length };
  });
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
      const fields = ZMemberRow.safeParse({ name: v.name ?? '', phone: v.phone ?? null, idNumber: v.idNumber ?? null, joinedOn: v.joinedOn ?? null });
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
      const personProblems = checkMember({ phone: f.phone, idNumber: f.idNumber });
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
      const input = { idNumber: f.idNumber, ageBand: ageBand as any };
      prepared.push({
        organizationId: owner.id,
        regionCode: owner.regionCode,
        name: f.name,
        phone: f.phone,
        idNumber: f.idNumber?.toUpperCase() ?? null,
        gender,
        role: role!,
        ageBand: deriveAgeBand(input),
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


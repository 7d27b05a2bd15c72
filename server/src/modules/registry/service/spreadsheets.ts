import { inArray, or } from 'drizzle-orm';
import { isFiledForm, type LegalForm } from '../../../../../shared/registry.js';
import { scopeCoversRegion, scopeFor, type Ctx } from '../../../core/actor.js';
import { auditExport, writeAudit } from '../../../core/audit.js';
import { EXPORT_LIMIT, readSheet, SheetError, writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import { AppError, type FieldProblem } from '../../../errors.js';
import { translate } from '../../../i18n/index.js';
import { presentFieldProblems } from '../../../plugins/errors.js';
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
import type { TOrganizationListQuery } from '../registry.schemas.js';
import { registryCategories, registryMembers, registryOrganizations as org } from '../registry.tables.js';
import { checkMember, deriveAgeBand, refreshMemberCount } from './members.js';
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

export async function exportOrganizations(ctx: Ctx, q: TOrganizationListQuery) {
  const rows = await findOrganizations(ctx, q, EXPORT_LIMIT, 0);
  const { page: _page, pageSize: _pageSize, ...filters } = q;
  await auditExport(ctx, { action: 'registry.organization.export', regionCode: q.regionCode ?? null, rows: rows.length, query: filters });
  return writeSheet<OrgKey>(
    '组织与团队',
    ORGANIZATION_COLUMNS,
    rows.map((r) => ({
      name: r.name,
      legalForm: LEGAL_FORM_LABELS[r.legalForm],
      uscc: r.uscc,
      regionCode: r.regionCode,
      regionName: r.regionName,
      category: r.categoryName,
      status: STATUS_LABELS[r.status],
      stage: r.stage ? STAGE_LABELS[r.stage] : null,
      grade: r.grade,
      filingNumber: r.filingNumber,
      leaderName: r.leaderName,
      // Exports leave the building: personal identifiers stay masked there too.
      leaderPhone: r.leaderPhone ? `${r.leaderPhone.slice(0, 3)}****${r.leaderPhone.slice(-4)}` : null,
      foundedOn: r.foundedOn,
      memberCount: r.memberCount,
    })),
  );
}

export const templateFor = (kind: 'organizations' | 'members') =>
  kind === 'organizations'
    ? writeSheet('组织与团队', ORGANIZATION_COLUMNS.filter((c) => c.key !== 'regionName' && c.key !== 'memberCount'), [])
    : writeSheet('成员名单', MEMBER_COLUMNS, []);

interface RowProblem {
  row: number;
  column: string;
  message: string;
}

function headerOf(columns: readonly SheetColumn[], field: string) {
  return columns.find((c) => c.key === field)?.header ?? field;
}

function reject(ctx: Ctx, problems: { row: number; columns: readonly SheetColumn[]; list: FieldProblem[] }[]) {
  const out: RowProblem[] = [];
  for (const p of problems) {
    for (const f of p.list) {
      const column = headerOf(p.columns, f.field);
      out.push({ row: p.row, column, message: translate(ctx.locale, `problems.${f.problem}`, { ...f.params, field: column }) });
    }
  }
  return new AppError('import_rejected', { count: out.length }, [], { problems: out });
}

async function parse<K extends string>(ctx: Ctx, bytes: Buffer, columns: readonly SheetColumn<K>[]) {
  try {
    return await readSheet(bytes, columns);
  } catch (e) {
    if (e instanceof SheetError) {
      const messages = presentFieldProblems(ctx.locale, e.problems);
      const problems = e.problems.map((p, i) => ({ row: Number(p.params?.row ?? 0), column: String(p.params?.column ?? ''), message: messages[i].message }));
      throw new AppError('import_rejected', { count: problems.length }, [], { problems });
    }
    throw e;
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Imports organisations and teams: every row is checked first; one bad row and nothing is written. */
export async function importOrganizations(ctx: Ctx, bytes: Buffer, defaultRegion: string) {
  const rows = await parse(ctx, bytes, ORGANIZATION_COLUMNS);
  const categories = await ctx.db.select().from(registryCategories);
  const categoryByName = new Map(categories.flatMap((c) => [[c.nameZh, c.id], [c.nameEn, c.id], [c.nameZhTw, c.id], [c.code, c.id]]));
  return ctx.db.transaction(async (tx) => {
    const problems: { row: number; columns: typeof ORGANIZATION_COLUMNS; list: FieldProblem[] }[] = [];
    const seenUscc = new Map<string, number>();
    const seenFiling = new Map<string, number>();
    const prepared: (typeof org.$inferInsert)[] = [];
    for (const { row, values: v } of rows) {
      const list: FieldProblem[] = [];
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
      if (v.foundedOn && !DATE_RE.test(v.foundedOn)) list.push({ field: 'foundedOn', problem: 'invalid_format' });
      const regionCode = v.regionCode ?? defaultRegion;
      if (!/^\d{12}$/.test(regionCode)) list.push({ field: 'regionCode', problem: 'region_code' });
      const uscc = v.uscc ? v.uscc.toUpperCase() : null;
      if (uscc) {
        if (seenUscc.has(uscc)) list.push({ field: 'uscc', problem: 'duplicate_in_file', params: { row: seenUscc.get(uscc) } });
        seenUscc.set(uscc, row);
      }
      if (v.filingNumber) {
        if (seenFiling.has(v.filingNumber)) list.push({ field: 'filingNumber', problem: 'duplicate_in_file', params: { row: seenFiling.get(v.filingNumber) } });
        seenFiling.set(v.filingNumber, row);
      }
      if (legalForm && /^\d{12}$/.test(regionCode)) {
        const outcome = await validateOrganization(
          tx,
          ctx.actor,
          {
            regionCode,
            legalForm: legalForm as LegalForm,
            name: v.name ?? '',
            uscc,
            usccOverrideReason: null,
            categoryId,
            parentId: null,
            leaderPhone: v.leaderPhone ?? null,
            leaderIdNumber: v.leaderIdNumber ?? null,
          },
          null,
          { checkRegionScope: true },
        );
        // The sheet names the category by its name, in column 分类.
        list.push(...outcome.problems.map((p) => (p.field === 'categoryId' ? { ...p, field: 'category' } : p)));
      }
      if (list.length) {
        problems.push({ row, columns: ORGANIZATION_COLUMNS, list });
        continue;
      }
      const filed = isFiledForm(legalForm as LegalForm);
      prepared.push({
        regionCode,
        legalForm: legalForm!,
        name: v.name!,
        uscc,
        categoryId,
        registrationLevel,
        stage,
        grade,
        foundedOn: v.foundedOn ?? null,
        status: filed ? (v.filingNumber ? 'filed' : 'draft') : 'registered',
        filingNumber: filed ? (v.filingNumber ?? null) : null,
        filedAt: filed && v.filingNumber ? new Date() : null,
        leaderName: v.leaderName ?? null,
        leaderPhone: v.leaderPhone ?? null,
        leaderIdNumber: v.leaderIdNumber?.toUpperCase() ?? null,
        address: v.address ?? null,
        activityContent: v.activityContent ?? null,
        venue: v.venue ?? null,
        businessScope: v.businessScope ?? null,
      });
    }
    const filingNumbers = prepared.map((p) => p.filingNumber).filter((x): x is string => !!x);
    if (filingNumbers.length) {
      const taken = await tx.select({ n: org.filingNumber }).from(org).where(inArray(org.filingNumber, filingNumbers));
      for (const t of taken) {
        const row = seenFiling.get(t.n!)!;
        problems.push({ row, columns: ORGANIZATION_COLUMNS, list: [{ field: 'filingNumber', problem: 'taken' }] });
      }
    }
    if (problems.length) throw reject(ctx, problems.sort((a, b) => a.row - b.row));
    const inserted = [];
    for (let i = 0; i < prepared.length; i += 500) {
      inserted.push(...(await tx.insert(org).values(prepared.slice(i, i + 500)).returning()));
    }
    for (const row of inserted) {
      await writeAudit(tx, ctx, { action: 'registry.organization.import', entityType: 'organization', entityId: row.id, regionCode: row.regionCode, after: row });
    }
    return { imported: inserted.length };
  });
}

/** Imports members; the organisation is found by filing number, credit code or exact name within scope. */
export async function importMembers(ctx: Ctx, bytes: Buffer) {
  const rows = await parse(ctx, bytes, MEMBER_COLUMNS);
  const refs = [...new Set(rows.map((r) => r.values.organization).filter((x): x is string => !!x))];
  const candidates = refs.length
    ? await ctx.db
        .select({ id: org.id, name: org.name, uscc: org.uscc, filingNumber: org.filingNumber, regionCode: org.regionCode, status: org.status })
        .from(org)
        .where(or(inArray(org.name, refs), inArray(org.filingNumber, refs), inArray(org.uscc, refs)))
    : [];
  const writable = scopeFor(ctx.actor, 'registry.member.write');
  const resolve = (ref: string) => {
    const matches = candidates.filter(
      (c) =>
        (c.filingNumber === ref || c.uscc === ref || c.name === ref) &&
        c.status !== 'dissolved' &&
        writable.some((s) => c.regionCode.startsWith(s.prefix) && (s.organizationId === null || s.organizationId === c.id)),
    );
    return matches.length === 1 ? matches[0] : null;
  };
  return ctx.db.transaction(async (tx) => {
    const problems: { row: number; columns: typeof MEMBER_COLUMNS; list: FieldProblem[] }[] = [];
    const prepared: (typeof registryMembers.$inferInsert)[] = [];
    for (const { row, values: v } of rows) {
      const list: FieldProblem[] = [];
      const owner = v.organization ? resolve(v.organization) : null;
      if (!owner) list.push({ field: 'organization', problem: v.organization ? 'organization_unknown' : 'required' });
      if (!v.name) list.push({ field: 'name', problem: 'required' });
      const gender = v.gender ? codeFor(GENDER_LABELS, v.gender) : null;
      if (v.gender && !gender) list.push({ field: 'gender', problem: 'invalid_value' });
      const role = v.role ? codeFor(MEMBER_ROLE_LABELS, v.role) : 'member';
      if (!role) list.push({ field: 'role', problem: 'invalid_value' });
      const ageBand = v.ageBand ? codeFor(AGE_BAND_LABELS, v.ageBand) : null;
      if (v.ageBand && !ageBand) list.push({ field: 'ageBand', problem: 'invalid_value' });
      const party = v.isPartyMember ? YES_NO[v.isPartyMember] : false;
      if (party === undefined) list.push({ field: 'isPartyMember', problem: 'invalid_value' });
      if (v.joinedOn && !DATE_RE.test(v.joinedOn)) list.push({ field: 'joinedOn', problem: 'invalid_format' });
      list.push(...checkMember({ phone: v.phone, idNumber: v.idNumber }));
      if (list.length || !owner) {
        problems.push({ row, columns: MEMBER_COLUMNS, list });
        continue;
      }
      const input = { idNumber: v.idNumber ?? null, ageBand: ageBand as any };
      prepared.push({
        organizationId: owner.id,
        regionCode: owner.regionCode,
        name: v.name!,
        phone: v.phone ?? null,
        idNumber: v.idNumber?.toUpperCase() ?? null,
        gender,
        role: role!,
        ageBand: deriveAgeBand(input),
        isPartyMember: party,
        joinedOn: v.joinedOn ?? null,
      });
    }
    if (problems.length) throw reject(ctx, problems);
    const inserted = [];
    for (let i = 0; i < prepared.length; i += 500) {
      inserted.push(...(await tx.insert(registryMembers).values(prepared.slice(i, i + 500)).returning()));
    }
    for (const id of new Set(inserted.map((m) => m.organizationId))) await refreshMemberCount(tx, id);
    for (const row of inserted) {
      await writeAudit(tx, ctx, { action: 'registry.member.import', entityType: 'member', entityId: row.id, regionCode: row.regionCode, after: row });
    }
    return { imported: inserted.length };
  });
}

export function assertImportRegion(ctx: Ctx, regionCode: string) {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'registry.import'), regionCode)) {
    throw new AppError('validation', {}, [{ field: 'regionCode', problem: 'region_out_of_scope' }]);
  }
}


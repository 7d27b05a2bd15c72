import type { Ctx } from '../../../core/actor.js';
import { auditExport } from '../../../core/audit.js';
import { EXPORT_LIMIT, writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import { AGE_BAND_LABELS, FILING_KIND_LABELS, FILING_STATE_LABELS, GENDER_LABELS, MEMBER_ROLE_LABELS } from '../registry.labels.js';
import type { z } from 'zod';
import type { ZFilingListQuery } from '../../../../../shared/registry/filings.js';
import { listFilings } from './filings.js';
import { listMembers } from './members.js';
import { complianceTeams } from './reports.js';
import { MEMBER_EXPORT_COLUMNS } from './spreadsheets.js';

const yesNo = (v: boolean) => (v ? '是' : '否');
const dateTime = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : null);

/** A team's roster, in the import template's columns but the birth date, with phones and ID numbers masked. */
export async function exportMembers(ctx: Ctx, owner: { id: string; name: string; regionCode: string }) {
  const organizationName = owner.name;
  const { items } = await listMembers(ctx, owner.id, 1, EXPORT_LIMIT);
  await auditExport(ctx, { action: 'registry.member.export', regionCode: owner.regionCode, entityId: owner.id, entityName: owner.name, rows: items.length });
  return writeSheet(
    '成员名单',
    MEMBER_EXPORT_COLUMNS,
    items.map((m) => ({
      organization: organizationName,
      name: m.name,
      phone: m.phone,
      idNumber: m.idNumber,
      gender: m.gender ? GENDER_LABELS[m.gender] : null,
      role: MEMBER_ROLE_LABELS[m.role],
      ageBand: m.ageBand ? AGE_BAND_LABELS[m.ageBand] : null,
      isPartyMember: yesNo(m.isPartyMember),
      joinedOn: m.joinedOn,
    })),
  );
}

const FILING_COLUMNS = [
  { key: 'organization', header: '组织名称', width: 30 },
  { key: 'kind', header: '申请类型' },
  { key: 'state', header: '状态' },
  { key: 'region', header: '所属区划', width: 20 },
  { key: 'submittedAt', header: '提交时间' },
  { key: 'decidedAt', header: '办结时间' },
] as const satisfies readonly SheetColumn[];

export async function exportFilings(ctx: Ctx, q: Omit<z.infer<typeof ZFilingListQuery>, 'page' | 'pageSize'>) {
  const { items } = await listFilings(ctx, { ...q, page: 1, pageSize: EXPORT_LIMIT });
  await auditExport(ctx, { action: 'registry.filing.export', regionCode: q.regionCode ?? null, rows: items.length, query: q });
  return writeSheet(
    '备案申请',
    FILING_COLUMNS,
    items.map((f) => ({
      organization: f.organizationName,
      kind: FILING_KIND_LABELS[f.kind],
      state: FILING_STATE_LABELS[f.state],
      region: f.regionName,
      submittedAt: dateTime(f.submittedAt),
      decidedAt: dateTime(f.decidedAt),
    })),
  );
}

const COMPLIANCE_COLUMNS = [
  { key: 'name', header: '团队名称', width: 30 },
  { key: 'region', header: '所属区划', width: 20 },
  { key: 'reported', header: '已报送' },
  { key: 'compliant', header: '合规' },
  { key: 'responsiblePerson', header: '一名负责人' },
  { key: 'flag', header: '一面旗帜' },
  { key: 'venuePermit', header: '一张场地使用证' },
  { key: 'meetingHeld', header: '一次例会' },
  { key: 'trainingHeld', header: '一次培训' },
  { key: 'reportForm', header: '一张报表' },
] as const satisfies readonly SheetColumn[];

/** Every filed team of a region with its 六个一 items for one month, non-compliant first. */
export async function exportComplianceTeams(ctx: Ctx, regionCode: string, month: string) {
  const { items } = await complianceTeams(ctx, regionCode, month, 1, EXPORT_LIMIT);
  await auditExport(ctx, { action: 'registry.report.export', regionCode, rows: items.length, query: { month } });
  return writeSheet(
    `六个一 ${month}`,
    COMPLIANCE_COLUMNS,
    items.map((r) => ({
      name: r.name,
      region: r.regionName,
      reported: yesNo(r.reported),
      compliant: yesNo(r.compliant),
      responsiblePerson: yesNo(r.responsiblePerson),
      flag: yesNo(r.flag),
      venuePermit: yesNo(r.venuePermit),
      meetingHeld: yesNo(r.meetingHeld),
      trainingHeld: yesNo(r.trainingHeld),
      reportForm: yesNo(r.reportForm),
    })),
  );
}

import type { TFundingDashboard, TFundingFigures } from '../../../../../shared/funding/dashboard.js';
import type { CallType } from '../../../../../shared/funding/pipeline.js';
import type { Ctx } from '../../../core/actor.js';
import { resolveRegion } from '../../../core/scope.js';
import { writeSheet, type SheetColumn } from '../../../core/xlsx.js';
import type { Locale } from '../../../i18n/index.js';
import { dashboardRegion } from '../../dashboard/dashboard.service.js';
import { fundingSection } from '../funding.dashboard.js';

type Column = 'year' | 'callType' | 'calls' | 'budget' | 'applications' | 'approved' | 'approvalRate' | 'contracts' | 'committed' | 'paid' | 'beneficiaries';

const WORDS: Record<Locale, { sheet: string; file: string; total: string; all: string; columns: Record<Column, string>; callTypes: Record<CallType, string> }> = {
  'zh-CN': {
    sheet: '项目资助统计',
    file: '项目资助统计',
    total: '合计',
    all: '全部类型',
    columns: {
      year: '年度',
      callType: '征集类型',
      calls: '项目征集数',
      budget: '预算金额（元）',
      applications: '申报数',
      approved: '立项数',
      approvalRate: '立项率（%）',
      contracts: '签约数',
      committed: '合同金额（元）',
      paid: '已拨付（元）',
      beneficiaries: '受益人次',
    },
    callTypes: { purchase: '政府购买服务', venture: '公益创投', micro_venture: '微创投', self_governance: '自治创投', seed_fund: '种子基金' },
  },
  en: {
    sheet: 'Funding figures',
    file: 'funding-figures',
    total: 'Total',
    all: 'All types',
    columns: {
      year: 'Year',
      callType: 'Call type',
      calls: 'Calls',
      budget: 'Budgeted (CNY)',
      applications: 'Applications',
      approved: 'Approved',
      approvalRate: 'Approval rate (%)',
      contracts: 'Contracts',
      committed: 'Committed (CNY)',
      paid: 'Paid (CNY)',
      beneficiaries: 'Beneficiary person-times',
    },
    callTypes: { purchase: 'Purchase of services', venture: 'Venture philanthropy', micro_venture: 'Micro-venture', self_governance: 'Self-governance venture', seed_fund: 'Seed fund' },
  },
  'zh-TW': {
    sheet: '專案資助統計',
    file: '專案資助統計',
    total: '合計',
    all: '全部類型',
    columns: {
      year: '年度',
      callType: '徵集類型',
      calls: '專案徵集數',
      budget: '預算金額（元）',
      applications: '申報數',
      approved: '立案數',
      approvalRate: '立案率（%）',
      contracts: '簽約數',
      committed: '合約金額（元）',
      paid: '已撥付（元）',
      beneficiaries: '受益人次',
    },
    callTypes: { purchase: '政府購買服務', venture: '公益創投', micro_venture: '微創投', self_governance: '自治創投', seed_fund: '種子基金' },
  },
};

const COLUMNS: readonly Column[] = ['year', 'callType', 'calls', 'budget', 'applications', 'approved', 'approvalRate', 'contracts', 'committed', 'paid', 'beneficiaries'];

/** Fen as yuan for the sheet (a number, so the sheet can sum it); the figures themselves stay in fen. */
const yuan = (fen: number) => Math.round(fen) / 100;
/** Percent with one decimal, from whole counts. */
const rate = (f: TFundingFigures) => (f.applications ? Math.round((f.approved * 1000) / f.applications) / 10 : null);

function line(f: TFundingFigures, year: string | number, callType: string) {
  return {
    year,
    callType,
    calls: f.calls,
    budget: yuan(f.budgetFen),
    applications: f.applications,
    approved: f.approved,
    approvalRate: rate(f),
    contracts: f.contracts,
    committed: yuan(f.committedFen),
    paid: yuan(f.paidFen),
    beneficiaries: f.beneficiaries,
  };
}

/** The rows of the workbook: each year and call type, each year's total, then the whole total. */
export function exportRows(section: TFundingDashboard, locale: Locale) {
  const w = WORDS[locale];
  const out: ReturnType<typeof line>[] = [];
  for (const y of section.years) {
    for (const r of section.rows.filter((r) => r.year === y.year)) out.push(line(r, r.year, w.callTypes[r.callType]));
    out.push(line(y, y.year, w.all));
  }
  out.push(line(section.totals, w.total, w.all));
  return out;
}

/** The funding figures of a region (the dashboard's section) as a workbook, in the reader's language. */
export async function exportFundingDashboard(ctx: Ctx, regionCode: string | undefined): Promise<{ bytes: Buffer; filename: string }> {
  const region = await dashboardRegion(ctx, resolveRegion(ctx.actor, 'dashboard.read', regionCode));
  const w = WORDS[ctx.locale];
  const columns: SheetColumn<Column>[] = COLUMNS.map((key) => ({ key, header: w.columns[key], width: key === 'callType' ? 22 : 16 }));
  const bytes = await writeSheet(w.sheet, columns, exportRows(await fundingSection(ctx, region), ctx.locale));
  return { bytes, filename: `${w.file}-${region.name}.xlsx` };
}

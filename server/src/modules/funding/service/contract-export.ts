import { todayInChina } from '../../../../../shared/dates.js';
import type { TContractExportQuery } from '../../../../../shared/funding/contracts.js';
import type { Ctx } from '../../../core/actor.js';
import { auditExport } from '../../../core/audit.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import { translate } from '../../../i18n/index.js';
import { regionNames } from '../../regions/regions.service.js';
import { fundingContracts as contracts } from '../funding-contracts.tables.js';
import { sheetYuan } from './calls.js';
import { CONTRACT_ORDER, contractFilters, paidFenByContract } from './contracts.js';

/** The columns of the contracts workbook, in order (headers in the reader's language). */
const COLUMNS = ['contractNumber', 'title', 'providerName', 'purchaserName', 'region', 'status', 'amount', 'paid', 'startsOn', 'endsOn', 'signedOn'] as const;
const WIDE = new Set(['title', 'providerName', 'purchaserName']);

/** The contracts the list's filter matches, in its order, as a workbook (amounts in yuan, dates in China time). */
export async function exportContracts(ctx: Ctx, q: TContractExportQuery) {
  const rows = await ctx.db
    .select()
    .from(contracts)
    .where(contractFilters(ctx, q))
    .orderBy(...CONTRACT_ORDER[q.sort])
    .limit(EXPORT_LIMIT);
  const names = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  const paid = await paidFenByContract(ctx.db, rows.map((r) => r.id));
  const t = (key: string) => translate(ctx.locale, key);
  const bytes = await writeSheet(
    t('fundingContractExport.sheet'),
    COLUMNS.map((key) => ({ key, header: t(`fundingContractExport.columns.${key}`), width: WIDE.has(key) ? 32 : 16 })),
    rows.map((r) => ({
      contractNumber: r.contractNumber,
      title: r.title,
      providerName: r.providerName,
      purchaserName: r.purchaserName,
      region: names.get(r.regionCode) ?? r.regionCode,
      status: t(`fundingContractExport.status.${r.status}`),
      amount: sheetYuan(r.amountFen),
      paid: sheetYuan(paid.get(r.id) ?? 0),
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      signedOn: r.signedAt ? todayInChina(r.signedAt) : null,
    })),
  );
  await auditExport(ctx, { action: 'funding.contract.export', regionCode: q.region ?? null, rows: rows.length, query: { ...q } });
  return bytes;
}

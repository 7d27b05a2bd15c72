import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TFund, TFundDetail, TFundListQuery, TOpenFundBody } from '../../../../shared/ledger/schemas.js';
import type { LedgerAccountRole } from '../../../../shared/ledger/enums.js';
import { regionPrefix } from '../../../../shared/regions.js';
import type { Ctx } from '../../core/actor.js';
import { auditExport } from '../../core/audit.js';
import { fundJournals, fundSummary, openFund, type LedgerFund } from '../../core/ledger/ledger.js';
import { ledgerAccounts, ledgerBalances, ledgerFunds } from '../../core/ledger/ledger.tables.js';
import { scopeCoversRegion, scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { writeSheet } from '../../core/xlsx.js';
import { invalidField, notFound } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { regionNames } from '../regions/regions.service.js';

/** How many postings the fund's page shows; the workbook has them all. */
const RECENT_JOURNALS = 50;
const EXPORT_JOURNALS = 50_000;

const EXTERNAL: readonly LedgerAccountRole[] = ['source', 'donor'];

function present(f: LedgerFund, figures: Omit<TFund, 'id' | 'regionCode' | 'regionName' | 'year' | 'kind' | 'name' | 'createdAt'>, names: Map<string, string>): TFund {
  return { id: f.id, regionCode: f.regionCode, regionName: names.get(f.regionCode) ?? null, year: f.year, kind: f.kind, name: f.name, createdAt: f.createdAt.toISOString(), ...figures };
}

/** The funds of the caller's regions (or the asked subtree inside them), newest year first, with their figures. */
export async function listFunds(ctx: Ctx, q: TFundListQuery) {
  const where = and(
    scopeWhere(scopeFor(ctx.actor, 'ledger.read'), { region: ledgerFunds.regionCode }),
    q.regionCode ? sql`${ledgerFunds.regionCode} like ${regionPrefix(q.regionCode) + '%'}` : undefined,
    q.year ? eq(ledgerFunds.year, q.year) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(ledgerFunds).where(where);
  const funds = await ctx.db
    .select()
    .from(ledgerFunds)
    .where(where)
    .orderBy(desc(ledgerFunds.year), ledgerFunds.regionCode, ledgerFunds.name)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  // Figures of the whole page in one read of the balance rows (a handful per fund).
  const rows = funds.length
    ? await ctx.db
        .select({ fundId: ledgerBalances.fundId, role: ledgerAccounts.role, fen: sql<string>`sum(${ledgerBalances.balanceFen})` })
        .from(ledgerBalances)
        .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerBalances.accountId))
        .where(inArray(ledgerBalances.fundId, funds.map((f) => f.id)))
        .groupBy(ledgerBalances.fundId, ledgerAccounts.role)
    : [];
  const names = await regionNames(ctx.db, funds.map((f) => f.regionCode));
  const items = funds.map((f) => {
    const mine = rows.filter((r) => r.fundId === f.id);
    const by = (roles: readonly LedgerAccountRole[]) => mine.filter((r) => roles.includes(r.role)).reduce((s, r) => s + Number(r.fen), 0);
    return present(f, { budgetFen: 0 - by(EXTERNAL), availableFen: by(['available']), committedFen: by(['committed']), paidFen: by(['payee']) }, names);
  });
  return { items, total };
}

async function fundInScope(ctx: Ctx, id: string): Promise<LedgerFund> {
  const [fund] = await ctx.db
    .select()
    .from(ledgerFunds)
    .where(and(eq(ledgerFunds.id, id), scopeWhere(scopeFor(ctx.actor, 'ledger.read'), { region: ledgerFunds.regionCode })));
  if (!fund) throw notFound('ledger_fund');
  return fund;
}

async function detail(ctx: Ctx, fund: LedgerFund, journals: number): Promise<TFundDetail> {
  const [figures, posted, names] = await Promise.all([fundSummary(ctx.db, fund.id), fundJournals(ctx.db, fund.id, journals), regionNames(ctx.db, [fund.regionCode])]);
  return {
    ...present(fund, figures, names),
    journals: posted.map((j) => ({
      id: j.id,
      key: j.key,
      reason: j.reason,
      sourceType: j.sourceType,
      sourceId: j.sourceId,
      reversesJournalId: j.reversesJournalId,
      actorName: j.actorName,
      at: j.at.toISOString(),
      lines: j.lines.map((l) => ({ role: l.role, ownerType: l.ownerType, ownerId: l.ownerId, amountFen: l.amountFen })),
    })),
  };
}

export async function getFund(ctx: Ctx, id: string): Promise<TFundDetail> {
  return detail(ctx, await fundInScope(ctx, id), RECENT_JOURNALS);
}

/** A fund's figures alone (budget, available, committed, paid), from the balances the ledger keeps: no journal is read. */
export async function getFundBalance(ctx: Ctx, id: string): Promise<TFund> {
  const fund = await fundInScope(ctx, id);
  const [figures, names] = await Promise.all([fundSummary(ctx.db, fund.id), regionNames(ctx.db, [fund.regionCode])]);
  return present(fund, figures, names);
}

/** Opens a fund in a region the caller administers, with its first appropriation. */
export async function openFundInRegion(ctx: Ctx, body: TOpenFundBody): Promise<TFundDetail> {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'ledger.fund.open'), body.regionCode)) throw notFound('region');
  const names = await regionNames(ctx.db, [body.regionCode]);
  if (!names.has(body.regionCode)) throw invalidField('regionCode', 'region_unknown');
  const fund = await openFund(ctx, {
    regionCode: body.regionCode,
    year: body.year,
    kind: body.kind,
    name: body.name,
    appropriationFen: body.appropriationFen,
    reason: body.reason || undefined,
  });
  return detail(ctx, fund, RECENT_JOURNALS);
}

const ROLE_WORDS: Record<Locale, Record<LedgerAccountRole, string>> = {
  'zh-CN': { source: '拨款来源', donor: '捐赠方', available: '可用余额', committed: '已承诺（合同）', payee: '已支付' },
  en: { source: 'Appropriation source', donor: 'Donor', available: 'Available', committed: 'Committed (contracts)', payee: 'Paid' },
  'zh-TW': { source: '撥款來源', donor: '捐贈方', available: '可用餘額', committed: '已承諾（合約）', payee: '已支付' },
};
const HEADERS: Record<Locale, Record<'at' | 'reason' | 'key' | 'account' | 'owner' | 'amount' | 'actor', string>> = {
  'zh-CN': { at: '时间', reason: '事由', key: '记账键', account: '账户', owner: '收款方', amount: '金额（元）', actor: '操作人' },
  en: { at: 'Time', reason: 'Reason', key: 'Posting key', account: 'Account', owner: 'Payee', amount: 'Amount (yuan)', actor: 'By' },
  'zh-TW': { at: '時間', reason: '事由', key: '記帳鍵', account: '帳戶', owner: '收款方', amount: '金額（元）', actor: '操作人' },
};
const SHEET: Record<Locale, string> = { 'zh-CN': '资金流水', en: 'Fund journal', 'zh-TW': '資金流水' };
const beijingTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** Every line of every posting of the fund, one row each, amounts in yuan to the fen. */
export async function exportFundJournal(ctx: Ctx, id: string) {
  const fund = await fundInScope(ctx, id);
  const journals = await fundJournals(ctx.db, fund.id, EXPORT_JOURNALS);
  const h = HEADERS[ctx.locale];
  const columns = (['at', 'reason', 'account', 'owner', 'amount', 'actor', 'key'] as const).map((key) => ({ key, header: h[key], width: key === 'reason' || key === 'key' ? 36 : 18 }));
  const rows = journals.flatMap((j) =>
    j.lines.map((l) => ({
      at: beijingTime(j.at),
      reason: j.reason,
      key: j.key,
      account: ROLE_WORDS[ctx.locale][l.role],
      owner: l.ownerId,
      // Fen to yuan as text: exact, never a float's 0.30000000000000004.
      amount: `${l.amountFen < 0 ? '-' : ''}${Math.floor(Math.abs(l.amountFen) / 100)}.${String(Math.abs(l.amountFen) % 100).padStart(2, '0')}`,
      actor: j.actorName,
    })),
  );
  await auditExport(ctx, { action: 'ledger.export', regionCode: fund.regionCode, entityId: fund.id, entityName: fund.name, rows: rows.length });
  return { bytes: await writeSheet(SHEET[ctx.locale], columns, rows), filename: `${fund.name}-${SHEET[ctx.locale]}.xlsx` };
}

import { sql, type SQL } from 'drizzle-orm';
import { ZFundingDashboard, type TFundingDashboard, type TFundingFigures } from '../../../../shared/funding/dashboard.js';
import type { CallType } from '../../../../shared/funding/pipeline.js';
import type { Ctx } from '../../core/actor.js';
import type { DashboardContribution, DashboardRegion } from '../../core/dashboard.js';
import { childBucket, OWN_BUCKET } from '../../core/region-rollup.js';
import { scopeCoversRegion, scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { rowsOf } from '../../db/client.js';

/** The figures of one (year, call type, child region) cell, as both queries return them. */
export interface FundingCell extends TFundingFigures {
  year: number;
  callType: CallType;
  child: string;
}

const FIGURE_COLUMNS = sql`
  sum(calls)::int as "calls", sum(budget_fen)::bigint as "budgetFen", sum(applications)::int as "applications",
  sum(approved)::int as "approved", sum(contracts)::int as "contracts", sum(committed_fen)::bigint as "committedFen",
  sum(paid_fen)::bigint as "paidFen", sum(beneficiaries)::bigint as "beneficiaries"`;

const NONZERO = sql`sum(calls) <> 0 or sum(budget_fen) <> 0 or sum(applications) <> 0 or sum(approved) <> 0 or sum(contracts) <> 0
  or sum(committed_fen) <> 0 or sum(paid_fen) <> 0 or sum(beneficiaries) <> 0`;

/** node-postgres returns bigint sums as strings; the figures are well inside a double's integers. */
function numeric(rows: Record<string, unknown>[]): FundingCell[] {
  return rows.map((r) => ({
    year: Number(r.year),
    callType: r.callType as CallType,
    child: String(r.child),
    calls: Number(r.calls),
    budgetFen: Number(r.budgetFen),
    applications: Number(r.applications),
    approved: Number(r.approved),
    contracts: Number(r.contracts),
    committedFen: Number(r.committedFen),
    paidFen: Number(r.paidFen),
    beneficiaries: Number(r.beneficiaries),
  }));
}

/** What a cell is grouped by besides year and type: the child region a record lies in (the tests: its own region). */
type Bucket = (regionColumn: SQL) => SQL;
const childOf = (region: DashboardRegion): Bucket => (column) => childBucket(region.children, column);

/**
 * The cells from funding_rollup, kept by the database on every write (migration funding_rollup): a
 * city's few thousand rows instead of its every call, application, contract, tranche and report.
 */
export async function rollupCells(ctx: Ctx, region: DashboardRegion, bucket: Bucket = childOf(region)): Promise<FundingCell[]> {
  return numeric(
    rowsOf(
      await ctx.db.execute(sql`
        select year, call_type as "callType", ${bucket(sql`region_code`)} as child, ${FIGURE_COLUMNS}
          from funding_rollup
         where region_code like ${region.prefix + '%'}
         group by 1, 2, 3
        having ${NONZERO}`),
    ),
  );
}

/**
 * The same cells recounted from the records: for a reader whose scope is narrower than the region,
 * and for the tests, as what the summary must always equal. `scope` filters each kind of record by
 * its own region (and organisation, for what belongs to one).
 */
export async function recountCells(
  ctx: Ctx,
  region: DashboardRegion,
  scope: (region: SQL, organization: SQL | null) => SQL = () => sql`true`,
  bucket: Bucket = childOf(region),
): Promise<FundingCell[]> {
  const under = (column: SQL) => sql`${column} like ${region.prefix + '%'}`;
  return numeric(
    rowsOf(
      await ctx.db.execute(sql`
        select year, call_type as "callType", ${bucket(sql`region_code`)} as child, ${FIGURE_COLUMNS}
          from (
            select c.region_code, c.year, c.call_type, 1 as calls, c.budget_fen, 0 as applications, 0 as approved, 0 as contracts,
                   0::bigint as committed_fen, 0::bigint as paid_fen, 0::bigint as beneficiaries
              from funding_calls c
             where c.status in ('published', 'completed') and ${under(sql`c.region_code`)} and ${scope(sql`c.region_code`, null)}
            union all
            select a.region_code, c.year, c.call_type, 0, 0, 1, (a.status in ('approved', 'contracted'))::int, 0, 0, 0, 0
              from funding_applications a join funding_calls c on c.id = a.call_id
             where a.status not in ('draft', 'withdrawn') and ${under(sql`a.region_code`)} and ${scope(sql`a.region_code`, sql`a.organization_id`)}
            union all
            select k.region_code, c.year, c.call_type, 0, 0, 0, 0, (k.status <> 'draft')::int,
                   case when k.status in ('signed', 'completed') then k.amount_fen when k.status = 'terminated' then p.paid else 0 end,
                   p.paid, r.reached
              from funding_contracts k join funding_calls c on c.id = k.call_id
             cross join lateral (select coalesce(sum(t.amount_fen), 0)::bigint as paid from funding_tranches t where t.contract_id = k.id and t.status = 'paid') p
             cross join lateral (select coalesce(sum(pr.beneficiary_count), 0)::bigint as reached from funding_progress_reports pr
                                  where pr.contract_id = k.id and pr.status = 'accepted') r
             where ${under(sql`k.region_code`)} and ${scope(sql`k.region_code`, sql`k.organization_id`)}
          ) x
         group by 1, 2, 3
        having ${NONZERO}`),
    ),
  );
}

const ZERO: TFundingFigures = { calls: 0, budgetFen: 0, applications: 0, approved: 0, contracts: 0, committedFen: 0, paidFen: 0, beneficiaries: 0 };
const FIGURE_KEYS = Object.keys(ZERO) as (keyof TFundingFigures)[];

function add(into: TFundingFigures, cell: TFundingFigures) {
  for (const k of FIGURE_KEYS) into[k] += cell[k];
}

function sumBy<K>(cells: readonly FundingCell[], key: (c: FundingCell) => K): Map<K, TFundingFigures> {
  const out = new Map<K, TFundingFigures>();
  for (const c of cells) {
    const k = key(c);
    if (!out.has(k)) out.set(k, { ...ZERO });
    add(out.get(k)!, c);
  }
  return out;
}

/** The section from the cells: the same arithmetic whichever way they were counted. */
export function figuresOf(cells: readonly FundingCell[], region: DashboardRegion): TFundingDashboard {
  const totals = { ...ZERO };
  for (const c of cells) add(totals, c);
  const rows = [...sumBy(cells, (c) => `${c.year}|${c.callType}`)]
    .map(([k, f]) => {
      const [year, callType] = k.split('|');
      return { year: Number(year), callType: callType as CallType, ...f };
    })
    .sort((a, b) => b.year - a.year || a.callType.localeCompare(b.callType));
  const years = [...sumBy(cells, (c) => c.year)].map(([year, f]) => ({ year, ...f })).sort((a, b) => b.year - a.year);
  const byChild = sumBy(cells, (c) => c.child);
  const childRow = (code: string, name: string, direct: boolean) => ({ regionCode: code, name, direct, ...(byChild.get(direct ? OWN_BUCKET : code) ?? ZERO) });
  return {
    totals,
    rows,
    years,
    children: [
      ...region.children.map((c) => childRow(c.code, c.name, false)),
      // Records at the region itself belong to no child; this row makes the children add up.
      ...(byChild.has(OWN_BUCKET) ? [childRow(region.code, region.name, true)] : []),
    ],
  };
}

/** The funding figures of one region node: from the summary for a reader who sees all of it, else recounted in scope. */
export async function fundingSection(ctx: Ctx, region: DashboardRegion): Promise<TFundingDashboard> {
  const slices = scopeFor(ctx.actor, 'funding.read');
  const cells = scopeCoversRegion(slices, region.code)
    ? await rollupCells(ctx, region)
    : await recountCells(ctx, region, (regionColumn, organization) => scopeWhere(slices, { region: regionColumn, ...(organization ? { organization } : {}) }));
  return figuresOf(cells, region);
}

/** Funding's part of every region's dashboard: calls, applications, approval, money budgeted / committed / paid, beneficiaries. */
export const fundingDashboard: DashboardContribution = {
  permission: 'funding.read',
  reads: ['dashboard.read'],
  schema: ZFundingDashboard,
  load: fundingSection,
};

import { sql, type SQL } from 'drizzle-orm';
import { todayInChina } from '../../../../shared/dates.js';
import { ZRegistryDashboard, type TRegistryDashboard } from '../../../../shared/registry/dashboard.js';
import type { Ctx } from '../../core/actor.js';
import type { DashboardContribution, DashboardRegion } from '../../core/dashboard.js';
import { childBucket, OWN_BUCKET } from '../../core/region-rollup.js';
import { scopeCoversRegion, scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { rowsOf } from '../../db/client.js';
import { categoryNameColumn } from './registry.queries.js';
import { complianceRollup, lastCompleteMonth } from './service/reports.js';

/**
 * Live records (not dissolved) of one kind in one child bucket: how many, and how many roster
 * entries they hold. Every figure of the section but ages, the filing queue and 六个一 comes from these.
 */
export interface RollupCell {
  form: string;
  status: string;
  category_key: string;
  category_name: string;
  child: string;
  organizations: number;
  members: number;
}

const TEAM = 'grassroots_team';

/**
 * The cells from registry_org_rollup, the summary the database keeps current on every write
 * (migration 0017): a few thousand rows for a city instead of its every record and member.
 */
export async function rollupCells(ctx: Ctx, region: DashboardRegion): Promise<RollupCell[]> {
  const catName = categoryNameColumn(ctx.locale);
  return rowsOf<RollupCell>(
    await ctx.db.execute(sql`
      select r.legal_form as form, r.status, coalesce(registry_categories.code, 'none') as category_key, coalesce(${catName}, '') as category_name,
             ${childBucket(region.children, sql`r.region_code`)} as child,
             sum(r.organizations)::int as organizations, sum(r.members)::int as members
        from registry_org_rollup r left join registry_categories on registry_categories.id = r.category_id
       where r.region_code like ${region.prefix + '%'} and r.status <> 'dissolved'
       group by 1, 2, 3, 4, 5
      having sum(r.organizations) <> 0 or sum(r.members) <> 0`),
  );
}

/**
 * The same cells recounted from the records. Used when the reader's scope is narrower than the
 * region (one organisation, their own records), which the summary cannot tell apart; and by the
 * tests, as what the summary must always equal.
 */
export async function recountCells(ctx: Ctx, region: DashboardRegion, scope: SQL = sql`true`): Promise<RollupCell[]> {
  const catName = categoryNameColumn(ctx.locale);
  return rowsOf<RollupCell>(
    await ctx.db.execute(sql`
      select o.legal_form as form, o.status, coalesce(registry_categories.code, 'none') as category_key, coalesce(${catName}, '') as category_name,
             ${childBucket(region.children, sql`o.region_code`)} as child,
             count(*)::int as organizations,
             coalesce(sum((select count(*) from registry_members m where m.organization_id = o.id)), 0)::int as members
        from registry_organizations o left join registry_categories on registry_categories.id = o.category_id
       where o.region_code like ${region.prefix + '%'} and o.status <> 'dissolved' and ${scope}
       group by 1, 2, 3, 4, 5`),
  );
}

/**
 * Members of the live filed teams aged 60 and over, counted from the roster: for a reader whose
 * scope is narrower than the region, and by the tests as what seniorMembersFromSummary must equal.
 */
export async function seniorMembers(ctx: Ctx, live: SQL, today = todayInChina()): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as n
        from registry_members m join registry_organizations o on o.id = m.organization_id
       where ${live} and o.legal_form = ${TEAM} and o.status = 'filed' and ${isSeniorOn(today)}`),
  );
  return row.n;
}

const SENIOR_BANDS = sql`('60_69', '70_79', '80_plus')`;

/** Born on or before this day, one is 60 or over on `today`. */
function seniorBirthLimit(today: string): SQL {
  return sql`(${today}::date - interval '60 years')::date`;
}

/**
 * 60 or over on `today` (China): by the birth date (as shared/member-age.ts counts, one born on
 * 29 February turning a year older on 1 March), else by a band entered by hand.
 */
function isSeniorOn(today: string): SQL {
  return sql`(m.birth_date <= ${seniorBirthLimit(today)}
              or (m.birth_date is null and m.age_band in ${SENIOR_BANDS}))`;
}

/**
 * The same figure for a whole region from registry_member_age_rollup (birth months, kept by the
 * triggers): every month before the one turning 60 today counts whole; that one month's members
 * are read one by one (a 960th of the roster), since only some of them have had the birthday.
 */
export async function seniorMembersFromSummary(ctx: Ctx, region: DashboardRegion, today = todayInChina()): Promise<number> {
  const prefix = region.prefix + '%';
  const limit = seniorBirthLimit(today);
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`
      select (select coalesce(sum(r.members), 0)::int from registry_member_age_rollup r
               where r.region_code like ${prefix} and r.legal_form = ${TEAM} and r.status = 'filed'
                 and (r.birth_month < date_trunc('month', ${limit})::date or (r.birth_month is null and r.age_band in ${SENIOR_BANDS})))
           + (select count(*)::int from registry_members m join registry_organizations o on o.id = m.organization_id
               where m.birth_date >= date_trunc('month', ${limit})::date and m.birth_date <= ${limit}
                 and o.region_code like ${prefix} and o.legal_form = ${TEAM} and o.status = 'filed') as n`),
  );
  return row.n;
}

async function filingQueue(ctx: Ctx, live: SQL): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await ctx.db.execute(sql`
      select count(*)::int as n from registry_filings f join registry_organizations o on o.id = f.organization_id
       where f.state = 'submitted' and ${live}`),
  );
  return row.n;
}

const sumBy = <T>(items: readonly T[], key: (t: T) => string, count: (t: T) => number) => {
  const totals = new Map<string, number>();
  for (const t of items) totals.set(key(t), (totals.get(key(t)) ?? 0) + count(t));
  return totals;
};
const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;

/** The section's breakdowns from the cells; the same arithmetic whichever way they were counted. */
export function figuresOf(cells: readonly RollupCell[], region: DashboardRegion) {
  const live = cells.filter((c) => c.organizations !== 0);
  const forms = [...sumBy(live, (c) => c.form, (c) => c.organizations)].map(([key, count]) => ({ key, count })).sort(byCount);
  const statuses = [...sumBy(live, (c) => c.status, (c) => c.organizations)].map(([key, count]) => ({ key, count })).sort(byCount);
  // A team counts in its category once filed; an organisation in any live status.
  const counted = live.filter((c) => c.form !== TEAM || c.status === 'filed');
  const categoryCounts = sumBy(counted, (c) => JSON.stringify([c.form === TEAM, c.category_key, c.category_name]), (c) => c.organizations);
  const categories = [...categoryCounts]
    .map(([k, count]) => {
      const [team, key, name] = JSON.parse(k) as [boolean, string, string];
      return { team, key, name, count };
    })
    .filter((c) => c.count > 0)
    .sort(byCount);
  const filedTeams = cells.filter((c) => c.form === TEAM && c.status === 'filed');
  const orgsByChild = sumBy(live.filter((c) => c.form !== TEAM), (c) => c.child, (c) => c.organizations);
  const teamsByChild = sumBy(filedTeams, (c) => c.child, (c) => c.organizations);
  const hasOwn = live.some((c) => c.child === OWN_BUCKET);
  const childRow = (code: string, name: string, direct: boolean) => {
    const bucket = direct ? OWN_BUCKET : code;
    return { regionCode: code, name, direct, organizations: orgsByChild.get(bucket) ?? 0, teams: teamsByChild.get(bucket) ?? 0 };
  };
  return {
    totals: {
      organizations: forms.filter((f) => f.key !== TEAM).reduce((a, f) => a + f.count, 0),
      teams: categories.filter((c) => c.team).reduce((a, c) => a + c.count, 0),
      teamsAll: forms.find((f) => f.key === TEAM)?.count ?? 0,
      members: filedTeams.reduce((a, c) => a + c.members, 0),
    },
    byLegalForm: forms,
    byCategory: categories.filter((c) => !c.team).map((c) => ({ key: c.key, name: c.name, count: c.count })),
    teamsByCategory: categories.filter((c) => c.team).map((c) => ({ key: c.key, name: c.name, count: c.count })),
    byStatus: statuses,
    children: [
      ...region.children.map((c) => childRow(c.code, c.name, false)),
      // Records at the region itself belong to no child; this row makes the children add up.
      ...(hasOwn ? [childRow(region.code, region.name, true)] : []),
    ],
  };
}

/** The registry's figures for one region node. */
async function registrySection(ctx: Ctx, region: DashboardRegion): Promise<TRegistryDashboard> {
  const slices = scopeFor(ctx.actor, 'dashboard.read');
  const scope = scopeWhere(slices, { region: sql`o.region_code`, organization: sql`o.id` });
  const live = sql`o.region_code like ${region.prefix + '%'} and o.status <> 'dissolved' and ${scope}`;
  // The summary holds whole regions: it serves a reader who may see all of this one.
  const whole = scopeCoversRegion(slices, region.code);
  const [cells, seniors, queue, compliance] = await Promise.all([
    whole ? rollupCells(ctx, region) : recountCells(ctx, region, scope),
    whole ? seniorMembersFromSummary(ctx, region) : seniorMembers(ctx, live),
    filingQueue(ctx, live),
    complianceRollup(ctx, region, lastCompleteMonth()),
  ]);
  const figures = figuresOf(cells, region);
  return {
    ...figures,
    totals: { ...figures.totals, seniors, filingQueue: queue },
    compliance: { month: compliance.month, ...compliance.total },
  };
}

/** The registry's part of every region's dashboard: organisations, teams, members, filings, 六个一. */
export const registryDashboard: DashboardContribution = {
  permission: 'registry.read',
  reads: ['dashboard.read', 'registry.report.read'],
  schema: ZRegistryDashboard,
  key: lastCompleteMonth,
  load: registrySection,
};

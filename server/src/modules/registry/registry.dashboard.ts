import { sql } from 'drizzle-orm';
import { ZRegistryDashboard, type TRegistryDashboard } from '../../../../shared/registry/dashboard.js';
import type { Ctx } from '../../core/actor.js';
import type { DashboardContribution, DashboardRegion } from '../../core/dashboard.js';
import { childBucket, OWN_BUCKET } from '../../core/region-rollup.js';
import { scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { rowsOf } from '../../db/client.js';
import { categoryNameColumn } from './registry.queries.js';
import { complianceRollup, lastCompleteMonth } from './service/reports.js';

/** One row of the grouped pass: which breakdown it belongs to (the grouping flag that is 0), and its counts. */
interface Grouped {
  by_form: number;
  by_status: number;
  by_category: number;
  by_child: number;
  form: string | null;
  status: string | null;
  team: boolean | null;
  category_key: string | null;
  category_name: string | null;
  child: string | null;
  n: number;
  counted: number;
  organizations: number;
  filed_teams: number;
}

/** The registry's figures for one region node: every figure is a live count over its subtree. */
async function registrySection(ctx: Ctx, region: DashboardRegion): Promise<TRegistryDashboard> {
  const prefix = region.prefix + '%';
  const scope = scopeWhere(scopeFor(ctx.actor, 'dashboard.read'), { region: sql`o.region_code`, organization: sql`o.id` });
  const live = sql`o.region_code like ${prefix} and o.status <> 'dissolved' and ${scope}`;
  const isTeam = sql`o.legal_form = 'grassroots_team'`;
  const catName = categoryNameColumn(ctx.locale);

  const children = region.children;
  // One pass over the subtree for four breakdowns: on a city of 100,000 records each separate
  // scan cost about as much as the whole grouped one.
  const grouped = rowsOf<Grouped>(
    await ctx.db.execute(sql`
      select grouping(r.form)::int as by_form, grouping(r.status)::int as by_status,
             grouping(r.team)::int as by_category, grouping(r.child)::int as by_child,
             r.form, r.status, r.team, r.category_key, r.category_name, r.child,
             count(*)::int as n,
             count(*) filter (where not r.team or r.status = 'filed')::int as counted,
             count(*) filter (where not r.team)::int as organizations,
             count(*) filter (where r.team and r.status = 'filed')::int as filed_teams
        from (select o.legal_form as form, o.status, (${isTeam}) as team,
                     coalesce(registry_categories.code, 'none') as category_key, coalesce(${catName}, '') as category_name,
                     ${childBucket(children, sql`o.region_code`)} as child
                from registry_organizations o left join registry_categories on registry_categories.id = o.category_id
               where ${live}) r
       group by grouping sets ((r.form), (r.status), (r.team, r.category_key, r.category_name), (r.child))`),
  );
  const [members, queue] = await Promise.all([
    ctx.db.execute(sql`
      select count(*)::int as members,
             count(*) filter (where m.age_band in ('60_69', '70_79', '80_plus'))::int as seniors
        from registry_members m join registry_organizations o on o.id = m.organization_id
       where ${live} and ${isTeam} and o.status = 'filed'`),
    ctx.db.execute(sql`
      select count(*)::int as n from registry_filings f join registry_organizations o on o.id = f.organization_id
       where f.state = 'submitted' and ${live}`),
  ]);
  const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;
  const forms = grouped.filter((g) => g.by_form === 0).map((g) => ({ key: g.form!, count: g.n })).sort(byCount);
  const statuses = grouped.filter((g) => g.by_status === 0).map((g) => ({ key: g.status!, count: g.n })).sort(byCount);
  const categories = grouped
    .filter((g) => g.by_category === 0 && g.counted > 0)
    .map((g) => ({ team: g.team!, key: g.category_key!, name: g.category_name!, count: g.counted }))
    .sort(byCount);
  const teams = forms.find((f) => f.key === 'grassroots_team');
  const byChild = new Map(grouped.filter((g) => g.by_child === 0).map((g) => [g.child, { organizations: g.organizations, teams: g.filed_teams }]));
  const childRow = (code: string, name: string, direct: boolean) => {
    const r = byChild.get(direct ? OWN_BUCKET : code);
    return { regionCode: code, name, direct, organizations: r?.organizations ?? 0, teams: r?.teams ?? 0 };
  };
  const compliance = await complianceRollup(ctx, region.code, lastCompleteMonth());

  return {
    totals: {
      organizations: forms.filter((f) => f.key !== 'grassroots_team').reduce((a, f) => a + f.count, 0),
      teams: categories.filter((c) => c.team).reduce((a, c) => a + c.count, 0),
      teamsAll: teams?.count ?? 0,
      members: rowsOf(members)[0].members,
      seniors: rowsOf(members)[0].seniors,
      filingQueue: rowsOf(queue)[0].n,
    },
    byLegalForm: forms.map((f) => ({ key: f.key, count: f.count })),
    byCategory: categories.filter((c) => !c.team).map((c) => ({ key: c.key, name: c.name, count: c.count })),
    teamsByCategory: categories.filter((c) => c.team).map((c) => ({ key: c.key, name: c.name, count: c.count })),
    byStatus: statuses,
    compliance: { month: compliance.month, ...compliance.total },
    children: [
      ...children.map((c) => childRow(c.code, c.name, false)),
      // Records at the region itself belong to no child; this row makes the children add up.
      ...(byChild.has(OWN_BUCKET) ? [childRow(region.code, region.name, true)] : []),
    ],
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

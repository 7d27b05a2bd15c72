import { sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import { scopeCoversRegion, scopeFor, type Ctx } from '../../core/actor.js';
import { childBucket, OWN_BUCKET } from '../../core/region-rollup.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { rowsOf } from '../../db/client.js';
import { notFound } from '../../errors.js';
import { categoryNameColumn } from '../registry/registry.queries.js';
import { complianceRollup, lastCompleteMonth } from '../registry/service/reports.js';
import { childRegions, getRegion } from '../regions/regions.service.js';

/** What a summary depends on: the reader's scopes, the language of names, the node, the month shown. */
export function summaryKey(ctx: Ctx, regionCode: string) {
  return JSON.stringify([
    scopeFor(ctx.actor, 'dashboard.read'),
    scopeFor(ctx.actor, 'registry.report.read'),
    ctx.locale,
    regionCode,
    lastCompleteMonth(),
  ]);
}

/** The home dashboard of one region node: every figure is a live count over its subtree. */
export async function regionSummary(ctx: Ctx, regionCode: string) {
  const region = await getRegion(ctx.db, regionCode);
  if (!region || !scopeCoversRegion(scopeFor(ctx.actor, 'dashboard.read'), regionCode)) throw notFound('region');
  const prefix = regionPrefix(regionCode) + '%';
  const scope = scopeWhere(scopeFor(ctx.actor, 'dashboard.read'), sql`o.region_code`, sql`o.id`);
  const live = sql`o.region_code like ${prefix} and o.status <> 'dissolved' and ${scope}`;
  const isTeam = sql`o.legal_form = 'grassroots_team'`;
  const catName = categoryNameColumn(ctx.locale);

  const [byForm, byCategory, byStatus, members, queue] = await Promise.all([
    ctx.db.execute(sql`select o.legal_form as key, count(*)::int as count from registry_organizations o where ${live} group by 1 order by 2 desc`),
    ctx.db.execute(sql`
      select (${isTeam}) as team, coalesce(registry_categories.code, 'none') as key, coalesce(${catName}, '') as name, count(*)::int as count
        from registry_organizations o left join registry_categories on registry_categories.id = o.category_id
       where ${live} and (not ${isTeam} or o.status = 'filed')
       group by 1, 2, 3 order by 4 desc`),
    ctx.db.execute(sql`select o.status as key, count(*)::int as count from registry_organizations o where ${live} group by 1 order by 2 desc`),
    ctx.db.execute(sql`
      select count(*)::int as members,
             count(*) filter (where m.age_band in ('60_69', '70_79', '80_plus'))::int as seniors
        from registry_members m join registry_organizations o on o.id = m.organization_id
       where ${live} and ${isTeam} and o.status = 'filed'`),
    ctx.db.execute(sql`
      select count(*)::int as n from registry_filings f join registry_organizations o on o.id = f.organization_id
       where f.state = 'submitted' and ${live}`),
  ]);
  const forms = rowsOf(byForm);
  const categories = rowsOf(byCategory);
  const teams = forms.find((f) => f.key === 'grassroots_team');

  const children = await childRegions(ctx.db, regionCode);
  const childCounts = rowsOf(
    await ctx.db.execute(sql`
      select ${childBucket(children, sql`o.region_code`)} as child,
             count(*) filter (where not ${isTeam})::int as organizations,
             count(*) filter (where ${isTeam} and o.status = 'filed')::int as teams
        from registry_organizations o where ${live} group by 1`),
  );
  const byChild = new Map(childCounts.map((r) => [r.child, r]));
  const childRow = (code: string, name: string, direct: boolean) => {
    const r = byChild.get(direct ? OWN_BUCKET : code);
    return { regionCode: code, name, direct, organizations: r?.organizations ?? 0, teams: r?.teams ?? 0 };
  };
  const compliance = await complianceRollup(ctx, regionCode, lastCompleteMonth());

  return {
    region: { code: region.code, name: region.name, level: region.level },
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
    byStatus: rowsOf(byStatus).map((s) => ({ key: s.key, count: s.count })),
    compliance: { month: compliance.month, ...compliance.total },
    children: [
      ...children.map((c) => childRow(c.code, c.name, false)),
      // Records at the region itself belong to no child; this row makes the children add up.
      ...(byChild.has(OWN_BUCKET) ? [childRow(region.code, region.name, true)] : []),
    ],
  };
}

import { regionPrefix } from '../../../../shared/regions.js';
import type { TSummary } from '../../../../shared/dashboard/schemas.js';
import type { Ctx } from '../../core/actor.js';
import type { DashboardContribution, DashboardRegion } from '../../core/dashboard.js';
import type { DomainModule } from '../../core/domain.js';
import { readKey, scopeCoversRegion, scopeFor } from '../../core/scope.js';
import { notFound } from '../../errors.js';
import { childRegions, getRegion } from '../regions/regions.service.js';

type Contributor = { name: string; dashboard: DashboardContribution };

/** The domains that contribute a section, in name order. */
export function contributors(domains: readonly DomainModule[]): Contributor[] {
  return domains.filter((d): d is DomainModule & Contributor => !!d.dashboard).map((d) => ({ name: d.name, dashboard: d.dashboard }));
}

/** What a summary depends on: the reader's scope of everything the sections read, the language, the node, each section's own key. */
export function summaryKey(ctx: Ctx, regionCode: string, sections: readonly Contributor[]) {
  const reads = [...new Set(['dashboard.read' as const, ...sections.flatMap((s) => [s.dashboard.permission, ...s.dashboard.reads])])];
  return readKey(ctx, reads, regionCode, sections.map((s) => [s.name, s.dashboard.key?.() ?? null]));
}

/**
 * The dashboard of one region node: the region, and the section of every domain that contributes
 * one and whose permission the reader holds over the whole region. Each section is the domain's
 * own query over its own tables, sent through its own schema.
 */
export async function regionSummary(ctx: Ctx, regionCode: string, sections: readonly Contributor[]): Promise<TSummary> {
  const node = await dashboardRegion(ctx, regionCode);
  const shown = sections.filter((s) => scopeCoversRegion(scopeFor(ctx.actor, s.dashboard.permission), regionCode));
  const loaded = await Promise.all(shown.map(async (s) => [s.name, s.dashboard.schema.parse(await s.dashboard.load(ctx, node))] as const));
  return { region: { code: node.code, name: node.name, level: node.level }, sections: Object.fromEntries(loaded) };
}

/** The region node of a dashboard, with its children; 404 outside the reader's dashboard scope. */
export async function dashboardRegion(ctx: Ctx, regionCode: string): Promise<DashboardRegion> {
  const region = await getRegion(ctx.db, regionCode);
  if (!region || !scopeCoversRegion(scopeFor(ctx.actor, 'dashboard.read'), regionCode)) throw notFound('region');
  const children = (await childRegions(ctx.db, regionCode)).map((c) => ({ code: c.code, name: c.name }));
  return { code: region.code, name: region.name, level: region.level, prefix: regionPrefix(region.code), children };
}

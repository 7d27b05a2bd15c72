import { and, asc, count, eq } from 'drizzle-orm';
import { todayInChina } from '../../../../shared/dates.js';
import type { TFundingHomeCard } from '../../../../shared/funding/home.js';
import type { Ctx } from '../../core/actor.js';
import { scopeFor } from '../../core/scope.js';
import { fundingContracts as contracts } from './funding-contracts.tables.js';
import { fundingProgressReports as reports } from './funding-monitoring.tables.js';
import { monitoringScope } from './service/monitoring-scope.js';
import { overdueWhere } from './service/monitoring.js';
import { serverNow } from './service/time.js';

/** How many overdue reports a card lists by name (its count is all of them). */
const LISTED = 5;

async function overdue(ctx: Ctx, scope: ReturnType<typeof monitoringScope>, day: string) {
  const where = and(overdueWhere(day), eq(contracts.status, 'signed'), scope);
  const [{ n }] = await ctx.db.select({ n: count() }).from(reports).innerJoin(contracts, eq(contracts.id, reports.contractId)).where(where);
  const rows = await ctx.db
    .select({ reportId: reports.id, contractId: contracts.id, contractTitle: contracts.title, providerName: contracts.providerName, periodNo: reports.periodNo, dueOn: reports.dueOn })
    .from(reports)
    .innerJoin(contracts, eq(contracts.id, reports.contractId))
    .where(where)
    .orderBy(asc(reports.dueOn), asc(reports.id))
    .limit(LISTED);
  return { count: Number(n), reports: rows };
}

/**
 * Overdue progress reports (F9) among the to-dos: an organisation member's card for each of its
 * organisations that owes one, a centre worker's for its region. Counted from the due dates (China
 * time), not from the job's flags.
 */
export async function monitoringCards(ctx: Ctx): Promise<TFundingHomeCard[]> {
  const day = todayInChina(serverNow());
  const cards: TFundingHomeCard[] = [];
  if (scopeFor(ctx.actor, 'funding.monitoring.manage').some((s) => s.kind === 'region')) {
    const found = await overdue(ctx, monitoringScope({ ...ctx.actor, grants: ctx.actor.grants.filter((g) => !g.organizationId) }, 'funding.monitoring.manage'), day);
    if (found.count) cards.push({ kind: 'fundingRegionReportsOverdue', ...found, link: '/funding/monitoring?overdue=true' });
  }
  const orgs = new Set(scopeFor(ctx.actor, 'funding.report.submit').flatMap((s) => (s.kind === 'organization' ? [s.organizationId] : [])));
  for (const organizationId of orgs) {
    const found = await overdue(ctx, and(monitoringScope(ctx.actor, 'funding.report.submit'), eq(contracts.organizationId, organizationId))!, day);
    if (found.count) cards.push({ kind: 'fundingOrgReportsOverdue', organizationId, ...found, link: `/funding/monitoring?organization=${organizationId}` });
  }
  return cards;
}

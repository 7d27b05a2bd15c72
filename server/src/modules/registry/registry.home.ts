import { ZRegistryDashboard } from '../../../../shared/registry/dashboard.js';
import { ZRegistryHomeCard, type TRegistryHomeCard } from '../../../../shared/registry/home.js';
import { regionPrefix } from '../../../../shared/regions.js';
import type { Ctx, Grant } from '../../core/actor.js';
import type { HomeContribution } from '../../core/home.js';
import { dashboardRegion } from '../dashboard/dashboard.service.js';
import { registryDashboard } from './registry.dashboard.js';
import { filingsAwaitingReview, reportsMissing, teamTodos } from './service/reminders.js';
import { currentMonth, lastCompleteMonth } from './service/reports.js';

/** An official's home shows at most this many regions' figures (the dashboard has the rest). */
const MAX_REGIONS = 3;


/** Grants whose region no other of the list contains: a district and a street in it count once. */
function outermost(grants: Grant[]) {
  const unique = [...new Map(grants.map((g) => [g.regionCode, g])).values()];
  return unique.filter((g) => !unique.some((o) => o !== g && g.regionCode.startsWith(regionPrefix(o.regionCode)) && o.regionCode !== g.regionCode));
}

/**
 * The registry's cards: figures for an official, the review queue and overdue reports for a centre
 * worker, the month's report and returned filings for a team member.
 */
async function registryCards(ctx: Ctx): Promise<TRegistryHomeCard[]> {
  const grants = ctx.actor.grants;
  const has = (role: Grant['role']) => grants.some((g) => g.role === role);
  const cards: TRegistryHomeCard[] = [];

  // Figures are a whole region's: a grant narrowed to one organisation has none to show.
  const governing = outermost(grants.filter((g) => (g.role === 'official' || g.role === 'platform_admin') && !g.organizationId)).slice(0, MAX_REGIONS);
  for (const grant of governing) {
    const region = await dashboardRegion(ctx, grant.regionCode);
    const s = ZRegistryDashboard.parse(await registryDashboard.load(ctx, region));
    cards.push({
      kind: 'regionFigures',
      regionCode: region.code,
      regionName: region.name,
      organizations: s.totals.organizations,
      teams: s.totals.teams,
      members: s.totals.members,
      filingQueue: s.totals.filingQueue,
      complianceMonth: s.compliance.month,
      complianceRate: s.compliance.rate,
      link: '/dashboard',
    });
  }

  if (has('centre_staff')) {
    cards.push({ kind: 'filingsToReview', count: await filingsAwaitingReview(ctx), link: '/filings' });
    const month = lastCompleteMonth();
    const { teams, missing } = await reportsMissing(ctx, month);
    cards.push({ kind: 'overdueReports', month, count: missing, teams, link: '/compliance' });
  }

  if (has('org_member')) {
    // The month a team can report on now: the last one that is over (reports.ts refuses the current one).
    const month = lastCompleteMonth();
    for (const team of await teamTodos(ctx, month)) {
      const about = { organizationId: team.id, organizationName: team.name };
      if (team.legalForm === 'grassroots_team' && team.status === 'filed') {
        cards.push({ kind: 'teamReport', ...about, month, submitted: team.reported, link: `/registry/${team.id}?tab=reports` });
      }
      if (team.status === 'draft' || team.status === 'submitted') {
        cards.push({ kind: 'teamFiling', ...about, status: team.status, link: `/registry/${team.id}` });
      }
      if (team.returnedFilings.length) {
        cards.push({ kind: 'returnedFilings', ...about, filings: team.returnedFilings, link: `/registry/${team.id}?tab=filings` });
      }
    }
  }

  return cards;
}

export const registryHome: HomeContribution = {
  schema: ZRegistryHomeCard,
  cards: registryCards,
  key: () => [currentMonth(), lastCompleteMonth()],
};

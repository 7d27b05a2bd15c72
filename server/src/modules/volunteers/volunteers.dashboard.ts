import { ZVolunteerDashboard, type TVolunteerDashboard } from '../../../../shared/volunteers/dashboard.js';
import type { Ctx } from '../../core/actor.js';
import type { DashboardContribution, DashboardRegion } from '../../core/dashboard.js';
import { currentYear, statisticsOf } from './service/statistics.js';

/**
 * Volunteers' part of a region's dashboard: registered and active volunteers, this year's hours,
 * person-times and hours by activity type — the statistics' own figures, from the summaries. Shown
 * to a reader whose statistics permission covers the whole region (core dashboard), so no recount
 * in a narrower scope is needed.
 */
async function volunteersSection(ctx: Ctx, region: DashboardRegion): Promise<TVolunteerDashboard> {
  const s = await statisticsOf(ctx.db, region, currentYear());
  return {
    year: s.year,
    registered: s.registered.total,
    byStatus: s.registered.byStatus,
    active: s.active,
    served: s.served,
    workingDays: s.workingDays,
    byType: s.byType,
  };
}

export const volunteersDashboard: DashboardContribution = {
  permission: 'volunteers.statistics.read',
  reads: ['dashboard.read'],
  schema: ZVolunteerDashboard,
  // "This year" turns over on 1 January, China time, without a write.
  key: () => currentYear(),
  load: volunteersSection,
};

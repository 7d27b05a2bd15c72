import { defineRoutes } from '../contract.js';
import { ZSummary, ZSummaryQuery } from './schemas.js';

export const dashboardRoutes = defineRoutes({
  'GET /dashboard/summary': { querystring: ZSummaryQuery, response: { 200: ZSummary } },
});

type DashboardRoutesType = typeof dashboardRoutes;

declare module '../contract.js' {
  interface Api extends DashboardRoutesType {}
}

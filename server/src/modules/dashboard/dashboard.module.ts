import { DASHBOARD_PERMISSIONS } from '../../../../shared/dashboard/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { dashboardRoutes } from './dashboard.routes.js';

/** A region's dashboard, assembled from every domain's contribution (core/dashboard.ts). */
export default defineDomain({
  name: 'dashboard',
  routes: [{ prefix: '/api/dashboard', plugin: dashboardRoutes }],
  permissions: DASHBOARD_PERMISSIONS,
});

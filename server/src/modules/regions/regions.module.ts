import { REGIONS_PERMISSIONS } from '../../../../shared/regions/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { regionsAudit } from './regions.audit.js';
import { regionRoutes } from './regions.routes.js';

/** The division-code region tree. */
export default defineDomain({
  name: 'regions',
  routes: [{ prefix: '/api/regions', plugin: regionRoutes }],
  permissions: REGIONS_PERMISSIONS,
  audit: regionsAudit,
});

import { REGISTRY_PERMISSIONS } from '../../../../shared/registry/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { registryAudit } from './registry.audit.js';
import { registryDashboard } from './registry.dashboard.js';
import { registryFileOwners } from './registry.files.js';
import { registryHome } from './registry.home.js';
import { registryRoutes } from './registry.routes.js';

/** Organisations and grassroots teams: records, filing, members, 六个一 reports (R1–R4, R8). */
export default defineDomain({
  name: 'registry',
  routes: [{ prefix: '/api/registry', plugin: registryRoutes }],
  permissions: REGISTRY_PERMISSIONS,
  audit: registryAudit,
  fileOwners: registryFileOwners,
  dashboard: registryDashboard,
  home: registryHome,
});

import { VOLUNTEER_PERMISSIONS } from '../../../../shared/volunteers/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { mergeMessages } from '../../i18n/index.js';
import { volunteersAudit } from './volunteers.audit.js';
import { auditFieldMessages } from './volunteers-audit-fields.messages.js';
import { volunteersDashboard } from './volunteers.dashboard.js';
import { volunteersHome } from './volunteers.home.js';
import { hoursMessages } from './volunteers-hours.messages.js';
import { overviewMessages } from './volunteers-overview.messages.js';
import { registryMessages } from './volunteers-registry.messages.js';
import { shiftsMessages } from './volunteers-shifts.messages.js';
import { volunteerRoutes } from './volunteers.routes.js';
import { SHIFT_JOBS } from './service/no-show-job.js';

/**
 * Volunteers and their service hours: the real-name registry and teams, activities and shifts with
 * QR check-in, the append-only hours ledger, star levels and honours, certificates of service and
 * the statistics (V1–V5).
 */
export default defineDomain({
  name: 'volunteers',
  routes: [{ prefix: '/api/volunteers', plugin: volunteerRoutes }],
  permissions: VOLUNTEER_PERMISSIONS,
  audit: volunteersAudit,
  messages: mergeMessages(registryMessages, shiftsMessages, hoursMessages, overviewMessages, auditFieldMessages),
  jobs: () => [...SHIFT_JOBS],
  home: volunteersHome,
  dashboard: volunteersDashboard,
});

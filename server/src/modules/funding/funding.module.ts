import { FUNDING_PERMISSIONS } from '../../../../shared/funding/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { fundingAudit } from './funding.audit.js';
import { fundingDashboard } from './funding.dashboard.js';
import { fundingHome } from './funding.home.js';
import { fundingFileOwners } from './funding-monitoring.files.js';
import { monitoringMessages } from './funding-monitoring.messages.js';
import { MONITORING_JOBS } from './service/overdue-job.js';
import { contractMessages, mergeMessages } from './funding-contracts.messages.js';
import { frontMessages } from './funding-front.messages.js';
import { reviewMessages } from './funding-review.messages.js';
import { fundingRoutes } from './funding.routes.js';
import { workflowMessages } from './funding-workflow.messages.js';
import { auditFieldMessages } from './funding-audit-fields.messages.js';

/**
 * Government purchase of services and venture philanthropy: needs, calls, applications, screening,
 * review, public notice, optimisation, contracts, monitoring, evaluation and renewal (F1–F11).
 */
export default defineDomain({
  name: 'funding',
  routes: [{ prefix: '/api/funding', plugin: fundingRoutes }],
  permissions: FUNDING_PERMISSIONS,
  audit: fundingAudit,
  messages: mergeMessages(frontMessages, contractMessages, reviewMessages, monitoringMessages, workflowMessages, auditFieldMessages),
  jobs: () => [...MONITORING_JOBS],
  fileOwners: fundingFileOwners,
  dashboard: fundingDashboard,
  home: fundingHome,
});

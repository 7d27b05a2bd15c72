import { AUDIT_PERMISSIONS } from '../../../../shared/audit/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { auditAudit } from './audit.audit.js';
import { auditRoutes } from './audit.routes.js';

/** The audit log's page and export (the log itself is core/audit.ts). */
export default defineDomain({
  name: 'audit',
  routes: [{ prefix: '/api/audit', plugin: auditRoutes }],
  permissions: AUDIT_PERMISSIONS,
  audit: auditAudit,
});

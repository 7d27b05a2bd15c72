import { NOTIFICATIONS_PERMISSIONS } from '../../../../shared/notifications/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { notificationsAudit } from './notifications.audit.js';
import { notificationRoutes } from './notifications.routes.js';
import { REMINDER_JOBS } from './reminder-jobs.js';

/** In-app notifications, from workflow steps and from the reminder jobs. */
export default defineDomain({
  name: 'notifications',
  routes: [{ prefix: '/api/notifications', plugin: notificationRoutes }],
  permissions: NOTIFICATIONS_PERMISSIONS,
  audit: notificationsAudit,
  jobs: () => REMINDER_JOBS,
});

import { CALENDAR_PERMISSIONS } from '../../../../shared/calendar/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { calendarAudit } from './calendar.audit.js';
import { calendarMessages } from './calendar.messages.js';
import { calendarHttpRoutes } from './calendar.routes.js';

/**
 * The working-day calendar (public holidays and 调休): deadlines in working days, such as a 公示's
 * objection period (F6), are counted with calendar.service.ts; admins keep the days here.
 */
export default defineDomain({
  name: 'calendar',
  routes: [{ prefix: '/api/calendar', plugin: calendarHttpRoutes }],
  permissions: CALENDAR_PERMISSIONS,
  audit: calendarAudit,
  messages: calendarMessages,
});

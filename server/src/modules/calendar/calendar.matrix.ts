/** The working-day calendar's routes in the refusal matrix: one calendar for the whole platform. */
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';

/** Platform-wide: an official or admin of any region reads it, an admin of any region keeps it; other roles hold no permission. */
const PLATFORM: Outsiders = { region: 'shared', sibling: 'forbidden', unassigned: 'forbidden' };

let serial = 0;
/** A Saturday of 2030 for each request, so repeated PUTs and DELETEs act on a day of their own. */
const saturday = () => new Date(Date.UTC(2030, 0, 5) + 7 * 86_400_000 * (serial++ % 50)).toISOString().slice(0, 10);

export default defineMatrix({
  routes: {
    'GET /api/calendar/:year': { permission: 'calendar.read', outsiders: PLATFORM, req: () => ({ method: 'GET', url: '/api/calendar/2026' }) },
    'PUT /api/calendar/days/:date': {
      permission: 'calendar.manage',
      outsiders: PLATFORM,
      req: () => ({ method: 'PUT', url: `/api/calendar/days/${saturday()}`, body: { kind: 'workday', name: '调休' } }),
    },
    'DELETE /api/calendar/days/:date': { permission: 'calendar.manage', outsiders: PLATFORM, req: () => ({ method: 'DELETE', url: `/api/calendar/days/${saturday()}` }) },
    'PUT /api/calendar/:year/status': {
      permission: 'calendar.manage',
      outsiders: PLATFORM,
      req: () => ({ method: 'PUT', url: '/api/calendar/2030/status', body: { status: 'provisional', sourceNote: '测试' } }),
    },
  },
});

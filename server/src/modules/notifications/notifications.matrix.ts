/** Notifications in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { values } from '../../../test/matrix/reach.js';
import { defineMatrix, OWN } from '../../../test/matrix/types.js';
import { notifications } from './notifications.tables.js';

let notification: string;

export default defineMatrix({
  async setup(w) {
    // A's centre worker's own notice: the role the allowed check signs in as.
    const [row] = await w.t.db.insert(notifications).values({ recipientId: w.users.centre_staff.id, kind: 'filing.submitted', params: {} }).returning();
    notification = row.id;
  },

  hidden: (w, o) => values(w, sql`select id::text as value from notifications where recipient_id::text <> ${o.userId}`),

  routes: {
    'GET /api/notifications': {
      permission: 'notification.read',
      outsiders: { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'ownOnly' },
      req: () => ({ method: 'GET', url: '/api/notifications' }),
    },
    // Someone else's notice does not exist for the caller, wherever it works.
    'POST /api/notifications/:id/read': {
      permission: 'notification.read',
      outsiders: { region: 'notFound', sibling: 'notFound', unassigned: 'notFound' },
      req: () => ({ method: 'POST', url: `/api/notifications/${notification}/read` }),
    },
    'POST /api/notifications/read-all': { permission: 'notification.read', outsiders: OWN, req: () => ({ method: 'POST', url: '/api/notifications/read-all' }) },
  },
});

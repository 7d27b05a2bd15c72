/** The dashboard's route in the refusal matrix (server/test/access-matrix.test.ts). */
import { defineMatrix } from '../../../test/matrix/types.js';

export default defineMatrix({
  routes: {
    // Another region's figures do not exist for the caller, like another region's record.
    'GET /api/dashboard/summary': {
      permission: 'dashboard.read',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'GET', url: `/api/dashboard/summary?regionCode=${w.A.district}` }),
    },
  },
});

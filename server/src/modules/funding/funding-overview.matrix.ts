/** The funding dashboard's workbook in the refusal matrix (the section itself rides on GET /api/dashboard/summary). */
import { defineMatrix } from '../../../test/matrix/types.js';

export const overviewMatrix = defineMatrix({
  routes: {
    'GET /api/funding/dashboard/export': {
      permission: 'dashboard.read',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'GET', url: `/api/funding/dashboard/export?regionCode=${w.A.district}` }),
    },
  },
});

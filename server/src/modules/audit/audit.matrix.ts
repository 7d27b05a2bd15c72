/** The audit log's routes in the refusal matrix (server/test/access-matrix.test.ts). */
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';

/** Area A's log asked for by name: another region's official reads none of it. */
const LOG: Outsiders = { region: 'empty', sibling: 'forbidden', unassigned: 'forbidden' };

export default defineMatrix({
  routes: {
    'GET /api/audit': { permission: 'audit.read', outsiders: LOG, req: (w) => ({ method: 'GET', url: `/api/audit?regionCode=${w.A.district}` }) },
    'GET /api/audit/export': { permission: 'audit.read', outsiders: LOG, req: (w) => ({ method: 'GET', url: `/api/audit/export?regionCode=${w.A.district}` }) },
  },
});

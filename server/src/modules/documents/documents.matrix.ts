/** Printable documents and their public check in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import { defineMatrix } from '../../../test/matrix/types.js';
import { makeMember, makeOrganization } from '../registry/registry.factories.js';

let filed: string;

export default defineMatrix({
  async setup(w) {
    const filingNumber = `${w.A.street.slice(0, 9)}-2021-${String(w.uniq()).padStart(4, '0')}`;
    const team = await makeOrganization(w.t.db, w.A.street, { status: 'filed', filingNumber, activityContent: '书法', venue: '活动室', leaderName: '孙八' });
    await makeMember(w.t.db, team);
    filed = team.id;
  },

  hidden: (w, o) => values(w, sql`select code as value from issued_documents where ${outsideReach(o, { region: 'region_code', organization: 'entity_id' })}`),

  routes: {
    // A certificate is issued to whoever may read the team: anyone else finds no team.
    'POST /api/documents/organizations/:id/filing-certificate': {
      permission: 'registry.read',
      outsiders: { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: `/api/documents/organizations/${filed}/filing-certificate`, body: {} }),
    },
    'GET /api/verify/:code': { permission: 'public', req: () => ({ method: 'GET', url: '/api/verify/ZZZZ-ZZZZ-ZZZZ' }) },
  },
});

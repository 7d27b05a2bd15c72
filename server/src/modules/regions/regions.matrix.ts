/** The region tree's routes in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import { values } from '../../../test/matrix/reach.js';
import { defineMatrix } from '../../../test/matrix/types.js';
import { ancestorCodes } from './regions.service.js';

export default defineMatrix({
  // Every role reads the tree of the region its grant names (with that region's ancestors), whatever it may do there.
  async hidden(w, o) {
    const ancestors = ancestorCodes(o.regionCode);
    const outside = sql`code not like ${`${regionPrefix(o.regionCode)}%`} and ${ancestors.length ? sql`code not in ${ancestors}` : sql`true`}`;
    return values(w, sql`select code as value from regions where ${outside} union all select name from regions where ${outside}`);
  },

  routes: {
    'GET /api/regions': { permission: 'region.read', outsiders: { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'ownOnly' }, req: () => ({ method: 'GET', url: '/api/regions' }) },
    'POST /api/regions': {
      permission: 'region.manage',
      outsiders: { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'POST', url: '/api/regions', body: { code: `${w.A.street2.slice(0, 9)}${String(100 + w.uniq())}`, parentCode: w.A.street2, name: '新社区' } }),
    },
    'PATCH /api/regions/:code': {
      permission: 'region.manage',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'PATCH', url: `/api/regions/${w.A.community}`, body: { name: '改名社区' } }),
    },
  },
});

/** Sign-in, one's own account, and user administration in the refusal matrix (server/test/access-matrix.test.ts). */
import { sql } from 'drizzle-orm';
import { signIn, type Agent } from '../../../test/build-app.js';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import { defineMatrix, OWN, type Outsiders } from '../../../test/matrix/types.js';
import { makeUser, PASSWORD } from './users.factories.js';

let target: string;
let ownPasswordChanger: Agent;

/** Accounts are administered by officials and platform admins of their region only. */
const ADMINISTRATION = (region: Outsiders['region']): Outsiders => ({ region, sibling: 'forbidden', unassigned: 'forbidden' });

export default defineMatrix({
  async setup(w) {
    target = (await makeUser(w.t.db, [{ role: 'centre_staff', regionCode: w.A.street }])).id;
    // Changing one's password ends one's other sessions: the allowed check uses an account of its own.
    ownPasswordChanger = await signIn(w.t.app, (await makeUser(w.t.db, [{ role: 'unit', regionCode: w.A.district }])).username, PASSWORD);
  },

  async hidden(w, o) {
    const outside = sql`${outsideReach(o, { region: 'home_region_code' })} and id::text <> ${o.userId}`;
    return values(w, sql`select id::text as value from users where ${outside} union all select username from users where ${outside}`);
  },

  routes: {
    'POST /api/auth/login': { permission: 'public', req: () => ({ method: 'POST', url: '/api/auth/login', body: { username: 'x', password: 'y' } }) },
    'POST /api/auth/logout': { permission: 'public', req: () => ({ method: 'POST', url: '/api/auth/logout' }) },
    'GET /api/auth/me': { permission: 'public', req: () => ({ method: 'GET', url: '/api/auth/me' }) },
    'POST /api/auth/password': {
      permission: 'account.self',
      outsiders: OWN,
      allowedAs: () => ownPasswordChanger,
      req: () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: PASSWORD, newPassword: 'Changed123' } }),
    },
    'PUT /api/auth/locale': { permission: 'account.self', outsiders: OWN, req: () => ({ method: 'PUT', url: '/api/auth/locale', body: { locale: 'zh-CN' } }) },
    'GET /api/users': { permission: 'user.read', outsiders: ADMINISTRATION('ownOnly'), req: () => ({ method: 'GET', url: '/api/users' }) },
    'GET /api/users/export': { permission: 'user.read', outsiders: ADMINISTRATION('ownOnly'), req: () => ({ method: 'GET', url: '/api/users/export' }) },
    'POST /api/users': {
      permission: 'user.manage',
      outsiders: ADMINISTRATION('refused'),
      req: (w) => ({
        method: 'POST',
        url: '/api/users',
        body: {
          username: `new.user${w.uniq()}`,
          displayName: '新用户',
          password: 'Passw0rd99',
          homeRegionCode: w.A.street,
          grants: [{ role: 'centre_staff', regionCode: w.A.street }],
        },
      }),
    },
    'PATCH /api/users/:id': { permission: 'user.manage', outsiders: ADMINISTRATION('notFound'), req: () => ({ method: 'PATCH', url: `/api/users/${target}`, body: { displayName: '改名' } }) },
  },
});

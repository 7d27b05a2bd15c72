import type { Agent } from '../../../test/build-app.js';
import { signIn } from '../../../test/build-app.js';
import type { MatrixFragment } from '../../../test/matrix/types.js';
import { PASSWORD } from '../users/users.factories.js';
import { makeVolunteer, makeVolunteerWithAccount } from './volunteers.factories.js';

/** The overview part's routes in the refusal matrix (server/test/access-matrix.test.ts). */
let volunteerId = '';
let self: Agent | null = null;

export const overviewMatrix: MatrixFragment = {
  async setup(w) {
    volunteerId = (await makeVolunteer(w.t.db, w.A.street, { name: '矩阵志愿者' })).id;
    // A volunteer of its own (not the world's volunteer agent, whose record another part may make).
    const { user } = await makeVolunteerWithAccount(w.t.db, w.A.street);
    self = await signIn(w.t.app, user.username, PASSWORD);
  },
  routes: {
    'POST /api/volunteers/:id/certificate': {
      permission: 'volunteers.certificate.issue',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: `/api/volunteers/${volunteerId}/certificate`, body: {} }),
    },
    'POST /api/volunteers/me/certificate': {
      permission: 'volunteers.certificate.issue',
      // Prints the caller's own record: nothing of A's is named.
      outsiders: { region: 'own', sibling: 'forbidden', unassigned: 'forbidden' },
      req: () => ({ method: 'POST', url: '/api/volunteers/me/certificate', body: {} }),
      allowedAs: () => self!,
    },
    'GET /api/volunteers/statistics': {
      permission: 'volunteers.statistics.read',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'GET', url: `/api/volunteers/statistics?region=${w.A.district}` }),
    },
    'GET /api/volunteers/statistics/export': {
      permission: 'volunteers.statistics.read',
      outsiders: { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'GET', url: `/api/volunteers/statistics/export?region=${w.A.district}` }),
    },
  },
};

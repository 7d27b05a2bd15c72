/** The home page in the refusal matrix (server/test/access-matrix.test.ts). */
import { defineMatrix } from '../../../test/matrix/types.js';

export default defineMatrix({
  routes: {
    // One's own to-dos: whatever they count, they name nothing outside the caller's reach.
    'GET /api/home': { permission: 'home.read', outsiders: { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'ownOnly' }, req: () => ({ method: 'GET', url: '/api/home' }) },
  },
});

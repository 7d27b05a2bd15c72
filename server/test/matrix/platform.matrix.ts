/** The routes app.ts registers itself, outside any domain. */
import { defineMatrix } from './types.js';

export default defineMatrix({
  routes: {
    'GET /api/health': { permission: 'public', req: () => ({ method: 'GET', url: '/api/health' }) },
  },
});

import { USERS_PERMISSIONS } from '../../../../shared/users/permissions.js';
import { defineDomain } from '../../core/domain.js';
import { authRoutes } from './auth.routes.js';
import { usersAudit } from './users.audit.js';
import { userRoutes } from './users.routes.js';

/** Accounts, grants and sign-in. */
export default defineDomain({
  name: 'users',
  routes: [
    { prefix: '/api/auth', plugin: authRoutes },
    { prefix: '/api/users', plugin: userRoutes },
  ],
  permissions: USERS_PERMISSIONS,
  audit: usersAudit,
});

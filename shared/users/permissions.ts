import { declarePermissions, EVERY_ROLE } from '../permissions.js';

/** What the users routes and abilities ask for, and the roles that hold each. */
export const USERS_PERMISSIONS = declarePermissions('users', {
  /** Manage one's own account: password, language. */
  'account.self': EVERY_ROLE,
  'user.read': ['platform_admin', 'official'],
  'user.manage': ['platform_admin', 'official'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof USERS_PERMISSIONS, true> {}
}

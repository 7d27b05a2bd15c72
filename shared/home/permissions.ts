import { declarePermissions, EVERY_ROLE } from '../permissions.js';

/** What the home routes and abilities ask for, and the roles that hold each. */
export const HOME_PERMISSIONS = declarePermissions('home', {
  /** One's own home page: the to-dos of one's roles. */
  'home.read': EVERY_ROLE,
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof HOME_PERMISSIONS, true> {}
}

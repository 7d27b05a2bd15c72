import { declarePermissions, EVERY_ROLE } from '../permissions.js';

/** What the regions routes and abilities ask for, and the roles that hold each. */
export const REGIONS_PERMISSIONS = declarePermissions('regions', {
  /** The region tree one works in. */
  'region.read': EVERY_ROLE,
  'region.manage': ['platform_admin', 'official'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof REGIONS_PERMISSIONS, true> {}
}

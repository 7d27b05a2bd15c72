import { declarePermissions } from '../permissions.js';

/** What the dashboard routes and abilities ask for, and the roles that hold each. */
export const DASHBOARD_PERMISSIONS = declarePermissions('dashboard', {
  'dashboard.read': ['platform_admin', 'official', 'centre_staff'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof DASHBOARD_PERMISSIONS, true> {}
}

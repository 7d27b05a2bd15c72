import { declarePermissions } from '../permissions.js';

/** What the audit routes and abilities ask for, and the roles that hold each. */
export const AUDIT_PERMISSIONS = declarePermissions('audit', {
  'audit.read': ['platform_admin', 'official'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof AUDIT_PERMISSIONS, true> {}
}

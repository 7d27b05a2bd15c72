import { declarePermissions } from '../permissions.js';

/** What the files routes and abilities ask for, and the roles that hold each. */
export const FILES_PERMISSIONS = declarePermissions('files', {
  'file.upload': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  /** Reading a file also needs reading what it is attached to (core/file-owners.ts). */
  'file.read': ['platform_admin', 'official', 'centre_staff', 'org_member'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof FILES_PERMISSIONS, true> {}
}

import { declarePermissions } from '../permissions.js';

/** What the files routes and abilities ask for, and the roles that hold each. */
export const FILES_PERMISSIONS = declarePermissions('files', {
  /** Reviewers too: a third-party monitor's site-visit photos (funding F9). */
  'file.upload': ['platform_admin', 'official', 'centre_staff', 'org_member', 'reviewer'],
  /** Reading a file also needs reading what it is attached to (core/file-owners.ts): a reviewer reads what is assigned to it. */
  'file.read': ['platform_admin', 'official', 'centre_staff', 'org_member', 'reviewer'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof FILES_PERMISSIONS, true> {}
}

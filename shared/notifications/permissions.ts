import { declarePermissions, EVERY_ROLE } from '../permissions.js';

/** What the notifications routes and abilities ask for, and the roles that hold each. */
export const NOTIFICATIONS_PERMISSIONS = declarePermissions('notifications', {
  /** One's own notifications: read them, mark them read. */
  'notification.read': EVERY_ROLE,
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof NOTIFICATIONS_PERMISSIONS, true> {}
}

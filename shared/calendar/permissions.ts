import { declarePermissions } from '../permissions.js';

/**
 * The working-day calendar is one for the whole platform (the State Council's notice holds for
 * every region): officials read it, platform admins keep it.
 */
export const CALENDAR_PERMISSIONS = declarePermissions('calendar', {
  'calendar.read': ['platform_admin', 'official'],
  'calendar.manage': ['platform_admin'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof CALENDAR_PERMISSIONS, true> {}
}

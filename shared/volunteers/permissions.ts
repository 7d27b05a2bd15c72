import { declarePermissions } from '../permissions.js';

/**
 * What the volunteer routes ask for, and the roles that hold each (V1–V5). A volunteer's grant
 * reaches its own records (ROLE_REACH 'own'); the scope does the rest.
 */
export const VOLUNTEER_PERMISSIONS = declarePermissions('volunteers', {
  /** Read volunteers, teams, activities and hours inside one's reach (a volunteer: its own). */
  'volunteers.read': ['platform_admin', 'official', 'centre_staff', 'org_member', 'volunteer'],
  /** Register volunteers, confirm self-registrations, edit records, run teams, import and export. */
  'volunteers.manage': ['platform_admin', 'official', 'centre_staff'],
  /** See a volunteer's full ID number (audited each time). */
  'volunteers.id_number.view': ['platform_admin', 'official'],
  /** Edit one's own volunteer record (phone, skills, availability). */
  'volunteers.self.edit': ['volunteer'],
  /** Create activities and shifts; staff in their region, an organisation for itself. */
  'volunteers.activity.manage': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  /** Sign oneself up for a shift, cancel, check in and out by the shift's code. */
  'volunteers.signup': ['volunteer'],
  /** Check volunteers in and out on the list, record no-shows (staff, the owner, a team leader). */
  'volunteers.attendance.record': ['platform_admin', 'official', 'centre_staff', 'org_member', 'volunteer'],
  /** Enter hours by hand with a reason. */
  'volunteers.hours.enter': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  /** The activity owner approves or rejects entries and reverses approved ones. */
  'volunteers.hours.approve': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  /** Set a region's star thresholds, record honours and incentives. */
  'volunteers.stars.manage': ['platform_admin', 'official'],
  /** Print a certificate of service: staff for anyone in reach, a volunteer for itself. */
  'volunteers.certificate.issue': ['platform_admin', 'official', 'centre_staff', 'volunteer'],
  /** The statistics and rankings of a region. */
  'volunteers.statistics.read': ['platform_admin', 'official', 'centre_staff'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof VOLUNTEER_PERMISSIONS, true> {}
}

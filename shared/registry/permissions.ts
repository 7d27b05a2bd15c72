import { declarePermissions } from '../permissions.js';

/** What the registry routes and abilities ask for, and the roles that hold each. */
export const REGISTRY_PERMISSIONS = declarePermissions('registry', {
  'registry.read': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'registry.write': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'registry.import': ['platform_admin', 'official', 'centre_staff'],
  /** Record a credit code that fails its check digit, with a reason. */
  'registry.usccOverride': ['platform_admin', 'official'],
  /** Correct a filed team's record without a change filing, with a reason (a recording error). */
  'registry.correct': ['platform_admin', 'official'],
  /** The category taxonomy is one for the whole platform, so only platform admins change it. */
  'registry.category.manage': ['platform_admin'],
  'registry.member.read': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'registry.member.write': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'registry.filing.submit': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'registry.filing.review': ['platform_admin', 'official', 'centre_staff'],
  'registry.report.submit': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  'registry.report.read': ['platform_admin', 'official', 'centre_staff', 'org_member'],
  /** Record an evaluation grade (民政部令第39号): the civil-affairs authority's decision. */
  'registry.grade.set': ['platform_admin', 'official'],
  /** Rate a team's stars for a year (星级团队评比): the centre runs the rating. */
  'registry.rating.set': ['platform_admin', 'official', 'centre_staff'],
  /** Move an organisation to another development stage: the centre's own assessment. */
  'registry.stage.set': ['platform_admin', 'official', 'centre_staff'],
});

declare module '../permissions.js' {
  interface PermissionRegistry extends Record<keyof typeof REGISTRY_PERMISSIONS, true> {}
}

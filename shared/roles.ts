/** Roles a grant can carry (DOMAIN.md "People who use it"). */
export const ROLES = [
  'platform_admin',
  'official',
  'centre_staff',
  'reviewer',
  'org_member',
  'volunteer',
  'unit',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a grant of each role reaches with its permissions (DOMAIN.md "People who use it"): a region
 * subtree, its one organisation, the holder's own records, or what is assigned to it.
 */
export type Reach = 'region' | 'organization' | 'own' | 'assigned';
export const ROLE_REACH: Record<Role, Reach> = {
  platform_admin: 'region',
  official: 'region',
  centre_staff: 'region',
  reviewer: 'assigned',
  org_member: 'organization',
  volunteer: 'own',
  unit: 'own',
};

/**
 * The roles a holder of each role may put on another account (inside its own region scope).
 * Only a platform admin makes platform admins; an official staffs its area but never raises
 * anyone above itself. Roles without `user.manage` (shared/users/permissions.ts) grant nothing.
 */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  platform_admin: ROLES,
  official: ['official', 'centre_staff', 'reviewer', 'org_member', 'volunteer', 'unit'],
  centre_staff: [],
  reviewer: [],
  org_member: [],
  volunteer: [],
  unit: [],
};

export function mayGrant(granter: Role, role: Role): boolean {
  return GRANTABLE_ROLES[granter].includes(role);
}

/**
 * The roles someone holding these grants may give anywhere: the web app's choice list. Whether a
 * role may be given in a given region is the server's check (users.policy.ts).
 */
export function grantableRoles(grants: readonly { role: string; organizationId?: string | null }[]): Role[] {
  const held = grants.filter((g) => !g.organizationId && (ROLES as readonly string[]).includes(g.role)).map((g) => g.role as Role);
  return ROLES.filter((role) => held.some((granter) => mayGrant(granter, role)));
}

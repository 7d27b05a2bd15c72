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
 * Every permission a route can ask for. A route names exactly one; `ROLE_PERMISSIONS`
 * below is the only place that decides which role holds it.
 */
export const PERMISSIONS = [
  /** Manage one's own account: password, language. */
  'account.self',
  'region.read',
  'region.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'file.upload',
  'file.read',
  'registry.read',
  'registry.write',
  'registry.import',
  'registry.usccOverride',
  'registry.category.manage',
  'registry.member.read',
  'registry.member.write',
  'registry.filing.submit',
  'registry.filing.review',
  'registry.report.submit',
  'registry.report.read',
  /** See a person's full ID number and phone (each look is audited); everyone else sees them masked. */
  'personal.reveal',
  'dashboard.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_REGISTRY: Permission[] = [
  'account.self',
  'region.read',
  'registry.read',
  'registry.member.read',
  'registry.report.read',
  'dashboard.read',
  'file.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // The category taxonomy is one for the whole platform, so only platform admins change it.
  platform_admin: PERMISSIONS,
  official: [
    ...READ_REGISTRY,
    'region.manage',
    'user.read',
    'user.manage',
    'audit.read',
    'file.upload',
    'registry.write',
    'registry.import',
    'registry.usccOverride',
    'registry.member.write',
    'registry.filing.submit',
    'registry.filing.review',
    'registry.report.submit',
    'personal.reveal',
  ],
  centre_staff: [
    ...READ_REGISTRY,
    'file.upload',
    'registry.write',
    'registry.import',
    'registry.member.write',
    'registry.filing.submit',
    'registry.filing.review',
    'registry.report.submit',
    'personal.reveal',
  ],
  reviewer: ['account.self', 'region.read'],
  org_member: [
    'account.self',
    'region.read',
    'registry.read',
    'registry.write',
    'registry.member.read',
    'registry.member.write',
    'registry.filing.submit',
    'registry.report.submit',
    'registry.report.read',
    'file.upload',
    'file.read',
    // A team's own leader calls its members and re-checks what the team entered; the grant is
    // narrowed to the one organisation, so this reaches that roster and no other, and each look is audited.
    'personal.reveal',
  ],
  volunteer: ['account.self', 'region.read'],
  unit: ['account.self', 'region.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * The roles a holder of each role may put on another account (inside its own region scope).
 * Only a platform admin makes platform admins; an official staffs its area but never raises
 * anyone above itself. Roles without `user.manage` grant nothing.
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
  return roleHas(granter, 'user.manage') && GRANTABLE_ROLES[granter].includes(role);
}

/**
 * The roles someone holding these grants may give anywhere: the web app's choice list. Whether a
 * role may be given in a given region is the server's check (users.policy.ts).
 */
export function grantableRoles(grants: readonly { role: string; organizationId?: string | null }[]): Role[] {
  const held = grants.filter((g) => !g.organizationId && (ROLES as readonly string[]).includes(g.role)).map((g) => g.role as Role);
  return ROLES.filter((role) => held.some((granter) => mayGrant(granter, role)));
}

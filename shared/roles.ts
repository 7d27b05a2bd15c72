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
  ],
  volunteer: ['account.self', 'region.read'],
  unit: ['account.self', 'region.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

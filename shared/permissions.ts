import { ROLES, type Role } from './roles.js';

/**
 * The permissions a route or an ability can ask for. Each domain declares its own in
 * shared/<domain>/permissions.ts with the roles that hold them (`declarePermissions`), and adds
 * their names to this interface there (declaration merging), so `Permission` is the union of
 * every domain's without a list that each new domain would edit.
 */
export interface PermissionRegistry extends Record<keyof typeof PLATFORM_PERMISSIONS, true> {}
export type Permission = keyof PermissionRegistry & string;

/** A domain's permissions: each with the roles that hold it. */
export type PermissionDeclaration = Record<string, readonly Role[]>;

const holders = new Map<string, ReadonlySet<Role>>();
const declaredBy = new Map<string, string>();

/**
 * Records a domain's permissions; importing the domain's permissions file declares them. A
 * permission declared by two domains is a mistake caught at start-up.
 */
export function declarePermissions<const D extends PermissionDeclaration>(domain: string, declaration: D): D {
  for (const [permission, roles] of Object.entries(declaration)) {
    const owner = declaredBy.get(permission);
    if (owner && owner !== domain) throw new Error(`permission ${permission} is declared by ${owner} and ${domain}`);
    declaredBy.set(permission, domain);
    holders.set(permission, new Set(roles));
  }
  return declaration;
}

export function roleHas(role: Role, permission: Permission): boolean {
  return holders.get(permission)?.has(role) ?? false;
}

export function isDeclaredPermission(permission: string): permission is Permission {
  return holders.has(permission);
}

/** Every declared permission, in declaration order. */
export function declaredPermissions(): Permission[] {
  return [...holders.keys()] as Permission[];
}

/** The permissions one role holds: the role → permission matrix, assembled from the domains. */
export function permissionsOf(role: Role): Permission[] {
  return declaredPermissions().filter((p) => roleHas(role, p));
}

/**
 * Platform-wide permissions that belong to no one domain. `personal.reveal`: see a person's full
 * ID number and phone (each look is audited); everyone else sees them masked.
 */
export const PLATFORM_PERMISSIONS = declarePermissions('platform', {
  'personal.reveal': ['platform_admin', 'official', 'centre_staff', 'org_member'],
});

/** Every role holds these (its own account, home page and notifications; the region tree it works in). */
export const EVERY_ROLE: readonly Role[] = ROLES;

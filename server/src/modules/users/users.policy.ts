import { regionPrefix } from '../../../../shared/regions.js';
import { mayGrant, type Role } from '../../../../shared/roles.js';
import { roleHas } from '../../../../shared/permissions.js';
import type { Actor } from '../../core/actor.js';

export interface GrantLike {
  role: Role;
  regionCode: string;
}

/**
 * The actor's grants that administer accounts: `user.manage` over a whole region subtree. A grant
 * narrowed to one organisation never does, since accounts are not owned by organisations.
 */
function managingGrants(actor: Actor) {
  return actor.grants.filter((g) => g.organizationId === null && roleHas(g.role, 'user.manage'));
}

function covering(actor: Actor, regionCode: string) {
  return managingGrants(actor).filter((g) => regionCode.startsWith(regionPrefix(g.regionCode)));
}

export function managesRegion(actor: Actor, regionCode: string): boolean {
  return covering(actor, regionCode).length > 0;
}

/**
 * Why the actor may not give this grant, or null when it may: the region must lie inside one of
 * its managing grants, and that same grant's role must be allowed to give the role
 * (GRANTABLE_ROLES), so an official of one city who is centre staff in another cannot make
 * officials there.
 */
export function grantProblem(actor: Actor, grant: GrantLike): 'region_out_of_scope' | 'role_not_grantable' | null {
  const over = covering(actor, grant.regionCode);
  if (!over.length) return 'region_out_of_scope';
  if (!over.some((g) => mayGrant(g.role, grant.role))) return 'role_not_grantable';
  return null;
}

/**
 * Whether the actor may administer an account (edit, reset its password, deactivate, re-grant):
 * only when it could have given every grant the account holds, and manages its home region.
 * Otherwise whoever holds a single grant in the actor's area (or lives there) would be open to
 * takeover, with all the grants they hold elsewhere. One's own account is never administered
 * this way: one's password goes through /api/auth/password, and no one re-grants themselves.
 */
export function canAdminister(actor: Actor, target: { id: string; homeRegionCode: string }, grants: GrantLike[]): boolean {
  if (target.id === actor.id) return false;
  return managesRegion(actor, target.homeRegionCode) && grants.every((g) => grantProblem(actor, g) === null);
}

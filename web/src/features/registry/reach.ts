import { ROLE_REACH } from '@shared/roles';
import { roleHas, type Permission } from '@shared/permissions';
import '@shared/registry/permissions';
import type { TMe } from '@shared/users/schemas';

/**
 * Whether one of the user's grants gives the permission over a whole region. A team member holds
 * registry.write and registry.report.read for its own team only: creating a record or a region's
 * roll-up would be a refusal to it, so it is not offered them.
 */
export const overRegion = (permission: Permission) => (me: TMe | null | undefined) =>
  !!me?.grants.some((g) => !g.organizationId && ROLE_REACH[g.role] === 'region' && roleHas(g.role, permission));

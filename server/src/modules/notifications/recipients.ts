import { and, eq, inArray, isNull } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import { userGrants, users } from '../../core/core.tables.js';
import type { DbOrTx } from '../../db/client.js';
import { ancestorCodes } from '../regions/regions.service.js';

/** Active accounts acting for each organisation (their organisation-member grant names it). */
export async function teamMemberAccounts(db: DbOrTx, organizationIds: readonly string[]) {
  const out = new Map<string, string[]>();
  if (!organizationIds.length) return out;
  const rows = await db
    .selectDistinct({ userId: userGrants.userId, organizationId: userGrants.organizationId })
    .from(userGrants)
    .innerJoin(users, eq(users.id, userGrants.userId))
    .where(and(eq(userGrants.role, 'org_member'), inArray(userGrants.organizationId, [...new Set(organizationIds)]), eq(users.active, true)));
  for (const r of rows) out.set(r.organizationId!, [...(out.get(r.organizationId!) ?? []), r.userId]);
  return out;
}

/** Active centre workers whose grant covers each region (a street's centre, and the district's above it). */
export async function centreWorkerAccounts(db: DbOrTx, regionCodes: readonly string[]) {
  const out = new Map<string, string[]>();
  const codes = [...new Set(regionCodes)];
  if (!codes.length) return out;
  // A grant covers a region when it is the region or one of its ancestors: few codes to look up.
  const covering = [...new Set(codes.flatMap((c) => [c, ...ancestorCodes(c)]))];
  const grants = await db
    .selectDistinct({ userId: userGrants.userId, regionCode: userGrants.regionCode })
    .from(userGrants)
    .innerJoin(users, eq(users.id, userGrants.userId))
    // A grant narrowed to one organisation reaches only that one: it hears nothing of the region's others.
    .where(and(eq(userGrants.role, 'centre_staff'), inArray(userGrants.regionCode, covering), isNull(userGrants.organizationId), eq(users.active, true)));
  for (const code of codes) {
    const ids = grants.filter((g) => code.startsWith(regionPrefix(g.regionCode))).map((g) => g.userId);
    out.set(code, [...new Set(ids)]);
  }
  return out;
}

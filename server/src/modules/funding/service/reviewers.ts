import { and, asc, countDistinct, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { TReviewerQuery } from '../../../../../shared/funding/monitoring.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { Ctx } from '../../../core/actor.js';
import { userGrants, users } from '../../../core/core.tables.js';
import { resolveRegion, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { notFound } from '../../../errors.js';
import { regionNames } from '../../regions/regions.service.js';

/*
 * The reviewer accounts a centre worker may pick as an expert, a monitor or an evaluator (F5, F9,
 * F10). Centre staff cannot list accounts (user.read is officials'), so this answers the picker
 * alone: active accounts holding a reviewer grant whose region covers the region asked for or lies
 * inside it — id, display name and the grant's region name, nothing else (no username, no phone).
 * Asked with funding.monitoring.manage (held by the same roles as funding.review.manage).
 */

const PERMISSION = 'funding.monitoring.manage' as const;

export async function listReviewers(ctx: Ctx, q: TReviewerQuery) {
  const region = resolveRegion(ctx.actor, PERMISSION, q.region);
  // Another region than one's own is not there to ask about.
  if (!scopeCoversRegion(scopeFor(ctx.actor, PERMISSION), region)) throw notFound('region');
  const where = and(
    eq(userGrants.role, 'reviewer'),
    isNull(userGrants.organizationId),
    eq(users.active, true),
    or(sql`${userGrants.regionCode} like ${regionPrefix(region) + '%'}`, inArray(userGrants.regionCode, ancestorsOf(region))),
    q.q ? ilike(users.displayName, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: countDistinct(users.id) }).from(userGrants).innerJoin(users, eq(users.id, userGrants.userId)).where(where);
  const rows = await ctx.db
    .select({ id: users.id, displayName: users.displayName, regionCode: sql<string>`min(${userGrants.regionCode})` })
    .from(userGrants)
    .innerJoin(users, eq(users.id, userGrants.userId))
    .where(where)
    .groupBy(users.id, users.displayName)
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const names = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  return { items: rows.map((r) => ({ id: r.id, displayName: r.displayName, regionName: names.get(r.regionCode) ?? r.regionCode })), total: Number(total) };
}

const SEGMENT_ENDS = [2, 4, 6, 9, 12];

/** The codes of the regions above `region` (its province, city, … down to its parent), padded to 12 digits. */
export function ancestorsOf(region: string): string[] {
  const prefix = regionPrefix(region);
  return SEGMENT_ENDS.filter((end) => end < prefix.length).map((end) => prefix.slice(0, end).padEnd(12, '0'));
}

import { inArray, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { Actor, Ctx } from '../../../core/actor.js';
import { scopeCoversRegion, scopeFor, workRegions, type ScopeSlice } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { invalidField } from '../../../errors.js';
import { ancestorCodes } from '../../regions/regions.service.js';
import { fundingCalls as calls, fundingNeeds as needs } from '../funding.tables.js';

/**
 * What a caller reaches of the needs pool: staff and officials their region's subtree; anyone
 * else who may submit (an organisation member, a volunteer, a unit) the needs it submitted itself.
 */
export function needSlices(actor: Actor): ScopeSlice[] {
  return scopeFor(actor, 'funding.need.submit').map((s) => (s.kind === 'region' ? s : { kind: 'own' as const, userId: actor.id }));
}

export const needScope = (actor: Actor) => scopeWhere(needSlices(actor), { region: needs.regionCode, owner: needs.submittedBy });

/** Where a caller may put a need: anywhere its grants' regions reach (its own region for a member, volunteer or unit). */
export function assertNeedRegion(actor: Actor, regionCode: string) {
  if (!workRegions(actor, 'funding.need.submit').some((s) => s.kind === 'region' && regionCode.startsWith(s.prefix))) {
    throw invalidField('regionCode', 'region_out_of_scope');
  }
}

/** A curator's reach: whole regions only. */
export function assertCurates(ctx: Ctx, regionCode: string, field = 'regionCode') {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'funding.need.curate'), regionCode)) throw invalidField(field, 'region_out_of_scope');
}

/**
 * The calls a caller reads: staff and officials those of their region's subtree (drafts included);
 * an organisation member the calls past draft that its organisation could apply to — run in its
 * organisation's region or any region above it — besides those below its grant's region.
 */
export function callScope(actor: Actor, permission: 'funding.read' | 'funding.call.manage' = 'funding.read'): SQL {
  const parts: SQL[] = [];
  const regional = scopeFor(actor, permission).filter((s) => s.kind === 'region');
  if (regional.length) parts.push(scopeWhere(regional, { region: calls.regionCode }));
  if (permission === 'funding.read') {
    for (const s of scopeFor(actor, permission)) {
      if (s.kind !== 'organization') continue;
      const above = [s.prefix.padEnd(12, '0'), ...ancestorCodes(s.prefix.padEnd(12, '0'))];
      parts.push(sql`(${calls.status} <> 'draft' and (${calls.regionCode} like ${s.prefix + '%'} or ${inArray(calls.regionCode, above)}))`);
    }
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/** Whether an organisation in `orgRegion` lies under a call of `callRegion` (the call's subtree). */
export const underCall = (callRegion: string, orgRegion: string) => orgRegion.startsWith(regionPrefix(callRegion));

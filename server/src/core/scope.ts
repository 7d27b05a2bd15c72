import { regionPrefix } from '../../../shared/regions.js';
import { ROLE_REACH } from '../../../shared/roles.js';
import { roleHas, type Permission } from '../../../shared/permissions.js';
import { notFound } from '../errors.js';
import type { Actor } from './actor.js';

/**
 * One slice of what an actor may reach with a permission, from one of its grants:
 * - region: a division-code subtree ('' is everything);
 * - organization: one organisation inside a subtree (an organisation member's grant);
 * - own: the records the actor itself owns (a volunteer's hours, a donor's gifts);
 * - assigned: the records assigned to the actor (a reviewer's applications, an evaluator's evaluations).
 */
export type ScopeSlice =
  | { kind: 'region'; prefix: string }
  | { kind: 'organization'; prefix: string; organizationId: string }
  | { kind: 'own'; userId: string }
  | { kind: 'assigned'; userId: string };

/** The slices of every grant of the actor that holds the permission; none: the actor reaches nothing. */
export function scopeFor(actor: Actor, permission: Permission): ScopeSlice[] {
  const slices: ScopeSlice[] = [];
  for (const grant of actor.grants) {
    if (!roleHas(grant.role, permission)) continue;
    const prefix = regionPrefix(grant.regionCode);
    const reach = ROLE_REACH[grant.role];
    // A grant naming an organisation is narrowed to it whatever its role; an organisation
    // member's grant naming none reaches nothing rather than its whole region.
    if (grant.organizationId) slices.push({ kind: 'organization', prefix, organizationId: grant.organizationId });
    else if (reach === 'region') slices.push({ kind: 'region', prefix });
    else if (reach === 'own' || reach === 'assigned') slices.push({ kind: reach, userId: actor.id });
  }
  return slices;
}

/**
 * The region subtrees the actor works in with the permission, whatever its grants reach inside
 * them: the region tree a volunteer or an organisation member picks places from.
 */
export function workRegions(actor: Actor, permission: Permission): ScopeSlice[] {
  return actor.grants
    .filter((g) => roleHas(g.role, permission))
    .map((g) => ({ kind: 'region' as const, prefix: regionPrefix(g.regionCode) }));
}

/** What an in-memory check knows of one record. Assignments live in the database: only SQL sees them. */
export interface ScopedRecord {
  regionCode: string;
  organizationId?: string | null;
  ownerId?: string | null;
}

/** Whether the record is inside the scope. */
export function scopeCovers(slices: ScopeSlice[], record: ScopedRecord): boolean {
  return slices.some((s) => {
    switch (s.kind) {
      case 'region':
        return record.regionCode.startsWith(s.prefix);
      case 'organization':
        return record.regionCode.startsWith(s.prefix) && record.organizationId === s.organizationId;
      case 'own':
        return !!record.ownerId && record.ownerId === s.userId;
      case 'assigned':
        return false;
    }
  });
}

/** Whether the scope reaches a whole region subtree (not only one organisation, or one's own records, in it). */
export function scopeCoversRegion(slices: ScopeSlice[], regionCode: string): boolean {
  return slices.some((s) => s.kind === 'region' && regionCode.startsWith(s.prefix));
}

/**
 * The region a regional view (a roll-up, a dashboard, a compliance list) is about: the one asked
 * for, else the widest region the actor's grants with the permission reach, the first in code
 * order among equals. Whether the asked region is in scope is for the query to decide (it
 * answers 404). With nothing asked and no whole region reached (an organisation member's
 * roll-up), there is no such region: 404 as well.
 */
export function resolveRegion(actor: Actor, permission: Permission, asked?: string | null): string {
  if (asked) return asked;
  const regional = actor.grants
    .filter((g) => roleHas(g.role, permission) && !g.organizationId && ROLE_REACH[g.role] === 'region')
    .map((g) => g.regionCode)
    .sort((a, b) => regionPrefix(a).length - regionPrefix(b).length || a.localeCompare(b));
  if (!regional[0]) throw notFound('region');
  return regional[0];
}

/** The widest region any of the actor's grants lies in (first in code order among equals): where its own records are filed. */
export function homeRegion(actor: Actor): string | null {
  const codes = actor.grants.map((g) => g.regionCode).sort((a, b) => regionPrefix(a).length - regionPrefix(b).length || a.localeCompare(b));
  return codes[0] ?? null;
}

/**
 * The key of a cached read: who reads — the actor's whole grant list, reduced to what it reaches
 * with each permission the read depends on (two readers with the same reach share entries; one
 * more grant, or a grant of another kind, makes another key; own and assigned slices carry the
 * user, so those readers never share) —, in which language, and what was asked.
 */
export function readKey(ctx: { actor: Actor; locale: string }, permissions: readonly Permission[], ...asked: unknown[]): string {
  const reach = permissions.map((p) => [p, scopeFor(ctx.actor, p).map((s) => JSON.stringify(s)).sort()]);
  return JSON.stringify([reach, ctx.locale, ...asked]);
}

/** The region prefixes the scope lies in, for cache invalidation; null: not bounded by region. */
export function scopePrefixes(slices: ScopeSlice[]): string[] | null {
  const prefixes: string[] = [];
  for (const s of slices) {
    if (s.kind === 'own' || s.kind === 'assigned') return null;
    prefixes.push(s.prefix);
  }
  return prefixes;
}

import type { Permission, Role } from '../../../shared/roles.js';
import { roleHas } from '../../../shared/roles.js';
import { regionPrefix } from '../../../shared/regions.js';
import type { DbOrTx } from '../db/client.js';
import type { Locale } from '../i18n/index.js';
import type { WriteSink, WriteUnit } from './write-unit.js';

export interface Grant {
  id: string;
  role: Role;
  regionCode: string;
  organizationId: string | null;
}

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  grants: Grant[];
}

/**
 * Everything a service function needs about the request (or job) it serves. Writes run through
 * `mutate` (core/write-unit.ts): inside one, `db` is its transaction and `unit` is set.
 */
export interface Ctx {
  db: DbOrTx;
  actor: Actor;
  locale: Locale;
  /** The request's id, or the job run's: it ties audit rows of one change together. */
  requestId: string;
  /** Where committed writes are announced (read caches here and on other instances). */
  writes: WriteSink;
  unit?: WriteUnit;
}

/**
 * One slice of what an actor may reach with a permission: a region subtree, narrowed to one
 * organisation when the grant is an organisation member's.
 */
export interface ScopeSlice {
  prefix: string;
  organizationId: string | null;
}

export function scopeFor(actor: Actor, permission: Permission): ScopeSlice[] {
  return actor.grants
    .filter((g) => roleHas(g.role, permission))
    .map((g) => ({ prefix: regionPrefix(g.regionCode), organizationId: g.organizationId }));
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((g) => roleHas(g.role, permission));
}

/** Whether a record at `regionCode` (and owned by `organizationId`) is inside the scope. */
export function scopeCovers(slices: ScopeSlice[], regionCode: string, organizationId?: string | null): boolean {
  return slices.some(
    (s) => regionCode.startsWith(s.prefix) && (s.organizationId === null || s.organizationId === organizationId),
  );
}

/** Whether the scope reaches a whole region subtree (not only one organisation in it). */
export function scopeCoversRegion(slices: ScopeSlice[], regionCode: string): boolean {
  return slices.some((s) => s.organizationId === null && regionCode.startsWith(s.prefix));
}

import type { Role } from '../../../shared/roles.js';
import type { Permission } from '../../../shared/permissions.js';
import { roleHas } from '../../../shared/permissions.js';
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

export function can(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((g) => roleHas(g.role, permission));
}

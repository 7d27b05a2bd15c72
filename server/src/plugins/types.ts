import type { Permission } from '../../../shared/roles.js';
import type { Actor } from '../core/actor.js';
import type { FileStore } from '../core/file-store.js';
import type { CrossInstanceWrites } from '../core/cross-instance-writes.js';
import type { WriteGeneration } from '../core/read-cache.js';
import type { WriteSink } from '../core/write-unit.js';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import type { Locale } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    fileStore: FileStore;
    env: Env;
    /** Bumped after every committed write unit; invalidates the read caches below. */
    writeGeneration: WriteGeneration;
    /** What the write units of this app announce their commits to (core/write-unit.ts). */
    writes: WriteSink;
    /** Carries bumps to and from the other instances on one PostgreSQL server; null when alone. */
    crossInstanceWrites: CrossInstanceWrites | null;
    /** How long a module may serve list results from a ReadCache (env LIST_CACHE_MS). */
    listCacheMs: number;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
    locale: Locale;
  }
  interface FastifyContextConfig {
    /** The one permission this route needs. */
    permission?: Permission;
    /** Routes anyone may call (sign-in, health). */
    public?: boolean;
  }
}

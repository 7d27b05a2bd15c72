import type { Permission } from '../../../shared/roles.js';
import type { Actor } from '../core/actor.js';
import type { FileStore } from '../core/file-store.js';
import type { CrossInstanceWrites } from '../core/cross-instance-writes.js';
import type { WriteGeneration } from '../core/read-cache.js';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import type { Locale } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    fileStore: FileStore;
    env: Env;
    /** Bumped by every state-changing request; invalidates the read caches below. */
    writeGeneration: WriteGeneration;
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
    /** Set once the request passed every check and its handler ran (so it may have written). */
    reachedHandler: boolean;
    /** Regions written by this request (see Ctx.touched); set when its handler starts. */
    touchedRegions: Set<string | null>;
  }
  interface FastifyContextConfig {
    /** The one permission this route needs. */
    permission?: Permission;
    /** Routes anyone may call (sign-in, health). */
    public?: boolean;
    /** A state-changing route whose writes no cached read depends on; it leaves the read caches be. */
    keepsReadCaches?: boolean;
  }
}

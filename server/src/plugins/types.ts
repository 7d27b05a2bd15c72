import type { FastifyContextConfig, FastifySchema, HTTPMethods } from 'fastify';
import type { Permission } from '../../../shared/permissions.js';
import type { Actor } from '../core/actor.js';
import type { FileStore } from '../core/file-store.js';
import type { CrossInstanceWrites } from '../core/cross-instance-writes.js';
import type { WriteGeneration } from '../core/read-cache.js';
import type { WriteSink } from '../core/write-unit.js';
import type { DomainModule } from '../core/domain.js';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import type { Locale } from '../i18n/index.js';

/** One route as buildApp's onRoute hook saw it declared (HEAD twins and plugin routes included). */
export interface RegisteredRoute {
  method: HTTPMethods | HTTPMethods[];
  url: string;
  config?: FastifyContextConfig;
  schema?: FastifySchema & { consumes?: readonly string[] };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, in order (app.ts's onRoute hook). */
    routeTable: RegisteredRoute[];
    database: Database;
    fileStore: FileStore;
    env: Env;
    /** Bumped after every committed write unit; invalidates the read caches below. */
    writeGeneration: WriteGeneration;
    /** The domains this app mounts (core/domain.ts), in name order. */
    domains: readonly DomainModule[];
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
    /** The access declaration of the route reached, read once per request (plugins/session.ts). */
    access: { permission?: Permission; public?: boolean } | null;
  }
  interface FastifyContextConfig {
    /** The one permission this route needs. */
    permission?: Permission;
    /** Routes anyone may call (sign-in, health). */
    public?: boolean;
  }
}

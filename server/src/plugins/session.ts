import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDeclaredPermission, type Permission } from '../../../shared/permissions.js';
import { can, type Actor, type Ctx } from '../core/actor.js';
import { ReadCache, WriteGeneration } from '../core/read-cache.js';
import type { WriteCtx, WriteSink } from '../core/write-unit.js';
import { sessions, userGrants, users } from '../core/core.tables.js';
import type { Db } from '../db/client.js';
import { compileRead } from '../db/compiled-read.js';
import { AppError } from '../errors.js';
import { isLocale, localeFromHeader } from '../i18n/index.js';

export const SESSION_COOKIE = 'shuniu_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One-shot hashing: every signed-in request hashes its cookie, and a Hash object costs three times as much. */
export const hashToken = (token: string) => hash('sha256', token, 'hex');

/** Compares two tokens in time that does not depend on where they differ (both hashed to one length first). */
export function sameToken(given: string, expected: string) {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}
export const newToken = () => randomBytes(32).toString('base64url');

/**
 * The access declaration of the route a request reached; null for what is not an API route (the
 * web app's files, the not-found handler). Every /api route declares one, checked at start-up.
 */
function routeConfig(request: FastifyRequest): { permission?: Permission; public?: boolean } | null {
  const config = request.routeOptions.config as { permission?: Permission; public?: boolean } | undefined;
  if (request.is404 || !config) return null;
  return config.permission || config.public ? config : null;
}

/** Builds the service context of an authenticated request. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.actor) throw new AppError('unauthenticated');
  return { db: request.server.database.db, actor: request.actor, locale: request.locale, requestId: request.id, writes: request.server.writes };
}

/** The session's user and grants as one JSON value: one column for the driver and the query builder to hand over. */
interface SessionDoc {
  userId: string;
  username: string;
  displayName: string;
  locale: string;
  active: boolean;
  csrfToken: string;
  expiresAt: number;
  grants: Actor['grants'];
}

function sessionQuery(db: Db) {
  const doc = sql<SessionDoc | string>`json_build_object(
    'userId', ${users.id}, 'username', ${users.username}, 'displayName', ${users.displayName}, 'locale', ${users.locale},
    'active', ${users.active}, 'csrfToken', ${sessions.csrfToken},
    'expiresAt', floor(extract(epoch from ${sessions.expiresAt}) * 1000)::bigint,
    'grants', coalesce((select json_agg(json_build_object('id', g.id, 'role', g.role, 'regionCode', g.region_code, 'organizationId', g.organization_id) order by g.region_code, g.role, g.id) from ${userGrants} g where g.user_id = ${users.id}), '[]'::json))`;
  const query = db
    .select({ doc: doc.as('doc') })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('sessionId')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .limit(1);
  // Every signed-in request runs it: built once, not per request (its plan has no prefix to lose).
  return compileRead<{ sessionId: string; now: string }, { doc: SessionDoc | string }>(db, 'shuniu_session_actor', query);
}
const sessionQueries = new WeakMap<object, ReturnType<typeof sessionQuery>>();

async function loadActor(app: FastifyInstance, sessionId: string) {
  const db = app.database.db;
  let query = sessionQueries.get(db);
  if (!query) sessionQueries.set(db, (query = sessionQuery(db)));
  const [found] = (await query.run({ sessionId, now: new Date().toISOString() })).rows;
  if (!found) return null;
  // node-postgres parses json; the embedded driver may hand it over as text.
  const row = typeof found.doc === 'string' ? (JSON.parse(found.doc) as SessionDoc) : found.doc;
  if (!row.active) return null;
  const actor: Actor = { id: row.userId, username: row.username, displayName: row.displayName, grants: row.grants };
  return { actor, csrfToken: row.csrfToken, locale: row.locale, expiresAt: Number(row.expiresAt) };
}

type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadActor>>>;

/** How long a loaded session is reused when nothing has been written since. */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_ENTRIES = 10_000;

/**
 * Loads the session, sets the request's locale, refuses state-changing requests without the CSRF
 * token, and enforces the permission each route declares. Every /api route must declare one.
 */
export default fp(async function sessionPlugin(app: FastifyInstance) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('access', null);
  app.decorate('writeGeneration', new WriteGeneration());
  // Read at each commit: the cross-instance channel is attached after this plugin registers.
  app.decorate('writes', {
    async committed(prefixes: readonly string[] | null) {
      app.writeGeneration.bump(prefixes);
      await app.crossInstanceWrites?.publish(prefixes);
    },
  } satisfies WriteSink);
  // A miss is cached too (as null), so a stale cookie does not cost a query per request. Never
  // longer than the list caches: LIST_CACHE_MS=0 turns both off.
  const sessionCache = new ReadCache<LoadedSession | null>(
    app.writeGeneration,
    Math.min(SESSION_CACHE_MS, app.listCacheMs),
    SESSION_CACHE_ENTRIES,
  );

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const config = route.config as { permission?: string; public?: boolean } | undefined;
    if (!config?.permission && !config?.public) {
      throw new Error(`route ${route.method} ${route.url} declares no permission`);
    }
    // A permission no domain declares is held by no role: the route could never be reached.
    if (config.permission && !isDeclaredPermission(config.permission)) {
      throw new Error(`route ${route.method} ${route.url} asks for ${config.permission}, which no domain declares (shared/<domain>/permissions.ts)`);
    }
  });

  // Whether a request is guarded is decided by the route it reached, never by its raw URL: the
  // router decodes "/%61pi/…" to the same handler as "/api/…".
  app.addHook('onRequest', async (request) => {
    request.locale = localeFromHeader(request.headers['accept-language']);
    // Read once here: each read of request.routeOptions builds a new object.
    request.access = routeConfig(request);
    if (!request.access) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const sessionId = hashToken(token);
      const cached = await sessionCache.getOrLoad(sessionId, () => loadActor(app, sessionId));
      const loaded = cached && cached.expiresAt > Date.now() ? cached : null;
      if (loaded) {
        request.actor = loaded.actor;
        request.sessionId = sessionId;
        request.csrfToken = loaded.csrfToken;
        if (isLocale(loaded.locale)) request.locale = loaded.locale;
      }
    }
  });

  // A plain callback: nothing waits, and every request passes through.
  app.addHook('preValidation', (request, _reply, done) => {
    // Read again when onRequest found none (a file of the web app): never less guarded than the route says.
    const config = request.access ?? routeConfig(request);
    if (!config || config.public) return done();
    // routeConfig returns only declarations naming one; refuse rather than pass should that change.
    const permission = config.permission;
    if (!permission) throw new AppError('forbidden');
    if (!request.actor) throw new AppError('unauthenticated');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !request.csrfToken || !sameToken(header, request.csrfToken)) throw new AppError('csrf');
    }
    if (!can(request.actor, permission)) throw new AppError('forbidden');
    done();
  });
});

/** Opens a session inside the sign-in's write unit: the token for the cookie, the CSRF token, the expiry. */
export async function createSession(w: WriteCtx, userId: string, ttlHours: number) {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await w.db.insert(sessions).values({ id: hashToken(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

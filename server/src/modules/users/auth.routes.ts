import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../../../shared/roles.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { writeAudit } from '../../core/audit.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../core/actor.js';
import { userGrants } from '../../core/core.tables.js';
import { leavesReadCaches, mutate } from '../../core/write-unit.js';
import { createSession, ctxOf, sameToken, SESSION_COOKIE } from '../../plugins/session.js';
import { attemptLogin, changePassword, describeMe, dummyPasswordHash, setLocale, signOut } from './auth.service.js';
import { userEntityName } from './users.audit.js';
import { authRoutes as R } from '../../../../shared/users/api.js';

export async function authRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  // Made now, so the first sign-in with an unknown name takes no longer than any other.
  await dummyPasswordHash();

  app.post(
    '/login',
    { config: { public: true }, schema: { tags: ['auth'], ...R['POST /auth/login'] } },
    async (request, reply) => {
      const db = app.database.db;
      const user = await attemptLogin(db, { ...request.body, ip: request.ip });
      const grants = await db.select().from(userGrants).where(eq(userGrants.userId, user.id));
      const actor: Actor = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        grants: grants.map((g) => ({ id: g.id, role: g.role as Role, regionCode: g.regionCode, organizationId: g.organizationId })),
      };
      // A new session and its audit row: nothing any cached read shows.
      const session = await mutate({ db, actor, locale: request.locale, requestId: request.id, writes: app.writes }, async (w) => {
        leavesReadCaches(w);
        const opened = await createSession(w, user.id, app.env.SESSION_TTL_HOURS);
        await writeAudit(w, { action: 'auth.login', entityType: 'user', entityId: user.id, entityName: userEntityName(user), regionCode: user.homeRegionCode });
        return opened;
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.env.COOKIE_SECURE === 'true',
        expires: session.expiresAt,
      });
      return { user: await describeMe(db, actor), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/logout',
    { config: { public: true }, schema: { tags: ['auth'], ...R['POST /auth/logout'] } },
    async (request, reply) => {
      if (request.sessionId && request.actor) {
        const header = request.headers['x-csrf-token'];
        if (typeof header !== 'string' || !request.csrfToken || !sameToken(header, request.csrfToken)) throw new AppError('csrf');
        await signOut(ctxOf(request), request.sessionId);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    { config: { public: true }, schema: { tags: ['auth'], ...R['GET /auth/me'] } },
    async (request) => {
      if (!request.actor || !request.csrfToken) throw new AppError('unauthenticated');
      return { user: await describeMe(app.database.db, request.actor), csrfToken: request.csrfToken };
    },
  );

  app.post(
    '/password',
    { config: { permission: 'account.self' }, schema: { tags: ['auth'], ...R['POST /auth/password'] } },
    async (request) => {
      await changePassword(ctxOf(request), request.body, request.sessionId);
      return { ok: true as const };
    },
  );

  app.put(
    '/locale',
    {
      config: { permission: 'account.self' },
      schema: { tags: ['auth'], ...R['PUT /auth/locale'] },
    },
    async (request) => {
      await setLocale(ctxOf(request), request.body.locale);
      return { ok: true as const };
    },
  );
}

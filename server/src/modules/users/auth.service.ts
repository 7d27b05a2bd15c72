import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { type Role } from '../../../../shared/roles.js';
import { declaredPermissions, roleHas, type Permission } from '../../../../shared/permissions.js';
import type { Actor, Ctx } from '../../core/actor.js';
import { homeRegion } from '../../core/scope.js';
import { writeAudit } from '../../core/audit.js';
import { userEntityName } from './users.audit.js';
import { leavesReadCaches, mutate, systemCtx } from '../../core/write-unit.js';
import { loginAttempts, regions, sessions, users } from '../../core/core.tables.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { organizationNames } from '../registry/registry.service.js';
import { clientKey } from '../../core/client-key.js';
import { clientFailures, IP_FAILURE_LIMIT, loginLocks } from './login-locks.js';
import { hashPassword, isStrongPassword, verifyPassword } from './password.js';

export { IP_FAILURE_LIMIT, IP_WINDOW_MINUTES, LOCK_AFTER_FAILURES, LOCK_MINUTES } from './login-locks.js';

type Verify = (passwordHash: string, password: string) => Promise<boolean>;

let dummyHash: Promise<string> | null = null;
/**
 * A hash of a random password, verified when the username is unknown or the account inactive,
 * so that those answers cost what a wrong password costs (argon2 dominates the time).
 */
export function dummyPasswordHash() {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

function lockedError(until: Date) {
  return new AppError('login_locked', { minutes: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000)) });
}

/**
 * Lets one attempt through the client's limit and the pair's lock, writing it down as a failure
 * before its password is checked: the id of that row, or the refusal. Attempts of one client are
 * admitted one at a time (a transaction-scoped advisory lock on its key), so requests sent
 * together each see the others' rows and at most LOCK_AFTER_FAILURES passwords are ever checked
 * for a pair, IP_FAILURE_LIMIT for a client, within the window. The pair lives inside its
 * client, so the client's lock serialises the pair's count too.
 */
export async function admitAttempt(db: Db, username: string, client: string) {
  return mutate(signInCtx(db), async (w) => {
    leavesReadCaches(w);
    const tx = w.db;
    // Two-key form: its key space is apart from single-key advisory locks anyone else takes.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('login'), hashtext(${client}))`);
    if ((await clientFailures(tx, client)) >= IP_FAILURE_LIMIT) return { refused: new AppError('rate_limited') };
    const lock = (await loginLocks(tx, [username], client)).get(username);
    // clock_timestamp(): rows are ordered as they were admitted, not as their transactions began.
    const [attempt] = await tx
      .insert(loginAttempts)
      .values({ ip: client, username, success: false, at: sql`clock_timestamp()` })
      .returning({ id: loginAttempts.id });
    // A locked pair's attempt still counts, so guessing on keeps the lock.
    if (lock) return { refused: lockedError(lock.until) };
    return { attemptId: attempt.id };
  });
}

/**
 * The admissions of one client in this process, one after another. Waiting on the advisory lock
 * holds a database connection, so without this queue one client's flood of sign-ins would fill the
 * pool and every other request would wait behind it. The advisory lock still orders admissions
 * across instances; this only keeps the waiting in memory.
 */
const admissionQueues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(client: string, admit: () => Promise<T>): Promise<T> {
  const previous = admissionQueues.get(client) ?? Promise.resolve();
  const run = previous.then(admit, admit);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  admissionQueues.set(client, settled);
  void settled.then(() => {
    if (admissionQueues.get(client) === settled) admissionQueues.delete(client);
  });
  return run;
}

export async function attemptLogin(
  db: Db,
  input: { username: string; password: string; ip: string },
  verify: Verify = verifyPassword,
) {
  const client = clientKey(input.ip);
  const admitted = await oneAtATime(client, () => admitAttempt(db, input.username, client));
  if ('refused' in admitted) throw admitted.refused;

  const [user] = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  const matches = await verify(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !user.active || !matches) {
    const nowLocked = (await loginLocks(db, [input.username], client)).get(input.username);
    if (nowLocked) throw lockedError(nowLocked.until);
    throw new AppError('login_failed');
  }
  await mutate(signInCtx(db), async (w) => {
    leavesReadCaches(w);
    await w.db.update(loginAttempts).set({ success: true }).where(eq(loginAttempts.id, admitted.attemptId));
  });
  return user;
}

/** Before sign-in there is no actor; what is written then (attempts) no cached read shows. */
const signInCtx = (db: Db): Ctx => systemCtx(db, 'sign-in');

/**
 * Ends a session. Filed under the user's own region, so the lists and dashboards of other regions
 * stay cached; cached sessions cover no region, so any write drops them, this one's included.
 */
export async function signOut(ctx: Ctx, sessionId: string) {
  await mutate(ctx, async (w) => {
    await w.db.delete(sessions).where(eq(sessions.id, sessionId));
    await writeAudit(w, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: ctx.actor.id,
      entityName: userEntityName(ctx.actor),
      regionCode: homeRegion(ctx.actor),
    });
  });
}

/**
 * The user's language and the names of the regions of their grants, in one statement prepared once
 * per database: the web app asks for it on every page load.
 */
function meQuery(db: Db) {
  return db
    .select({
      locale: users.locale,
      regionNames: sql<[string, string][] | string>`coalesce((select json_agg(json_build_array(r.code, r.name)) from ${regions} r where r.code = any(${sql.placeholder('regionCodes')}::text[])), '[]'::json)`,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('shuniu_describe_me');
}
const meQueries = new WeakMap<object, ReturnType<typeof meQuery>>();

/**
 * The permissions a set of roles adds up to, worked out once per set. Keyed by how many permissions
 * are declared too: a domain declaring its own later (a test's notice board) makes a new entry.
 */
const permissionsByRoles = new Map<string, Permission[]>();
function permissionsOfRoles(roles: readonly Role[]): Permission[] {
  const declared = declaredPermissions();
  const key = `${declared.length}:${[...new Set(roles)].sort().join(',')}`;
  let permissions = permissionsByRoles.get(key);
  if (!permissions) {
    permissions = declared.filter((p) => roles.some((role) => roleHas(role, p)));
    if (permissionsByRoles.size >= 1_000) permissionsByRoles.clear();
    permissionsByRoles.set(key, permissions);
  }
  return permissions;
}

/** The signed-in user as the web app needs it: grants with names, and the permissions they add up to. */
export async function describeMe(db: Db, actor: Actor) {
  let query = meQueries.get(db);
  if (!query) meQueries.set(db, (query = meQuery(db)));
  const regionCodes = [...new Set(actor.grants.map((g) => g.regionCode))];
  const orgIds = actor.grants.map((g) => g.organizationId).filter((x): x is string => !!x);
  const [user] = await query.execute({ userId: actor.id, regionCodes });
  const pairs = user ? (typeof user.regionNames === 'string' ? (JSON.parse(user.regionNames) as [string, string][]) : user.regionNames) : [];
  const regionName = new Map(pairs);
  const orgName = orgIds.length ? await organizationNames(db, orgIds) : new Map<string, string>();
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    locale: user?.locale ?? 'zh-CN',
    permissions: permissionsOfRoles(actor.grants.map((g) => g.role as Role)),
    grants: actor.grants.map((g) => ({
      id: g.id,
      role: g.role,
      regionCode: g.regionCode,
      regionName: regionName.get(g.regionCode) ?? null,
      organizationId: g.organizationId,
      organizationName: g.organizationId ? (orgName.get(g.organizationId) ?? null) : null,
    })),
  };
}

export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('validation', {}, [{ field: 'currentPassword', problem: 'password_wrong' }]);
  }
  if (!isStrongPassword(input.newPassword)) {
    throw new AppError('validation', {}, [{ field: 'newPassword', problem: 'password_weak' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await mutate(ctx, async (w) => {
    const tx = w.db;
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    // Other sessions end when the password changes.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : sql`true`));
    await writeAudit(w, {
      action: 'user.password.change',
      entityType: 'user',
      entityId: user.id,
      entityName: userEntityName(user),
      regionCode: user.homeRegionCode,
    });
  });
}

export async function setLocale(ctx: Ctx, locale: string) {
  await mutate(ctx, async (w) => {
    const tx = w.db;
    const [before] = await tx.select({ locale: users.locale, region: users.homeRegionCode }).from(users).where(eq(users.id, ctx.actor.id));
    await tx.update(users).set({ locale }).where(eq(users.id, ctx.actor.id));
    await writeAudit(w, {
      action: 'user.locale.set',
      entityType: 'user',
      entityId: ctx.actor.id,
      entityName: userEntityName(ctx.actor),
      regionCode: before?.region,
      before: { locale: before?.locale },
      after: { locale },
    });
  });
}

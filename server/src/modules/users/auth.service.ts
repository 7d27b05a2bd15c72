import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { PERMISSIONS, roleHas, type Role } from '../../../../shared/roles.js';
import type { Actor } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { loginAttempts, regions, sessions, users } from '../../core/core.tables.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { registryOrganizations } from '../registry/registry.tables.js';
import { hashPassword, isStrongPassword, verifyPassword } from './password.js';

/**
 * Failed sign-ins are counted per account AND client address (login_attempts rows of one username
 * from one ip, since that pair's last success, within the window). Five lock that pair only: an
 * attacker elsewhere cannot lock the owner out, and the owner's right password from another
 * address still works. Unknown usernames are counted the same way, so the lock says nothing about
 * which names exist. Guessing across many addresses is slowed by the per-address limit below.
 * (The users.failed_logins / locked_until columns are no longer written on failure: an extra
 * write only for known names would tell them apart by timing.)
 */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Failed sign-ins one address may make in the window, whatever the names, before it is refused. */
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MINUTES = 15;

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

/** When the (username, ip) pair's lock ends, or null when it is not locked. */
async function pairLockedUntil(db: Db, username: string, ip: string): Promise<Date | null> {
  const since = new Date(Date.now() - LOCK_MINUTES * 60_000);
  const lastSuccess = db
    .select({ at: sql`max(${loginAttempts.at})` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip), eq(loginAttempts.success, true)));
  const failures = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.ip, ip),
        eq(loginAttempts.username, username),
        eq(loginAttempts.success, false),
        gt(loginAttempts.at, since),
        sql`${loginAttempts.at} > coalesce((${lastSuccess}), '-infinity'::timestamptz)`,
      ),
    )
    .orderBy(desc(loginAttempts.at))
    .limit(LOCK_AFTER_FAILURES);
  if (failures.length < LOCK_AFTER_FAILURES) return null;
  // The pair is free again once the oldest of its last five failures leaves the window.
  return new Date(failures[LOCK_AFTER_FAILURES - 1].at.getTime() + LOCK_MINUTES * 60_000);
}

function lockedError(until: Date) {
  return new AppError('login_locked', { minutes: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000)) });
}

export async function attemptLogin(
  db: Db,
  input: { username: string; password: string; ip: string },
  verify: Verify = verifyPassword,
) {
  const since = new Date(Date.now() - IP_WINDOW_MINUTES * 60_000);
  const [{ failures }] = await db
    .select({ failures: sql<number>`count(*)::int` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.success, false), gt(loginAttempts.at, since)));
  if (failures >= IP_FAILURE_LIMIT) throw new AppError('rate_limited');

  const recordFailure = () => db.insert(loginAttempts).values({ ip: input.ip, username: input.username, success: false });
  const lockedUntil = await pairLockedUntil(db, input.username, input.ip);
  if (lockedUntil) {
    await recordFailure();
    throw lockedError(lockedUntil);
  }

  const [user] = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  const matches = await verify(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !user.active || !matches) {
    await recordFailure();
    const nowLocked = await pairLockedUntil(db, input.username, input.ip);
    if (nowLocked) throw lockedError(nowLocked);
    throw new AppError('login_failed');
  }
  await db.insert(loginAttempts).values({ ip: input.ip, username: input.username, success: true });
  // Left over from the account-wide lock this replaced.
  if (user.failedLogins > 0 || user.lockedUntil) {
    await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  }
  return user;
}

export async function destroySession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** The signed-in user as the web app needs it: grants with names, and the permissions they add up to. */
export async function describeMe(db: Db, actor: Actor) {
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  const regionCodes = [...new Set(actor.grants.map((g) => g.regionCode))];
  const orgIds = actor.grants.map((g) => g.organizationId).filter((x): x is string => !!x);
  const regionRows = regionCodes.length
    ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, regionCodes))
    : [];
  const orgRows = orgIds.length
    ? await db
        .select({ id: registryOrganizations.id, name: registryOrganizations.name })
        .from(registryOrganizations)
        .where(inArray(registryOrganizations.id, orgIds))
    : [];
  const regionName = new Map(regionRows.map((r) => [r.code, r.name]));
  const orgName = new Map(orgRows.map((r) => [r.id, r.name]));
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    locale: user?.locale ?? 'zh-CN',
    permissions: PERMISSIONS.filter((p) => actor.grants.some((g) => roleHas(g.role as Role, p))),
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
  db: Db,
  ctx: { actor: Actor; requestId: string },
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
) {
  const [user] = await db.select().from(users).where(eq(users.id, ctx.actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('validation', {}, [{ field: 'currentPassword', problem: 'password_wrong' }]);
  }
  if (!isStrongPassword(input.newPassword)) {
    throw new AppError('validation', {}, [{ field: 'newPassword', problem: 'password_weak' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    // Other sessions end when the password changes.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : sql`true`));
    await writeAudit(tx, ctx, {
      action: 'user.password.change',
      entityType: 'user',
      entityId: user.id,
      regionCode: user.homeRegionCode,
    });
  });
}

export async function setLocale(db: Db, ctx: { actor: Actor; requestId: string }, locale: string) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ locale: users.locale, region: users.homeRegionCode }).from(users).where(eq(users.id, ctx.actor.id));
    await tx.update(users).set({ locale }).where(eq(users.id, ctx.actor.id));
    await writeAudit(tx, ctx, {
      action: 'user.locale.set',
      entityType: 'user',
      entityId: ctx.actor.id,
      regionCode: before?.region,
      before: { locale: before?.locale },
      after: { locale },
    });
  });
}

import { and, eq, gt, sql } from 'drizzle-orm';
import { loginAttempts } from '../../core/core.tables.js';
import { rowsOf, type DbOrTx } from '../../db/client.js';

/**
 * Failed sign-ins are counted per account AND client (login_attempts rows of one username from
 * one client key, since that pair's last success, within the window). Five lock that pair only:
 * an attacker elsewhere cannot lock the owner out, and the owner's right password from another
 * client still works. Unknown usernames are counted the same way, so the lock says nothing about
 * which names exist. Guessing across many names is slowed by the per-client limit below.
 * `login_attempts.ip` holds the client key (see client-key.ts), not the raw address.
 */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** Failed sign-ins one client may make in the window, whatever the names, before it is refused. */
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MINUTES = 15;

export interface LoginLock {
  /** When the last of the account's locked (username, client) pairs is free again. */
  until: Date;
  /** From how many clients the account is locked. */
  clients: number;
}

/**
 * The sign-in locks of these usernames, one grouped query: a username is absent when no pair of
 * it is locked. A pair is free again once the oldest of its last five failures leaves the window.
 * With `client`, only that client's pair is looked at.
 */
export async function loginLocks(db: DbOrTx, usernames: string[], client?: string): Promise<Map<string, LoginLock>> {
  if (!usernames.length) return new Map();
  // One jsonb parameter, not one parameter per name: an export lists up to 50,000 accounts.
  const names = JSON.stringify([...new Set(usernames)]);
  const rows = rowsOf<{ username: string; until: string; clients: number }>(
    await db.execute(sql`
      with recent as (
        select username, ip, at, success,
               max(at) filter (where success) over (partition by username, ip) as last_success
        from ${loginAttempts}
        where username in (select jsonb_array_elements_text(${names}::jsonb))
          ${client === undefined ? sql`` : sql`and ip = ${client}`}
          and at > now() - make_interval(mins => ${LOCK_MINUTES})
      ), failures as (
        select username, at, row_number() over (partition by username, ip order by at desc) as nth
        from recent
        where not success and at > coalesce(last_success, '-infinity'::timestamptz)
      )
      select username,
             to_json(max(at) + make_interval(mins => ${LOCK_MINUTES})) #>> '{}' as until,
             count(*)::int as clients
      from failures
      where nth = ${LOCK_AFTER_FAILURES}
      group by username`),
  );
  return new Map(rows.map((r) => [r.username, { until: new Date(r.until), clients: r.clients }]));
}

/** Failed sign-ins of one client within its window, whatever the names. */
export async function clientFailures(db: DbOrTx, client: string): Promise<number> {
  const [{ failures }] = await db
    .select({ failures: sql<number>`count(*)::int` })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.ip, client),
        eq(loginAttempts.success, false),
        gt(loginAttempts.at, sql`now() - make_interval(mins => ${IP_WINDOW_MINUTES})`),
      ),
    );
  return failures;
}

/**
 * Forgets an account's failed sign-ins, from every client: an administrator's password reset or
 * re-activation (itself audited) lifts the locks. login_attempts is a counter, not an audit trail.
 */
export async function forgetFailedLogins(db: DbOrTx, username: string) {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.success, false)));
}

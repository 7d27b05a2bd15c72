import { lt, sql, type SQL } from 'drizzle-orm';
import { loginAttempts, sessions } from '../core/core.tables.js';
import { rowsOf, type Database } from './client.js';

/** Sign-in attempts only lock for minutes; kept this long for anyone looking into an attack. */
export const LOGIN_ATTEMPTS_KEPT_DAYS = 90;
const HOUSEKEEPING_EVERY_MS = 6 * 3600_000;

/**
 * Rows that only ever grow and stop mattering: expired sessions and old sign-in attempts. Deleting
 * them twice (two instances on one server) is harmless, so this needs no coordination.
 */
export async function pruneExpired(database: Database, now = new Date()) {
  const attemptsBefore = new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_DAYS * 24 * 3600_000);
  // Counted in the database: after an attack the first pass may delete millions of rows.
  const count = async (deleted: SQL) =>
    rowsOf<{ n: number }>(await database.db.execute(sql`with d as (${deleted} returning 1) select count(*)::int as n from d`))[0].n;
  return {
    loginAttempts: await count(sql`delete from ${loginAttempts} where ${lt(loginAttempts.at, attemptsBefore)}`),
    sessions: await count(sql`delete from ${sessions} where ${lt(sessions.expiresAt, now)}`),
  };
}

/** Runs pruneExpired soon after start-up and every six hours, on either engine. Returns a function that stops it. */
export async function startHousekeeping(database: Database, onError: (err: unknown) => void): Promise<() => void> {
  // Not awaited: after an attack the first pass may delete millions of rows, and start-up need not wait.
  void pruneExpired(database).catch(onError);
  const timer = setInterval(() => void pruneExpired(database).catch(onError), HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

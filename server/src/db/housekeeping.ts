import { lt, sql, type SQL } from 'drizzle-orm';
import { loginAttempts, sessions } from '../core/core.tables.js';
import type { Job } from '../core/jobs/scheduler.js';
import { leavesReadCaches } from '../core/write-unit.js';
import { rowsOf, type DbOrTx } from './client.js';

/** Sign-in attempts only lock for minutes; kept this long for anyone looking into an attack. */
export const LOGIN_ATTEMPTS_KEPT_DAYS = 90;

/** Rows that only ever grow and stop mattering: expired sessions and old sign-in attempts. */
export async function pruneExpired(db: DbOrTx, now = new Date()) {
  const attemptsBefore = new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_DAYS * 24 * 3600_000);
  // Counted in the database: after an attack the first pass may delete millions of rows.
  const count = async (deleted: SQL) =>
    rowsOf<{ n: number }>(await db.execute(sql`with d as (${deleted} returning 1) select count(*)::int as n from d`))[0].n;
  return {
    loginAttempts: await count(sql`delete from ${loginAttempts} where ${lt(loginAttempts.at, attemptsBefore)}`),
    sessions: await count(sql`delete from ${sessions} where ${lt(sessions.expiresAt, now)}`),
  };
}

/** Every six hours, and at start-up when the last slot's run did not happen (core/jobs). */
export const housekeepingJob: Job = {
  name: 'housekeeping',
  schedule: { every: 'hours', hours: 6 },
  async run(ctx) {
    // No cached read shows either table: a cached session past its expiry is refused on its own.
    leavesReadCaches(ctx);
    return pruneExpired(ctx.db, ctx.now);
  },
};

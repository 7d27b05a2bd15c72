import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

const EMBEDDED_VACUUM_EVERY_MS = 6 * 3600_000;

/**
 * The embedded database has no autovacuum worker, so nothing would ever refresh the planner's
 * statistics or reclaim dead rows; the planner then picks plans for a register of yesterday's size.
 * This does that work at start-up and every six hours. A PostgreSQL server does it on its own.
 * Returns a function that stops the schedule.
 */
export async function startEmbeddedMaintenance(database: Database, onError: (err: unknown) => void): Promise<() => void> {
  if (database.engine !== 'pglite') return () => undefined;
  // VACUUM as well as ANALYZE: it sets the visibility map, without which a capped count cannot be
  // an index-only scan (measured: 11 ms → 4 ms on 200,000 rows; the vacuum itself took 1.2 s).
  await database.db.execute(sql`vacuum (analyze)`);
  const timer = setInterval(() => {
    database.db.execute(sql`vacuum (analyze)`).catch(onError);
  }, EMBEDDED_VACUUM_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

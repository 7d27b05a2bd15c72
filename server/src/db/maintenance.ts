import { sql } from 'drizzle-orm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertBackupSupported, createBackup, listBackups } from './backup.js';
import type { Database } from './client.js';

export const EMBEDDED_VACUUM_EVERY_MS = 6 * 3600_000;

export interface MaintenanceOptions {
  /**
   * A file that keeps the time of the last run across restarts (the database's own activity
   * statistics do not survive a PGlite restart). With it, a start within six hours of the last run
   * skips the run and keeps the schedule; without it, every start runs it.
   */
  stampFile?: string;
  now?: () => Date;
}

/**
 * The stamp lives in the database's own folder, so it travels with it: a restored or copied folder
 * carries the time its own statistics were taken, and a new one has none (PostgreSQL ignores a file
 * it does not know there).
 */
export const maintenanceStampFor = (pgliteDir: string) => path.join(pgliteDir, 'shuniu-maintenance.json');

/** When the next run is due, from the last one: now (0) when unknown or overdue. */
export function nextMaintenanceDelay(last: Date | undefined, now: Date, intervalMs = EMBEDDED_VACUUM_EVERY_MS): number {
  if (!last || last.getTime() > now.getTime()) return 0;
  return Math.max(0, last.getTime() + intervalMs - now.getTime());
}

function readStamp(file: string | undefined): Date | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    const at = new Date((JSON.parse(readFileSync(file, 'utf8')) as { lastRun?: string }).lastRun ?? '');
    return Number.isNaN(at.getTime()) ? undefined : at;
  } catch {
    // A torn or hand-edited file: run, and write it anew.
    return undefined;
  }
}

/**
 * The embedded database has no autovacuum worker, so nothing would ever refresh the planner's
 * statistics or reclaim dead rows; the planner then picks plans for a register of yesterday's size.
 * This does that work every six hours, and at start-up when the last run (per `stampFile`) is older
 * than that: restarts in a row do not each pay for it. A PostgreSQL server does it on its own.
 * Returns a function that stops the schedule.
 */
export async function startEmbeddedMaintenance(
  database: Database,
  onError: (err: unknown) => void,
  options: MaintenanceOptions = {},
): Promise<() => void> {
  if (database.engine !== 'pglite') return () => undefined;
  const now = options.now ?? (() => new Date());
  // VACUUM as well as ANALYZE: it sets the visibility map, without which a capped count cannot be
  // an index-only scan (measured: 11 ms → 4 ms on 200,000 rows; the vacuum itself took 1.2 s).
  // Both persist in the database, so a run before the restart still serves after it.
  const run = async () => {
    await database.db.execute(sql`vacuum (analyze)`);
    if (options.stampFile) {
      mkdirSync(path.dirname(options.stampFile), { recursive: true });
      writeFileSync(options.stampFile, JSON.stringify({ lastRun: now().toISOString() }) + '\n');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const plan = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      run()
        .catch(onError)
        .finally(() => plan(EMBEDDED_VACUUM_EVERY_MS));
    }, delayMs);
    timer.unref();
  };
  const delay = nextMaintenanceDelay(readStamp(options.stampFile), now());
  // Due at start-up: before the first request, so that its plans are the right ones.
  if (delay === 0) await run();
  plan(delay === 0 ? EMBEDDED_VACUUM_EVERY_MS : delay);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The first scheduled backup waits this long after start-up, so restarts in a row do not each dump the database. */
export const FIRST_BACKUP_DELAY_MS = 10 * 60_000;

/** When the next scheduled backup is due: an interval after the newest one, but not before the start-up delay. */
export function nextBackupDelay(newest: Date | undefined, intervalMs: number, now = new Date()): number {
  const due = newest ? newest.getTime() + intervalMs - now.getTime() : 0;
  return Math.max(FIRST_BACKUP_DELAY_MS, due);
}

export interface BackupSchedule {
  root: string;
  filesDir: string;
  keep: number;
  everyHours: number;
}

/**
 * Backs the embedded database up every `everyHours` hours (0: never), inside the server process:
 * PGlite is single-process, so no other process may open its folder while the server runs. A
 * PostgreSQL server is backed up with its own tools. Returns a function that stops the schedule
 * and waits for a backup under way.
 */
export function startScheduledBackups(
  database: Database,
  schedule: BackupSchedule,
  log: { info: (msg: string) => void; error: (err: unknown) => void },
): () => Promise<void> {
  if (database.engine !== 'pglite' || schedule.everyHours === 0) return async () => undefined;
  // At start-up, not at the first backup hours later.
  assertBackupSupported(database);
  const intervalMs = schedule.everyHours * 3600_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;
  const plan = (delayMs: number) => {
    timer = setTimeout(() => {
      running = createBackup(database, schedule)
        .then((b) => log.info(`database backup written to ${b.path}`))
        .catch(log.error)
        .finally(() => {
          running = null;
          if (!stopped) plan(intervalMs);
        });
    }, delayMs);
    timer.unref();
  };
  plan(nextBackupDelay(listBackups(schedule.root).at(-1)?.createdAt, intervalMs));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

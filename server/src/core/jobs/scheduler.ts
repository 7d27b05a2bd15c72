import { and, eq, sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../actor.js';
import { writeAudit } from '../audit.js';
import { leavesReadCaches, mutate, systemActor, type WriteCtx, type WriteSink } from '../write-unit.js';
import { rowsOf, type Db } from '../../db/client.js';
import { systemClock, type Clock } from './clock.js';
import { jobRuns } from './jobs.tables.js';
import { assertSchedule, latestDue, nextDue, type Due, type Schedule } from './schedule.js';

/** What a job's `run` gets: the write unit of its run (its writes commit with the run's record), and what it runs for. */
export type JobCtx = WriteCtx & {
  job: string;
  /** The period this run is for (see schedule.ts), e.g. "2026-05" for a monthly job. */
  period: string;
  dueAt: Date;
  /** The scheduler clock's time when the run started (a test's fake time, in tests). */
  now: Date;
};

export interface Job {
  /** Stable: with the period, it is the key of a run. */
  name: string;
  schedule: Schedule;
  /** Does the work through `ctx` (services joining the write unit); returns counts for the run's record. */
  run(ctx: JobCtx): Promise<Record<string, unknown> | void>;
}

export interface JobLog {
  ran(job: string, period: string): void;
  failed(job: string, period: string, err: unknown): void;
}

export interface SchedulerDeps {
  db: Db;
  writes: WriteSink;
  jobs: readonly Job[];
  clock?: Clock;
  log?: JobLog;
  /** How long after a failed run it is tried again (within its period). */
  retryMs?: number;
}

export type RunOutcome =
  /** This call ran the job for the period. */
  | 'ran'
  /** The period had run already (here, or on another instance). */
  | 'done'
  /** Another instance is running the job right now. */
  | 'busy';

export const RETRY_AFTER_FAILURE_MS = 15 * 60_000;
/**
 * The longest single wait: Node's timers cannot wait a month (they cap at 24.8 days), and a wall
 * clock set forward or back is noticed within this. A wake-up in a period already run costs nothing.
 */
const MAX_WAIT_MS = 3600_000;
/** The first key of every advisory lock the scheduler takes (the second is the job's name, hashed). */
const LOCK_SPACE = 0x53484e55; // "SHNU"

/** The actor of a job's writes: no user; audit rows name the job. */
export function jobActor(name: string): Actor {
  return systemActor(`job:${name}`);
}

/**
 * Runs `job` for its latest due period unless that period has run, once across every instance on
 * the database: the run's row (primary key job + period) is inserted in the same transaction as
 * the job's writes. A transaction-scoped advisory lock, tried first, lets a second instance skip
 * at once instead of waiting on the first one's row for the length of the run. Both work alike on
 * PGlite and PostgreSQL. A failure rolls everything back, the row included, and is thrown.
 */
export async function runJobOnce(deps: Pick<SchedulerDeps, 'db' | 'writes' | 'clock'>, job: Job, due?: Due): Promise<RunOutcome> {
  const clock = deps.clock ?? systemClock;
  const now = clock.now();
  const { at: dueAt, period } = due ?? latestDue(job.schedule, now);
  const ctx: Ctx = { db: deps.db, actor: jobActor(job.name), locale: 'zh-CN', requestId: `job:${job.name}:${period}`, writes: deps.writes };
  return mutate(ctx, async (w) => {
    // The scheduler's own rows (lock, claim, record) change nothing a cached read shows; the job's
    // work runs as a part of its own below, which announces what it wrote unless it says otherwise.
    leavesReadCaches(w);
    const [lock] = rowsOf<{ got: boolean }>(await w.db.execute(sql`select pg_try_advisory_xact_lock(${LOCK_SPACE}, hashtext(${job.name})) as got`));
    if (!lock.got) return 'busy';
    const claimed = await w.db
      .insert(jobRuns)
      .values({ job: job.name, period, dueAt, startedAt: now })
      .onConflictDoNothing()
      .returning({ job: jobRuns.job });
    if (claimed.length === 0) return 'done';
    const result = (await mutate(w, (part) => job.run({ ...part, job: job.name, period, dueAt, now }))) ?? {};
    await w.db
      .update(jobRuns)
      .set({ finishedAt: clock.now(), result })
      .where(and(eq(jobRuns.job, job.name), eq(jobRuns.period, period)));
    await writeAudit(w, { action: 'job.run', entityType: 'job', entityId: `${job.name}:${period}`, after: { dueAt: dueAt.toISOString(), summary: JSON.stringify(result) } });
    return 'ran';
  });
}

export interface Scheduler {
  /** Resolves once no run is under way (tests wait on it after moving a fake clock). */
  idle(): Promise<void>;
  /** Cancels every timer and waits for a run under way. */
  stop(): Promise<void>;
}

/**
 * Starts every job: each runs at once for its latest due period if that has not run (a run
 * missed while the server was down is caught up, once), then at each due time.
 */
export function startScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? systemClock;
  const retryMs = deps.retryMs ?? RETRY_AFTER_FAILURE_MS;
  const names = new Set<string>();
  for (const job of deps.jobs) {
    assertSchedule(job.schedule);
    if (names.has(job.name)) throw new Error(`two jobs named ${job.name}`);
    names.add(job.name);
  }
  const timers = new Map<string, { cancel(): void }>();
  /** Per job, the latest period known to have run: a wake-up within it needs no database. */
  const settled = new Map<string, string>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const plan = (job: Job, waitMs: number) => {
    if (stopped) return;
    const untilDue = nextDue(job.schedule, clock.now()).getTime() - clock.now().getTime();
    timers.set(job.name, clock.after(Math.max(0, Math.min(waitMs, untilDue, MAX_WAIT_MS)), () => tick(job)));
  };

  const tick = (job: Job) => {
    if (stopped) return;
    const due = latestDue(job.schedule, clock.now());
    if (settled.get(job.name) === due.period) return plan(job, Infinity);
    const work = runJobOnce({ ...deps, clock }, job, due)
      .then(
        (outcome) => {
          if (outcome === 'busy') return plan(job, retryMs);
          if (outcome === 'ran') deps.log?.ran(job.name, due.period);
          settled.set(job.name, due.period);
          plan(job, Infinity);
        },
        (err) => {
          deps.log?.failed(job.name, due.period, err);
          plan(job, retryMs);
        },
      )
      .finally(() => running.delete(work));
    running.add(work);
  };

  for (const job of deps.jobs) tick(job);
  const idle = async () => {
    while (running.size) await Promise.allSettled([...running]);
  };
  return {
    idle,
    async stop() {
      stopped = true;
      for (const timer of timers.values()) timer.cancel();
      await idle();
    },
  };
}

/** A JobLog writing to the app's logger. */
export function jobLogTo(log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }): JobLog {
  return {
    ran: (job, period) => log.info({ job, period }, 'job ran'),
    failed: (job, period, err) => log.error({ err, job, period }, 'job failed'),
  };
}

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import { secondConnection } from '../../../test/test-db.js';
import { rowsOf, type Database } from '../../db/client.js';
import { writeAudit } from '../audit.js';
import { defineAuditEvents, registerAuditDomains } from '../audit-events.js';
import { auditLog } from '../core.tables.js';
import { leavesReadCaches } from '../write-unit.js';
import { FakeClock } from './clock.js';
import { jobRuns } from './jobs.tables.js';
import { runJobOnce, startScheduler, type Job, type JobLog, type Scheduler } from './scheduler.js';

let t: TestApp;
let second: Database | null;
beforeAll(async () => {
  t = await buildTestApp();
  second = await secondConnection(t.database);
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

// The test jobs' own writes: declared like any domain's.
registerAuditDomains([defineAuditEvents('scheduler-test', { 'test.job.work': { entity: 'test', label: { 'zh-CN': '测试', en: 'Test', 'zh-TW': '測試' } } })]);

let serial = 0;
/** A monthly job (25th, 09:00 in Shanghai = 01:00Z) that records each period it ran for and writes one audit row. */
function monthlyJob(options: { failFirst?: boolean; holdMs?: number } = {}) {
  const name = `test-monthly-${++serial}`;
  const periods: string[] = [];
  let failures = options.failFirst ? 1 : 0;
  const job: Job = {
    name,
    schedule: { every: 'month', day: 25, at: '09:00' },
    async run(ctx) {
      leavesReadCaches(ctx);
      await writeAudit(ctx, { action: 'test.job.work', entityType: 'test', entityId: ctx.period });
      if (options.holdMs) await ctx.db.execute(sql`select pg_sleep(${options.holdMs / 1000})`);
      if (failures > 0) {
        failures--;
        throw new Error('the job failed');
      }
      periods.push(ctx.period);
      return { worked: true };
    },
  };
  return { job, periods, name };
}

const runsOf = async (name: string) =>
  (await t.db.select({ period: jobRuns.period }).from(jobRuns).where(eq(jobRuns.job, name)).orderBy(jobRuns.period)).map((r) => r.period);

function schedulerOn(db: Database, clock: FakeClock, jobs: Job[], log?: JobLog): Scheduler {
  return startScheduler({ db: db.db, writes: t.app.writes, jobs, clock, log, retryMs: 15 * 60_000 });
}

const DAY = 24 * 3600_000;

describe('the job scheduler (fake clock)', () => {
  it('runs a monthly job on its due day, once a period, across month and year ends', async () => {
    const { job, periods, name } = monthlyJob();
    const clock = new FakeClock('2026-11-20T00:00:00Z');
    const s = schedulerOn(t.database, clock, [job]);
    await s.idle();
    // First start: October's run (25 October) never happened, so it is caught up.
    expect(periods).toEqual(['2026-10']);
    const settle = () => s.idle();
    await clock.advance(5 * DAY, settle); // 25 November 00:00Z: an hour before it is due
    expect(periods).toEqual(['2026-10']);
    await clock.advance(3600_000, settle); // 01:00Z = 09:00 in Shanghai
    expect(periods).toEqual(['2026-10', '2026-11']);
    await clock.advance(40 * DAY, settle); // through 25 December and into January
    expect(periods).toEqual(['2026-10', '2026-11', '2026-12']);
    await clock.advance(31 * DAY, settle);
    expect(periods).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);
    await s.stop();
    expect(clock.pending).toBe(0);
    expect(await runsOf(name)).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);

    // Written through the write unit: the job's own row and the run's row, by no user, naming the job.
    const audit = await t.db
      .select({ action: auditLog.action, actorId: auditLog.actorId, actorName: auditLog.actorName, entityId: auditLog.entityId, requestId: auditLog.requestId })
      .from(auditLog)
      .where(and(eq(auditLog.actorName, `job:${name}`), eq(auditLog.entityId, `${name}:2026-11`)));
    expect(audit).toEqual([{ action: 'job.run', actorId: null, actorName: `job:${name}`, entityId: `${name}:2026-11`, requestId: `job:${name}:2026-11` }]);
  });

  it('catches up a run missed while the server was down, once, on the next start', async () => {
    const { job, periods, name } = monthlyJob();
    const clock = new FakeClock('2026-05-26T00:00:00Z');
    let s = schedulerOn(t.database, clock, [job]);
    await s.idle();
    expect(periods).toEqual(['2026-05']);
    await s.stop();
    // Down from 26 May to 3 August: the runs of June and July were missed.
    clock.jump(69 * DAY);
    s = schedulerOn(t.database, clock, [job]);
    await s.idle();
    expect(periods).toEqual(['2026-05', '2026-07']);
    await s.stop();
    // Restarted again the same day: nothing more to catch up.
    s = schedulerOn(t.database, clock, [job]);
    await s.idle();
    await s.stop();
    expect(periods).toEqual(['2026-05', '2026-07']);
    expect(await runsOf(name)).toEqual(['2026-05', '2026-07']);
  });

  it('rolls a failed run back, its writes with it, and tries again later in the period', async () => {
    const { job, periods, name } = monthlyJob({ failFirst: true });
    const failed: string[] = [];
    const clock = new FakeClock('2026-05-26T00:00:00Z');
    const s = schedulerOn(t.database, clock, [job], { ran: () => undefined, failed: (j, period, err) => failed.push(`${j}:${period}:${(err as Error).message}`) });
    await s.idle();
    expect(failed).toEqual([`${name}:2026-05:the job failed`]);
    expect(await runsOf(name)).toEqual([]);
    const work = () => t.db.select().from(auditLog).where(and(eq(auditLog.action, 'test.job.work'), eq(auditLog.requestId, `job:${name}:2026-05`)));
    expect(await work()).toHaveLength(0);
    expect(periods).toEqual([]);
    await clock.advance(15 * 60_000, () => s.idle());
    await s.stop();
    expect(periods).toEqual(['2026-05']);
    expect(await runsOf(name)).toEqual(['2026-05']);
    // The second attempt's row only: the failed one's was rolled back with it.
    expect(await work()).toHaveLength(1);
  });

  it('runs a job once when two instances, each on its own connections, race for the same period', async () => {
    const { job, periods, name } = monthlyJob({ holdMs: 300 });
    const other = second ?? t.database; // PGlite is one process: the second scheduler shares its handle
    const clockA = new FakeClock('2026-05-25T01:00:00Z');
    const clockB = new FakeClock('2026-05-25T01:00:00Z');
    const a = schedulerOn(t.database, clockA, [job]);
    const b = schedulerOn(other, clockB, [job]);
    await Promise.all([a.idle(), b.idle()]);
    // The loser skipped (busy) or found the run done; either way a retry finds it done.
    await clockA.advance(DAY, () => a.idle());
    await clockB.advance(DAY, () => b.idle());
    await Promise.all([a.stop(), b.stop()]);
    expect(periods).toEqual(['2026-05']);
    expect(await runsOf(name)).toEqual(['2026-05']);

    // The same race one level down: exactly one of the two calls runs it.
    const race = monthlyJob({ holdMs: 300 });
    const clock = new FakeClock('2026-06-25T02:00:00Z');
    const outcomes = await Promise.all([
      runJobOnce({ db: t.db, writes: t.app.writes, clock }, race.job),
      runJobOnce({ db: other.db, writes: t.app.writes, clock }, race.job),
    ]);
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ran')[0]).toMatch(/^(busy|done)$/);
    expect(race.periods).toEqual(['2026-06']);
    expect(await runJobOnce({ db: other.db, writes: t.app.writes, clock }, race.job)).toBe('done');
  });

  it("announces only what a job's own work wrote: a period already done, or a job that leaves the caches, drops nothing cached", async () => {
    const announced: (readonly string[] | null)[] = [];
    const sink = { committed: async (p: readonly string[] | null) => void announced.push(p) };
    const { job } = monthlyJob();
    const due = { at: new Date('2031-03-25T01:00:00Z'), period: '2031-03' };
    expect(await runJobOnce({ db: t.db, writes: sink, clock: new FakeClock(new Date('2031-03-26T00:00:00Z')) }, job, due)).toBe('ran');
    expect(await runJobOnce({ db: t.db, writes: sink, clock: new FakeClock(new Date('2031-03-26T00:00:00Z')) }, job, due)).toBe('done');
    expect(announced).toEqual([]);
    // A job whose work may show in cached reads announces it, named by its audit rows.
    const writing: Job = {
      name: `test-writing-${++serial}`,
      schedule: job.schedule,
      async run(ctx) {
        await writeAudit(ctx, { action: 'test.job.work', entityType: 'test', entityId: ctx.period, regionCode: '110105001000' });
      },
    };
    expect(await runJobOnce({ db: t.db, writes: sink, clock: new FakeClock(new Date('2031-03-26T00:00:00Z')) }, writing, due)).toBe('ran');
    expect(announced).toEqual([['110105001']]);
  });

  it('refuses two jobs of one name and a schedule it cannot keep, before running anything', () => {
    const { job } = monthlyJob();
    const clock = new FakeClock('2026-05-25T01:00:00Z');
    expect(() => schedulerOn(t.database, clock, [job, job])).toThrow(/two jobs named/);
    expect(() => schedulerOn(t.database, clock, [{ ...job, name: 'bad', schedule: { every: 'month', day: 30, at: '09:00' } }])).toThrow(/invalid schedule/);
    expect(clock.pending).toBe(0);
  });
});

it('keeps run rows keyed by job and period (the database refuses a second one)', async () => {
  const row = { job: 'key-test', period: '2026-05', dueAt: new Date(), startedAt: new Date() };
  await t.db.insert(jobRuns).values(row);
  await expect(t.db.insert(jobRuns).values(row)).rejects.toThrow();
  expect(rowsOf(await t.db.execute(sql`select count(*)::int as n from job_runs where job = 'key-test'`))[0].n).toBe(1);
});

import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per job and period that ran. The primary key is the "once": the row is inserted in the
 * same transaction as the job's writes, so a run that failed leaves no row (and is tried again),
 * and a second instance's claim of the same period finds the row and does nothing.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    /** The period the run is for ('2026-05', '2026-05-25', '2026-05-25T06'); see core/jobs/schedule.ts. */
    period: text('period').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** What the run did (counts), as the job reported it. */
    result: jsonb('result').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ name: 'job_runs_pk', columns: [t.job, t.period] })],
);

import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CalendarDayKind, CalendarYearStatus } from '../../../../shared/calendar/schemas.js';
import { users } from '../../core/core.tables.js';

/**
 * The exceptions to "Monday to Friday are working days" in China: a public holiday on a weekday,
 * or a make-up working day (调休) on a weekend. Ordinary weekdays and weekends are not stored.
 */
export const workCalendarDays = pgTable(
  'work_calendar_days',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').$type<CalendarDayKind>().notNull(),
    /** 春节, 春节调休 … as the State Council's notice names it. */
    name: text('name').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('work_calendar_days_kind', sql`${t.kind} in ('holiday', 'workday')`)],
);

/** Whether a year's days follow the published notice ('official') or are a forecast an admin must confirm. */
export const workCalendarYears = pgTable(
  'work_calendar_years',
  {
    year: integer('year').primaryKey(),
    status: text('status').$type<CalendarYearStatus>().notNull(),
    /** Where the days come from: the notice's number, or what remains to be confirmed. */
    source: text('source').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('work_calendar_years_status', sql`${t.status} in ('official', 'provisional')`)],
);

import { and, asc, between, eq, gte, lte } from 'drizzle-orm';
import {
  CALENDAR_YEAR_MAX,
  CALENDAR_YEAR_MIN,
  ZCalendarDate,
  type CalendarDayKind,
  type CalendarYearStatus,
  type TCalendarDay,
  type TCalendarDayBody,
  type TCalendarYear,
  type TCalendarYearBody,
} from '../../../../shared/calendar/schemas.js';
import type { Ctx } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { mutate } from '../../core/write-unit.js';
import type { DbOrTx } from '../../db/client.js';
import { invalidField } from '../../errors.js';
import { workCalendarDays, workCalendarYears } from './calendar.tables.js';

/*
 * The working-day calendar of China: Monday to Friday work, Saturday and Sunday rest, except the
 * days stored — public holidays, and the weekend days worked instead (调休) —, as the State
 * Council's notice sets them each year. Dates are China dates, 'YYYY-MM-DD' strings.
 */

const DAY_MS = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (time: number) => new Date(time).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => toDate(toTime(date) + days * DAY_MS);
/** 0 Sunday … 6 Saturday. */
export const weekdayOf = (date: string) => new Date(toTime(date)).getUTCDay();
const isWeekend = (date: string) => weekdayOf(date) === 0 || weekdayOf(date) === 6;

/** A date the calendar can answer for, or a 400 naming the caller's field. */
function checkDate(field: string, date: string) {
  if (!ZCalendarDate.safeParse(date).success) {
    throw invalidField(field, 'calendar_date', { min: `${CALENDAR_YEAR_MIN}-01-01`, max: `${CALENDAR_YEAR_MAX}-12-31` });
  }
}

/** The stored exceptions between two dates (inclusive), by date. */
async function exceptions(db: DbOrTx, from: string, to: string): Promise<Map<string, CalendarDayKind>> {
  const rows = await db
    .select({ date: workCalendarDays.date, kind: workCalendarDays.kind })
    .from(workCalendarDays)
    .where(between(workCalendarDays.date, from, to));
  return new Map(rows.map((r) => [r.date, r.kind]));
}

const working = (date: string, stored: Map<string, CalendarDayKind>) => {
  const kind = stored.get(date);
  return kind ? kind === 'workday' : !isWeekend(date);
};

export async function isWorkingDay(db: DbOrTx, date: string, opts: { field?: string } = {}): Promise<boolean> {
  checkDate(opts.field ?? 'date', date);
  return working(date, await exceptions(db, date, date));
}

/**
 * The n-th working day after `fromDate`, counting from the next day (a 公示 published on the 12th
 * with five working days for objections ends on the fifth working day after the 12th). n = 0
 * answers `fromDate` itself.
 */
export async function addWorkingDays(db: DbOrTx, fromDate: string, n: number, opts: { field?: string } = {}): Promise<string> {
  checkDate(opts.field ?? 'fromDate', fromDate);
  if (!Number.isSafeInteger(n) || n < 0 || n > 3650) throw invalidField('n', 'calendar_working_days', { max: 3650 });
  let day = fromDate;
  let left = n;
  // A window of days read at a time: the longest run of days off (春节, 9 days) fits many times over.
  while (left > 0) {
    const windowEnd = addDays(day, left * 2 + 30);
    if (windowEnd.slice(0, 4) > String(CALENDAR_YEAR_MAX)) throw invalidField(opts.field ?? 'fromDate', 'calendar_date', { min: `${CALENDAR_YEAR_MIN}-01-01`, max: `${CALENDAR_YEAR_MAX}-12-31` });
    const stored = await exceptions(db, addDays(day, 1), windowEnd);
    while (left > 0 && day < windowEnd) {
      day = addDays(day, 1);
      if (working(day, stored)) left--;
    }
  }
  return day;
}

/** How many working days lie after `fromDate` up to and including `toDate` (0 when toDate ≤ fromDate). */
export async function workingDaysBetween(db: DbOrTx, fromDate: string, toDate: string, opts: { fromField?: string; toField?: string } = {}): Promise<number> {
  checkDate(opts.fromField ?? 'fromDate', fromDate);
  checkDate(opts.toField ?? 'toDate', toDate);
  if (toDate <= fromDate) return 0;
  const stored = await exceptions(db, addDays(fromDate, 1), toDate);
  let count = 0;
  for (let day = addDays(fromDate, 1); day <= toDate; day = addDays(day, 1)) if (working(day, stored)) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------
// The admin's view and changes

type DayRow = typeof workCalendarDays.$inferSelect;
const presentDay = (r: DayRow): TCalendarDay => ({ date: r.date, kind: r.kind, name: r.name, weekday: weekdayOf(r.date), updatedAt: r.updatedAt.toISOString() });

export async function calendarYear(db: DbOrTx, year: number): Promise<TCalendarYear> {
  const [meta] = await db.select().from(workCalendarYears).where(eq(workCalendarYears.year, year));
  const days = await db
    .select()
    .from(workCalendarDays)
    .where(and(gte(workCalendarDays.date, `${year}-01-01`), lte(workCalendarDays.date, `${year}-12-31`)))
    .orderBy(asc(workCalendarDays.date));
  return { year, status: meta?.status ?? null, sourceNote: meta?.source ?? null, days: days.map(presentDay) };
}

/** The provisional note of a year an admin starts by hand. */
const HAND_ENTERED: Record<CalendarYearStatus, string> = {
  provisional: '由平台管理员录入，待放假安排通知发布后确认',
  official: '由平台管理员录入',
};

export async function putCalendarDay(ctx: Ctx, date: string, body: TCalendarDayBody): Promise<TCalendarDay> {
  // A weekday already works: storing it as a make-up day would say nothing, and hide a mistake.
  if (body.kind === 'workday' && !isWeekend(date)) throw invalidField('kind', 'calendar_workday_on_weekday');
  return mutate(ctx, async (w) => {
    const year = Number(date.slice(0, 4));
    await w.db.insert(workCalendarYears).values({ year, status: 'provisional', source: HAND_ENTERED.provisional, updatedBy: w.actor.id || null }).onConflictDoNothing();
    const [before] = await w.db.select().from(workCalendarDays).where(eq(workCalendarDays.date, date)).for('update');
    const values = { kind: body.kind, name: body.name, updatedBy: w.actor.id || null, updatedAt: new Date() };
    const [row] = await w.db
      .insert(workCalendarDays)
      .values({ date, ...values })
      .onConflictDoUpdate({ target: workCalendarDays.date, set: values })
      .returning();
    await writeAudit(w, {
      action: 'calendar.day.put',
      entityType: 'calendar_day',
      entityId: date,
      entityName: `${date} ${row.name}`,
      before: before ? { date, kind: before.kind, name: before.name } : null,
      after: { date, kind: row.kind, name: row.name },
    });
    return presentDay(row);
  });
}

/** Back to an ordinary weekday or weekend. Idempotent: a day not stored is already that, and nothing is logged. */
export async function deleteCalendarDay(ctx: Ctx, date: string) {
  return mutate(ctx, async (w) => {
    const [row] = await w.db.delete(workCalendarDays).where(eq(workCalendarDays.date, date)).returning();
    if (!row) return { ok: true as const };
    await writeAudit(w, { action: 'calendar.day.delete', entityType: 'calendar_day', entityId: date, entityName: `${date} ${row.name}`, before: { date, kind: row.kind, name: row.name } });
    return { ok: true as const };
  });
}

/** Marks a year official (its notice published and its days checked against it) or provisional again. */
export async function setCalendarYear(ctx: Ctx, year: number, body: TCalendarYearBody): Promise<TCalendarYear> {
  return mutate(ctx, async (w) => {
    const [before] = await w.db.select().from(workCalendarYears).where(eq(workCalendarYears.year, year)).for('update');
    const values = { status: body.status, source: body.sourceNote, updatedBy: w.actor.id || null, updatedAt: new Date() };
    await w.db.insert(workCalendarYears).values({ year, ...values }).onConflictDoUpdate({ target: workCalendarYears.year, set: values });
    await writeAudit(w, {
      action: 'calendar.year.set',
      entityType: 'calendar_year',
      entityId: String(year),
      entityName: String(year),
      before: before ? { year, status: before.status, source: before.source } : null,
      after: { year, status: body.status, source: body.sourceNote },
    });
    return calendarYear(w.db, year);
  });
}

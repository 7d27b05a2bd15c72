import { z } from 'zod';
import { text } from '../contract.js';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
/** holiday: a day off on a weekday (or a weekend inside a holiday); workday: a make-up working day (调休) on a weekend. */
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export const CALENDAR_YEAR_STATUSES = ['official', 'provisional'] as const;
export type CalendarYearStatus = (typeof CALENDAR_YEAR_STATUSES)[number];

/** The years the calendar keeps: wide enough for any deadline the platform counts. */
export const CALENDAR_YEAR_MIN = 2020;
export const CALENDAR_YEAR_MAX = 2100;

/** A real calendar date 'YYYY-MM-DD' (2026-02-30 is refused) inside the calendar's years. */
export const ZCalendarDate = z.iso.date().refine(
  (v) => {
    const y = Number(v.slice(0, 4));
    return y >= CALENDAR_YEAR_MIN && y <= CALENDAR_YEAR_MAX;
  },
  { message: 'date_range', params: { min: `${CALENDAR_YEAR_MIN}-01-01`, max: `${CALENDAR_YEAR_MAX}-12-31` } },
);

export const ZCalendarYearParams = z.object({ year: z.coerce.number().int().min(CALENDAR_YEAR_MIN).max(CALENDAR_YEAR_MAX) });
export const ZCalendarDayParams = z.object({ date: ZCalendarDate });

export const ZCalendarDayBody = z.object({
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: text(40).min(1),
});
export type TCalendarDayBody = z.infer<typeof ZCalendarDayBody>;

export const ZCalendarYearBody = z.object({
  status: z.enum(CALENDAR_YEAR_STATUSES),
  /** Where the days come from: the notice's number, or what remains to be confirmed. */
  sourceNote: text(200).min(1),
});
export type TCalendarYearBody = z.infer<typeof ZCalendarYearBody>;

export const ZCalendarDay = z.object({
  date: z.string(),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string(),
  /** 0 Sunday … 6 Saturday, so a page can say "周六调休上班" without date arithmetic. */
  weekday: z.number().int(),
  updatedAt: z.string(),
});
export type TCalendarDay = z.infer<typeof ZCalendarDay>;

export const ZCalendarYear = z.object({
  year: z.number().int(),
  /** null: nothing is stored for the year; every weekday counts as a working day until an admin adds its holidays. */
  status: z.enum(CALENDAR_YEAR_STATUSES).nullable(),
  sourceNote: z.string().nullable(),
  days: z.array(ZCalendarDay),
});
export type TCalendarYear = z.infer<typeof ZCalendarYear>;

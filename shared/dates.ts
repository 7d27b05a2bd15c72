import { z } from 'zod';

/**
 * Calendar dates of the register (founding, joining, meetings, grade validity). PostgreSQL refuses
 * year 0000 and an ISO check alone lets it through, so dates keep to a range no real record leaves.
 */
export const BUSINESS_DATE_MIN = '1900-01-01';
export const BUSINESS_DATE_MAX = '2100-12-31';

/** Today as a calendar date in China (UTC+8, no daylight saving): the day the centres live in. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function inRange(max: () => string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const upper = max();
    // ISO dates of one shape compare correctly as strings.
    if (value < BUSINESS_DATE_MIN || value > upper) {
      ctx.addIssue({ code: 'custom', message: 'date_range', params: { min: BUSINESS_DATE_MIN, max: upper } });
    }
  };
}

/** A date between 1900-01-01 and 2100-12-31; out of range is the problem `date_range`. */
export const ZBusinessDate = z.iso.date().superRefine(inRange(() => BUSINESS_DATE_MAX));

/** A date that has already happened (founded on, joined on): 1900-01-01 up to today. */
export const ZPastBusinessDate = z.iso.date().superRefine(inRange(() => todayInChina()));

/**
 * An instant (ISO 8601 with its offset: a deadline) whose China date lies in the same range. Year
 * 0000 and years past 9999 pass the ISO check but not PostgreSQL, which refused them without
 * naming the field; out of range is the problem `date_range`.
 */
export const ZBusinessInstant = z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
  // Runs on values the ISO check refused too: anything Date cannot shift by eight hours is out of
  // range; a year past 9999 reads "+010000-…", which sorts below "1900" like year 0000.
  const ms = Date.parse(value);
  const day = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 - 86_400_000 ? todayInChina(new Date(ms)) : '';
  if (day < BUSINESS_DATE_MIN || day > BUSINESS_DATE_MAX) {
    ctx.addIssue({ code: 'custom', message: 'date_range', params: { min: BUSINESS_DATE_MIN, max: BUSINESS_DATE_MAX } });
  }
});

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

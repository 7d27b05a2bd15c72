/**
 * The rounding rule of the hours ledger (V3).
 *
 * 《志愿服务记录与证明出具办法（试行）》(民政部令第67号, 2020) requires service time to be recorded
 * truthfully, by whoever organised the service, in hours, but fixes no rounding; neither does
 * 《志愿服务记录办法》(2012). The platform therefore applies one rule, the same for check-outs and
 * manual entries:
 *
 * 1. attended = check-out − check-in, clipped to the shift's own time when there is a shift
 *    (arriving early or staying late is not counted: the organiser vouches for the shift only);
 * 2. rounded DOWN to whole minutes: a record never states more than was served, and the check-in
 *    and check-out times are the platform's own (QR scans, staff on the list), exact to the minute
 *    — the national information system likewise records hours with decimals, not in blocks;
 * 3. under one minute counts nothing (no entry is made);
 * 4. never more than the shift's length, nor more than 24 hours for one entry.
 */
export const ROUNDING_STEP_MINUTES = 1;
export const MAX_ENTRY_MINUTES = 24 * 60;

export interface Period {
  startsAt: Date;
  endsAt: Date;
}

/** The attended period clipped to the shift's time (the whole period when there is no shift); null when nothing is left. */
export function clipToShift(attended: Period, shift?: Period | null): Period | null {
  const startsAt = shift && shift.startsAt > attended.startsAt ? shift.startsAt : attended.startsAt;
  const endsAt = shift && shift.endsAt < attended.endsAt ? shift.endsAt : attended.endsAt;
  return endsAt > startsAt ? { startsAt, endsAt } : null;
}

/** Whole counted minutes of a period under the rule above: 0 when under a minute. */
export function countedMinutes(period: Period): number {
  const raw = Math.floor((period.endsAt.getTime() - period.startsAt.getTime()) / 60_000);
  if (raw <= 0) return 0;
  const rounded = Math.floor(raw / ROUNDING_STEP_MINUTES) * ROUNDING_STEP_MINUTES;
  return Math.min(rounded, MAX_ENTRY_MINUTES);
}

/**
 * When a job is due, in Asia/Shanghai time. A small type of our own rather than cron expressions
 * (croner): the scheduler needs the *period* a due time belongs to — the key that makes a run
 * happen once — and the latest due time at or before now, to catch up a run missed while the
 * server was down; cron names neither. Asia/Shanghai has kept UTC+8 all year since 1991, so
 * local times are a fixed offset.
 */
export type Schedule =
  /** Monthly on `day` (1–28, so every month has it) at `at` ("HH:mm"); period "2026-05". */
  | { every: 'month'; day: number; at: string }
  /** Daily at `at` ("HH:mm"); period "2026-05-25". */
  | { every: 'day'; at: string }
  /** Every `hours` hours (a divisor of 24) from local midnight; period "2026-05-25T06". */
  | { every: 'hours'; hours: number };

export interface Due {
  at: Date;
  period: string;
}

const OFFSET_MS = 8 * 3600_000;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Refuses a declaration the functions below could not honour: a programming error, caught at start-up. */
export function assertSchedule(s: Schedule): void {
  const ok =
    s.every === 'month'
      ? Number.isInteger(s.day) && s.day >= 1 && s.day <= 28 && isTime(s.at)
      : s.every === 'day'
        ? isTime(s.at)
        : Number.isInteger(s.hours) && s.hours >= 1 && 24 % s.hours === 0;
  if (!ok) throw new Error(`invalid schedule ${JSON.stringify(s)}`);
}

const isTime = (at: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(at);
const hm = (at: string) => at.split(':').map(Number) as [number, number];

/** The instant of a local (Asia/Shanghai) date and time; months and days out of range roll over. */
const localInstant = (y: number, m: number, d: number, h: number, min: number) => Date.UTC(y, m, d, h, min) - OFFSET_MS;
/** The local calendar fields of an instant (read with getUTC*). */
const local = (ms: number) => new Date(ms + OFFSET_MS);

function monthDue(y: number, m: number, day: number, at: string): Due {
  const ms = localInstant(y, m, day, ...hm(at));
  const l = local(ms);
  return { at: new Date(ms), period: `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}` };
}

function dayDue(ms: number): Due {
  const l = local(ms);
  return { at: new Date(ms), period: `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}` };
}

function slotDue(ms: number): Due {
  const l = local(ms);
  return { at: new Date(ms), period: `${dayDue(ms).period}T${pad(l.getUTCHours())}` };
}

/** The latest due time at or before `now`, with its period. */
export function latestDue(s: Schedule, now: Date): Due {
  const t = now.getTime();
  const l = local(t);
  const [y, m, d] = [l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate()];
  if (s.every === 'month') {
    const thisMonth = monthDue(y, m, s.day, s.at);
    return thisMonth.at.getTime() <= t ? thisMonth : monthDue(y, m - 1, s.day, s.at);
  }
  if (s.every === 'day') {
    const today = localInstant(y, m, d, ...hm(s.at));
    return dayDue(today <= t ? today : today - DAY_MS);
  }
  const slot = s.hours * HOUR_MS;
  // Local midnights are whole days from the local epoch, and a slot divides a day.
  return slotDue(Math.floor((t + OFFSET_MS) / slot) * slot - OFFSET_MS);
}

/** The first due time after `now`. */
export function nextDue(s: Schedule, now: Date): Date {
  const latest = latestDue(s, now).at;
  if (s.every === 'month') {
    const l = local(latest.getTime());
    return monthDue(l.getUTCFullYear(), l.getUTCMonth() + 1, s.day, s.at).at;
  }
  return new Date(latest.getTime() + (s.every === 'day' ? DAY_MS : s.hours * HOUR_MS));
}

import dayjs, { type Dayjs } from 'dayjs';

/*
 * Shifts are instants; people read and pick them as China time (Asia/Shanghai), whatever the
 * browser's own zone.
 */
const CHINA = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

interface ChinaParts {
  date: string;
  time: string;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function chinaParts(iso: string): ChinaParts | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = Object.fromEntries(CHINA.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday: WEEKDAYS.indexOf(p.weekday) };
}

/** "2026-12-01 17:00" in China time; '—' when absent. */
export function chinaDateTime(iso: string | null | undefined): string {
  const p = iso ? chinaParts(iso) : null;
  return p ? `${p.date} ${p.time}` : '—';
}

/** "09:00" in China time. */
export function chinaClock(iso: string | null | undefined): string {
  const p = iso ? chinaParts(iso) : null;
  return p ? p.time : '—';
}

/** The China date of an instant, "2026-12-01". */
export function chinaDate(iso: string): string {
  return chinaParts(iso)?.date ?? iso;
}

/** A China wall time picked on a date and a clock, as an ISO instant with the +08:00 offset. */
export function chinaInstant(date: Dayjs, clock: Dayjs): string {
  return `${date.format('YYYY-MM-DD')}T${clock.format('HH:mm')}:00+08:00`;
}

/** The China wall time of an instant, as a picker value (its fields are what the picker shows). */
export function chinaPickerValue(iso: string): Dayjs {
  return dayjs(chinaDateTime(iso), 'YYYY-MM-DD HH:mm');
}

/** What a date-time picker shows, read as China wall time, as an ISO instant. */
export function fromChinaPicker(d: Dayjs): string {
  return `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** Whole hours and minutes of a span, for "3 小时 30 分". */
export function hoursMinutes(minutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

import dayjs, { type Dayjs } from 'dayjs';

/**
 * Deadlines are instants; people read and pick them as Beijing time (Asia/Shanghai), whatever the
 * browser's own zone.
 */
const CHINA = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-12-01 17:00" in China time; '—' when absent. */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = Object.fromEntries(CHINA.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The China wall time of an instant, as a picker value (its fields are what the picker shows). */
export function chinaPickerValue(iso: string | null | undefined): Dayjs | null {
  return iso ? dayjs(chinaDateTime(iso), 'YYYY-MM-DD HH:mm') : null;
}

/** What a picker shows, read as China wall time, as an ISO instant with the +08:00 offset. */
export function fromChinaPicker(d: Dayjs | null | undefined): string | null {
  return d ? `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00` : null;
}

/** Time left until an instant: whole days, hours and minutes; null once it has passed. */
export function timeLeft(iso: string, now = Date.now()): { days: number; hours: number; minutes: number } | null {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return null;
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

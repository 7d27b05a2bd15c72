import { describe, expect, it } from 'vitest';
import { assertSchedule, latestDue, nextDue, type Schedule } from './schedule.js';

// Instants are written in UTC; Asia/Shanghai is UTC+8, so 09:00 there is 01:00Z.
const at = (iso: string) => new Date(iso);

describe('schedules in Asia/Shanghai time', () => {
  const monthly: Schedule = { every: 'month', day: 25, at: '09:00' };

  it('a monthly job is due on its day at its local time, and its period is that month', () => {
    expect(latestDue(monthly, at('2026-05-25T01:00:00Z'))).toEqual({ at: at('2026-05-25T01:00:00Z'), period: '2026-05' });
    // A minute before: still April's run.
    expect(latestDue(monthly, at('2026-05-25T00:59:00Z'))).toEqual({ at: at('2026-04-25T01:00:00Z'), period: '2026-04' });
    expect(nextDue(monthly, at('2026-05-25T00:59:00Z'))).toEqual(at('2026-05-25T01:00:00Z'));
    expect(nextDue(monthly, at('2026-05-25T01:00:00Z'))).toEqual(at('2026-06-25T01:00:00Z'));
  });

  it('rolls over the year both ways', () => {
    expect(latestDue(monthly, at('2027-01-10T00:00:00Z'))).toEqual({ at: at('2026-12-25T01:00:00Z'), period: '2026-12' });
    expect(nextDue(monthly, at('2026-12-26T00:00:00Z'))).toEqual(at('2027-01-25T01:00:00Z'));
  });

  it('reads the month in Shanghai, not in UTC: 1 June 02:00 in Shanghai is still 31 May in UTC', () => {
    const first: Schedule = { every: 'month', day: 1, at: '02:00' };
    expect(latestDue(first, at('2026-05-31T18:00:00Z'))).toEqual({ at: at('2026-05-31T18:00:00Z'), period: '2026-06' });
    const daily: Schedule = { every: 'day', at: '00:30' };
    expect(latestDue(daily, at('2026-05-31T16:30:00Z'))).toEqual({ at: at('2026-05-31T16:30:00Z'), period: '2026-06-01' });
  });

  it('a daily job before its time today is yesterday’s period', () => {
    const daily: Schedule = { every: 'day', at: '08:00' };
    // 07:59 on 2 March in Shanghai.
    expect(latestDue(daily, at('2026-03-01T23:59:00Z'))).toEqual({ at: at('2026-03-01T00:00:00Z'), period: '2026-03-01' });
    expect(latestDue(daily, at('2026-03-02T00:00:00Z')).period).toBe('2026-03-02');
    expect(nextDue(daily, at('2026-03-01T23:59:00Z'))).toEqual(at('2026-03-02T00:00:00Z'));
  });

  it('an hourly slot starts at local midnight', () => {
    const sixHours: Schedule = { every: 'hours', hours: 6 };
    // 16:00Z is 00:00 in Shanghai: the first slot of 2 May.
    expect(latestDue(sixHours, at('2026-05-01T16:00:00Z'))).toEqual({ at: at('2026-05-01T16:00:00Z'), period: '2026-05-02T00' });
    expect(latestDue(sixHours, at('2026-05-02T03:59:00Z'))).toEqual({ at: at('2026-05-01T22:00:00Z'), period: '2026-05-02T06' });
    expect(nextDue(sixHours, at('2026-05-02T03:59:00Z'))).toEqual(at('2026-05-02T04:00:00Z'));
  });

  it('refuses a schedule it could not keep', () => {
    for (const bad of [
      { every: 'month', day: 31, at: '09:00' },
      { every: 'month', day: 0, at: '09:00' },
      { every: 'day', at: '24:00' },
      { every: 'day', at: '9:00' },
      { every: 'hours', hours: 5 },
    ] as Schedule[]) {
      expect(() => assertSchedule(bad), JSON.stringify(bad)).toThrow(/invalid schedule/);
    }
    expect(() => assertSchedule(monthly)).not.toThrow();
  });
});

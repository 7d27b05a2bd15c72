import { describe, expect, it } from 'vitest';
import { ZBusinessDate, ZPastBusinessDate, todayInChina } from './dates.js';

const problem = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('business dates', () => {
  it('refuses year 0000 and dates outside 1900–2100, which PostgreSQL would refuse or nobody means', () => {
    for (const bad of ['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31']) {
      expect(problem(ZBusinessDate.safeParse(bad)), bad).toBe('date_range');
    }
    for (const good of ['1900-01-01', '2024-02-29', '2100-12-31']) expect(ZBusinessDate.safeParse(good).success, good).toBe(true);
  });

  it('refuses a malformed or impossible date as a format problem', () => {
    for (const bad of ['2024-02-30', '2024-1-01', '01/02/2024', '']) expect(ZBusinessDate.safeParse(bad).success, bad).toBe(false);
  });

  it('refuses a date after today where the fact must already have happened', () => {
    const today = todayInChina();
    expect(ZPastBusinessDate.safeParse(today).success).toBe(true);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(problem(ZPastBusinessDate.safeParse(tomorrow))).toBe('date_range');
  });

  it('takes the calendar day in China, not in UTC', () => {
    expect(todayInChina(new Date('2024-03-01T17:00:00Z'))).toBe('2024-03-02');
    expect(todayInChina(new Date('2024-03-01T15:59:59Z'))).toBe('2024-03-01');
  });
});

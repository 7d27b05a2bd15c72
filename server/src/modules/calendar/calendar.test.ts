import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { rowsOf } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './calendar.service.js';

let t: TestApp;
let admin: Agent;
let official: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  const A = await makeRegionTree(t.db);
  const as = async (role: 'platform_admin' | 'official' | 'centre_staff') => signIn(t.app, (await makeUser(t.db, [{ role, regionCode: A.district }])).username, PASSWORD);
  admin = await as('platform_admin');
  official = await as('official');
  staff = await as('centre_staff');
});
afterAll(() => t.close());

async function fieldOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return `${e.fields[0]?.field}:${e.fields[0]?.problem}`;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('working days (seeded 2026 from 国办发明电〔2025〕7号)', () => {
  it('knows holidays on weekdays and the weekend days worked instead', async () => {
    const cases: [string, boolean][] = [
      ['2026-01-01', false], // 元旦, Thursday
      ['2026-01-04', true], // Sunday worked for 元旦
      ['2026-02-14', true], // Saturday worked for 春节
      ['2026-02-16', false], // 春节, Monday
      ['2026-02-24', true],
      ['2026-02-28', true], // Saturday worked for 春节
      ['2026-03-07', false], // an ordinary Saturday
      ['2026-05-09', true], // Saturday worked for 劳动节
      ['2026-09-20', true], // Sunday worked for 国庆
      ['2026-10-07', false],
      ['2026-10-08', true],
      ['2026-10-10', true], // Saturday worked for 国庆
      ['2027-02-08', false], // 2027 (provisional): 春节 statutory days
      ['2028-03-01', true], // a year with nothing stored: Monday to Friday
    ];
    for (const [date, expected] of cases) expect(await isWorkingDay(t.db, date), date).toBe(expected);
  });

  it('counts a 公示 from the day after publication, across 春节 and its make-up Saturday', async () => {
    // Published Thursday 2026-02-12: Fri 13 (1), Sat 14 worked (2), 15–23 off, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    expect(await addWorkingDays(t.db, '2026-02-12', 5)).toBe('2026-02-26');
    expect(await workingDaysBetween(t.db, '2026-02-12', '2026-02-26')).toBe(5);
    expect(await workingDaysBetween(t.db, '2026-02-12', '2026-02-25')).toBe(4);
    expect(await addWorkingDays(t.db, '2026-02-12', 0)).toBe('2026-02-12');
  });

  it('counts a make-up Saturday as a working day, and skips 劳动节', async () => {
    expect(await addWorkingDays(t.db, '2026-05-08', 1)).toBe('2026-05-09');
    expect(await addWorkingDays(t.db, '2026-04-30', 3)).toBe('2026-05-08');
    // Across the year end and 元旦: Wed 2025-12-31 → Sun 2026-01-04 (worked).
    expect(await addWorkingDays(t.db, '2025-12-31', 1)).toBe('2026-01-04');
    // Long spans read the calendar in windows: 250 working days from 2026-01-01.
    const far = await addWorkingDays(t.db, '2026-01-01', 250);
    expect(await workingDaysBetween(t.db, '2026-01-01', far)).toBe(250);
    expect(await isWorkingDay(t.db, far)).toBe(true);
  });

  it('refuses bad dates and counts, naming the field', async () => {
    expect(await fieldOf(addWorkingDays(t.db, '2026-02-30', 1))).toBe('fromDate:calendar_date');
    expect(await fieldOf(addWorkingDays(t.db, '2026/02/12', 1, { field: 'publishedOn' }))).toBe('publishedOn:calendar_date');
    expect(await fieldOf(addWorkingDays(t.db, '2026-02-12', -1))).toBe('n:calendar_working_days');
    expect(await fieldOf(addWorkingDays(t.db, '2026-02-12', 1.5))).toBe('n:calendar_working_days');
    expect(await fieldOf(isWorkingDay(t.db, '20260212'))).toBe('date:calendar_date');
    expect(await fieldOf(workingDaysBetween(t.db, '2026-02-12', '2026-02-31'))).toBe('toDate:calendar_date');
  });
});

describe('calendar admin routes', () => {
  it('shows a year with its status; 2027 is provisional until an admin confirms it', async () => {
    const y2026 = (await official.get('/api/calendar/2026')).json();
    expect(y2026.status).toBe('official');
    expect(y2026.days.filter((d: { kind: string }) => d.kind === 'workday').map((d: { date: string }) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(y2026.days.filter((d: { kind: string }) => d.kind === 'holiday')).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    const y2027 = (await official.get('/api/calendar/2027')).json();
    expect(y2027.status).toBe('provisional');
    expect(y2027.sourceNote).toContain('确认');
    expect((await official.get('/api/calendar/2031')).json()).toMatchObject({ year: 2031, status: null, days: [] });
  });

  it('lets a platform admin set, change and remove a day and confirm a year, each audited', async () => {
    const put = await admin.put('/api/calendar/days/2027-02-20', { kind: 'workday', name: '春节调休' });
    expect(put.status, put.body).toBe(200);
    expect(put.json()).toMatchObject({ date: '2027-02-20', kind: 'workday', weekday: 6 });
    expect(await isWorkingDay(t.db, '2027-02-20')).toBe(true);
    expect((await admin.put('/api/calendar/days/2027-02-20', { kind: 'holiday', name: '春节' })).status).toBe(200);
    expect(await isWorkingDay(t.db, '2027-02-20')).toBe(false);
    expect((await admin.delete('/api/calendar/days/2027-02-20')).status).toBe(200);
    expect(await isWorkingDay(t.db, '2027-02-20')).toBe(false); // an ordinary Saturday again
    const status = await admin.put('/api/calendar/2027/status', { status: 'official', sourceNote: '国办发明电〔2026〕X号' });
    expect(status.status, status.body).toBe(200);
    expect(status.json().status).toBe('official');
    const actions = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log where entity_type in ('calendar_day', 'calendar_year') order by id`)).map((r) => r.action);
    expect(actions).toEqual(['calendar.day.put', 'calendar.day.put', 'calendar.day.delete', 'calendar.year.set']);
  });

  it('refuses bad input naming the field, in the user language, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    const weekday = await admin.put('/api/calendar/days/2026-03-04', { kind: 'workday', name: '调休' });
    expect(weekday.status).toBe(400);
    expect(weekday.json().error.fields).toEqual([expect.objectContaining({ field: 'kind', message: expect.stringContaining('周六或周日') })]);
    const badDate = await admin.put('/api/calendar/days/2026-02-30', { kind: 'holiday', name: '春节' });
    expect(badDate.status).toBe(400);
    expect(badDate.json().error.fields[0].field).toBe('date');
    const noName = await admin.put('/api/calendar/days/2026-03-07', { kind: 'workday', name: '' });
    expect(noName.status).toBe(400);
    expect(noName.json().error.fields[0].field).toBe('name');
    expect((await admin.get('/api/calendar/1999')).status).toBe(400);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lets officials read but not change it; centre staff neither', async () => {
    expect((await official.put('/api/calendar/days/2026-03-07', { kind: 'workday', name: '调休' })).status).toBe(403);
    expect((await staff.get('/api/calendar/2026')).status).toBe(403);
  });
});

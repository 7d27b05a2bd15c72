import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginAttempts, sessions } from '../core/core.tables.js';
import { buildTestApp, type TestApp } from '../../test/build-app.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeUser } from '../modules/users/users.factories.js';
import { rowsOf } from './client.js';
import { FakeClock } from '../core/jobs/clock.js';
import { runJobOnce } from '../core/jobs/scheduler.js';
import { housekeepingJob, LOGIN_ATTEMPTS_KEPT_DAYS, pruneExpired } from './housekeeping.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it('prunes sign-in attempts past their keeping time and expired sessions, and keeps the rest', async () => {
  const A = await makeRegionTree(t.db);
  const user = await makeUser(t.db, [{ role: 'official', regionCode: A.city }]);
  const day = 24 * 3600_000;
  const now = new Date();
  await t.db.insert(loginAttempts).values([
    { ip: '10.0.0.1', username: 'old', success: false, at: new Date(now.getTime() - (LOGIN_ATTEMPTS_KEPT_DAYS + 1) * day) },
    { ip: '10.0.0.1', username: 'recent', success: false, at: new Date(now.getTime() - day) },
  ]);
  await t.db.insert(sessions).values([
    { id: 'expired', userId: user.id, csrfToken: 'x', expiresAt: new Date(now.getTime() - 1000) },
    { id: 'live', userId: user.id, csrfToken: 'y', expiresAt: new Date(now.getTime() + day) },
  ]);
  expect(await pruneExpired(t.db, now)).toEqual({ loginAttempts: 1, sessions: 1 });
  const names = rowsOf<{ username: string }>(await t.db.execute(sql`select username from login_attempts where username in ('old', 'recent')`));
  expect(names.map((r) => r.username)).toEqual(['recent']);
  const ids = await t.db.select({ id: sessions.id }).from(sessions);
  expect(ids.map((r) => r.id)).toContain('live');
  expect(ids.map((r) => r.id)).not.toContain('expired');
});

it('runs as a scheduled job: once per six-hour slot, by the clock of the scheduler', async () => {
  const A = await makeRegionTree(t.db);
  const user = await makeUser(t.db, [{ role: 'official', regionCode: A.city }]);
  const clock = new FakeClock('2030-01-01T05:00:00Z');
  await t.db.insert(sessions).values([
    { id: 'ends-2029', userId: user.id, csrfToken: 'x', expiresAt: new Date('2029-12-31T00:00:00Z') },
    { id: 'ends-2031', userId: user.id, csrfToken: 'y', expiresAt: new Date('2031-01-01T00:00:00Z') },
  ]);
  const deps = { db: t.db, writes: t.app.writes, clock };
  expect(await runJobOnce(deps, housekeepingJob)).toBe('ran');
  const ids = (await t.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id);
  expect(ids).toContain('ends-2031');
  expect(ids).not.toContain('ends-2029');
  expect(await runJobOnce(deps, housekeepingJob)).toBe('done');
  const [run] = rowsOf<{ period: string; result: unknown }>(await t.db.execute(sql`select period, result from job_runs where job = 'housekeeping'`));
  // 05:00Z is 13:00 in Shanghai: the slot that began at 12:00.
  expect(run).toEqual({ period: '2030-01-01T12', result: { loginAttempts: expect.any(Number), sessions: expect.any(Number) } });
});

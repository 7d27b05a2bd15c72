import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginAttempts, sessions } from '../core/core.tables.js';
import { buildTestApp, type TestApp } from '../../test/build-app.js';
import { makeRegionTree, makeUser } from '../../test/factories.js';
import { rowsOf } from './client.js';
import { LOGIN_ATTEMPTS_KEPT_DAYS, pruneExpired } from './housekeeping.js';

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
  expect(await pruneExpired(t.database, now)).toEqual({ loginAttempts: 1, sessions: 1 });
  const names = rowsOf<{ username: string }>(await t.db.execute(sql`select username from login_attempts where username in ('old', 'recent')`));
  expect(names.map((r) => r.username)).toEqual(['recent']);
  const ids = await t.db.select({ id: sessions.id }).from(sessions);
  expect(ids.map((r) => r.id)).toContain('live');
  expect(ids.map((r) => r.id)).not.toContain('expired');
});

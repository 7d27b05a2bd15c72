/**
 * What the fuzz suite found outside the funding domain's own tests, each kept as the one request
 * that showed it: an input only the database refused (so the answer named no field) or a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../build-app.js';
import { changedTables, dbSnapshot } from '../helpers.js';
import { makeRegionTree } from '../../src/modules/regions/regions.factories.js';
import { makeUser, PASSWORD } from '../../src/modules/users/users.factories.js';

let t: TestApp;
let admin: Agent;
let staff: Agent;
let regionCode: string;

beforeAll(async () => {
  t = await buildTestApp();
  const A = await makeRegionTree(t.db);
  regionCode = A.street;
  admin = await signIn(t.app, (await makeUser(t.db, [{ role: 'platform_admin', regionCode: A.city }])).username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('inputs the fuzz suite found', () => {
  it('a category sort order past a 32-bit integer is refused naming sortOrder (the database refused it unnamed)', async () => {
    const before = await dbSnapshot(t.db);
    for (const sortOrder of [-9_007_199_254_739_597, 2_147_483_648]) {
      const res = await admin.post('/api/registry/categories', { code: 'fuzz_sort', nameZh: '合唱团', nameEn: 'Choir', nameZhTw: '合唱團', sortOrder });
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: 'sortOrder', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    }
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('a deadline Date cannot shift to China time is refused naming the field, not a 500', async () => {
    for (const deadline of ['+275760-09-13', '+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z']) {
      const res = await staff.post('/api/funding/calls', { callType: 'venture', regionCode, year: 2026, title: '边界征集', budgetFen: 100, deadline });
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields[0].field).toBe('deadline');
    }
  });
});

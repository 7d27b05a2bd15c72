/**
 * Imports and exports are limited per user and per client address (core/rate-limit.ts): past the
 * allowance a request is refused with 429, Retry-After and a message in the user's language, before
 * its handler runs, so it changes nothing; other users keep their own allowance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_SHARE } from '../src/core/rate-limit.js';
import { buildTestApp, signIn, type Agent, type TestApp } from './build-app.js';
import { makeRegionTree } from '../src/modules/regions/regions.factories.js';
import { makeUscc } from '../src/modules/registry/registry.factories.js';
import { makeUser, PASSWORD } from '../src/modules/users/users.factories.js';
import { dbSnapshot, workbook, XLSX_MIME } from './helpers.js';

const IMPORTS = 2;
const EXPORTS = 3;
const WINDOW_MINUTES = 10;

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;

const staffOf = async (locale = 'zh-CN') =>
  signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }], { locale })).username, PASSWORD);

const importOne = async (staff: Agent, name: string) =>
  staff.upload(
    `/api/registry/import/organizations?regionCode=${A.street}`,
    'file',
    'o.xlsx',
    await workbook(['名称', '组织形式', '统一社会信用代码', '负责人', '负责人电话'], [[name, '社会团体', makeUscc(A.street), '王建国', '13812345678']]),
    XLSX_MIME,
  );

beforeAll(async () => {
  t = await buildTestApp(undefined, {
    RATE_LIMIT_IMPORTS: String(IMPORTS),
    RATE_LIMIT_EXPORTS: String(EXPORTS),
    RATE_LIMIT_WINDOW_MINUTES: String(WINDOW_MINUTES),
  });
  A = await makeRegionTree(t.db);
});
afterAll(() => t.close());

describe('import and export limits', () => {
  it('refuses the import past the allowance with 429, Retry-After and a message, importing nothing; another user still imports', async () => {
    const staff = await staffOf();
    for (let i = 0; i < IMPORTS; i++) expect((await importOne(staff, `限额测试协会${i}`)).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const refused = await importOne(staff, '限额测试协会超额');
    expect(refused.status).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'import_rate_limited', message: `导入过于频繁，请 ${WINDOW_MINUTES} 分钟后再试` });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan((WINDOW_MINUTES - 1) * 60);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MINUTES * 60);
    expect(await dbSnapshot(t.db)).toEqual(before);

    const other = await staffOf();
    expect((await importOne(other, '限额测试协会另一用户')).status).toBe(200);
  });

  it('counts every export route against one allowance, says so in the user\'s language, and leaves other users theirs', async () => {
    const staff = await staffOf('en');
    const exports = ['/api/registry/organizations/export', '/api/registry/filings/export', '/api/registry/compliance/teams/export'];
    for (const url of exports) expect((await staff.get(url)).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const refused = await staff.get('/api/registry/organizations/export');
    expect(refused.status).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'export_rate_limited', message: `Too many exports in a short time; wait ${WINDOW_MINUTES} min and try again` });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Refused before the handler: no export trail in the audit log, nothing else either.
    expect(await dbSnapshot(t.db)).toEqual(before);

    const taiwan = await staffOf('zh-TW');
    expect((await taiwan.get('/api/registry/organizations/export')).status).toBe(200);
  });

  it('limits one client address to a few users\' allowance, whoever signs in from it', async () => {
    // Every request of this file comes from the same address (inject's 127.0.0.1); so far: 3 imports + 1 refused.
    const admitted = IMPORTS + 1;
    let left = IMPORTS * ADDRESS_SHARE - admitted;
    while (left > 0) {
      const staff = await staffOf();
      for (let i = 0; i < Math.min(IMPORTS, left); i++) expect((await importOne(staff, `地址限额协会${left}-${i}`)).status).toBe(200);
      left -= IMPORTS;
    }
    const fresh = await staffOf('zh-TW');
    const refused = await importOne(fresh, '地址限额协会超额');
    expect(refused.status).toBe(429);
    expect(refused.json().error.message).toBe(`匯入過於頻繁，請 ${WINDOW_MINUTES} 分鐘後再試`);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../../../shared/import-limits.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { countRows, dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
const TEAM = '群众活动团队';

const importFile = (kind: 'organizations' | 'members', bytes: Buffer) =>
  staff.upload(`/api/registry/import/${kind}?regionCode=${A.street}`, 'file', `${kind}.xlsx`, bytes, XLSX_MIME);
const reportOf = (res: { json(): any }) =>
  res.json().error.details as { problems: { row: number; column: string; message: string }[]; total: number };

/** Imports `bytes` and expects it refused with nothing written; returns the report. */
async function refused(kind: 'organizations' | 'members', bytes: Buffer) {
  const before = await dbSnapshot(t.db);
  const res = await importFile(kind, bytes);
  expect(res.status, res.body).toBe(422);
  expect(res.json().error.code).toBe('import_rejected');
  expect(await dbSnapshot(t.db)).toEqual(before);
  return reportOf(res);
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('cells are checked against the API limits', () => {
  it('refuses a 名称 over 100 characters, naming row, column and limit, and writes nothing', async () => {
    const report = await refused('organizations', await workbook(['名称', '组织形式'], [['合唱队', TEAM], ['长'.repeat(101), TEAM]]));
    expect(report.problems).toEqual([{ row: 3, column: '名称', message: '名称长度或数值过大（最多 100）' }]);
  });

  it('refuses a member 姓名 over 50 characters', async () => {
    await makeOrganization(t.db, A.street, { name: '限长测试舞蹈队' });
    const report = await refused('members', await workbook(['所属组织', '姓名'], [['限长测试舞蹈队', '王'.repeat(51)]]));
    expect(report.problems).toEqual([{ row: 2, column: '姓名', message: '姓名长度或数值过大（最多 50）' }]);
  });

  it('refuses a cell over the read limit before any other check', async () => {
    const long = 'x'.repeat(IMPORT_LIMITS.maxCellChars + 1);
    const report = await refused('organizations', await workbook(['名称', '组织形式', '地址'], [['合唱队', TEAM, long]]));
    expect(report.problems).toEqual([{ row: 2, column: '地址', message: `地址超过 ${IMPORT_LIMITS.maxCellChars} 个字符，无法导入` }]);
  });

  it('refuses impossible and out-of-range dates by row and column', async () => {
    const report = await refused(
      'organizations',
      await workbook(['名称', '组织形式', '成立日期'], [['甲队', TEAM, '2024-02-30'], ['乙队', TEAM, '0000-01-01'], ['丙队', TEAM, '2023-02-28']]),
    );
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([[2, '成立日期'], [3, '成立日期']]);
    expect(report.problems[1].message).toContain('1900-01-01');
  });

  it('refuses an impossible 加入日期 of a member', async () => {
    await makeOrganization(t.db, A.street, { name: '日期测试太极队' });
    const report = await refused('members', await workbook(['所属组织', '姓名', '加入日期'], [['日期测试太极队', '陈阿姨', '2023-02-29']]));
    expect(report.problems).toEqual([expect.objectContaining({ row: 2, column: '加入日期' })]);
  });

  // XML cannot carry NUL or half a surrogate pair; Excel writes them as `_x0000_` escapes, which are decoded on read.
  it('refuses a NUL and a lone surrogate per cell instead of failing at the database', async () => {
    const report = await refused(
      'organizations',
      await workbook(['名称', '组织形式', '负责人'], [['甲_x0000_队', TEAM, '王'], ['乙队', TEAM, '李_xD800_']]),
    );
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([[2, '名称'], [3, '负责人']]);
    expect(report.problems[0].message).toContain('不允许的字符');
  });
});

describe('the size of an import is bounded', () => {
  it('refuses a sheet over the row cap while reading, saying how many rows and to split the file', async () => {
    const rows = Array.from({ length: IMPORT_LIMITS.maxRows + 1000 }, (_, i) => [`团队${i}`, TEAM]);
    const report = await refused('organizations', await workbook(['名称', '组织形式'], rows));
    expect(report.total).toBe(1);
    expect(report.problems[0].message).toBe(`文件超过每次导入 ${IMPORT_LIMITS.maxRows} 行数据的上限，请拆分为多个文件分批导入`);
  });

  it('imports a sheet of exactly the row cap, in one transaction with one audit row each', async () => {
    const rows = Array.from({ length: IMPORT_LIMITS.maxRows }, (_, i) => [`上限团队${i}`, TEAM, '13812345678']);
    const bytes = await workbook(['名称', '组织形式', '负责人电话'], rows);
    const orgs = await countRows(t.db, 'registry_organizations');
    const audit = await countRows(t.db, 'audit_log');
    const res = await importFile('organizations', bytes);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: IMPORT_LIMITS.maxRows, existing: [] });
    expect(await countRows(t.db, 'registry_organizations')).toBe(orgs + IMPORT_LIMITS.maxRows);
    expect(await countRows(t.db, 'audit_log')).toBe(audit + IMPORT_LIMITS.maxRows);
  }, 60_000);

  it('refuses a file over the upload cap with 413 and the limit', async () => {
    const before = await dbSnapshot(t.db);
    const res = await importFile('organizations', randomBytes(IMPORT_LIMITS.maxFileMb * 1024 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    expect(res.json().error.message).toMatch(/文件超过 \d+ MB 上限/);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lists the first problems of a file with many, with the total', async () => {
    const bad = IMPORT_LIMITS.maxReportedProblems + 50;
    const report = await refused('organizations', await workbook(['名称', '组织形式'], Array.from({ length: bad }, (_, i) => [`团队${i}`, '不存在的形式'])));
    expect(report.total).toBe(bad);
    expect(report.problems).toHaveLength(IMPORT_LIMITS.maxReportedProblems);
    expect(report.problems[0]).toMatchObject({ row: 2, column: '组织形式' });
    const res = await importFile('organizations', await workbook(['名称', '组织形式'], [['x', '不存在的形式'], ['y', '不存在的形式']]));
    expect(res.json().error.message).toBe('导入未完成：共 2 处错误，全部数据均未导入');
  });

  it('counts every refused cell in the total while listing only the first', async () => {
    const bad = IMPORT_LIMITS.maxReportedProblems + 10;
    const rows = Array.from({ length: bad }, (_, i) => [`团队${i}_x0000_`, TEAM]);
    const report = await refused('organizations', await workbook(['名称', '组织形式'], rows));
    expect(report.total).toBe(bad);
    expect(report.problems).toHaveLength(IMPORT_LIMITS.maxReportedProblems);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../core/core.tables.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { countRows, dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeOrganization, makeUscc } from './registry.factories.js';
import { registryOrganizations } from './registry.tables.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
const HEADERS = ['名称', '组织形式', '统一社会信用代码', '备案编号', '所属区划代码', '负责人', '负责人电话', '地址'];

const importFile = (bytes: Buffer, onExisting?: 'skip' | 'update', region = A.street) =>
  staff.upload(
    `/api/registry/import/organizations?regionCode=${region}${onExisting ? `&onExisting=${onExisting}` : ''}`,
    'file',
    'organizations.xlsx',
    bytes,
    XLSX_MIME,
  );
const orgByName = async (name: string) => t.db.select().from(registryOrganizations).where(eq(registryOrganizations.name, name));

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('importing rows the register already holds', () => {
  it('the same file twice: the second import writes nothing and lists every row as existing, then skips them all', async () => {
    const file = await workbook(HEADERS, [
      ['重复导入协会', '社会团体', makeUscc(A.street), '', '', '王建国', '13812345678', '长寿路 1 号'],
      ['重复导入舞蹈队', '群众活动团队', '', '', '', '李梅', '13900001111', ''],
    ]);
    const first = await importFile(file);
    expect(first.status, first.body).toBe(200);
    expect(first.json()).toMatchObject({ imported: 2, skipped: 0, updated: 0, existing: [] });

    const before = await dbSnapshot(t.db);
    const asked = await importFile(file);
    expect(asked.status, asked.body).toBe(409);
    expect(asked.json().error.code).toBe('import_existing');
    expect(asked.json().error.message).toContain('2 行已存在');
    expect(asked.json().error.details).toMatchObject({
      total: 2,
      existing: [
        { row: 2, name: '重复导入协会', matchedBy: 'uscc', existingName: '重复导入协会', outcome: 'pending' },
        { row: 3, name: '重复导入舞蹈队', matchedBy: 'nameRegion', existingName: '重复导入舞蹈队', outcome: 'pending' },
      ],
    });
    expect(await dbSnapshot(t.db)).toEqual(before);

    const skipped = await importFile(file, 'skip');
    expect(skipped.status, skipped.body).toBe(200);
    expect(skipped.json()).toMatchObject({
      imported: 0,
      skipped: 2,
      updated: 0,
      existing: [
        { row: 2, matchedBy: 'uscc', outcome: 'skipped' },
        { row: 3, matchedBy: 'nameRegion', outcome: 'skipped' },
      ],
    });
    expect(await orgByName('重复导入协会')).toHaveLength(1);
    expect(await orgByName('重复导入舞蹈队')).toHaveLength(1);
  });

  it('skips the rows it holds and imports the new ones of the same file', async () => {
    const held = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '已登记老年协会' });
    const res = await importFile(
      await workbook(HEADERS, [
        [held.name, '社会团体', held.uscc, '', '', '', '', ''],
        ['新来的书画社', '群众活动团队', '', '', '', '', '', ''],
      ]),
      'skip',
    );
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, skipped: 1, existing: [{ row: 2, existingId: held.id, outcome: 'skipped' }] });
    expect(await orgByName('新来的书画社')).toHaveLength(1);
  });

  it('update mode changes only the fields the sheet fills, through the API checks, with an audit row', async () => {
    const held = await makeOrganization(t.db, A.street, {
      legalForm: 'social_group',
      name: '待更新慈善协会',
      leaderName: '旧负责人',
      address: '旧地址 9 号',
    });
    const audit = await countRows(t.db, 'audit_log');
    const res = await importFile(await workbook(HEADERS, [[held.name, '社会团体', held.uscc, '', '', '新负责人', '13812345678', '']]), 'update');
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 0, updated: 1, existing: [{ row: 2, matchedBy: 'uscc', outcome: 'updated' }] });
    const [after] = await orgByName(held.name);
    expect(after).toMatchObject({ leaderName: '新负责人', leaderPhone: '13812345678', address: '旧地址 9 号' });
    expect(await countRows(t.db, 'audit_log')).toBe(audit + 1);
    const [row] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, held.id), eq(auditLog.action, 'registry.organization.update')));
    expect(row).toBeDefined();
  });

  it('recognises a team by name within its region only: the same name elsewhere is another team', async () => {
    const held = await makeOrganization(t.db, A.street, { name: '长寿路太极队', leaderName: '赵' });
    const other = await makeOrganization(t.db, A.street2, { name: '宜川路太极队' });
    const res = await importFile(
      await workbook(HEADERS, [
        ['长寿路太极队', '群众活动团队', '', '', '', '钱', '', ''],
        [other.name, '群众活动团队', '', '', A.street, '', '', ''],
      ]),
      'update',
    );
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, updated: 1, existing: [{ row: 2, matchedBy: 'nameRegion', existingId: held.id, outcome: 'updated' }] });
    expect((await orgByName('长寿路太极队'))[0].leaderName).toBe('钱');
    expect(await orgByName(other.name)).toHaveLength(2);
  });

  it('recognises a filed team by its filing number, and refuses to update it: it changes only through a change filing', async () => {
    const filed = await makeOrganization(t.db, A.street, {
      name: '已备案合唱团',
      status: 'filed',
      filingNumber: `${A.street.slice(0, 9)}-2023-0007`,
      filedAt: new Date(),
      leaderName: '孙',
    });
    const draft = await makeOrganization(t.db, A.street, { name: '草稿编织队', leaderName: '周' });
    const before = (await orgByName(filed.name))[0];
    const res = await importFile(
      await workbook(HEADERS, [
        ['合唱团（新名）', '群众活动团队', '', filed.filingNumber, '', '吴', '', ''],
        [draft.name, '群众活动团队', '', '', '', '郑', '', ''],
      ]),
      'update',
    );
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      updated: 1,
      refused: 1,
      existing: [
        { row: 2, matchedBy: 'filingNumber', existingName: '已备案合唱团', outcome: 'refused', message: expect.stringContaining('变更备案') },
        { row: 3, matchedBy: 'nameRegion', outcome: 'updated' },
      ],
    });
    expect((await orgByName(filed.name))[0]).toEqual(before);
    expect(await orgByName('合唱团（新名）')).toHaveLength(0);
    expect((await orgByName(draft.name))[0].leaderName).toBe('郑');
  });

  it('an update the API would refuse refuses the whole file, naming row and column, and changes nothing', async () => {
    const held = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '电话有误协会' });
    const before = await dbSnapshot(t.db);
    const res = await importFile(
      await workbook(HEADERS, [
        [held.name, '社会团体', held.uscc, '', '', '', '12345', ''],
        ['本应新建的队', '群众活动团队', '', '', '', '', '', ''],
      ]),
      'update',
    );
    expect(res.status).toBe(422);
    expect(res.json().error.details.problems).toEqual([expect.objectContaining({ row: 2, column: '负责人电话' })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('does not recognise a record out of the importer\'s reach: its credit code stays taken, nothing is skipped or written', async () => {
    const B = await makeRegionTree(t.db);
    const elsewhere = await makeOrganization(t.db, B.street, { legalForm: 'social_group', name: '外区同名协会' });
    const before = await dbSnapshot(t.db);
    const res = await importFile(await workbook(HEADERS, [[elsewhere.name, '社会团体', elsewhere.uscc, '', '', '', '', '']]), 'skip');
    expect(res.status).toBe(422);
    expect(res.json().error.details.problems).toEqual([expect.objectContaining({ row: 2, column: '统一社会信用代码' })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses an unknown choice with a 400, changing nothing', async () => {
    const held = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '未知选项协会' });
    const file = await workbook(HEADERS, [[held.name, '社会团体', held.uscc, '', '', '', '', '']]);
    const before = await dbSnapshot(t.db);
    const bad = await importFile(file, 'replace' as 'skip');
    expect(bad.status).toBe(400);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

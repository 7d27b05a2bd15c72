import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryCategories } from './registry.tables.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeCategory, makeIdNumber, makeMember, makeOrganization, makeUscc } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { countRows, dbSnapshot, readWorkbook, workbook, XLSX_MIME } from '../../../test/helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
const ORG_HEADERS = ['名称', '组织形式', '统一社会信用代码', '负责人', '负责人电话'];
const MEMBER_HEADERS = ['所属组织', '姓名', '电话', '身份证号'];

const importFile = (kind: 'organizations' | 'members', bytes: Buffer, region = A.street) =>
  staff.upload(`/api/registry/import/${kind}?regionCode=${region}`, 'file', `${kind}.xlsx`, bytes, XLSX_MIME);
const problems = (res: { json(): any }) => res.json().error.details.problems as { row: number; column: string; message: string }[];

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('importing organisations', () => {
  it('holds the same writable-field declaration as the API: a registration level is an official\'s to record', async () => {
    const headers = [...ORG_HEADERS, '登记级别'];
    const row = ['静安区评估协会', '社会团体', makeUscc(A.street), '王建国', '13812345678', '区县级'];
    const before = await dbSnapshot(t.db);
    const refused = await importFile('organizations', await workbook(headers, [row]));
    expect(refused.status).toBe(422);
    expect(problems(refused)).toEqual([expect.objectContaining({ row: 2, column: '登记级别' })]);
    expect(problems(refused)[0].message).toContain('登记级别');
    expect(await dbSnapshot(t.db)).toEqual(before);
    const official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
    const res = await official.upload(`/api/registry/import/organizations?regionCode=${A.street}`, 'file', 'o.xlsx', await workbook(headers, [row]), XLSX_MIME);
    expect(res.status, res.body).toBe(200);
  });

  const codes = () => [makeUscc(A.street), makeUscc(A.street), makeUscc(A.street)];
  const rows = (c: string[]) => [
    ['静安区老年协会', '社会团体', c[0], '王建国', '13812345678'],
    ['静安区青少年服务中心', '民办非企业单位', c[1], '李梅', '13900001111'],
    ['静安区慈善基金会', '基金会', c[2], '张强', '13700002222'],
  ];

  it('rejects the whole file when row 3 has a bad credit code: names row and column, imports nothing', async () => {
    const c = codes();
    const bad = c[1].slice(0, 17) + (c[1][17] === '0' ? '1' : '0');
    const before = await dbSnapshot(t.db);
    const res = await importFile('organizations', await workbook(ORG_HEADERS, rows([c[0], bad, c[2]])));
    expect(res.status).toBe(422);
    expect(res.json().error.code).toBe('import_rejected');
    expect(res.json().error.message).toContain('全部数据均未导入');
    expect(problems(res)).toHaveLength(1);
    expect(problems(res)[0]).toMatchObject({ row: 3, column: '统一社会信用代码' });
    expect(problems(res)[0].message).toContain('统一社会信用代码');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('imports the same file once fixed: 3 organisations, 3 audit rows', async () => {
    const orgs = await countRows(t.db, 'registry_organizations');
    const audit = await countRows(t.db, 'audit_log');
    const res = await importFile('organizations', await workbook(ORG_HEADERS, rows(codes())));
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, existing: [] });
    expect(await countRows(t.db, 'registry_organizations')).toBe(orgs + 3);
    expect(await countRows(t.db, 'audit_log')).toBe(audit + 3);
    const list = await staff.get('/api/registry/organizations?legalForm=foundation');
    expect(list.json().items[0]).toMatchObject({ name: '静安区慈善基金会', status: 'registered', regionCode: A.street });
  });

  it('rejects an unknown column header, naming it', async () => {
    const before = await dbSnapshot(t.db);
    const res = await importFile('organizations', await workbook([...ORG_HEADERS, '备注栏'], [['某协会', '社会团体', makeUscc(A.street), '', '', 'x']]));
    expect(res.status).toBe(422);
    expect(problems(res)[0].row).toBe(1);
    expect(problems(res)[0].message).toContain('备注栏');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('names both rows of a credit code used twice in the file', async () => {
    const dup = makeUscc(A.street);
    const res = await importFile(
      'organizations',
      await workbook(ORG_HEADERS, [
        ['甲协会', '社会团体', dup, '', ''],
        ['乙协会', '社会团体', makeUscc(A.street), '', ''],
        ['丙协会', '社会团体', dup, '', ''],
      ]),
    );
    expect(res.status).toBe(422);
    const p = problems(res).find((x) => x.column === '统一社会信用代码')!;
    expect(p.row).toBe(4);
    expect(p.message).toContain('第 2 行');
  });

  it('refuses an import into a region outside the caller scope', async () => {
    const res = await importFile('organizations', await workbook(ORG_HEADERS, rows(codes())), B.street);
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].field).toBe('regionCode');
  });
});

describe('importing into a deactivated category', () => {
  it('names row and column 分类, and imports nothing', async () => {
    const retired = await makeCategory(t.db, '已停用分类');
    await t.db.update(registryCategories).set({ active: false }).where(eq(registryCategories.id, retired.id));
    const before = await countRows(t.db, 'registry_organizations');
    const res = await importFile('organizations', await workbook(['名称', '组织形式', '分类'], [['停用分类团队', '群众活动团队', '已停用分类']]));
    expect(res.status).toBe(422);
    expect(problems(res)).toEqual([{ row: 2, column: '分类', message: '分类已停用，请选择其他分类' }]);
    expect(await countRows(t.db, 'registry_organizations')).toBe(before);
  });
});

describe('importing members', () => {
  it('resolves organisations by name and by filing number, and keeps member counts', async () => {
    const team = await makeOrganization(t.db, A.street, { name: '武宁社区太极拳队' });
    const filed = await makeOrganization(t.db, A.street, { name: '长寿路舞蹈队', status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2023-0007` });
    const res = await importFile(
      'members',
      await workbook(MEMBER_HEADERS, [
        ['武宁社区太极拳队', '陈阿姨', '13812345678', makeIdNumber('19500101')],
        ['武宁社区太极拳队', '王阿姨', '', ''],
        [`${A.street.slice(0, 9)}-2023-0007`, '刘师傅', '', ''],
      ]),
    );
    expect(res.status, res.body).toBe(200);
    expect(res.json().imported).toBe(3);
    expect((await staff.get(`/api/registry/organizations/${team.id}`)).json().organization.memberCount).toBe(2);
    expect((await staff.get(`/api/registry/organizations/${filed.id}`)).json().organization.memberCount).toBe(1);
  });

  it('rejects a row whose organisation is out of scope, importing nothing', async () => {
    await makeOrganization(t.db, B.street, { name: '外区合唱团' });
    await makeOrganization(t.db, A.street, { name: '本区合唱团' });
    const before = await dbSnapshot(t.db);
    const res = await importFile('members', await workbook(MEMBER_HEADERS, [['本区合唱团', '甲', '', ''], ['外区合唱团', '乙', '', '']]));
    expect(res.status).toBe(422);
    expect(problems(res)).toEqual([expect.objectContaining({ row: 3, column: '所属组织' })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('export and template', () => {
  it('exports a real workbook of the organisations in scope, phones masked, honouring filters', async () => {
    await makeOrganization(t.db, B.street, { name: '外区协会', legalForm: 'social_group' });
    const res = await staff.get('/api/registry/organizations/export?pageSize=200');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const sheet = await readWorkbook(res.rawPayload);
    const header = sheet[0];
    expect(header.slice(0, 3)).toEqual(['名称', '组织形式', '统一社会信用代码']);
    const total = (await staff.get('/api/registry/organizations?pageSize=200')).json().total;
    expect(sheet.length - 1).toBe(total);
    const names = sheet.slice(1).map((r) => r[0]);
    expect(names).not.toContain('外区协会');
    const phoneCol = header.indexOf('负责人电话');
    const wang = sheet.find((r) => r[0] === '静安区老年协会')!;
    expect(wang[phoneCol]).toBe('138****5678');

    const byName = await readWorkbook((await staff.get(`/api/registry/organizations/export?q=${encodeURIComponent('基金会')}`)).rawPayload);
    expect(byName.slice(1).map((r) => r[0])).toEqual(['静安区慈善基金会']);
    const byForm = await readWorkbook((await staff.get('/api/registry/organizations/export?legalForm=social_service_agency')).rawPayload);
    expect(byForm.slice(1).map((r) => r[0])).toEqual(['静安区青少年服务中心']);
    expect(byForm[1][header.indexOf('组织形式')]).toBe('民办非企业单位');
  });

  it('offers templates that parse and carry the import headers', async () => {
    const orgs = await readWorkbook((await staff.get('/api/registry/import/templates/organizations')).rawPayload);
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toEqual(expect.arrayContaining(['名称', '组织形式', '统一社会信用代码', '所属区划代码', '负责人电话']));
    expect(orgs[0]).not.toContain('成员数');
    // Set only through their own actions, with history: a template column would invite a refused row.
    expect(orgs[0]).not.toContain('评估等级');
    expect(orgs[0]).not.toContain('发展阶段');
    const members = await readWorkbook((await staff.get('/api/registry/import/templates/members')).rawPayload);
    expect(members[0]).toEqual(expect.arrayContaining(['所属组织', '姓名', '电话', '身份证号']));
  });
});

describe('exporting rosters, the filing queue and 六个一', () => {
  it('exports a roster with identifiers masked, in the member template columns', async () => {
    const team = await makeOrganization(t.db, A.street, { name: '导出测试太极队' });
    await makeMember(t.db, team, { name: '王秀英', phone: '13812345678', idNumber: makeIdNumber('19520304'), role: 'leader', ageBand: '70_79' });
    await makeMember(t.db, team, { name: '李桂英', idNumber: makeIdNumber('19880101') });
    const res = await staff.get(`/api/registry/organizations/${team.id}/members/export`);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('导出测试太极队成员名单.xlsx');
    const sheet = await readWorkbook(res.rawPayload);
    const template = await readWorkbook((await staff.get('/api/registry/import/templates/members')).rawPayload);
    // The template's columns but 出生日期, read on import and never shown (decision 0007).
    expect(sheet[0]).toEqual(template[0].filter((h) => h !== '出生日期'));
    expect(sheet).toHaveLength(3);
    const wang = sheet.find((r) => r[1] === '王秀英')!;
    expect(wang[0]).toBe('导出测试太极队');
    expect(wang[2]).toBe('138****5678');
    expect(wang[3]).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    expect(wang[5]).toBe('负责人');
    expect(wang[6]).toBe('70-79岁');
  });

  it('exports the filing queue and the month of 六个一 the screens show', async () => {
    const team = await makeOrganization(t.db, A.street, { name: '待审导出合唱队', leaderName: '赵敏', activityContent: '合唱', venue: '社区活动室' });
    await makeMember(t.db, team, { name: '赵敏' });
    expect((await staff.post(`/api/registry/organizations/${team.id}/filing/submit`, {})).status).toBe(200);
    const filings = await readWorkbook((await staff.get('/api/registry/filings/export?state=submitted')).rawPayload);
    expect(filings[0]).toEqual(['组织名称', '申请类型', '状态', '所属区划', '提交时间', '办结时间']);
    expect(filings.find((r) => r[0] === '待审导出合唱队')?.slice(1, 3)).toEqual(['首次备案', '审核中']);
    expect(filings.length - 1).toBe((await staff.get('/api/registry/filings?state=submitted')).json().total);

    const filed = await makeOrganization(t.db, A.street, { name: '已备案导出舞蹈队', status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2024-0099`, venue: '社区活动室' });
    await makeMember(t.db, filed, { name: '舞蹈队长', role: 'leader' });
    const month = '2026-09';
    const report = { month, flag: true, venuePermit: true, meetingHeld: true, meetingDate: '2026-09-08', trainingHeld: false, reportForm: false };
    expect((await staff.post(`/api/registry/organizations/${filed.id}/reports`, report)).status).toBe(200);
    const res = await staff.get(`/api/registry/compliance/teams/export?regionCode=${A.district}&month=${month}`);
    expect(res.status).toBe(200);
    const sheet = await readWorkbook(res.rawPayload);
    expect(sheet[0].slice(0, 4)).toEqual(['团队名称', '所属区划', '已报送', '合规']);
    expect(sheet.find((r) => r[0] === '已备案导出舞蹈队')?.slice(2)).toEqual(['是', '否', '是', '是', '是', '是', '否', '否']);
    const json = (await staff.get(`/api/registry/compliance/teams?regionCode=${A.district}&month=${month}&pageSize=200`)).json();
    expect(sheet.length - 1).toBe(json.total);
  });
});

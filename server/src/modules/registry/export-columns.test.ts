import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { readWorkbook } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeCategory, makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('organisation export', () => {
  it('fills every column of a fully recorded organisation, the leader\'s ID number masked', async () => {
    const idNumber = makeIdNumber('19680315');
    const category = await makeCategory(t.db, '为老服务');
    const full = await makeOrganization(t.db, A.street, {
      name: '导出全字段协会',
      legalForm: 'social_group',
      categoryId: category.id,
      registrationLevel: 'district',
      foundedOn: '2019-06-01',
      stage: 'growing',
      grade: '4A',
      filingNumber: 'JA-2019-0001',
      leaderName: '陈美华',
      leaderPhone: '13912345678',
      leaderIdNumber: idNumber,
      address: '静安区共和新路100号',
      activityContent: '为辖区老人提供助餐与陪伴',
      venue: '街道社区活动中心二楼',
      businessScope: '养老服务、志愿服务组织',
    });
    await makeMember(t.db, full);

    const res = await staff.get(`/api/registry/organizations/export?q=${encodeURIComponent('导出全字段')}`);
    expect(res.status).toBe(200);
    const [header, ...rows] = await readWorkbook(res.rawPayload);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));

    expect(row).toMatchObject({
      登记级别: '区县级',
      负责人身份证号: `${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`,
      负责人电话: '139****5678',
      地址: '静安区共和新路100号',
      活动内容: '为辖区老人提供助餐与陪伴',
      活动场地: '街道社区活动中心二楼',
      业务范围: '养老服务、志愿服务组织',
      成员数: '1',
    });
    // Guards the next column someone adds: a filled record leaves no cell of the export empty.
    expect(header.filter((h) => !row[h])).toEqual([]);
  });

  it('says in the sheet that a grade has expired, since it no longer counts', async () => {
    await makeOrganization(t.db, A.street, { name: '导出过期等级协会', legalForm: 'social_group', status: 'registered', grade: '3A', gradeValidUntil: '2021-06-30' });
    const [header, ...rows] = await readWorkbook((await staff.get(`/api/registry/organizations/export?q=${encodeURIComponent('导出过期等级')}`)).rawPayload);
    expect(rows[0][header.indexOf('评估等级')]).toBe('3A（已过期 2021-06-30）');
  });

  it('leaves the optional columns empty, not "null", for an organisation that has none', async () => {
    await makeOrganization(t.db, A.street, { name: '导出空字段团队' });
    const [header, ...rows] = await readWorkbook((await staff.get(`/api/registry/organizations/export?q=${encodeURIComponent('导出空字段')}`)).rawPayload);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    for (const column of ['登记级别', '负责人身份证号', '地址', '活动内容', '活动场地', '业务范围']) expect(row[column]).toBe('');
  });
});

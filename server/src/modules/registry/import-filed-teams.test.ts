import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { registryMembers, registryOrganizations } from './registry.tables.js';

// A team the sheet records as filed before the platform must be what a filing would have made it
// (decision 0006): the import is no way around 三清 or the street's numbering.
let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
const HEADERS = ['名称', '组织形式', '备案编号', '所属区划代码', '负责人', '负责人电话', '活动内容', '活动场地'];

const importFile = (bytes: Buffer) =>
  staff.upload(`/api/registry/import/organizations?regionCode=${A.street}`, 'file', 'teams.xlsx', bytes, XLSX_MIME);

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('importing teams filed before the platform', () => {
  it('refuses a filed row without leader, content or venue, naming each column, and writes nothing', async () => {
    const before = await dbSnapshot(t.db);
    const res = await importFile(await workbook(HEADERS, [['空壳舞蹈队', '群众活动团队', `${A.street.slice(0, 9)}-2023-0001`, A.street, '', '', '', '']]));
    expect(res.status, res.body).toBe(422);
    const text = JSON.stringify(res.json().error);
    for (const column of ['负责人', '活动内容', '活动场地']) expect(text).toContain(column);
    expect(text).toContain('三清');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses a filing number outside the street series and a team not placed in a street', async () => {
    const before = await dbSnapshot(t.db);
    const wrongSeries = await importFile(
      await workbook(HEADERS, [['外街编号合唱团', '群众活动团队', '999999999-2023-0001', A.street, '王芳', '13812345678', '合唱', '活动室']]),
    );
    expect(wrongSeries.status, wrongSeries.body).toBe(422);
    expect(JSON.stringify(wrongSeries.json().error)).toContain(`${A.street.slice(0, 9)}-年份-序号`);
    const atDistrict = await importFile(
      await workbook(HEADERS, [['区级编号合唱团', '群众活动团队', `${A.district.slice(0, 9)}-2023-0001`, A.district, '王芳', '13812345678', '合唱', '活动室']]),
    );
    expect(atDistrict.status, atDistrict.body).toBe(422);
    expect(JSON.stringify(atDistrict.json().error)).toContain('街道');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('imports a complete filed team with its leader as the roster\'s first member', async () => {
    const res = await importFile(
      await workbook(HEADERS, [['老备案太极队', '群众活动团队', `${A.street.slice(0, 9)}-2021-0042`, A.street, '赵刚', '13812345678', '太极拳晨练', '街心花园']]),
    );
    expect(res.status, res.body).toBe(200);
    const [team] = await t.db.select().from(registryOrganizations).where(eq(registryOrganizations.name, '老备案太极队'));
    expect(team).toMatchObject({ status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2021-0042`, memberCount: 1 });
    const roster = await t.db.select().from(registryMembers).where(eq(registryMembers.organizationId, team.id));
    expect(roster.map((m) => [m.name, m.role])).toEqual([['赵刚', 'leader']]);
  });
});

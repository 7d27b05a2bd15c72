import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeCategory, makeMember, makeOrganization, makeUscc } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { UPDATE_BODIES } from '../../../../shared/registry/api.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let admin: Agent;
let official: Agent;
let staff: Agent;

const rowOf = async (table: string, id: string) =>
  rowsOf<Record<string, unknown>>(await t.db.execute(sql`select * from ${sql.identifier(table)} where id = ${id}`))[0];
const without = (row: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const sign = async (role: 'platform_admin' | 'official' | 'centre_staff', regionCode: string) =>
    signIn(t.app, (await makeUser(t.db, [{ role, regionCode }])).username, PASSWORD);
  admin = await sign('platform_admin', A.city);
  official = await sign('official', A.district);
  staff = await sign('centre_staff', A.street);
});
afterAll(() => t.close());

describe('a PATCH changes only what it sends', () => {
  it('no PATCH body schema of the registry adds a key that was not sent', () => {
    for (const [name, schema] of Object.entries(UPDATE_BODIES)) {
      expect(schema.parse({}), name).toEqual({});
    }
  });

  it('no PATCH route of the app declares a default for a body field', () => {
    // A default on a PATCH body field means "not sent" resets the field; the OpenAPI document
    // shows the defaults of every route's body, so a new route is covered without a list here.
    const doc = (t.app as unknown as { swagger(): { paths: Record<string, Record<string, any>> } }).swagger();
    const patches = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => method === 'patch' || method === 'put')
        .map(([method, op]) => ({ route: `${method} ${path}`, schema: op.requestBody?.content?.['application/json']?.schema })),
    );
    expect(patches.length).toBeGreaterThan(2);
    for (const { route, schema } of patches) {
      const defaults = Object.entries<any>(schema?.properties ?? {}).filter(([, p]) => p && 'default' in p).map(([k]) => k);
      expect(defaults, route).toEqual([]);
    }
  });

  it('renaming a leader who is a party member keeps the role and the party flag', async () => {
    const team = await makeOrganization(t.db, A.street);
    const member = await makeMember(t.db, team, { name: '王阿姨', role: 'leader', isPartyMember: true, joinedOn: '2020-05-01' });
    const before = await rowOf('registry_members', member.id);
    const res = await staff.patch(`/api/registry/members/${member.id}`, { name: '王桂兰' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '王桂兰', role: 'leader', isPartyMember: true, joinedOn: '2020-05-01' });
    expect(without(await rowOf('registry_members', member.id), 'name')).toEqual(without(before, 'name'));
  });

  it('renaming an inactive category keeps it inactive and in its place', async () => {
    const category = await makeCategory(t.db, '旧名称');
    await t.db.execute(sql`update registry_categories set active = false, sort_order = 7 where id = ${category.id}`);
    const res = await admin.patch(`/api/registry/categories/${category.id}`, { nameZh: '新名称' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ nameZh: '新名称', active: false, sortOrder: 7 });
    expect(await rowOf('registry_categories', category.id)).toMatchObject({ active: false, sort_order: 7 });
    const empty = await admin.patch(`/api/registry/categories/${category.id}`, {});
    expect(empty.status, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ nameZh: '新名称', active: false, sortOrder: 7 });
  });

  it('renaming an organisation leaves every other column as it was', async () => {
    const parent = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    const category = await makeCategory(t.db);
    const created = await official.post('/api/registry/organizations', {
      regionCode: A.street,
      legalForm: 'social_service_agency',
      name: '全字段机构',
      uscc: makeUscc(A.street),
      registrationLevel: 'district',
      categoryId: category.id,
      foundedOn: '2010-03-04',
      parentId: parent.id,
      leaderName: '张三',
      leaderPhone: '13812340000',
      address: '某路 8 号',
      activityContent: '养老服务',
      venue: '服务中心',
      businessScope: '居家养老',
    });
    expect(created.status, created.body).toBe(200);
    const id = created.json().organization.id;
    // Grade and stage through their own actions (service/grades.ts, stages.ts): an edit leaves them too.
    expect((await official.put(`/api/registry/organizations/${id}/grade`, { grade: '3A', awardedOn: '2022-06-30', reason: '评估结果' })).status).toBe(200);
    expect((await official.put(`/api/registry/organizations/${id}/stage`, { stage: 'growing', reason: '承接项目' })).status).toBe(200);
    const before = await rowOf('registry_organizations', id);
    const res = await staff.patch(`/api/registry/organizations/${id}`, { name: '改名的机构' });
    expect(res.status, res.body).toBe(200);
    const ignore = ['name', 'updated_at', 'name_sort', 'name_grams'];
    expect(without(await rowOf('registry_organizations', id), ...ignore)).toEqual(without(before, ...ignore));
  });

  it('renaming an organisation whose credit code an official accepted keeps that acceptance', async () => {
    // Centre staff cannot accept a failing code, but an edit that keeps the accepted code is not one.
    const good = makeUscc(A.street);
    const created = await official.post('/api/registry/organizations', {
      regionCode: A.street,
      legalForm: 'social_group',
      name: '例外代码社团',
      uscc: good.slice(0, 17) + (good[17] === '0' ? '1' : '0'),
      usccOverrideReason: '登记证书原件如此',
    });
    expect(created.status, created.body).toBe(200);
    const id = created.json().organization.id;
    const before = await rowOf('registry_organizations', id);
    const res = await staff.patch(`/api/registry/organizations/${id}`, { name: '例外代码社团（更名）' });
    expect(res.status, res.body).toBe(200);
    const ignore = ['name', 'updated_at', 'name_sort', 'name_grams'];
    expect(without(await rowOf('registry_organizations', id), ...ignore)).toEqual(without(before, ...ignore));
  });
});

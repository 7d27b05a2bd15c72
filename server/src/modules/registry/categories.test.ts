import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeCategory, makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { countRows } from '../../../test/helpers.js';

let t: TestApp;
let admin: Agent;
let official: Agent;
let staff: Agent;

const body = (code: string) => ({ code, nameZh: '体育类', nameEn: 'Sports', nameZhTw: '體育類', sortOrder: 5 });

beforeAll(async () => {
  t = await buildTestApp();
  const A = await makeRegionTree(t.db);
  admin = await signIn(t.app, (await makeUser(t.db, [{ role: 'platform_admin', regionCode: A.city }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('category taxonomy', () => {
  it('lets a platform admin add and rename a category, audited, and everyone read it', async () => {
    const audits = await countRows(t.db, 'audit_log');
    const created = await admin.post('/api/registry/categories', body('sports'));
    expect(created.status, created.body).toBe(200);
    expect(created.json()).toMatchObject({ code: 'sports', nameZh: '体育类', active: true, sortOrder: 5 });
    const renamed = await admin.patch(`/api/registry/categories/${created.json().id}`, { nameZh: '体育健身类', active: false });
    expect(renamed.status, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ nameZh: '体育健身类', active: false });
    expect(await countRows(t.db, 'audit_log')).toBe(audits + 2);
    const listed = (await staff.get('/api/registry/categories')).json().items;
    expect(listed.find((c: { code: string }) => c.code === 'sports')).toMatchObject({ nameZh: '体育健身类', active: false });
  });

  it('refuses a taken or malformed code, naming the field, writing nothing', async () => {
    const existing = await makeCategory(t.db, '文化类');
    const rows = await countRows(t.db, 'registry_categories');
    const taken = await admin.post('/api/registry/categories', body('sports'));
    expect(taken.status).toBe(409);
    expect(taken.json().error.fields).toEqual([expect.objectContaining({ field: 'code', message: '代码已被使用' })]);
    const renameToTaken = await admin.patch(`/api/registry/categories/${existing.id}`, { code: 'sports' });
    expect(renameToTaken.status).toBe(409);
    const malformed = await admin.post('/api/registry/categories', { ...body('Sports Club'), nameEn: '' });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'nameEn']);
    expect(await countRows(t.db, 'registry_categories')).toBe(rows);
  });

  it('keeps the platform-wide taxonomy away from regional officials and staff', async () => {
    for (const agent of [official, staff]) {
      const res = await agent.post('/api/registry/categories', body('blocked'));
      expect(res.status).toBe(403);
    }
  });
});

describe('a deactivated category', () => {
  it('stays on the records that have it, and no new record takes it up', async () => {
    const A = await makeRegionTree(t.db);
    const staffA = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
    const category = await makeCategory(t.db, '旧分类');
    const holder = await makeOrganization(t.db, A.street, { name: '旧分类团队', categoryId: category.id });
    expect((await admin.patch(`/api/registry/categories/${category.id}`, { active: false })).status).toBe(200);

    const keep = await staffA.patch(`/api/registry/organizations/${holder.id}`, { address: '新地址', categoryId: category.id });
    expect(keep.status, keep.body).toBe(200);
    const before = await countRows(t.db, 'registry_organizations');
    const fresh = await staffA.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'grassroots_team', name: '新团队', categoryId: category.id });
    expect(fresh.status).toBe(400);
    expect(fresh.json().error.fields).toEqual([expect.objectContaining({ field: 'categoryId', problem: 'category_inactive' })]);
    expect(await countRows(t.db, 'registry_organizations')).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFor, buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeCategory, makeUscc } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { countRows } from '../../../test/helpers.js';

let t: TestApp;
let regions: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Awaited<ReturnType<typeof signIn>>;
let official: Awaited<ReturnType<typeof signIn>>;
let categoryId: string;

beforeAll(async () => {
  t = await buildTestApp();
  regions = await makeRegionTree(t.db);
  categoryId = (await makeCategory(t.db, '体育健身类')).id;
  const s = await makeUser(t.db, [{ role: 'centre_staff', regionCode: regions.street }]);
  const o = await makeUser(t.db, [{ role: 'official', regionCode: regions.district }]);
  staff = await signIn(t.app, s.username, PASSWORD);
  official = await signIn(t.app, o.username, PASSWORD);
});
afterAll(() => t.close());

describe('creating an organisation', () => {
  it('stores a valid registered organisation and audits it', async () => {
    const before = await countRows(t.db, 'audit_log');
    const res = await staff.post('/api/registry/organizations', {
      regionCode: regions.street,
      legalForm: 'social_group',
      name: '长寿路街道老年协会',
      uscc: makeUscc(regions.street),
      categoryId,
      leaderName: '王建国',
      leaderPhone: '13812345678',
    });
    expect(res.status).toBe(200);
    const org = res.json().organization;
    expect(org.status).toBe('registered');
    expect(org.leaderPhone).toBe('138****5678');
    expect(org.categoryName).toBe('体育健身类');
    expect(await countRows(t.db, 'audit_log')).toBe(before + 1);
  });

  it('refuses a failing credit code, names the field in Chinese and writes nothing', async () => {
    const orgsBefore = await countRows(t.db, 'registry_organizations');
    const auditBefore = await countRows(t.db, 'audit_log');
    const good = makeUscc(regions.street);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await staff.post('/api/registry/organizations', {
      regionCode: regions.street,
      legalForm: 'social_group',
      name: '校验失败的社团',
      uscc: bad,
    });
    expect(res.status).toBe(400);
    const error = res.json().error;
    expect(error.fields[0].field).toBe('uscc');
    expect(error.fields[0].message).toContain('统一社会信用代码');
    expect(await countRows(t.db, 'registry_organizations')).toBe(orgsBefore);
    expect(await countRows(t.db, 'audit_log')).toBe(auditBefore);
  });

  it('lets an official accept a failing code with a recorded reason, but not centre staff', async () => {
    const good = makeUscc(regions.street);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const body = {
      regionCode: regions.street,
      legalForm: 'social_service_agency',
      name: '登记证书原文代码的民非',
      uscc: bad,
      usccOverrideReason: '登记证书原件如此，已核对',
    };
    expect((await staff.post('/api/registry/organizations', body)).status).toBe(400);
    const res = await official.post('/api/registry/organizations', body);
    expect(res.status).toBe(200);
    expect(res.json().organization.usccOverrideReason).toBe('登记证书原件如此，已核对');
  });

  it('answers in English when the browser asks for it', async () => {
    const res = await staff.post('/api/registry/organizations', { regionCode: regions.street, legalForm: 'social_group' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].message).toBe('Name is required');
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const noToken = agentFor(t.app, staff.cookie, 'wrong');
    const res = await noToken.post('/api/registry/organizations', { regionCode: regions.street, legalForm: 'grassroots_team', name: 'x' });
    expect(res.status).toBe(403);
    expect(res.json().error.code).toBe('csrf');
  });
});

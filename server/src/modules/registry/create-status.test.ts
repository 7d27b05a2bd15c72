import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeUscc } from './registry.factories.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  // An official may set the state of a registered form; the refusal below is about the form, not the role.
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('the state a new record starts in', () => {
  it.each(['grassroots_team', 'community_org'])('refuses a %s created in any state but draft, naming the field, and writes nothing', async (legalForm) => {
    for (const status of ['submitted', 'returned', 'filed', 'registered']) {
      const before = await dbSnapshot(t.db);
      const res = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm, name: `直接备案的团队${status}`, status });
      expect(res.status).toBe(400);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'status', message: expect.stringContaining('状态') })]);
      expect(await dbSnapshot(t.db)).toEqual(before);
    }
    const en = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm, name: '直接备案的团队', status: 'filed' }, { 'accept-language': 'en' });
    expect(en.json().error.fields[0].message).toMatch(/^Status .*filing workflow/);
  });

  it('creates a filed form as a draft, whether or not the client says so', async () => {
    const silent = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'grassroots_team', name: '未填状态的团队' });
    const draft = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'community_org', name: '写明草稿的组织', status: 'draft' });
    expect([silent.status, draft.status]).toEqual([200, 200]);
    expect([silent.json().organization.status, draft.json().organization.status]).toEqual(['draft', 'draft']);
  });

  it('lets a registered form start registered, suspended or dissolved, and nothing of the filing workflow', async () => {
    const suspended = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'social_group', name: '暂停活动的社团', uscc: makeUscc(A.street), status: 'suspended' });
    expect(suspended.status).toBe(200);
    expect(suspended.json().organization.status).toBe('suspended');
    const refused = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'social_group', name: '已备案的社团', uscc: makeUscc(A.street), status: 'filed' });
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('status');
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { countOrganizations, DENSE_SEARCH_MATCHES, findOrganizations, SEARCH_COUNT_CAP } from './registry.queries.js';
import { NO_READ_CACHES } from '../../core/write-unit.js';
import { ZOrganizationListQuery } from '../../../../shared/registry/organizations.js';
import { readWorkbook } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeCategory, makeMember, makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;
let member: Agent;
let categoryId: string;
const ids: Record<string, string> = {};
let outsideId: string;

const list = async (query: string, agent = official) => {
  const res = await agent.get(`/api/registry/organizations?${query}`);
  expect(res.status, res.body).toBe(200);
  return res.json() as { items: { id: string; name: string; memberCount: number }[]; total: number; totalCapped: boolean };
};
const names = async (query: string, agent = official) => (await list(query, agent)).items.map((i) => i.name).sort();

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const B = await makeRegionTree(t.db);
  categoryId = (await makeCategory(t.db, '文体类')).id;
  const specs: [string, string, Record<string, unknown>, number][] = [
    ['武宁社区太极拳队', A.community, { categoryId }, 3],
    ['长寿路舞蹈队', A.street, { status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2022-0001` }, 1],
    ['静安老年协会', A.street, { legalForm: 'social_group', stage: 'growing', categoryId }, 0],
    ['曹家渡书画社', A.street, { legalForm: 'community_org' }, 2],
    ['乙街道合唱团', A.street2, {}, 0],
  ];
  for (const [name, region, over, members] of specs) {
    const row = await makeOrganization(t.db, region, { name, ...over });
    for (let i = 0; i < members; i++) await makeMember(t.db, row);
    ids[name] = row.id;
  }
  outsideId = (await makeOrganization(t.db, B.street, { name: '外区太极拳队' })).id;
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  const m = await makeUser(t.db, [{ role: 'org_member', regionCode: A.community, organizationId: ids['武宁社区太极拳队'] }]);
  member = await signIn(t.app, m.username, PASSWORD);
});
afterAll(() => t.close());

describe('organisation list', () => {
  it('finds a Chinese substring and nothing else, never outside scope', async () => {
    expect(await names('q=' + encodeURIComponent('太极'))).toEqual(['武宁社区太极拳队']);
    expect(await names('q=' + encodeURIComponent('队'))).toEqual(['武宁社区太极拳队', '长寿路舞蹈队'].sort());
    expect(await names('q=' + encodeURIComponent('不存在的名字'))).toEqual([]);
    // A LIKE wildcard in the search is taken literally.
    expect(await names('q=' + encodeURIComponent('%'))).toEqual([]);
    // A whole filing number finds its team.
    expect(await names('q=' + encodeURIComponent(`${A.street.slice(0, 9)}-2022-0001`))).toEqual(['长寿路舞蹈队']);
  });

  it('never lets an empty search and a real one share a prepared statement', async () => {
    for (const sort of ['name', 'updatedAt']) {
      expect((await list(`q=&sort=${sort}`)).total).toBe(5);
      expect(await names(`q=${encodeURIComponent('太极')}&sort=${sort}`)).toEqual(['武宁社区太极拳队']);
      expect((await list(`q=%20&sort=${sort}`)).items).toHaveLength(5);
    }
    const sheet = await readWorkbook((await official.get(`/api/registry/organizations/export?q=${encodeURIComponent('太极')}`)).rawPayload);
    expect(sheet.slice(1).map((r) => r[0])).toEqual(['武宁社区太极拳队']);
  });

  it('filters by legal form, kind, category, status and stage', async () => {
    expect(await names('legalForm=social_group')).toEqual(['静安老年协会']);
    expect(await names('kind=team')).toEqual(['乙街道合唱团', '武宁社区太极拳队', '长寿路舞蹈队'].sort());
    expect(await names('kind=org')).toEqual(['曹家渡书画社', '静安老年协会'].sort());
    expect(await names(`categoryId=${categoryId}`)).toEqual(['武宁社区太极拳队', '静安老年协会'].sort());
    expect(await names('status=filed')).toEqual(['长寿路舞蹈队']);
    expect(await names('status=registered')).toEqual(['静安老年协会']);
    expect(await names('stage=growing')).toEqual(['静安老年协会']);
    expect(await names('kind=team&status=draft')).toEqual(['乙街道合唱团', '武宁社区太极拳队'].sort());
  });

  it('refuses an unknown filter value, naming the field', async () => {
    const res = await official.get('/api/registry/organizations?legalForm=company');
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0].field).toBe('legalForm');
  });

  it('sorts by name both ways and by member count', async () => {
    const asc = (await list('sort=name&order=asc')).items.map((i) => i.name);
    const desc = (await list('sort=name&order=desc')).items.map((i) => i.name);
    // By pinyin: cao, chang, jing, wu, yi (by code point 乙 would come first and 长 fourth).
    expect(asc).toEqual(['曹家渡书画社', '长寿路舞蹈队', '静安老年协会', '武宁社区太极拳队', '乙街道合唱团']);
    expect(desc).toEqual([...asc].reverse());
    const byCount = (await list('sort=memberCount&order=desc')).items;
    expect(byCount.map((i) => i.memberCount)).toEqual([3, 2, 1, 0, 0]);
    expect(byCount[0].name).toBe('武宁社区太极拳队');
    const up = (await list('sort=memberCount&order=asc')).items.map((i) => i.memberCount);
    expect(up).toEqual([0, 0, 1, 2, 3]);
  });

  it('pages: page 2 holds the next items and the total stays right', async () => {
    const all = (await list('sort=name&order=asc&pageSize=50')).items.map((i) => i.id);
    const pages = [];
    for (let p = 1; p <= 3; p++) {
      const page = await list(`sort=name&order=asc&pageSize=2&page=${p}`);
      expect(page.total).toBe(5);
      pages.push(...page.items.map((i) => i.id));
    }
    expect(pages).toEqual(all);
    expect((await list('sort=name&order=asc&pageSize=2&page=2')).items.map((i) => i.id)).toEqual(all.slice(2, 4));
    expect((await list('pageSize=2&page=4')).items).toEqual([]);
  });

  it('narrows to a region subtree', async () => {
    expect(await names(`regionCode=${A.street2}`)).toEqual(['乙街道合唱团']);
    expect(await names(`regionCode=${A.community}`)).toEqual(['武宁社区太极拳队']);
    expect((await list(`regionCode=${A.street}`)).total).toBe(4);
  });

  it('leaves out-of-scope rows absent: not listed, and 404 by id', async () => {
    const everything = await list('pageSize=200');
    expect(everything.total).toBe(5);
    expect(everything.items.map((i) => i.id)).not.toContain(outsideId);
    expect((await official.get(`/api/registry/organizations/${outsideId}`)).status).toBe(404);
  });

  it('shows an organisation member its own team only', async () => {
    const mine = await list('pageSize=200', member);
    expect(mine.total).toBe(1);
    expect(mine.items[0].id).toBe(ids['武宁社区太极拳队']);
    expect((await member.get(`/api/registry/organizations/${ids['长寿路舞蹈队']}`)).status).toBe(404);
    expect((await member.get(`/api/registry/organizations/${ids['武宁社区太极拳队']}`)).status).toBe(200);
  });
});

describe('list freshness and search plans', () => {
  it('shows a write at once in the list and the dashboard, though both are served from memory', async () => {
    const before = await list(`regionCode=${A.street2}`);
    expect(await list(`regionCode=${A.street2}`)).toEqual(before);
    const summary = async () => (await official.get(`/api/dashboard/summary?regionCode=${A.street2}`)).json().sections.registry.totals.teamsAll as number;
    const teamsBefore = await summary();
    const staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street2 }])).username, PASSWORD);
    const res = await staff.post('/api/registry/organizations', { regionCode: A.street2, legalForm: 'grassroots_team', name: '乙街道新建编织小组' });
    expect(res.status, res.body).toBe(200);
    const after = await list(`regionCode=${A.street2}`);
    expect(after.total).toBe(before.total + 1);
    expect(after.items[0].name).toBe('乙街道新建编织小组');
    expect(await summary()).toBe(teamsBefore + 1);
  });

  it('keeps a street list cached through a write in the next street, not through one in its own', async () => {
    const staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
    const street2 = async () => (await list(`regionCode=${A.street2}&pageSize=200`)).items.map((i) => i.name);
    const before = await street2();
    // Written behind the platform's back, so only an invalidated cache can show it.
    await makeOrganization(t.db, A.street2, { name: '乙街道直写团队' });
    const elsewhere = await staff.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'grassroots_team', name: '甲街道新团队' });
    expect(elsewhere.status, elsewhere.body).toBe(200);
    expect(await street2()).toEqual(before);
    // The district's list covers both streets: it is refreshed.
    expect((await list(`regionCode=${A.district}&pageSize=200`)).items.map((i) => i.name)).toContain('甲街道新团队');
    const inside = await staff.post('/api/registry/organizations', { regionCode: A.street2, legalForm: 'grassroots_team', name: '乙街道新团队' });
    expect(inside.status, inside.body).toBe(200);
    expect(await street2()).toEqual(expect.arrayContaining([...before, '乙街道直写团队', '乙街道新团队']));
  });

  it('gives the same pages whichever plan a search takes', async () => {
    // More matches than DENSE_SEARCH_MATCHES, so a search for them walks the newest-first index.
    await t.db.execute(sql`
      insert into registry_organizations (region_code, legal_form, name, status, updated_at)
      select ${A.street}, 'grassroots_team', '密集测试' || g || '队', 'draft',
             timestamptz '2026-01-01 00:00:00+08' + make_interval(mins => (g * 7919) % 100000)
      from generate_series(1, ${DENSE_SEARCH_MATCHES + 50}) g`);
    const actor = { id: 'test', username: 'test', displayName: 'test', grants: [{ id: 'g', role: 'official' as const, regionCode: A.district, organizationId: null }] };
    const ctx = { db: t.db, actor, locale: 'zh-CN' as const, requestId: 'test', writes: NO_READ_CACHES };
    for (const term of ['密集测试', '密集测试12']) {
      const q = ZOrganizationListQuery.parse({ q: term });
      const count = await countOrganizations(ctx, q);
      const walked = await findOrganizations(ctx, q, 30, 20, Infinity);
      const gathered = await findOrganizations(ctx, q, 30, 20, 0);
      const planned = await findOrganizations(ctx, q, 30, 20);
      expect(walked.map((r) => r.id)).toEqual(gathered.map((r) => r.id));
      expect(planned.map((r) => r.id)).toEqual(gathered.map((r) => r.id));
      expect(walked.every((r) => r.name.includes(term))).toBe(true);
      const times = gathered.map((r) => r.updatedAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // A search counts up to SEARCH_COUNT_CAP, then says "more than".
      if (term === '密集测试') expect(count).toEqual({ total: SEARCH_COUNT_CAP, capped: true });
      else expect(count).toEqual({ total: 11, capped: false }); // 12, 120–129
    }
    expect(await list('q=' + encodeURIComponent('密集测试'))).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    // The same rows without a search are counted exactly.
    expect((await list(`regionCode=${A.street}&status=draft&kind=team`)).total).toBeGreaterThan(DENSE_SEARCH_MATCHES + 50);
  });
});

describe('personal data a list carries', () => {
  it('carries the leader phone, masked, only when the list asks for it', async () => {
    const row = await makeOrganization(t.db, A.community, { name: '电话显示测试会', leaderPhone: '13912345678' });
    const search = `regionCode=${A.community}&q=${encodeURIComponent('电话显示测试会')}`;
    const plain = await official.get(`/api/registry/organizations?${search}`);
    expect(plain.status, plain.body).toBe(200);
    expect(plain.json().items).toHaveLength(1);
    expect(plain.json().items[0]).not.toHaveProperty('leaderPhone');
    const asked = await official.get(`/api/registry/organizations?${search}&include=leaderPhone`);
    expect(asked.status, asked.body).toBe(200);
    expect(asked.json().items[0]).toMatchObject({ id: row.id, leaderPhone: '139****5678' });
    expect(asked.body).not.toContain('13912345678');
    // Only the phone can be asked for; an ID number never travels in a list.
    const wrong = await official.get(`/api/registry/organizations?${search}&include=leaderIdNumber`);
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.fields[0].field).toBe('include');
    for (const hostile of ['', '%00', 'leaderPhone%00', 'x'.repeat(5000)]) {
      const res = await official.get(`/api/registry/organizations?${search}&include=${hostile}`);
      expect(res.status, hostile.slice(0, 20)).toBe(400);
      expect(res.json().error.fields[0].field).toBe('include');
    }
    const twice = await official.get(`/api/registry/organizations?${search}&include=leaderPhone&include=leaderPhone`);
    expect(twice.status).toBe(400);
  });

  it('asking for the phone widens nobody\'s reach: a team member still sees its own team only', async () => {
    const page = await list('include=leaderPhone&pageSize=200', member);
    expect(page.items.map((i) => i.id)).toEqual([ids['武宁社区太极拳队']]);
  });
});

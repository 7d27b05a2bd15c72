import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeOrganization } from './registry.factories.js';

/** Rule 7 of issue 8: a team's stars are a yearly rating (星级团队评比 [003]) with its criteria and who rated, for teams only. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let member: Agent;
let staffB: Agent;
let team: { id: string };

const thisYear = Number(todayInChina().slice(0, 4));
const url = (id: string, rest = '/star-rating') => `/api/registry/organizations/${id}${rest}`;
const rating = (over: Record<string, unknown> = {}) => ({
  year: thisYear,
  stars: 4,
  scores: { sixOnes: 23, activities: 20, service: 18, conduct: 21 },
  comment: '六个一落实到位',
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  team = await makeOrganization(t.db, A.street, {
    name: '星级测试腰鼓队',
    status: 'filed',
    filingNumber: `${A.street.slice(0, 9)}-2021-0001`,
    filedAt: new Date('2021-04-01T02:00:00Z'),
  });
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: team.id }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('rating a team', () => {
  it('records the year, stars, criteria scores and who rated; the team shows the stars', async () => {
    const res = await staff.put(url(team.id), rating());
    expect(res.status, res.body).toBe(200);
    expect(res.json().starRating).toMatchObject({ year: thisYear, stars: 4, total: 82, comment: '六个一落实到位', ratedBy: expect.stringMatching(/^测试用户/) });
    expect(res.json().starRating.scores).toEqual({ sixOnes: 23, activities: 20, service: 18, conduct: 21 });
    expect(res.json().applies).toEqual({ grade: false, starRating: true, stage: false });
    expect((await staff.get(url(team.id, ''))).json().organization.starRating).toBe(4);
    const list = (await staff.get(`/api/registry/organizations?regionCode=${A.street}&kind=team`)).json().items;
    expect(list.find((i: { id: string }) => i.id === team.id).starRating).toBe(4);
    const [audit] = rowsOf(await t.db.execute(sql`select before, after from audit_log where action = 'registry.star_rating.set' and entity_id = ${team.id}`));
    expect(audit).toMatchObject({ before: { starRating: null }, after: { year: thisYear, stars: 4 } });
  });

  it('keeps every rating; the current stars are the latest year\'s, a year rated again counts its latest rating', async () => {
    const earlier = await staff.put(url(team.id), rating({ year: thisYear - 1, stars: 2 }));
    expect(earlier.status).toBe(200);
    expect(earlier.json().starRating).toMatchObject({ year: thisYear, stars: 4 });
    const again = await staff.put(url(team.id), rating({ stars: 5, comment: '复评' }));
    expect(again.json().starRating).toMatchObject({ year: thisYear, stars: 5 });
    expect(again.json().starRatings.map((r: { year: number; stars: number }) => [r.year, r.stars])).toEqual([
      [thisYear, 5],
      [thisYear, 4],
      [thisYear - 1, 2],
    ]);
    expect((await staff.get(url(team.id, ''))).json().organization.starRating).toBe(5);
  });

  it('refuses stars on an organisation that is not a grassroots team, naming the field, and writes nothing', async () => {
    for (const legalForm of ['social_group', 'community_org']) {
      const org = await makeOrganization(t.db, A.street, { legalForm, status: legalForm === 'community_org' ? 'filed' : 'registered' });
      const before = await dbSnapshot(t.db);
      const res = await staff.put(url(org.id), rating());
      expect(res.status).toBe(400);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'stars', problem: 'stars_not_for_form', message: expect.stringContaining('星级') })]);
      expect(await dbSnapshot(t.db)).toEqual(before);
    }
  });

  it('refuses a team not yet filed, a future year, a year before the filing and scores out of range', async () => {
    const draft = await makeOrganization(t.db, A.street);
    const before = await dbSnapshot(t.db);
    const unfiled = await staff.put(url(draft.id), rating());
    expect(unfiled.json().error.fields[0]).toMatchObject({ field: 'stars', problem: 'stars_not_filed' });
    const future = await staff.put(url(team.id), rating({ year: thisYear + 1 }));
    expect(future.status).toBe(400);
    expect(future.json().error.fields[0]).toMatchObject({ field: 'year', problem: 'year_future' });
    const early = await staff.put(url(team.id), rating({ year: 2020 }));
    expect(early.json().error.fields[0]).toMatchObject({ field: 'year', problem: 'year_before_filed', message: expect.stringContaining('2021') });
    const scores = await staff.put(url(team.id), rating({ stars: 6, scores: { sixOnes: 26, activities: 20, service: 18 } }));
    expect(scores.status).toBe(400);
    expect(scores.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['scores.conduct', 'scores.sixOnes', 'stars']);
    expect(scores.json().error.fields.find((f: { field: string }) => f.field === 'scores.sixOnes').message).toContain('六个一落实');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('is the centre\'s: the team\'s own member is refused (403), another district\'s staff finds nothing (404)', async () => {
    const before = await dbSnapshot(t.db);
    const own = await member.put(url(team.id), rating());
    expect(own.status).toBe(403);
    expect(own.json().error.code).toBe('forbidden');
    expect((await staffB.put(url(team.id), rating())).status).toBe(404);
    expect(await dbSnapshot(t.db)).toEqual(before);
    expect((await member.get(url(team.id, '/standing'))).json().abilities.setStarRating).toBe(false);
    expect((await staff.get(url(team.id, '/standing'))).json().abilities.setStarRating).toBe(true);
  });

  it('holds in the database: no organisation but a grassroots team carries stars', async () => {
    const org = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    await expect(t.db.execute(sql`update registry_organizations set star_rating = 3 where id = ${org.id}`)).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining('registry_org_star_form') }),
    });
  });
});

/**
 * The record page reads its record as one JSON value built by the database and presents it by hand
 * (registry.queries.ts findOrganizationDetail, registry.present.ts presentOrganizationDetail): these
 * tests hold it to what presentOrganization answers for the same row, field by field.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/actor.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeCategory, makeIdNumber, makeOrganization, makeUscc } from './registry.factories.js';
import { organizationFilingRows } from './registry.queries.js';
import { registryFilings } from './registry.tables.js';

let t: TestApp;
let regions: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Awaited<ReturnType<typeof signIn>>;
let officialName: string;
let categoryId: string;

beforeAll(async () => {
  t = await buildTestApp();
  regions = await makeRegionTree(t.db);
  categoryId = (await makeCategory(t.db, '文化艺术类')).id;
  const o = await makeUser(t.db, [{ role: 'official', regionCode: regions.district }]);
  officialName = o.username;
  official = await signIn(t.app, o.username, PASSWORD);
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const detailOf = async (id: string, language?: string) => {
  const res = await official.get(`/api/registry/organizations/${id}`, language ? { 'accept-language': language } : {});
  expect(res.status).toBe(200);
  return res.json();
};

describe('the record page', () => {
  it('shows every field as saving the record answers it, in each language', async () => {
    const parent = await makeOrganization(t.db, regions.street, { legalForm: 'social_group', name: '上级协会' });
    const created = await official.post('/api/registry/organizations', {
      regionCode: regions.community,
      legalForm: 'social_group',
      name: '甲一社区书画协会',
      uscc: makeUscc(regions.district),
      registrationLevel: 'street',
      categoryId,
      foundedOn: '2019-05-04',
      parentId: parent.id,
      leaderName: '李秀英',
      leaderPhone: '13912345678',
      leaderIdNumber: makeIdNumber('19580214'),
      address: '甲一路 1 号',
      activityContent: '书法、国画',
      venue: '社区文化活动中心',
      businessScope: '书画交流',
    });
    expect(created.status).toBe(200);
    const id = created.json().organization.id;
    for (const language of ['zh-CN', 'en', 'zh-TW']) {
      // A save answers through presentOrganization, from the row Drizzle maps.
      const saved = await official.patch(`/api/registry/organizations/${id}`, { address: `甲一路 1 号 ${language}` }, { 'accept-language': language });
      expect(saved.status).toBe(200);
      const { organization, abilities } = await detailOf(id, language);
      expect(organization).toEqual(saved.json().organization);
      expect(abilities.edit).toBe(true);
    }
    const { organization } = await detailOf(id, 'en');
    expect(organization).toMatchObject({ leaderPhone: '139****5678', parentName: '上级协会', categoryName: expect.stringMatching(/^Category /) });
    expect(organization.leaderIdNumber).toMatch(/^310\*{11}\d{3}[\dX]$/);
  });

  it('writes times as JavaScript does, milliseconds cut, not rounded, in UTC', async () => {
    const team = await makeOrganization(t.db, regions.street, { status: 'filed', filingNumber: `${regions.street.slice(0, 9)}-2026-0901` });
    await t.db.execute(sql`update registry_organizations set created_at = '2026-03-04 05:06:07.891999+00',
      updated_at = '2026-03-05 23:59:59.9999+08', filed_at = '1999-12-31 16:00:00.000501+00' where id = ${team.id}`);
    const { organization, abilities } = await detailOf(team.id);
    expect(organization).toMatchObject({ createdAt: '2026-03-04T05:06:07.891Z', updatedAt: '2026-03-05T15:59:59.999Z', filedAt: '1999-12-31T16:00:00.000Z' });
    // A filed team's facts change only through a change filing.
    expect(abilities.editableFields).toEqual([]);
  });

  it('shows a grade as expired from the first second of the next day in China, not a day late', async () => {
    const society = await makeOrganization(t.db, regions.street, { legalForm: 'social_group' });
    await t.db.execute(sql`update registry_organizations set grade = '4A', grade_valid_until = '2030-06-30' where id = ${society.id}`);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-06-30T15:59:59Z') });
    // Signed in at the faked time, so the session has not expired by it.
    official = await signIn(t.app, officialName, PASSWORD);
    expect((await detailOf(society.id)).organization).toMatchObject({ grade: '4A', gradeValidUntil: '2030-06-30', gradeExpired: false });
    vi.setSystemTime(new Date('2030-06-30T16:00:01Z'));
    expect((await detailOf(society.id)).organization).toMatchObject({ grade: '4A', gradeExpired: true });
    // And a clock set back finds the day again.
    vi.setSystemTime(new Date('2030-06-30T15:59:59Z'));
    expect((await detailOf(society.id)).organization.gradeExpired).toBe(false);
  });

  it('reads the filings as Drizzle maps their rows: newest first, times cut to milliseconds, personal values opened', async () => {
    const team = await makeOrganization(t.db, regions.street);
    const filings = await t.db
      .insert(registryFilings)
      .values([
        { organizationId: team.id, regionCode: team.regionCode, kind: 'initial', state: 'approved', submittedAt: new Date('2026-01-02T03:04:05.678Z'), decidedAt: new Date('2026-01-03T00:00:00Z') },
        { organizationId: team.id, regionCode: team.regionCode, kind: 'change', state: 'submitted', payload: { changes: { leaderPhone: '13912345678', venue: '活动室' }, reason: '换负责人' } },
      ])
      .returning({ id: registryFilings.id });
    await t.db.execute(sql`update registry_filings set created_at = '2026-03-04 05:06:07.891999+00', updated_at = '2026-03-05 23:59:59.9999+08' where id = ${filings[0].id}`);
    const mapped = await t.db.select().from(registryFilings).where(eq(registryFilings.organizationId, team.id)).orderBy(desc(registryFilings.createdAt));
    const read = await organizationFilingRows({ db: t.db } as Ctx, team.id);
    expect(read).toEqual(mapped);
    expect(read[0].payload).toEqual({ changes: { leaderPhone: '13912345678', venue: '活动室' }, reason: '换负责人' });
    expect(read[1].createdAt.toISOString()).toBe('2026-03-04T05:06:07.891Z');
    expect(await organizationFilingRows({ db: t.db } as Ctx, (await makeOrganization(t.db, regions.street)).id)).toEqual([]);
  });
});

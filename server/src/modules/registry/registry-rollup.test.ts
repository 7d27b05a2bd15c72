/**
 * registry_org_rollup, the summary the dashboard sums, is kept by triggers: whatever writes the
 * records (the API, an import, the seed, SQL by hand), the summary must equal a recount.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import type { Actor, Ctx } from '../../core/actor.js';
import { NO_READ_CACHES } from '../../core/write-unit.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { figuresOf, recountCells, rollupCells, seniorMembers, seniorMembersFromSummary } from './registry.dashboard.js';
import { makeCategory, makeMember, makeOrganization } from './registry.factories.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let categories: string[];

/** The summary's live rows, and the same recounted from the records, in one order. */
async function summaryAndRecount() {
  const order = (t: string) => `order by ${t}region_code, ${t}legal_form, ${t}status, coalesce(${t}category_id::text, '')`;
  const summary = rowsOf(
    await t.db.execute(
      sql.raw(`select region_code, legal_form, status, category_id, organizations, members from registry_org_rollup
                where organizations <> 0 or members <> 0 ${order('')}`),
    ),
  );
  const recount = rowsOf(
    await t.db.execute(
      sql.raw(`select o.region_code, o.legal_form, o.status, o.category_id, count(*)::int as organizations,
                      coalesce(sum((select count(*) from registry_members m where m.organization_id = o.id)), 0)::int as members
                 from registry_organizations o group by 1, 2, 3, 4 ${order('o.')}`),
    ),
  );
  const ageOrder = (t: string) =>
    `order by ${t}region_code, ${t}legal_form, ${t}status, birth_month nulls first, age_band nulls first`;
  const ageSummary = rowsOf(
    await t.db.execute(
      sql.raw(`select region_code, legal_form, status, birth_month::text, age_band, members from registry_member_age_rollup
                where members <> 0 ${ageOrder('')}`),
    ),
  );
  const ageRecount = rowsOf(
    await t.db.execute(
      sql.raw(`select o.region_code, o.legal_form, o.status, date_trunc('month', m.birth_date)::date::text as birth_month,
                      case when m.birth_date is null then m.age_band end as age_band, count(*)::int as members
                 from registry_members m join registry_organizations o on o.id = m.organization_id
                group by 1, 2, 3, 4, 5 ${ageOrder('o.')}`),
    ),
  );
  return { summary, recount, ageSummary, ageRecount };
}

/** Around 60 years before the test days, so the month turning 60 is split on most of them. */
const BIRTH_DATES = ['1966-10-31', '1966-11-01', '1966-11-21', '1966-11-22', '1966-11-23', '1966-11-30', '1966-12-31', '1967-02-28', '1968-02-29', '1968-03-01', '1950-05-05', '1990-01-01'];

function systemCtx(): Ctx {
  const actor = { id: '00000000-0000-0000-0000-000000000000', username: 'test', displayName: '', grants: [] } as unknown as Actor;
  return { db: t.db, actor, locale: 'zh-CN', requestId: 'test', writes: NO_READ_CACHES };
}

/** A small deterministic generator, so a failing mix can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  categories = [(await makeCategory(t.db)).id, (await makeCategory(t.db)).id];
});
afterAll(() => t.close());

describe('registry roll-up summary', () => {
  it('equals a recount after a generated mix of creates, updates, moves and deletes', async () => {
    const rnd = random(8);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
    const regions = [A.street, A.street2, A.community, A.community2, A.district, B.street, B.community];
    const forms = ['grassroots_team', 'grassroots_team', 'social_group', 'community_org'];
    const statuses = ['draft', 'submitted', 'filed', 'filed', 'registered', 'dissolved'];
    const orgs: { id: string; regionCode: string }[] = [];
    const members: string[] = [];
    for (let step = 0; step < 160; step++) {
      const action = rnd();
      if (action < 0.3 || orgs.length < 4) {
        const row = await makeOrganization(t.db, pick(regions), {
          legalForm: pick(forms),
          status: pick(statuses),
          categoryId: rnd() < 0.2 ? null : pick(categories),
        });
        orgs.push(row);
      } else if (action < 0.5) {
        // Born around the day each test "today" turns 60 (see below), or with only a band entered.
        const birthDate = rnd() < 0.15 ? null : pick(BIRTH_DATES);
        const ageBand = birthDate ? null : pick(['50_59', '60_69', '80_plus', null]);
        members.push((await makeMember(t.db, pick(orgs), { birthDate, ageBand })).id);
      } else if (action < 0.53 && members.length) {
        await t.db.execute(sql`update registry_members set birth_date = ${pick(BIRTH_DATES)} where id = ${pick(members)}`);
      } else if (action < 0.6) {
        const o = pick(orgs);
        await t.db.execute(sql`update registry_organizations set status = ${pick(statuses)}, legal_form = ${pick(forms)} where id = ${o.id}`);
      } else if (action < 0.7) {
        const o = pick(orgs);
        o.regionCode = pick(regions);
        await t.db.execute(sql`update registry_organizations set region_code = ${o.regionCode}, category_id = ${rnd() < 0.3 ? null : pick(categories)} where id = ${o.id}`);
      } else if (action < 0.75 && members.length) {
        // A member moved to another roster.
        await t.db.execute(sql`update registry_members set organization_id = ${pick(orgs).id} where id = ${pick(members)}`);
      } else if (action < 0.82 && members.length) {
        const id = members.splice(Math.floor(rnd() * members.length), 1)[0];
        await t.db.execute(sql`delete from registry_members where id = ${id}`);
      } else if (action < 0.9) {
        // An organisation deleted with its roster (the members go by cascade).
        const [o] = orgs.splice(Math.floor(rnd() * orgs.length), 1);
        const roster = rowsOf<{ id: string }>(await t.db.execute(sql`select id from registry_members where organization_id = ${o.id}`));
        await t.db.execute(sql`delete from registry_organizations where id = ${o.id}`);
        for (const r of roster) members.splice(members.indexOf(r.id), 1);
      } else if (action < 0.95) {
        // A change that is not a move (name, address) leaves the summary be.
        await t.db.execute(sql`update registry_organizations set address = ${`地址${step}`}, name = ${`改名${step}`} where id = ${pick(orgs).id}`);
      } else {
        // One statement over many rows, as an import or a job writes.
        await t.db.execute(sql`update registry_organizations set status = 'filed' where region_code like ${A.district.slice(0, 6) + '%'} and status = 'submitted'`);
      }
    }
    const { summary, recount, ageSummary, ageRecount } = await summaryAndRecount();
    expect(recount.length).toBeGreaterThan(5);
    expect(summary).toEqual(recount);
    expect(ageRecount.length).toBeGreaterThan(5);
    expect(ageSummary).toEqual(ageRecount);
  });

  it('counts those aged 60 and over from the birth months as the roster does, on any day asked', async () => {
    const ctx = systemCtx();
    for (const code of [A.district, A.street, A.community2, B.street]) {
      const region = { code, name: '', level: '', prefix: regionPrefix(code), children: [] };
      const live = sql`o.region_code like ${region.prefix + '%'} and o.status <> 'dissolved'`;
      // Days on which some born in the month turning 60 have had the birthday and some not.
      for (const today of ['2026-11-22', '2026-11-01', '2026-11-30', '2027-03-01', '2028-02-29', '2026-12-31']) {
        expect(await seniorMembersFromSummary(ctx, region, today), `${code} on ${today}`).toBe(await seniorMembers(ctx, live, today));
      }
    }
    const everyone = { code: A.district, name: '', level: '', prefix: A.district.slice(0, 6), children: [] };
    expect(await seniorMembers(ctx, sql`o.region_code like ${everyone.prefix + '%'}`, '2026-11-22')).toBeGreaterThan(0);
  });

  it('is rebuilt to nothing by TRUNCATE and counts again afterwards', async () => {
    // Inside a transaction that is rolled back, so the other tests keep their data.
    await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`truncate registry_members`);
        const [{ members }] = rowsOf<{ members: number }>(await tx.execute(sql`select coalesce(sum(members), 0)::int as members from registry_org_rollup`));
        expect(members).toBe(0);
        const [{ aged }] = rowsOf<{ aged: number }>(await tx.execute(sql`select count(*)::int as aged from registry_member_age_rollup where members <> 0`));
        expect(aged).toBe(0);
        throw new Error('rollback');
      })
      .catch((err: Error) => expect(err.message).toBe('rollback'));
    const { summary, recount } = await summaryAndRecount();
    expect(summary).toEqual(recount);
  });

  it('gives the dashboard the same figures as a recount, through the API', async () => {
    const staff: Agent = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
    const created = await staff.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'grassroots_team', name: '汇总测试合唱队', categoryId: categories[0] });
    expect(created.status, created.body).toBe(200);
    const id = created.json().organization.id as string;
    const moved = await staff.patch(`/api/registry/organizations/${id}`, { regionCode: A.street2 });
    expect(moved.status, moved.body).toBe(200);

    const officialUser = await makeUser(t.db, [{ role: 'official', regionCode: A.district }]);
    const official = await signIn(t.app, officialUser.username, PASSWORD);
    const res = await official.get(`/api/dashboard/summary?regionCode=${A.district}`);
    expect(res.status, res.body).toBe(200);
    const section = res.json().sections.registry;

    const region = {
      code: A.district,
      name: '',
      level: 'district',
      prefix: A.district.slice(0, 6),
      children: [
        { code: A.street, name: '' },
        { code: A.street2, name: '' },
      ],
    };
    const actor = { id: officialUser.id, username: officialUser.username, displayName: '', grants: [] } as unknown as Actor;
    const ctx: Ctx = { db: t.db, actor, locale: 'zh-CN', requestId: 'test', writes: NO_READ_CACHES };
    const fromSummary = figuresOf(await rollupCells(ctx, region), region);
    const recounted = figuresOf(await recountCells(ctx, region), region);
    expect(fromSummary).toEqual(recounted);
    expect(recounted.totals.teamsAll).toBeGreaterThan(0);
    const sortKeys = <T extends { key: string }>(items: T[]) => [...items].sort((a, b) => a.key.localeCompare(b.key));
    expect(section.totals).toMatchObject(recounted.totals);
    expect(sortKeys(section.byLegalForm)).toEqual(sortKeys(recounted.byLegalForm));
    expect(sortKeys(section.byStatus)).toEqual(sortKeys(recounted.byStatus));
    expect(section.children.map((c: { organizations: number; teams: number }) => [c.organizations, c.teams])).toEqual(
      recounted.children.map((c) => [c.organizations, c.teams]),
    );
  });
});

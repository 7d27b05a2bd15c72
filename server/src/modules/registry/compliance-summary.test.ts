/**
 * registry_filed_team_months, from which the 六个一 roll-up counts the teams owing a month, is kept
 * by triggers: whatever writes the teams, it must equal a recount, and the roll-up a reader who sees
 * the whole region gets from it must equal the row-by-row count a narrower reader gets.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import type { Actor, Ctx } from '../../core/actor.js';
import { NO_READ_CACHES } from '../../core/write-unit.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from './registry.factories.js';
import { registryMonthlyReports } from './registry.tables.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { childRegions } from '../regions/regions.service.js';
import { complianceFromSummary, complianceRecount, complianceRollup } from './service/reports.js';

let t: TestApp;
let A: RegionTree;

function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const ctxOf = (grants: Actor['grants']): Ctx => ({
  db: t.db,
  actor: { id: '00000000-0000-0000-0000-000000000000', username: 'test', displayName: '', grants } as Actor,
  locale: 'zh-CN',
  requestId: 'test',
  writes: NO_READ_CACHES,
});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
});
afterAll(() => t.close());

describe('filed teams by month of filing', () => {
  it('equals a recount after a generated mix of writes, and the roll-up from it equals the row-by-row one', async () => {
    const rnd = random(11);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
    const regions = [A.street, A.street2, A.community, A.community2];
    // Around the month boundaries in China time (UTC+8): 2026-09-30T16:00Z is 1 October in Shanghai.
    const filedAts = [null, '2026-08-15T02:00:00Z', '2026-09-30T15:59:59Z', '2026-09-30T16:00:00Z', '2026-10-20T00:00:00Z', '2026-11-02T00:00:00Z'];
    const ids: string[] = [];
    for (let step = 0; step < 120; step++) {
      const action = rnd();
      if (action < 0.4 || ids.length < 4) {
        const status = pick(['filed', 'filed', 'filed', 'draft', 'dissolved']);
        const row = await makeOrganization(t.db, pick(regions), { legalForm: pick(['grassroots_team', 'grassroots_team', 'community_org']), status });
        await t.db.execute(sql`update registry_organizations set filed_at = ${pick(filedAts)} where id = ${row.id}`);
        ids.push(row.id);
      } else if (action < 0.55) {
        await t.db.execute(sql`update registry_organizations set filed_at = ${pick(filedAts)} where id = ${pick(ids)}`);
      } else if (action < 0.7) {
        await t.db.execute(sql`update registry_organizations set status = ${pick(['filed', 'dissolved', 'submitted'])} where id = ${pick(ids)}`);
      } else if (action < 0.8) {
        await t.db.execute(sql`update registry_organizations set region_code = ${pick(regions)} where id = ${pick(ids)}`);
      } else if (action < 0.85) {
        await t.db.execute(sql`delete from registry_organizations where id = ${ids.splice(Math.floor(rnd() * ids.length), 1)[0]}`);
      } else {
        const id = pick(ids);
        const [o] = rowsOf<{ region_code: string }>(await t.db.execute(sql`select region_code from registry_organizations where id = ${id}`));
        const month = pick(['2026-09-01', '2026-10-01']);
        const ok = rnd() < 0.6;
        await t.db
          .insert(registryMonthlyReports)
          .values({ organizationId: id, regionCode: o.region_code, month, responsiblePerson: ok, flag: true, venuePermit: true, meetingHeld: true, trainingHeld: true, reportForm: true })
          .onConflictDoNothing();
      }
    }
    const summary = rowsOf(
      await t.db.execute(sql`select region_code, filed_month::text, teams from registry_filed_team_months where teams <> 0 order by 1, 2 nulls first`),
    );
    const recount = rowsOf(
      await t.db.execute(sql`
        select region_code, date_trunc('month', filed_at at time zone 'Asia/Shanghai')::date::text as filed_month, count(*)::int as teams
          from registry_organizations where legal_form = 'grassroots_team' and status = 'filed' group by 1, 2 order by 1, 2 nulls first`),
    );
    expect(recount.length).toBeGreaterThan(3);
    expect(summary).toEqual(recount);

    // The roll-up from the summary equals the same teams counted row by row, in every month around
    // the boundaries, child by child.
    const children = await childRegions(t.db, A.district);
    for (const month of ['2026-09', '2026-10', '2026-11']) {
      const fromSummary = await complianceFromSummary(ctxOf([]), regionPrefix(A.district), children, month);
      const recounted = await complianceRecount(ctxOf([]), regionPrefix(A.district), children, month, sql`true`);
      expect([...recounted.values()].reduce((n, c) => n + c.teams, 0), month).toBeGreaterThan(0);
      expect(fromSummary, month).toEqual(recounted);
    }
    // And through the service, as the district official asks for it.
    const official = ctxOf([{ id: 'g1', role: 'official', regionCode: A.district, organizationId: null }]);
    expect((await complianceRollup(official, A.district, '2026-10')).total.teams).toBe(
      [...(await complianceRecount(ctxOf([]), regionPrefix(A.district), children, '2026-10', sql`true`)).values()].reduce((n, c) => n + c.teams, 0),
    );
  });
});

/** The head counts the statistics read (migration 0036) against a recount, after registrations, moves, status changes and served hours. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { recordHours } from './service/hours-ledger.js';
import { makeVolunteer } from './volunteers.factories.js';
import { approveBySql, asSystem, headCountsKept, headCountsRecounted, makeActivity } from './volunteers-hours.factories.js';

let t: TestApp;
let A: RegionTree;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
});
afterAll(async () => {
  await t.close();
});

describe('volunteer head counts', () => {
  it('follow registrations, moves and status changes, and the months and years served, as a recount does', async () => {
    const people: Awaited<ReturnType<typeof makeVolunteer>>[] = [];
    for (let i = 0; i < 6; i++) people.push(await makeVolunteer(t.db, i % 2 ? A.street : A.street2));
    await t.db.execute(sql`update volunteers set status = 'suspended' where id = ${people[0].id}`);
    await t.db.execute(sql`update volunteers set region_code = ${A.street} where id = ${people[1].id}`);
    const activity = await makeActivity(t.db, A.street);
    const entries: { id: string }[] = [];
    for (const [i, v] of people.slice(0, 4).entries()) {
      for (const month of ['2025-12-20', '2026-01-10']) {
        const startsAt = new Date(`${month}T0${i}:00:00Z`);
        const r = await asSystem(t.db, (w) =>
          recordHours(w, { volunteerId: v.id, kind: 'manual', activityId: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), reason: '补录', actorId: '' }),
        );
        await approveBySql(t.db, r.entry!.id);
        entries.push(r.entry!);
      }
    }
    // A reversal takes a volunteer's only month of a year away again: its active year goes too.
    await t.db.execute(sql`insert into volunteer_hour_entries (volunteer_id, region_code, kind, activity_id, activity_type, starts_at, ends_at, minutes, reverses_id, reason)
                           select volunteer_id, region_code, 'reversal', activity_id, activity_type, starts_at, ends_at, -minutes, id, '重复录入'
                             from volunteer_hour_entries where id = ${entries[0].id}`);
    // A volunteer moved after serving: its later hours count where it is now.
    await t.db.execute(sql`update volunteers set region_code = ${A.street2} where id = ${people[2].id}`);
    const startsAt = new Date('2026-02-01T02:00:00Z');
    const moved = await asSystem(t.db, (w) =>
      recordHours(w, { volunteerId: people[2].id, kind: 'manual', activityId: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + 60 * 60_000), reason: '补录', actorId: '' }),
    );
    await approveBySql(t.db, moved.entry!.id);

    const kept = await headCountsKept(t.db);
    expect(kept).toEqual(await headCountsRecounted(t.db));
    expect(kept.years.length).toBeGreaterThan(0);
    expect(kept.registered.some((r) => r.endsWith('suspended 1'))).toBe(true);
  });
});

describe('a volunteer who moves', () => {
  it('takes its totals to the new region, starred by that region’s thresholds at once', async () => {
    const v = await makeVolunteer(t.db, A.street);
    const activity = await makeActivity(t.db, A.street);
    const startsAt = new Date('2026-03-02T01:00:00Z');
    const r = await asSystem(t.db, (w) =>
      recordHours(w, { volunteerId: v.id, kind: 'manual', activityId: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + 120 * 60_000), reason: '补录', actorId: '' }),
    );
    await approveBySql(t.db, r.entry!.id);
    // The street moved to sets 1 hour for the first star; the old one keeps the national 100.
    await t.db.execute(sql`insert into volunteer_star_settings (region_code, threshold_hours, source) values (${A.street2}, '{1,2,3,4,5}'::int[], '试点办法')`);
    await t.db.execute(sql`update volunteers set region_code = ${A.street2} where id = ${v.id}`);
    const [row] = rowsOf<{ region_code: string; stars: number }>(await t.db.execute(sql`select region_code, stars from volunteer_totals where volunteer_id = ${v.id}`));
    expect(row).toEqual({ region_code: A.street2, stars: 2 });
  });
});

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starLevel } from '../../../../shared/volunteers/states.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot } from '../../../test/helpers.js';
import { secondConnection } from '../../../test/test-db.js';
import type { Ctx } from '../../core/actor.js';
import { NO_READ_CACHES } from '../../core/write-unit.js';
import { rowsOf, type Database, type Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { decideEntry } from './service/hours-approval.js';
import { recordHours, reverseEntry } from './service/hours-ledger.js';
import { addTeamMember, makeTeam, makeVolunteer } from './volunteers.factories.js';
import { approveBySql, asSystem, makeActivity, recountText, summaries } from './volunteers-hours.factories.js';

let t: TestApp;
let A: RegionTree;
let second: Database | null;
let official: Agent;
let staffUserId: string;

const HOUR = 3_600_000;
const MIN = 60_000;
const BASE = new Date('2025-06-01T00:00:00Z').getTime();

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  second = await secondConnection(t.database, 10);
  const o = await makeUser(t.db, [{ role: 'official', regionCode: A.district }]);
  official = await signIn(t.app, o.username, PASSWORD);
  staffUserId = (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).id;
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

/** A centre staff member of A's district, as the services see it (it owns activities no organisation owns). */
const staffCtx = (db: Db = t.db): Ctx => ({
  db,
  actor: { id: staffUserId, username: 'staff', displayName: '测试工作人员', grants: [{ id: 'g', role: 'centre_staff', regionCode: A.district, organizationId: null }] },
  locale: 'zh-CN',
  requestId: 'stars-test',
  writes: NO_READ_CACHES,
});

async function refused(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

const json = (r: { json(): any }) => r.json();

describe('the summaries the triggers keep', () => {
  it('any sequence of entries, approvals, rejections and reversals leaves totals, roll-up and active months equal to a recount, and stars = starLevel', async () => {
    // Low thresholds for the street, so the levels move within a few entries.
    const thresholds = [1, 2, 3, 4, 5];
    await t.db.execute(sql`insert into volunteer_star_settings (region_code, threshold_hours, source) values (${A.street}, ${`{${thresholds.join(',')}}`}::integer[], '测试用标准')`);
    const activities = [await makeActivity(t.db, A.street, { type: 'elderly' }), await makeActivity(t.db, A.street2, { type: 'culture' })];
    const record = fc.record({ op: fc.constant('record' as const), volunteer: fc.nat(2), activity: fc.nat(1), day: fc.nat(70), hour: fc.nat(20), minutes: fc.integer({ min: 10, max: 300 }) });
    const decide = (op: 'approve' | 'reject' | 'reverse') => fc.record({ op: fc.constant(op), entry: fc.nat(30) });
    const command = fc.oneof(
      { arbitrary: record, weight: 3 },
      { arbitrary: decide('approve'), weight: 3 },
      { arbitrary: decide('reject'), weight: 1 },
      { arbitrary: decide('reverse'), weight: 1 },
    );
    type Command = { op: 'record'; volunteer: number; activity: number; day: number; hour: number; minutes: number } | { op: 'approve' | 'reject' | 'reverse'; entry: number };
    // One run always reaches a star level, takes it back by a reversal, and reuses a rejected period.
    const example: Command[] = [
      { op: 'record', volunteer: 0, activity: 0, day: 1, hour: 1, minutes: 200 },
      { op: 'approve', entry: 0 },
      { op: 'record', volunteer: 0, activity: 1, day: 2, hour: 1, minutes: 90 },
      { op: 'reject', entry: 1 },
      { op: 'record', volunteer: 0, activity: 1, day: 2, hour: 1, minutes: 60 },
      { op: 'approve', entry: 2 },
      { op: 'reverse', entry: 0 },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands: Command[]) => {
        const volunteers = [await makeVolunteer(t.db, A.street), await makeVolunteer(t.db, A.community), await makeVolunteer(t.db, A.street2)];
        const entries: string[] = [];
        for (const c of commands) {
          if (c.op === 'record') {
            const startsAt = new Date(BASE + c.day * 24 * HOUR + c.hour * HOUR);
            const r = await refused(
              asSystem(t.db, async (w) => {
                const res = await recordHours(w, {
                  volunteerId: volunteers[c.volunteer].id,
                  kind: 'manual',
                  activityId: activities[c.activity].id,
                  startsAt,
                  endsAt: new Date(startsAt.getTime() + c.minutes * MIN),
                  reason: '补录',
                  actorId: '',
                });
                if (res.entry) entries.push(res.entry.id);
              }),
            );
            expect([null, 'volunteer_hours_overlap']).toContain(r);
          } else if (entries.length) {
            const id = entries[c.entry % entries.length];
            const r =
              c.op === 'reverse'
                ? await refused(reverseEntry(staffCtx(), id, '录入有误'))
                : await refused(decideEntry(staffCtx(), id, { decision: c.op === 'approve' ? 'approved' : 'rejected', reason: c.op === 'reject' ? '不符' : null }));
            expect([null, 'volunteer_hours_decided', 'volunteer_hours_not_approved', 'volunteer_hours_reversed']).toContain(r);
          }
        }
        expect(await summaries(t.db)).toEqual(await recountText(t.db));
        const totals = rowsOf<{ approved_minutes: string; stars: number; region_code: string }>(await t.db.execute(sql`select * from volunteer_totals`));
        for (const row of totals) {
          const applies = row.region_code.startsWith(A.street.slice(0, 9)) ? thresholds : [100, 300, 600, 1000, 1500];
          expect(row.stars).toBe(starLevel(Number(row.approved_minutes), applies));
        }
      }),
      { numRuns: 12, examples: [[example]] },
    );
    // The runs did reach star levels and reversals, so the property says something about them.
    const [seen] = rowsOf<{ stars: number; reversals: number }>(
      await t.db.execute(sql`select (select count(*)::int from volunteer_totals where stars > 0) as stars,
                                    (select count(*)::int from volunteer_hour_entries where kind = 'reversal') as reversals`),
    );
    expect(seen.stars).toBeGreaterThan(0);
    expect(seen.reversals).toBeGreaterThan(0);
  }, 120_000);

  it('50 concurrent approvals of one entry through the service: one decision, counted once', async () => {
    const activity = await makeActivity(t.db, A.street);
    const v = await makeVolunteer(t.db, A.street);
    const startsAt = new Date(BASE - 30 * 24 * HOUR);
    const r = await asSystem(t.db, (w) => recordHours(w, { volunteerId: v.id, kind: 'manual', activityId: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + 3 * HOUR), reason: '补录', actorId: '' }));
    const db = (second ?? t.database).db;
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => refused(decideEntry(staffCtx(db), r.entry!.id, { decision: 'approved', reason: null }))));
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'volunteer_hours_decided')).toHaveLength(49);
    const [row] = rowsOf<{ approved_minutes: string; approved_entries: number }>(await t.db.execute(sql`select * from volunteer_totals where volunteer_id = ${v.id}`));
    expect(Number(row.approved_minutes)).toBe(180);
    expect(row.approved_entries).toBe(1);
    // And 50 concurrent reversals of it: one.
    const reversals = await Promise.all(Array.from({ length: 50 }, () => refused(reverseEntry(staffCtx(db), r.entry!.id, '录入有误'))));
    expect(reversals.filter((o) => o === null)).toHaveLength(1);
    const [after] = rowsOf<{ approved_minutes: string }>(await t.db.execute(sql`select * from volunteer_totals where volunteer_id = ${v.id}`));
    expect(Number(after.approved_minutes)).toBe(0);
  });
});

describe('star levels and thresholds', () => {
  /** A volunteer of `region` with `hours` approved hours (one entry a day, up to 24 hours each). */
  async function volunteerWithHours(region: string, hours: number) {
    const activity = await makeActivity(t.db, region);
    const v = await makeVolunteer(t.db, region);
    let left = hours;
    for (let day = 0; left > 0; day++) {
      const h = Math.min(left, 20);
      left -= h;
      const startsAt = new Date(BASE + 200 * 24 * HOUR + day * 24 * HOUR);
      const r = await asSystem(t.db, (w) => recordHours(w, { volunteerId: v.id, kind: 'manual', activityId: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + h * HOUR), reason: '补录', actorId: '' }));
      await approveBySql(t.db, r.entry!.id);
    }
    return v;
  }

  it('refuses thresholds that are not five increasing positive hours, or without a source, naming the field; nothing changes', async () => {
    const before = await dbSnapshot(t.db);
    const cases: [unknown, string][] = [
      [{ thresholdHours: [1, 2, 3, 4], source: '文件' }, 'thresholdHours'],
      [{ thresholdHours: [1, 2, 2, 4, 5], source: '文件' }, 'thresholdHours'],
      [{ thresholdHours: [0, 2, 3, 4, 5], source: '文件' }, 'thresholdHours'],
      [{ thresholdHours: [1, 2, 3.5, 4, 5], source: '文件' }, 'thresholdHours'],
      [{ thresholdHours: [1, 2, 3, 4, 5], source: ' ' }, 'source'],
      [{ thresholdHours: [1, 2, 3, 4, 5] }, 'source'],
    ];
    for (const [body, field] of cases) {
      const res = await official.put(`/api/volunteers/star-settings/${A.district}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(json(res).error.fields.map((f: { field: string }) => f.field.split('.')[0])).toContain(field);
    }
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('a volunteer one minute short of a star still needs hours for it (the totals said 0, the home card 0.02)', async () => {
    // The summaries' test above gave this street its own thresholds; here the first star is at 100 hours.
    expect((await official.put(`/api/volunteers/star-settings/${A.street}`, { thresholdHours: [100, 300, 600, 1000, 1500], source: '街道标准' })).status).toBe(200);
    const v = await volunteerWithHours(A.street, 100 - 1 / 60);
    const totals = json(await official.get(`/api/volunteers/${v.id}/totals`));
    expect(totals).toMatchObject({ approvedMinutes: 99 * 60 + 59, stars: 0, nextStarHours: 0.02 });
  });

  it('a region’s thresholds recompute the stars under it in one go, award the levels reached, and the nearest region’s apply', async () => {
    const v = await volunteerWithHours(A.street2, 50);
    const totals = async () => json(await official.get(`/api/volunteers/${v.id}/totals`));
    expect(await totals()).toMatchObject({ approvedMinutes: 3000, stars: 0, rule: { regionCode: null } });
    const put = await official.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [10, 30, 60, 100, 150], source: '某区志愿者星级认定办法（区文明办〔2024〕3号）' });
    expect(put.status).toBe(200);
    expect(json(put)).toMatchObject({ own: true, regionCode: A.district });
    expect(json(put).restarred).toBeGreaterThanOrEqual(1);
    expect(await totals()).toMatchObject({ stars: 2, nextStarHours: 10, rule: { regionCode: A.district, source: '某区志愿者星级认定办法（区文明办〔2024〕3号）' } });
    const honours = json(await official.get(`/api/volunteers/${v.id}/honours`)).items;
    expect(honours.filter((h: { kind: string }) => h.kind === 'star_award').map((h: { title: string }) => h.title).sort()).toEqual(['一星级志愿者', '二星级志愿者'].sort());
    // Back down and up again: the award of a level is not given twice.
    await official.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [100, 300, 600, 1000, 1500], source: '恢复国家标准' });
    expect((await totals()).stars).toBe(0);
    await official.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [10, 30, 60, 100, 150], source: '某区志愿者星级认定办法' });
    expect(json(await official.get(`/api/volunteers/${v.id}/honours`)).items.filter((h: { kind: string }) => h.kind === 'star_award')).toHaveLength(2);
    // A street's own setting is nearer than the district's.
    await official.put(`/api/volunteers/star-settings/${A.street2}`, { thresholdHours: [40, 45, 50, 55, 60], source: '街道标准' });
    expect(await totals()).toMatchObject({ stars: 3, rule: { regionCode: A.street2 } });
    expect(json(await official.get(`/api/volunteers/star-settings/${A.community2}`))).toMatchObject({ own: false, regionCode: A.street2 });
    const audit = rowsOf(await t.db.execute(sql`select 1 from audit_log where action = 'volunteers.stars.settings' and region_code = ${A.district}`));
    expect(audit.length).toBe(3);
    // Centre staff do not set thresholds; another region's official finds nothing.
    const staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
    expect((await staff.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [1, 2, 3, 4, 5], source: 'x' })).status).toBe(403);
    const B = await makeRegionTree(t.db);
    const other = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: B.district }])).username, PASSWORD);
    expect((await other.put(`/api/volunteers/star-settings/${A.district}`, { thresholdHours: [1, 2, 3, 4, 5], source: 'x' })).status).toBe(404);
    expect((await other.get(`/api/volunteers/${v.id}/totals`)).status).toBe(404);
  });

  it('honours and incentives are recorded on a volunteer and listed with its star awards', async () => {
    const v = await makeVolunteer(t.db, A.street);
    const res = await official.post(`/api/volunteers/${v.id}/honours`, { kind: 'honour', title: '优秀志愿者', awardedOn: '2025-12-05', awardedBy: '区文明办' });
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({ kind: 'honour', title: '优秀志愿者', awardedOn: '2025-12-05' });
    const bad = await official.post(`/api/volunteers/${v.id}/honours`, { kind: 'star_award', title: '五星', awardedOn: '2025-12-05' });
    expect(bad.status).toBe(400);
    expect(json(bad).error.fields[0].field).toBe('kind');
    expect(json(await official.get(`/api/volunteers/${v.id}/honours`)).items).toHaveLength(1);
    const audit = rowsOf(await t.db.execute(sql`select 1 from audit_log where action = 'volunteers.honour.record' and entity_id = ${v.id}`));
    expect(audit).toHaveLength(1);
  });
});

describe('rankings', () => {
  it('ranks volunteers of a region subtree and teams by approved hours, paged, all time or in a year', async () => {
    const R = await makeRegionTree(t.db);
    const o = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: R.district }])).username, PASSWORD);
    const activity = await makeActivity(t.db, R.street);
    const serve = async (volunteerId: string, at: string, hours: number) => {
      const startsAt = new Date(at);
      const r = await asSystem(t.db, (w) => recordHours(w, { volunteerId, kind: 'manual', activityId: activity.id, startsAt, endsAt: new Date(startsAt.getTime() + hours * HOUR), reason: '补录', actorId: '' }));
      await approveBySql(t.db, r.entry!.id);
    };
    const a = await makeVolunteer(t.db, R.street);
    const b = await makeVolunteer(t.db, R.community);
    const c = await makeVolunteer(t.db, R.street2);
    await serve(a.id, '2024-05-01T01:00:00Z', 10);
    await serve(b.id, '2025-05-01T01:00:00Z', 6);
    await serve(c.id, '2025-06-01T01:00:00Z', 8);
    await serve(a.id, '2025-07-01T01:00:00Z', 1);
    const all = json(await o.get(`/api/volunteers/rankings/volunteers?regionCode=${R.district}`));
    expect(all.items.map((r: { volunteerId: string }) => r.volunteerId)).toEqual([a.id, c.id, b.id]);
    expect(all.total).toBe(3);
    const year = json(await o.get(`/api/volunteers/rankings/volunteers?regionCode=${R.district}&year=2025&pageSize=2&page=1`));
    expect(year.items.map((r: { volunteerId: string; minutes: number }) => [r.volunteerId, r.minutes])).toEqual([[c.id, 480], [b.id, 360]]);
    expect(year.total).toBe(3);
    const page2 = json(await o.get(`/api/volunteers/rankings/volunteers?regionCode=${R.district}&year=2025&pageSize=2&page=2`));
    expect(page2.items).toMatchObject([{ rank: 3, volunteerId: a.id, minutes: 60 }]);
    const street = json(await o.get(`/api/volunteers/rankings/volunteers?regionCode=${R.street}`));
    expect(street.items.map((r: { volunteerId: string }) => r.volunteerId)).toEqual([a.id, b.id]);

    const t1 = await makeTeam(t.db, R.street, { name: '甲队' }, [{ volunteerId: a.id }]);
    const t2 = await makeTeam(t.db, R.street2, { name: '乙队' }, [{ volunteerId: b.id }]);
    await addTeamMember(t.db, t2.id, c.id);
    const teams = json(await o.get(`/api/volunteers/rankings/teams?regionCode=${R.district}`));
    expect(teams.items.map((r: { teamId: string; minutes: number; members: number }) => [r.teamId, r.minutes, r.members])).toEqual([
      [t2.id, 840, 2],
      [t1.id, 660, 1],
    ]);
    const teams2024 = json(await o.get(`/api/volunteers/rankings/teams?regionCode=${R.district}&year=2024`));
    expect(teams2024.items.map((r: { teamId: string; minutes: number }) => [r.teamId, r.minutes])).toEqual([
      [t1.id, 600],
      [t2.id, 0],
    ]);
    // Outside the official's region: nothing to rank (404).
    expect((await o.get(`/api/volunteers/rankings/volunteers?regionCode=${A.district}`)).status).toBe(404);
  });
});

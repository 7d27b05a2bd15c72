import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot, readWorkbook } from '../../../test/helpers.js';
import { secondConnection } from '../../../test/test-db.js';
import { rowsOf, type Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { recordHours } from './service/hours-ledger.js';
import { clipToShift, countedMinutes } from './service/hours-rounding.js';
import { makeVolunteer, makeVolunteerWithAccount } from './volunteers.factories.js';
import { approveBySql, asSystem, makeActivity, makeShift, makeSignup, recountText, summaries } from './volunteers-hours.factories.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let second: Database | null;
/** A signed-in client whose answers read as their JSON fields beside `status` (and the raw bytes of a download). */
type Client = Record<'get' | 'post', (url: string, body?: unknown) => Promise<any>>;
let staff: Client;
let staffB: Client;

function client(agent: Agent): Client {
  const wrap = (r: { status: number; body: string; rawPayload: Buffer; json(): any }) => {
    let parsed: Record<string, unknown> = {};
    try {
      parsed = r.json();
    } catch {
      // A download: no JSON.
    }
    return { ...parsed, status: r.status, rawPayload: r.rawPayload, json: () => parsed };
  };
  return { get: async (url) => wrap(await agent.get(url)), post: async (url, body) => wrap(await agent.post(url, body)) };
}
const signInAs = async (username: string) => client(await signIn(t.app, username, PASSWORD));

const HOUR = 3_600_000;
const MIN = 60_000;
/** A day long past, so manual entries are never "in the future"; each test takes its own hours of it. */
const BASE = new Date('2026-03-02T01:00:00Z').getTime();
let slot = 0;
const nextSlot = () => new Date(BASE + ++slot * 6 * HOUR);

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  second = await secondConnection(t.database, 10);
  const s = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
  staff = await signInAs(s.username);
  const sb = await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.street }]);
  staffB = await signInAs(sb.username);
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

/** The database the racing writers use: another pool on PostgreSQL (real concurrency), the one engine on PGlite. */
const racingDb = () => (second ?? t.database).db;

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code === 'validation' ? `validation:${e.fields[0]?.field}:${e.fields[0]?.problem}` : e.code;
    throw e;
  }
  return 'ok';
}

const totalsOf = async (volunteerId: string) =>
  rowsOf<{ approved_minutes: string; approved_entries: number; stars: number }>(
    await t.db.execute(sql`select approved_minutes, approved_entries, stars from volunteer_totals where volunteer_id = ${volunteerId}`),
  )[0] ?? null;

describe('the rounding rule', () => {
  it('clips to the shift, rounds down to whole minutes and counts nothing under a minute', () => {
    const shift = { startsAt: new Date('2026-03-01T01:00:00Z'), endsAt: new Date('2026-03-01T04:00:00Z') };
    // Came 20 minutes early, left 44 minutes into the last hour: 2 h 44 min in the shift.
    const p = clipToShift({ startsAt: new Date('2026-03-01T00:40:00Z'), endsAt: new Date('2026-03-01T03:44:00Z') }, shift)!;
    expect(p.startsAt).toEqual(shift.startsAt);
    expect(countedMinutes(p)).toBe(164);
    expect(countedMinutes({ startsAt: shift.startsAt, endsAt: new Date(shift.startsAt.getTime() + 59_000) })).toBe(0);
    expect(countedMinutes({ startsAt: shift.startsAt, endsAt: new Date(shift.startsAt.getTime() + 15 * MIN + 59_000) })).toBe(15);
    expect(countedMinutes({ startsAt: shift.startsAt, endsAt: new Date(shift.startsAt.getTime() + 14 * MIN) })).toBe(14);
    // Stayed long after: never more than the shift.
    expect(countedMinutes(clipToShift({ startsAt: shift.startsAt, endsAt: new Date('2026-03-01T09:00:00Z') }, shift)!)).toBe(180);
    expect(clipToShift({ startsAt: new Date('2026-03-01T05:00:00Z'), endsAt: new Date('2026-03-01T06:00:00Z') }, shift)).toBeNull();
  });
});

describe('recordHours', () => {
  it('records the entry with the activity’s type, region and owner, and its claim', async () => {
    const org = await makeOrganization(t.db, A.street);
    const activity = await makeActivity(t.db, A.community, { ownerOrganizationId: org.id, type: 'environment' });
    const start = nextSlot();
    const shift = await makeShift(t.db, activity, start, 2);
    const v = await makeVolunteer(t.db, A.street);
    const signup = await makeSignup(t.db, shift, v.id);
    const r = await asSystem(t.db, (w) =>
      recordHours(w, { volunteerId: v.id, kind: 'shift', activityId: activity.id, shiftId: shift.id, signupId: signup.id, startsAt: new Date(start.getTime() - 10 * MIN), endsAt: new Date(start.getTime() + 97 * MIN), actorId: '' }),
    );
    expect(r.status).toBe('recorded');
    expect(r.entry).toMatchObject({ minutes: 97, regionCode: A.community, activityType: 'environment', organizationId: org.id, startsAt: start });
    const claims = rowsOf(await t.db.execute(sql`select * from volunteer_hour_claims where entry_id = ${r.entry!.id} and released_at is null`));
    expect(claims).toHaveLength(1);
    // Under a minute: nothing is recorded.
    const v2 = await makeVolunteer(t.db, A.street);
    const short = await asSystem(t.db, (w) =>
      recordHours(w, { volunteerId: v2.id, kind: 'shift', activityId: activity.id, shiftId: shift.id, startsAt: start, endsAt: new Date(start.getTime() + 59_000), actorId: '' }),
    );
    expect(short.status).toBe('too_short');
  });

  it('50 concurrent check-outs of one sign-up record one entry; approved, the totals count it once', async () => {
    const activity = await makeActivity(t.db, A.street);
    const start = nextSlot();
    const shift = await makeShift(t.db, activity, start, 3);
    const v = await makeVolunteer(t.db, A.street);
    const signup = await makeSignup(t.db, shift, v.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        asSystem(racingDb(), (w) =>
          recordHours(w, { volunteerId: v.id, kind: 'shift', activityId: activity.id, shiftId: shift.id, signupId: signup.id, startsAt: start, endsAt: new Date(start.getTime() + (60 + i) * MIN), actorId: '' }),
        ),
      ),
    );
    const ids = new Set(results.map((r) => r.entry!.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 'recorded')).toHaveLength(1);
    const [id] = ids;
    // And 50 concurrent approvals of it: one decision, counted once.
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => approveBySql(racingDb(), id)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const totals = await totalsOf(v.id);
    expect(totals).toMatchObject({ approved_entries: 1 });
    expect(Number(totals!.approved_minutes)).toBe(results.find((r) => r.status === 'recorded')!.entry!.minutes);
  });

  it('50 concurrent overlapping entries for one volunteer: one is recorded, the others are refused naming the period', async () => {
    const activity = await makeActivity(t.db, A.street);
    const start = nextSlot();
    const v = await makeVolunteer(t.db, A.street);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        refusal(
          asSystem(racingDb(), (w) =>
            recordHours(w, { volunteerId: v.id, kind: 'manual', activityId: activity.id, startsAt: new Date(start.getTime() + i * MIN), endsAt: new Date(start.getTime() + (60 + i) * MIN), reason: '补录', actorId: '' }),
          ),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'volunteer_hours_overlap')).toHaveLength(49);
    const [{ n }] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from volunteer_hour_entries where volunteer_id = ${v.id}`));
    expect(n).toBe(1);
  });

  it('a refused overlap leaves the caller’s transaction usable', async () => {
    const activity = await makeActivity(t.db, A.street);
    const start = nextSlot();
    const v = await makeVolunteer(t.db, A.street);
    const input = { volunteerId: v.id, kind: 'manual' as const, activityId: activity.id, startsAt: start, endsAt: new Date(start.getTime() + HOUR), reason: '补录', actorId: '' };
    const after = await asSystem(t.db, async (w) => {
      await recordHours(w, input);
      expect(await refusal(recordHours(w, input))).toBe('volunteer_hours_overlap');
      return recordHours(w, { ...input, startsAt: new Date(start.getTime() + HOUR), endsAt: new Date(start.getTime() + 2 * HOUR) });
    });
    expect(after.status).toBe('recorded');
  });
});

describe('the ledger in SQL', () => {
  async function approvedEntry() {
    const activity = await makeActivity(t.db, A.street);
    const v = await makeVolunteer(t.db, A.street);
    const start = nextSlot();
    const r = await asSystem(t.db, (w) => recordHours(w, { volunteerId: v.id, kind: 'manual', activityId: activity.id, startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR), reason: '补录', actorId: '' }));
    await approveBySql(t.db, r.entry!.id);
    return { v, activity, entry: r.entry!, start };
  }

  it('refuses UPDATE and DELETE of entries and decisions', async () => {
    const { entry } = await approvedEntry();
    await expect(t.db.execute(sql`update volunteer_hour_entries set minutes = 999 where id = ${entry.id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from volunteer_hour_entries where id = ${entry.id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`update volunteer_hour_decisions set decision = 'rejected' where entry_id = ${entry.id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from volunteer_hour_decisions where entry_id = ${entry.id}`)).rejects.toThrow();
  });

  it('refuses overlapping live claims, a reversal of an unapproved entry, and a decision on a reversal', async () => {
    const { v, entry, activity, start } = await approvedEntry();
    const [other] = rowsOf<{ id: string }>(
      await t.db.execute(sql`insert into volunteer_hour_entries (volunteer_id, region_code, kind, activity_id, activity_type, starts_at, ends_at, minutes, reason)
                             values (${v.id}, ${A.street}, 'manual', ${activity.id}, 'elderly', ${new Date(start.getTime() + HOUR)}, ${new Date(start.getTime() + 3 * HOUR)}, 120, '手工') returning id`),
    );
    await expect(
      t.db.execute(sql`insert into volunteer_hour_claims (entry_id, volunteer_id, starts_at, ends_at) values (${other.id}, ${v.id}, ${new Date(start.getTime() + HOUR)}, ${new Date(start.getTime() + 3 * HOUR)})`),
    ).rejects.toThrow();
    const reversal = (of: string, minutes: number) =>
      t.db.execute(sql`insert into volunteer_hour_entries (volunteer_id, region_code, kind, activity_type, starts_at, ends_at, minutes, reason, reverses_id)
                       values (${v.id}, ${A.street}, 'reversal', 'elderly', ${start}, ${new Date(start.getTime() + 2 * HOUR)}, ${minutes}, '冲正', ${of})`);
    await expect(reversal(other.id, -120)).rejects.toThrow();
    await expect(reversal(entry.id, -60)).rejects.toThrow();
    // By hand, the right way: the totals follow and the claim is released.
    await reversal(entry.id, -120);
    expect(await totalsOf(v.id)).toMatchObject({ approved_entries: 0, stars: 0 });
    expect(Number((await totalsOf(v.id))!.approved_minutes)).toBe(0);
    const [rev] = rowsOf<{ id: string }>(await t.db.execute(sql`select id from volunteer_hour_entries where reverses_id = ${entry.id}`));
    await expect(approveBySql(t.db, rev.id)).rejects.toThrow();
    const [claim] = rowsOf<{ released_at: Date | null }>(await t.db.execute(sql`select released_at from volunteer_hour_claims where entry_id = ${entry.id}`));
    expect(claim.released_at).not.toBeNull();
    expect(await summaries(t.db)).toEqual(await recountText(t.db));
  });
});

describe('the hours API', () => {
  async function world() {
    const activity = await makeActivity(t.db, A.street);
    const { user, volunteer } = await makeVolunteerWithAccount(t.db, A.street);
    const me = await signInAs(user.username);
    return { activity, volunteer, me };
  }
  const manual = (volunteerId: string, activityId: string, start: Date, minutes = 120) => ({
    volunteerId,
    activityId,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + minutes * MIN).toISOString(),
    reason: '活动当天签退设备故障，按签到表补录',
  });

  it('staff enter hours by hand; the owner approves; the volunteer sees its totals and stars with their source', async () => {
    const { activity, volunteer, me } = await world();
    const res = await staff.post('/api/volunteers/hours', manual(volunteer.id, activity.id, nextSlot(), 120.5));
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ minutes: 120, state: 'pending', kind: 'manual', abilities: { decide: true, reverse: false } });
    const pending = await staff.get('/api/volunteers/hours/pending');
    expect(pending.items.map((e: { id: string }) => e.id)).toContain(res.id);
    const decided = await staff.post(`/api/volunteers/hours/${res.id}/decision`, { decision: 'approved' });
    expect(decided.status).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'approved', abilities: { decide: false, reverse: true } });
    const again = await staff.post(`/api/volunteers/hours/${res.id}/decision`, { decision: 'rejected', reason: '重复' });
    expect(again.status).toBe(409);
    const totals = await me.get(`/api/volunteers/${volunteer.id}/totals`);
    expect(totals.status).toBe(200);
    expect(totals.json()).toMatchObject({ approvedMinutes: 120, approvedEntries: 1, stars: 0, nextStarHours: 98, rule: { thresholdHours: [100, 300, 600, 1000, 1500], regionCode: null } });
    expect(totals.rule.source).toContain('民函〔2012〕340号');
    const mine = await me.get('/api/volunteers/hours');
    expect(mine.total).toBe(1);
    const audit = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log where entity_id = ${res.id} order by at, id`));
    expect(audit.map((a) => a.action)).toEqual(['volunteers.hours.enter', 'volunteers.hours.decide']);
  });

  it('a volunteer never sees another’s entries or totals (404), nor approves its own hours', async () => {
    const { activity, volunteer, me } = await world();
    const other = await makeVolunteer(t.db, A.street);
    const theirs = await staff.post('/api/volunteers/hours', manual(other.id, activity.id, nextSlot()));
    expect((await me.get(`/api/volunteers/hours/${theirs.id}`)).status).toBe(404);
    expect((await me.get(`/api/volunteers/${other.id}/totals`)).status).toBe(404);
    expect((await me.get(`/api/volunteers/hours?volunteerId=${other.id}`)).total).toBe(0);
    // A staff member who is also a volunteer does not approve its own hours.
    const dual = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }]);
    const dualVolunteer = await makeVolunteer(t.db, A.street, { userId: dual.id });
    const dualAgent = await signInAs(dual.username);
    const own = await staff.post('/api/volunteers/hours', manual(dualVolunteer.id, activity.id, nextSlot()));
    const self = await dualAgent.post(`/api/volunteers/hours/${own.id}/decision`, { decision: 'approved' });
    expect(self.status).toBe(403);
    expect(self.error.code).toBe('volunteer_hours_self_approval');
    expect((await dualAgent.get('/api/volunteers/hours/pending')).items.map((e: { id: string }) => e.id)).not.toContain(own.id);
    expect(volunteer.id).toBeTruthy();
  });

  it('an organisation approves its own activities’ hours; the centre does not, another region finds nothing', async () => {
    const org = await makeOrganization(t.db, A.street);
    const activity = await makeActivity(t.db, A.street, { ownerOrganizationId: org.id });
    const member = await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: org.id }]);
    const orgAgent = await signInAs(member.username);
    const v = await makeVolunteer(t.db, A.street);
    const entry = await orgAgent.post('/api/volunteers/hours', manual(v.id, activity.id, nextSlot()));
    expect(entry.status).toBe(200);
    expect((await staff.post(`/api/volunteers/hours/${entry.id}/decision`, { decision: 'approved' })).status).toBe(404);
    expect((await staffB.post(`/api/volunteers/hours/${entry.id}/decision`, { decision: 'approved' })).status).toBe(404);
    expect((await staffB.get(`/api/volunteers/hours/${entry.id}`)).status).toBe(404);
    const rejected = await orgAgent.post(`/api/volunteers/hours/${entry.id}/decision`, { decision: 'rejected', reason: '当天未到岗' });
    expect(rejected.json()).toMatchObject({ state: 'rejected', decision: { decision: 'rejected', reason: '当天未到岗' } });
    // The rejection gave the period back: a correct entry for it can be recorded.
    const redo = await orgAgent.post('/api/volunteers/hours', { ...manual(v.id, activity.id, new Date(entry.startsAt)) });
    expect(redo.status).toBe(200);
  });

  it('an approved entry is corrected by a reversal, never an edit, once; then a correct entry can be recorded', async () => {
    const { activity, volunteer } = await world();
    const start = nextSlot();
    const e = await staff.post('/api/volunteers/hours', manual(volunteer.id, activity.id, start, 240));
    await staff.post(`/api/volunteers/hours/${e.id}/decision`, { decision: 'approved' });
    expect((await staff.post(`/api/volunteers/hours/${e.id}/reverse`, {})).error.fields[0].field).toBe('reason');
    const rev = await staff.post(`/api/volunteers/hours/${e.id}/reverse`, { reason: '实际服务 2 小时，录入有误' });
    expect(rev.status).toBe(200);
    expect(rev.json()).toMatchObject({ kind: 'reversal', minutes: -240, reversesId: e.id });
    expect((await staff.get(`/api/volunteers/hours/${e.id}`)).json()).toMatchObject({ state: 'reversed', reversedById: rev.id });
    const again = await staff.post(`/api/volunteers/hours/${e.id}/reverse`, { reason: '再次' });
    expect(again.status).toBe(409);
    // The glossary's word (更正), as the screens say it, not the ledger's 冲正.
    expect(again.error.message).toBe('该服务时长已更正');
    const sheet = await readWorkbook((await staff.get(`/api/volunteers/hours/export?volunteerId=${volunteer.id}&sort=createdAt&order=asc`)).rawPayload);
    expect(sheet.slice(1).map((r) => [r[4], r[9]])).toEqual([
      ['补录', '已更正'],
      ['更正', ''],
    ]);
    expect(Number((await totalsOf(volunteer.id))!.approved_minutes)).toBe(0);
    const fixed = await staff.post('/api/volunteers/hours', manual(volunteer.id, activity.id, start, 120));
    expect(fixed.status).toBe(200);
    await staff.post(`/api/volunteers/hours/${fixed.id}/decision`, { decision: 'approved' });
    expect(Number((await totalsOf(volunteer.id))!.approved_minutes)).toBe(120);
    const audit = rowsOf<{ action: string }>(await t.db.execute(sql`select action from audit_log where entity_id = ${e.id} and action = 'volunteers.hours.reverse'`));
    expect(audit).toHaveLength(1);
  });

  it('bad input names the field and changes nothing', async () => {
    const { activity, volunteer } = await world();
    const start = nextSlot();
    const good = manual(volunteer.id, activity.id, start);
    const cases: [Record<string, unknown>, string, number][] = [
      [{ ...good, reason: '' }, 'reason', 400],
      [{ ...good, endsAt: good.startsAt }, 'endsAt', 400],
      [{ ...good, endsAt: new Date(start.getTime() + 30_000).toISOString() }, 'endsAt', 400],
      [{ ...good, endsAt: new Date(start.getTime() + 25 * HOUR).toISOString() }, 'endsAt', 400],
      [{ ...good, startsAt: new Date(Date.now() + HOUR).toISOString(), endsAt: new Date(Date.now() + 2 * HOUR).toISOString() }, 'endsAt', 400],
      [{ ...good, startsAt: 'yesterday' }, 'startsAt', 400],
      [{ ...good, activityId: '00000000-0000-4000-8000-000000000000' }, 'activityId', 400],
      [{ ...good, volunteerId: '00000000-0000-4000-8000-000000000000' }, 'volunteerId', 400],
    ];
    const before = await dbSnapshot(t.db);
    for (const [body, field, status] of cases) {
      const res = await staff.post('/api/volunteers/hours', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    // Another region's activity reads as unknown.
    const res = await staffB.post('/api/volunteers/hours', good);
    expect(res.error.fields[0].field).toBe('activityId');
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
    // An overlap names the period in the user's language.
    await staff.post('/api/volunteers/hours', good);
    const overlap = await staff.post('/api/volunteers/hours', good);
    expect(overlap.status).toBe(409);
    expect(overlap.error.message).toBe('该时段与已记录的服务时长重叠');
    expect(overlap.error.fields[0].field).toBe('startsAt');
  });

  it('lists sort and page; the export is a workbook of the same rows', async () => {
    const { activity, volunteer } = await world();
    for (const m of [60, 90, 120]) await staff.post('/api/volunteers/hours', manual(volunteer.id, activity.id, nextSlot(), m));
    const page = await staff.get(`/api/volunteers/hours?volunteerId=${volunteer.id}&sort=minutes&order=asc&pageSize=2`);
    expect(page.total).toBe(3);
    expect(page.items.map((e: { minutes: number }) => e.minutes)).toEqual([60, 90]);
    const file = await staff.get(`/api/volunteers/hours/export?volunteerId=${volunteer.id}&sort=minutes&order=asc`);
    expect(file.status).toBe(200);
    const rows = await readWorkbook(file.rawPayload);
    expect(rows).toHaveLength(4);
    expect(rows[0][0]).toBe('志愿者编号');
    expect(rows.slice(1).map((r) => r[8])).toEqual(['1', '1.5', '2']);
  });
});

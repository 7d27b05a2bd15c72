/**
 * The volunteers demo (issue 10) reproduces seed 003 for 长寿路街道 and obeys the platform's rules:
 * 1,825 volunteers in 50+ teams; the charity supermarket's 2006 of 1,320 person-times and 3,960 hours,
 * read from the statistics the triggers keep and recounted from the ledger; every record through the
 * registry's own validators; no volunteer's counted hours overlapping; totals and stars equal to a
 * recount; and zyz.li finding its own record and star through the API.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdNumber } from '../../../../shared/validators.js';
import { ZVolunteerBody } from '../../../../shared/volunteers/registry.js';
import { NATIONAL_STAR_THRESHOLD_HOURS, starLevel } from '../../../../shared/volunteers/states.js';
import { users } from '../../core/core.tables.js';
import { isSealed } from '../../core/personal-data.js';
import { identityProblems } from '../../modules/volunteers/service/registration.js';
import { statisticsOf } from '../../modules/volunteers/service/statistics.js';
import { volunteerHonours, volunteers, volunteerTeamMembers, volunteerTeams, volunteerTotals } from '../../modules/volunteers/volunteers.tables.js';
import { buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import { rowsOf, type Database } from '../client.js';
import { DEMO_NOW } from './builder.js';
import { DEMO_PASSWORD, seedDemo } from './index.js';
import { CHANGSHOU, communitiesOf } from './regions.js';
import { CHANGSHOU_VOLUNTEERS, VOLUNTEER_ACCOUNTS, ZYZ_LI } from './volunteers.js';

let testApp: TestApp;
let database: Database;
let people: (typeof volunteers.$inferSelect)[];

const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(q));
const IN_CHANGSHOU = '310107015%';

describe('the volunteers demo: 长寿路街道 as seed 003 tells it', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    testApp = await buildTestApp();
    database = testApp.database;
    await seedDemo(database.db);
    people = await database.db.select().from(volunteers);
  }, 180_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('1,825 volunteers registered in 长寿路, mostly active, a few self-registrations waiting; 50+ teams with leaders', async () => {
    const here = people.filter((p) => p.regionCode.startsWith('310107015'));
    expect(here.length).toBe(1825);
    expect(here.filter((p) => p.status === 'pending').length).toBe(CHANGSHOU_VOLUNTEERS.pending);
    expect(here.filter((p) => p.status === 'pending').every((p) => p.source === 'self' && !p.confirmedAt)).toBe(true);
    expect(here.filter((p) => p.status === 'active').length).toBe(1825 - CHANGSHOU_VOLUNTEERS.pending);
    // Numbers as numbering.ts hands them out, and the street's counter continues after them.
    expect(new Set(here.map((p) => p.number)).size).toBe(1825);
    expect(here.every((p) => /^310107015-\d{6}$/.test(p.number))).toBe(true);
    const [counter] = await query<{ last: number }>(sql`select last from volunteer_number_counters where region_code = ${CHANGSHOU}`);
    expect(counter.last).toBe(1825);

    const teams = await database.db.select().from(volunteerTeams);
    expect(teams.length).toBeGreaterThanOrEqual(50);
    const members = await database.db.select().from(volunteerTeamMembers);
    for (const t of teams) expect(members.some((m) => m.teamId === t.id && m.role === 'leader'), t.name).toBe(true);
    const inTeams = new Set(members.map((m) => m.volunteerId));
    expect(here.filter((p) => p.status === 'active').every((p) => inTeams.has(p.id))).toBe(true);
    // 社工引领义工: the social worker leads as the centre's staff account of 长寿路.
    const [centre] = await query<{ id: string }>(sql`select id from users where username = ${VOLUNTEER_ACCOUNTS.centre}`);
    const led = teams.filter((t) => t.socialWorkerId);
    expect(led.length).toBeGreaterThan(0);
    expect(led.every((t) => t.socialWorkerId === centre.id)).toBe(true);
  });

  it('every volunteer passes the registry validators: 身份证号 of 普陀区 with check digit, born 1940–2005, unique; mobile; name length', async () => {
    const communities = new Set([CHANGSHOU, ...communitiesOf(CHANGSHOU).map((c) => c.code)]);
    const problems = people.flatMap((p) => {
      const out = identityProblems({ idNumber: p.idNumber, phone: p.phone }).map((x) => `${x.field} ${x.problem}`);
      const body = ZVolunteerBody.safeParse({ name: p.name, idNumber: p.idNumber, phone: p.phone, skills: p.skills, availability: p.availability, regionCode: p.regionCode });
      if (!body.success) out.push(...body.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
      if (checkIdNumber(p.idNumber, DEMO_NOW)) out.push('id number as of the demo day');
      if (!p.idNumber.startsWith('310107')) out.push('area');
      const year = Number(p.idNumber.slice(6, 10));
      if (year < 1940 || year > 2005) out.push(`born ${year}`);
      if (p.birthDate !== `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`) out.push('birth date not the ID number\'s');
      if (p.gender !== (Number(p.idNumber[16]) % 2 ? 'male' : 'female')) out.push('gender not the ID number\'s');
      if (p.phoneTail !== p.phone?.slice(-4)) out.push('phone tail');
      if (!communities.has(p.regionCode)) out.push(`region ${p.regionCode}`);
      return out.map((x) => `${p.number} ${p.name}: ${x}`);
    });
    expect(problems).toEqual([]);
    expect(new Set(people.map((p) => p.idNumberHash)).size).toBe(people.length);
    // At rest the database holds ciphertext only.
    const raw = await query<{ idNumber: string; phone: string }>(sql`select id_number as "idNumber", phone from volunteers`);
    expect(raw.every((r) => isSealed(r.idNumber) && isSealed(r.phone))).toBe(true);
  });

  it('the charity supermarket in 2006: 1,320 person-times and 3,960 hours (495 working days), from the statistics and from the ledger', async () => {
    const region = { code: CHANGSHOU, name: '长寿路街道', level: 'street', prefix: '310107015', children: communitiesOf(CHANGSHOU) };
    const stats = await statisticsOf(database.db, region, 2006);
    const supermarket = stats.byType.find((t) => t.activityType === 'charity_supermarket')!;
    expect(supermarket.personTimes).toBe(1320);
    expect(supermarket.minutes).toBe(3960 * 60);
    expect(stats.workingDays).toBe(CHANGSHOU_VOLUNTEERS.supermarket2006.workingDays);
    const [rollup] = await query<{ minutes: string; personTimes: string }>(
      sql`select sum(minutes)::text as minutes, sum(person_times)::text as "personTimes" from volunteer_hours_rollup
           where region_code like ${IN_CHANGSHOU} and month >= '2006-01-01' and month < '2007-01-01' and activity_type = 'charity_supermarket'`,
    );
    expect([Number(rollup.minutes), Number(rollup.personTimes)]).toEqual([3960 * 60, 1320]);
    // A recount of the ledger itself: approved, never reversed, served in 2006 China time.
    const [recount] = await query<{ minutes: string; n: string }>(
      sql`select sum(e.minutes)::text as minutes, count(*)::text as n
            from volunteer_hour_entries e join volunteer_hour_decisions d on d.entry_id = e.id and d.decision = 'approved'
           where e.region_code like ${IN_CHANGSHOU} and e.activity_type = 'charity_supermarket'
             and (e.starts_at at time zone 'Asia/Shanghai')::date between '2006-01-01' and '2006-12-31'
             and not exists (select 1 from volunteer_hour_entries r where r.reverses_id = e.id)`,
    );
    expect([Number(recount.minutes), Number(recount.n)]).toEqual([3960 * 60, 1320]);
    // Each attendance checked in and out, its entry's minutes by the rounding rule (three hours a shift).
    const [odd] = await query<{ n: number }>(
      sql`select count(*)::int as n from volunteer_hour_entries e left join volunteer_signups s on s.id = e.signup_id
           where e.activity_type = 'charity_supermarket' and e.starts_at < '2007-01-01' and (e.minutes <> 180 or s.status <> 'checked_out')`,
    );
    expect(odd.n).toBe(0);
  });

  it('no volunteer has overlapping counted hours; a rejected and a reversed entry released their claims', async () => {
    const overlaps = await query<{ n: number }>(
      sql`select count(*)::int as n from volunteer_hour_claims a join volunteer_hour_claims b
            on a.volunteer_id = b.volunteer_id and a.entry_id < b.entry_id and a.starts_at < b.ends_at and b.starts_at < a.ends_at
         where a.released_at is null and b.released_at is null`,
    );
    expect(overlaps[0].n).toBe(0);
    const [released] = await query<{ rejected: number; reversed: number; unclaimed: number }>(
      sql`select (select count(*)::int from volunteer_hour_claims c join volunteer_hour_decisions d on d.entry_id = c.entry_id
                   where d.decision = 'rejected' and c.released_at is not null) as rejected,
                 (select count(*)::int from volunteer_hour_claims c join volunteer_hour_entries r on r.reverses_id = c.entry_id
                   where c.released_at is not null and char_length(r.reason) > 0) as reversed,
                 (select count(*)::int from volunteer_hour_entries e where e.kind <> 'reversal'
                   and not exists (select 1 from volunteer_hour_claims c where c.entry_id = e.id)) as unclaimed`,
    );
    expect(released).toEqual({ rejected: 1, reversed: 1, unclaimed: 0 });
    // Hours waiting for approval from the last week before the demo day.
    const [waiting] = await query<{ n: number }>(
      sql`select count(*)::int as n from volunteer_hour_entries e where e.kind = 'shift'
            and not exists (select 1 from volunteer_hour_decisions d where d.entry_id = e.id)`,
    );
    expect(waiting.n).toBeGreaterThan(0);
  });

  it('totals and stars are a recount of the ledger; volunteers at every star level, each award recorded', async () => {
    const recount = await query<{ volunteerId: string; minutes: string; n: number }>(
      sql`select e.volunteer_id as "volunteerId", sum(e.minutes)::text as minutes, count(*)::int as n
            from volunteer_hour_entries e join volunteer_hour_decisions d on d.entry_id = e.id and d.decision = 'approved'
           where not exists (select 1 from volunteer_hour_entries r where r.reverses_id = e.id)
           group by 1`,
    );
    const totals = new Map((await database.db.select().from(volunteerTotals)).map((t) => [t.volunteerId, t]));
    const problems: string[] = [];
    for (const r of recount) {
      const t = totals.get(r.volunteerId);
      if (!t || t.approvedMinutes !== Number(r.minutes) || t.approvedEntries !== r.n) problems.push(`${r.volunteerId}: totals ${t?.approvedMinutes} ≠ ${r.minutes}`);
    }
    for (const t of totals.values()) {
      if (t.stars !== starLevel(t.approvedMinutes, NATIONAL_STAR_THRESHOLD_HOURS)) problems.push(`${t.volunteerId}: ${t.stars} stars for ${t.approvedMinutes} min`);
      if (t.approvedMinutes > 0 && !recount.some((r) => r.volunteerId === t.volunteerId)) problems.push(`${t.volunteerId}: totals without entries`);
    }
    expect(problems).toEqual([]);
    const levels = new Set([...totals.values()].map((t) => t.stars));
    for (const stars of [1, 2, 3, 4, 5]) expect(levels.has(stars), `${stars} stars`).toBe(true);
    // One award per level reached, dated the day it was earned (never the seed's own day).
    const awards = (await database.db.select().from(volunteerHonours)).filter((h) => h.kind === 'star_award');
    const expected = [...totals.values()].reduce((s, t) => s + t.stars, 0);
    expect(awards.length).toBe(expected);
    expect(awards.every((h) => h.awardedOn <= '2026-11-05')).toBe(true);
  });

  it('zyz.li signs in and sees its own record with its two stars and an upcoming confirmed shift', async () => {
    const li = await signIn(testApp.app, VOLUNTEER_ACCOUNTS.volunteer, DEMO_PASSWORD);
    const me = await li.get('/api/volunteers/me');
    expect(me.status, me.body).toBe(200);
    const record = me.json();
    expect(record.name).toBe(ZYZ_LI.name);
    expect(record.status).toBe('active');
    expect(record.idNumber).toMatch(/^310\*+\d{3}[\dX]$/);
    const totals = await li.get(`/api/volunteers/${record.id}/totals`);
    expect(totals.status, totals.body).toBe(200);
    expect(totals.json().stars).toBe(ZYZ_LI.stars);
    const [account] = await database.db.select().from(users).where(sql`username = ${VOLUNTEER_ACCOUNTS.volunteer}`);
    const [next] = await query<{ n: number }>(
      sql`select count(*)::int as n from volunteer_signups s join volunteer_shifts h on h.id = s.shift_id join volunteers v on v.id = s.volunteer_id
           where v.user_id = ${account.id} and s.status = 'confirmed' and h.starts_at > now()`,
    );
    expect(next.n).toBeGreaterThan(0);
  });

  it('the coming weeks: shifts with places open and one full with a waiting list in order', async () => {
    const shifts = await query<{ quota: number; confirmed: number; waiting: number }>(
      sql`select h.quota, count(*) filter (where s.status = 'confirmed')::int as confirmed, count(*) filter (where s.status = 'waiting')::int as waiting
            from volunteer_shifts h left join volunteer_signups s on s.shift_id = h.id
           where h.starts_at > now() and h.region_code like ${IN_CHANGSHOU} group by h.id, h.quota`,
    );
    expect(shifts.length).toBeGreaterThan(10);
    expect(shifts.some((s) => s.confirmed < s.quota)).toBe(true);
    expect(shifts.filter((s) => s.waiting > 0).every((s) => s.confirmed === s.quota)).toBe(true);
    expect(shifts.some((s) => s.waiting > 0)).toBe(true);
  });
});

/** A region's volunteer statistics (read from the summaries) against a recount of generated entries; the workbook; the dashboard section; bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_TYPES, type ActivityType, type VolunteerStatus } from '../../../../shared/volunteers/states.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { readWorkbook } from '../../../test/helpers.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { hoursMessages } from './volunteers-hours.messages.js';
import { approvedEntry, reversal } from './volunteers-overview.factories.js';
import { registryMessages } from './volunteers-registry.messages.js';
import { makeVolunteer } from './volunteers.factories.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let official: Agent;
let staffB: Agent;
let streetStaff: Agent;

/** A small deterministic generator (mulberry32): the same mix on every run and engine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Counted {
  volunteerId: string;
  /** The volunteer's region (active volunteers are counted where they are registered). */
  home: string;
  /** Where the activity was (hours are counted where they were served). */
  region: string;
  month: string;
  type: ActivityType;
  minutes: number;
}

const YEAR = 2025;
const counted: Counted[] = [];
const registeredBy = new Map<string, Map<VolunteerStatus, number>>();

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.district }])).username, PASSWORD);
  streetStaff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);

  const rnd = random(20251);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  // Volunteers of both streets and their communities, and one of B (never counted in A).
  const places = [A.street, A.community, A.street2, A.community2];
  const statuses: VolunteerStatus[] = ['active', 'active', 'active', 'pending', 'suspended', 'left'];
  const vols: { id: string; regionCode: string }[] = [];
  for (let i = 0; i < 24; i++) {
    const regionCode = places[i % places.length];
    const status = pick(statuses);
    const v = await makeVolunteer(t.db, regionCode, { status });
    vols.push(v);
    const street = regionCode.startsWith(A.street.slice(0, 9)) ? A.street : A.street2;
    const byStatus = registeredBy.get(street) ?? new Map<VolunteerStatus, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    registeredBy.set(street, byStatus);
  }
  const outsider = await makeVolunteer(t.db, B.street);
  await approvedEntry(t.db, outsider, `${YEAR}-04-01T02:00:00Z`, 240);

  // Entries one per day per volunteer (claims never overlap), some reversed, some of other years.
  let day = 0;
  for (let i = 0; i < 120; i++) {
    const v = pick(vols);
    day++;
    const month = 1 + Math.floor(rnd() * 12);
    const year = rnd() < 0.15 ? YEAR - 1 : YEAR;
    // 08:00 China time on the month's (day % 27 + 1)th, unique per volunteer by `day`'s hour.
    const at = new Date(Date.UTC(year, month - 1, 1 + (day % 27), 0, 0) + (day % 20) * 3600_000 + Math.floor(day / 540) * 86_400_000);
    const minutes = 15 * (1 + Math.floor(rnd() * 16));
    const type = pick(ACTIVITY_TYPES);
    // Served where the volunteer lives, in either street, or in an activity of the district itself.
    const served = pick([v.regionCode, A.street, A.street2, A.district]);
    const entry = await approvedEntry(t.db, v, at.toISOString(), minutes, { activityType: type, regionCode: served });
    if (rnd() < 0.2) {
      await reversal(t.db, entry);
      continue;
    }
    // The month is China's: 00:00–07:59 UTC on the 1st is still that month in Shanghai.
    const china = new Date(at.getTime() + 8 * 3600_000);
    if (china.getUTCFullYear() !== YEAR) continue;
    counted.push({ volunteerId: v.id, home: v.regionCode, region: served, month: china.toISOString().slice(0, 7), type, minutes });
  }
});

afterAll(async () => {
  await t?.close();
});

const streetOf = (code: string) => (code.startsWith(A.street.slice(0, 9)) ? A.street : code.startsWith(A.street2.slice(0, 9)) ? A.street2 : A.district);

describe('volunteer statistics', () => {
  it('equal a recount of the generated entries: registered, active, person-times, hours, by type, month and street', async () => {
    const res = await official.get(`/api/volunteers/statistics?region=${A.district}&year=${YEAR}`);
    expect(res.status, res.body).toBe(200);
    const s = res.json();
    expect(counted.length).toBeGreaterThan(50);

    const total = [...registeredBy.values()].flatMap((m) => [...m.values()]).reduce((a, n) => a + n, 0);
    expect(s.registered.total).toBe(total);
    const byStatus = new Map<string, number>();
    for (const m of registeredBy.values()) for (const [k, n] of m) byStatus.set(k, (byStatus.get(k) ?? 0) + n);
    expect(Object.fromEntries(s.registered.byStatus.map((b: any) => [b.status, b.count]))).toEqual(Object.fromEntries(byStatus));

    const minutes = counted.reduce((a, c) => a + c.minutes, 0);
    expect(s.served).toEqual({ minutes, personTimes: counted.length });
    expect(s.active).toBe(new Set(counted.map((c) => c.volunteerId)).size);
    expect(s.workingDays).toBe(Math.round((minutes / 60 / 8) * 10) / 10);

    const sumBy = (key: (c: Counted) => string) => {
      const out: Record<string, { minutes: number; personTimes: number }> = {};
      for (const c of counted) {
        const k = key(c);
        out[k] = { minutes: (out[k]?.minutes ?? 0) + c.minutes, personTimes: (out[k]?.personTimes ?? 0) + 1 };
      }
      return out;
    };
    expect(Object.fromEntries(s.byType.map((r: any) => [r.activityType, { minutes: r.minutes, personTimes: r.personTimes }]))).toEqual(sumBy((c) => c.type));
    const months = sumBy((c) => c.month);
    expect(s.byMonth).toHaveLength(12);
    for (const m of s.byMonth) {
      expect({ minutes: m.minutes, personTimes: m.personTimes }, m.month).toEqual(months[m.month] ?? { minutes: 0, personTimes: 0 });
      expect(m.active, m.month).toBe(new Set(counted.filter((c) => c.month === m.month).map((c) => c.volunteerId)).size);
    }

    const byStreet = sumBy((c) => streetOf(c.region));
    for (const child of s.children) {
      const key = child.direct ? A.district : child.regionCode;
      expect({ minutes: child.minutes, personTimes: child.personTimes }, key).toEqual(byStreet[key] ?? { minutes: 0, personTimes: 0 });
      expect(child.registered, key).toBe([...(registeredBy.get(key)?.values() ?? [])].reduce((a, n) => a + n, 0));
      expect(child.active, key).toBe(new Set(counted.filter((c) => streetOf(c.home) === key).map((c) => c.volunteerId)).size);
    }
    expect(s.children.map((c: any) => c.regionCode)).toEqual([A.street, A.street2, A.district]);
  });

  it('defaults to the widest region in reach and this year, and reads a street for its own staff', async () => {
    const res = await streetStaff.get('/api/volunteers/statistics');
    expect(res.status, res.body).toBe(200);
    expect(res.json().region.code).toBe(A.street);
    expect(res.json().year).toBe(Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)));
    // A street's staff do not reach the district.
    expect((await streetStaff.get(`/api/volunteers/statistics?region=${A.district}`)).status).toBe(404);
  });

  it('exports the same figures as a workbook', async () => {
    const res = await official.get(`/api/volunteers/statistics/export?region=${A.district}&year=${YEAR}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readWorkbook(res.rawPayload);
    expect(rows[0]).toEqual(['分类', '项目', '注册志愿者', '活跃志愿者', '服务人次', '服务时长（小时）', '折合工作日']);
    const stats = (await official.get(`/api/volunteers/statistics?region=${A.district}&year=${YEAR}`)).json();
    expect(rows[1][0]).toBe('合计');
    expect(rows[1].slice(2).map(Number)).toEqual([
      stats.registered.total,
      stats.active,
      stats.served.personTimes,
      Math.round((stats.served.minutes * 100) / 60) / 100,
      stats.workingDays,
    ]);
    expect(rows.filter((r) => r[0] === '月份')).toHaveLength(12);
    const en = await readWorkbook((await official.get(`/api/volunteers/statistics/export?region=${A.district}&year=${YEAR}`, { 'accept-language': 'en' })).rawPayload);
    expect(en[0][2]).toBe('Registered volunteers');
  });

  it('names statuses and activity types with the words of the registry and the hours exports, in every language', async () => {
    // The export kept its own copy of these words, and it had drifted ('Older people' beside 'Elderly care').
    for (const locale of ['zh-CN', 'en', 'zh-TW'] as const) {
      const rows = await readWorkbook((await official.get(`/api/volunteers/statistics/export?region=${A.district}&year=${YEAR}`, { 'accept-language': locale })).rawPayload);
      const items = (name: string) => rows.filter((r) => r[0] === name).map((r) => r[1]);
      const hours = hoursMessages[locale] as { volunteerHoursExport: { types: Record<string, string> } };
      const registry = registryMessages[locale] as { volunteersRegistry: { status: Record<string, string> } };
      const stats = (await official.get(`/api/volunteers/statistics?region=${A.district}&year=${YEAR}`)).json();
      expect(stats.byType.length).toBeGreaterThan(3);
      // Sections in order: the total, statuses, sub-regions, months, activity types.
      const [statusSection, typeSection] = [rows[2][0], rows[rows.length - 1][0]];
      expect(items(typeSection)).toEqual(stats.byType.map((b: { activityType: string }) => hours.volunteerHoursExport.types[b.activityType]));
      expect(items(statusSection)).toEqual(stats.registered.byStatus.map((b: { status: string }) => registry.volunteersRegistry.status[b.status]));
    }
  });

  it("adds this year's figures to the region's dashboard", async () => {
    const res = await official.get(`/api/dashboard/summary?regionCode=${A.district}`);
    expect(res.status, res.body).toBe(200);
    const section = res.json().sections.volunteers;
    const stats = (await official.get(`/api/volunteers/statistics?region=${A.district}`)).json();
    expect(section).toEqual({
      year: stats.year,
      registered: stats.registered.total,
      byStatus: stats.registered.byStatus,
      active: stats.active,
      served: stats.served,
      workingDays: stats.workingDays,
      byType: stats.byType,
    });
    expect(section.registered).toBeGreaterThan(0);
  });

  it('names the field of a bad year or region, and answers 404 for a region out of reach', async () => {
    const cases: [string, string, string][] = [
      ['year=1999', 'year', '评比年度'],
      ['year=2101', 'year', '评比年度'],
      ['year=abc', 'year', '评比年度'],
      ['region=12345', 'region', '区划'],
    ];
    for (const [query, field, label] of cases) {
      const res = await official.get(`/api/volunteers/statistics?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json().error.fields[0].field, query).toBe(field);
      expect(res.json().error.fields[0].message, query).toContain(label);
    }
    const unknown = await official.get(`/api/volunteers/statistics?region=${A.district.slice(0, 6)}999000`);
    expect(unknown.status).toBe(400);
    expect(unknown.json().error.fields[0]).toMatchObject({ field: 'region', problem: 'region_unknown' });
    const outside = await staffB.get(`/api/volunteers/statistics?region=${A.district}`);
    expect(outside.status).toBe(404);
    expect((await staffB.get(`/api/volunteers/statistics/export?region=${A.district}`)).status).toBe(404);
  });
});

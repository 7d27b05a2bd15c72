/**
 * Rule 9 of issue 8: a member's age band is derived from the birth date on the day asked (in China),
 * not stored at entry as current year − birth year (which put someone born 1966-12-31 in 60–69 at 59,
 * and froze the 60+ figures as members aged). A band entered without a birth date is kept as entered.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ageOn, memberAgeBand } from '../../../../shared/member-age.js';
import { rowsOf } from '../../db/client.js';
import { fillDerivedColumns } from '../../db/derived-columns.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from './registry.factories.js';

const BORN = '19661231';
/** Noon in Beijing on a given day: the China date is that day whatever the server's zone. */
const chinaNoon = (day: string) => new Date(`${day}T12:00:00+08:00`);

let t: TestApp;
let A: RegionTree;
let staffId: string;
let officialId: string;
let draftTeamId: string;
let filedTeamId: string;

/** Signs in again at the faked time (a session started in real time may look expired after a jump). */
const as = async (userId: string): Promise<Agent> => {
  const [u] = rowsOf<{ username: string }>(await t.db.execute(sql`select username from users where id = ${userId}`));
  return signIn(t.app, u.username, PASSWORD);
};
const seniors = async () => {
  const res = await (await as(officialId)).get(`/api/dashboard/summary?regionCode=${A.street2}`);
  expect(res.status, res.body).toBe(200);
  return res.json().sections.registry.totals.seniors as number;
};

beforeAll(async () => {
  // Read caches off: the figures asked for on two different days must be recounted.
  t = await buildTestApp(undefined, { LIST_CACHE_MS: '0' });
  A = await makeRegionTree(t.db);
  draftTeamId = (await makeOrganization(t.db, A.street)).id;
  filedTeamId = (await makeOrganization(t.db, A.street2, { status: 'filed', filingNumber: `${A.street2.slice(0, 9)}-2024-0001` })).id;
  staffId = (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).id;
  officialId = (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).id;
});
afterEach(() => vi.useRealTimers());
afterAll(() => t.close());

describe('age on a day', () => {
  it('counts completed years: 59 the day before the 60th birthday, 60 on it', () => {
    expect(ageOn('1966-12-31', '2026-11-22')).toBe(59);
    expect(ageOn('1966-12-31', '2026-12-30')).toBe(59);
    expect(ageOn('1966-12-31', '2026-12-31')).toBe(60);
    // Born on 29 February: a year older on 1 March in a common year.
    expect(ageOn('1964-02-29', '2024-02-28')).toBe(59);
    expect(ageOn('1964-02-29', '2025-02-28')).toBe(60);
    expect(ageOn('1966-02-28', '2026-02-28')).toBe(60);
  });

  it('takes the band from the birth date, else the band entered with its day', () => {
    expect(memberAgeBand({ birthDate: '1966-12-31', ageBand: null, ageBandEnteredOn: null }, '2026-11-22')).toEqual({ ageBand: '35_59', ageBandEnteredOn: null });
    expect(memberAgeBand({ birthDate: '1966-12-31', ageBand: null, ageBandEnteredOn: null }, '2026-12-31')).toEqual({ ageBand: '60_69', ageBandEnteredOn: null });
    expect(memberAgeBand({ birthDate: null, ageBand: '70_79', ageBandEnteredOn: '2025-01-02' }, '2026-12-31')).toEqual({ ageBand: '70_79', ageBandEnteredOn: '2025-01-02' });
    expect(memberAgeBand({ birthDate: null, ageBand: null, ageBandEnteredOn: null }, '2026-12-31')).toEqual({ ageBand: null, ageBandEnteredOn: null });
  });
});

describe('a member born 1966-12-31', () => {
  let memberId: string;
  const idNumber = makeIdNumber(BORN);

  it('is 35–59 on 2026-11-22 and 60–69 on 2026-12-31, in the roster and never with the birth date shown', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: chinaNoon('2026-11-22') });
    const staff = await as(staffId);
    const res = await staff.post(`/api/registry/organizations/${draftTeamId}/members`, { name: '钱卫东', idNumber, ageBand: '60_69' });
    expect(res.status, res.body).toBe(200);
    memberId = res.json().id;
    // The ID number's birth date wins over a band typed by hand.
    expect(res.json()).toMatchObject({ ageBand: '35_59', ageBandEnteredOn: null });
    expect(res.body).not.toMatch(/1966-?12-?31/);
    const [row] = rowsOf(await t.db.execute(sql`select birth_date::text as born, age_band from registry_members where id = ${memberId}`));
    expect(row).toEqual({ born: '1966-12-31', age_band: null });

    vi.setSystemTime(chinaNoon('2026-12-31'));
    const list = await (await as(staffId)).get(`/api/registry/organizations/${draftTeamId}/members`);
    expect(list.json().items.find((m: { id: string }) => m.id === memberId).ageBand).toBe('60_69');
    expect(list.body).not.toMatch(/1966-?12-?31/);
  });

  it('turns 60 in the China date: at 23:30 on 30 December in Beijing (15:30 UTC) still 59', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-30T15:30:00Z') });
    const list = await (await as(staffId)).get(`/api/registry/organizations/${draftTeamId}/members`);
    expect(list.json().items.find((m: { id: string }) => m.id === memberId).ageBand).toBe('35_59');
    vi.setSystemTime(new Date('2026-12-30T16:30:00Z'));
    const later = await (await as(staffId)).get(`/api/registry/organizations/${draftTeamId}/members`);
    expect(later.json().items.find((m: { id: string }) => m.id === memberId).ageBand).toBe('60_69');
  });

  it('counts among the 60+ of the dashboard from the birthday on', async () => {
    await makeMember(t.db, { id: filedTeamId, regionCode: A.street2 }, { name: '孙建华', idNumber: makeIdNumber(BORN) });
    vi.useFakeTimers({ toFake: ['Date'], now: chinaNoon('2026-11-22') });
    expect(await seniors()).toBe(0);
    vi.setSystemTime(chinaNoon('2026-12-31'));
    expect(await seniors()).toBe(1);
  });
});

describe('entering ages', () => {
  it('takes a birth date entered without an ID number, and derives the band from it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: chinaNoon('2026-11-22') });
    const res = await (await as(staffId)).post(`/api/registry/organizations/${draftTeamId}/members`, { name: '李淑芬', birthDate: '1956-03-08' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ageBand: '70_79', ageBandEnteredOn: null });
    expect(res.body).not.toContain('1956-03-08');
  });

  it('refuses a birth date that is not the ID number\'s, naming the field, and writes nothing', async () => {
    const staff = await as(staffId);
    const before = await dbSnapshot(t.db);
    const res = await staff.post(`/api/registry/organizations/${draftTeamId}/members`, { name: '王错', idNumber: makeIdNumber('19700101'), birthDate: '1970-01-02' });
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'birthDate', problem: 'birth_date_not_id' });
    expect(res.json().error.fields[0].message).toContain('出生日期');
    const future = await staff.post(`/api/registry/organizations/${draftTeamId}/members`, { name: '王未来', birthDate: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.json().error.fields[0].field).toBe('birthDate');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('keeps a band imported without a birth date as entered, with its day, and counts it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: chinaNoon('2026-11-22') });
    const [team] = rowsOf<{ name: string }>(await t.db.execute(sql`select name from registry_organizations where id = ${filedTeamId}`));
    const bytes = await workbook(['所属组织', '姓名', '年龄段'], [[team.name, '周阿婆', '70-79岁']]);
    const res = await (await as(staffId)).upload(`/api/registry/import/members?regionCode=${A.street2}`, 'file', 'm.xlsx', bytes, XLSX_MIME);
    expect(res.status, res.body).toBe(200);
    vi.setSystemTime(chinaNoon('2027-06-01'));
    const list = await (await as(staffId)).get(`/api/registry/organizations/${filedTeamId}/members`);
    expect(list.json().items.find((m: { name: string }) => m.name === '周阿婆')).toMatchObject({ ageBand: '70_79', ageBandEnteredOn: '2026-11-22' });
    // 孙建华 (60 since 2026-12-31) and 周阿婆 (entered as 70–79).
    expect(await seniors()).toBe(2);
  });

  it('reads 出生日期 from an imported roster, and refuses one that is not the ID number\'s, naming the column', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: chinaNoon('2026-11-22') });
    const [team] = rowsOf<{ name: string }>(await t.db.execute(sql`select name from registry_organizations where id = ${filedTeamId}`));
    const staff = await as(staffId);
    const upload = async (rows: (string | number | null)[][]) =>
      staff.upload(`/api/registry/import/members?regionCode=${A.street2}`, 'file', 'm.xlsx', await workbook(['所属组织', '姓名', '身份证号', '出生日期'], rows), XLSX_MIME);
    const before = await dbSnapshot(t.db);
    const mismatch = await upload([[team.name, '钱不符', makeIdNumber('19550505'), '1956-05-05']]);
    expect(mismatch.status, mismatch.body).toBe(422);
    expect(JSON.stringify(mismatch.json().error.details)).toContain('出生日期');
    expect(await dbSnapshot(t.db)).toEqual(before);
    const ok = await upload([[team.name, '赵有日', '', '1950-03-01']]);
    expect(ok.status, ok.body).toBe(200);
    const [row] = rowsOf<{ birth_date: string; age_band: string | null }>(
      await t.db.execute(sql`select birth_date::text, age_band from registry_members where name = '赵有日'`),
    );
    expect(row).toEqual({ birth_date: '1950-03-01', age_band: null });
    const list = await staff.get(`/api/registry/organizations/${filedTeamId}/members`);
    expect(list.json().items.find((m: { name: string }) => m.name === '赵有日')).toMatchObject({ ageBand: '70_79' });
    expect(JSON.stringify(list.json())).not.toContain('1950-03-01');
  });

  it('gives a birth date, at start-up, to members entered before birth dates were kept', async () => {
    // As migration 0018 leaves them: the sealed ID number, the band computed at entry, no birth date.
    const team = { id: draftTeamId, regionCode: A.street };
    const old = await makeMember(t.db, team, { name: '老记录', idNumber: makeIdNumber('19661231'), birthDate: null, ageBand: '60_69' });
    const valid = makeIdNumber('19661231');
    const wrongCheckDigit = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const bad = await makeMember(t.db, team, { name: '坏号码', idNumber: wrongCheckDigit, birthDate: null, ageBand: '60_69' });
    const filled = await fillDerivedColumns(t.db);
    expect(filled.birthDates).toBe(1);
    const rows = rowsOf(
      await t.db.execute(sql`select name, birth_date::text as born, age_band from registry_members where id in (${old.id}, ${bad.id}) order by name`),
    );
    expect(rows).toEqual([
      { name: '坏号码', born: null, age_band: '60_69' },
      { name: '老记录', born: '1966-12-31', age_band: null },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)));
  });
});

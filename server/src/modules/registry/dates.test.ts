import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from './registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { todayInChina } from '../../../../shared/dates.js';
import { lastCompleteMonth } from './service/reports.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;
const tomorrow = () => new Date(Date.parse(`${todayInChina()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t.close());

async function expectDateRefused(send: () => Promise<{ status: number; json(): any }>, field: string) {
  const before = await dbSnapshot(t.db);
  const res = await send();
  expect(res.status).toBe(400);
  expect(res.json().error.fields).toEqual([expect.objectContaining({ field, problem: 'date_range' })]);
  expect(await dbSnapshot(t.db)).toEqual(before);
  return res;
}

describe('dates of the register (year 0000 reached PostgreSQL and gave a 500)', () => {
  it('refuses a founding date in year 0000, before 1900 or after today, naming the field in three languages', async () => {
    const body = (foundedOn: string) => ({ regionCode: A.street, legalForm: 'grassroots_team', name: '日期团队', foundedOn });
    const res = await expectDateRefused(() => official.post('/api/registry/organizations', body('0000-01-01')), 'foundedOn');
    expect(res.json().error.fields[0].message).toBe(`成立日期应在 1900-01-01 至 ${todayInChina()} 之间`);
    await expectDateRefused(() => official.post('/api/registry/organizations', body('1899-12-31')), 'foundedOn');
    await expectDateRefused(() => official.post('/api/registry/organizations', body(tomorrow())), 'foundedOn');
    const en = await official.post('/api/registry/organizations', body('0000-01-01'), { 'accept-language': 'en' });
    expect(en.json().error.fields[0].message).toMatch(/^Founding date must be between 1900-01-01 and \d{4}-\d\d-\d\d$/);
    const tw = await official.post('/api/registry/organizations', body('0000-01-01'), { 'accept-language': 'zh-TW' });
    expect(tw.json().error.fields[0].message).toContain('應在 1900-01-01 至');
  });

  it('refuses the same on an update and on a grade award, whose validity is derived from its date', async () => {
    const org = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    const url = `/api/registry/organizations/${org.id}`;
    await expectDateRefused(() => official.patch(url, { foundedOn: '0000-01-01' }), 'foundedOn');
    const award = (awardedOn: string) => official.put(`${url}/grade`, { grade: '3A', awardedOn, reason: '评估结果' });
    await expectDateRefused(() => award('0000-12-31'), 'awardedOn');
    await expectDateRefused(() => award(tomorrow()), 'awardedOn');
    const ok = await official.patch(url, { foundedOn: '1998-07-01' });
    expect(ok.status, ok.body).toBe(200);
    expect((await award('2025-06-30')).json().grade).toMatchObject({ awardedOn: '2025-06-30', validUntil: '2030-06-30' });
  });

  it('refuses a joining date or a meeting date in year 0000', async () => {
    const team = await makeOrganization(t.db, A.street, { status: 'filed', filingNumber: `${A.street.slice(0, 9)}-2020-0009` });
    const member = await makeMember(t.db, team);
    await expectDateRefused(() => official.post(`/api/registry/organizations/${team.id}/members`, { name: '新成员', joinedOn: '0000-01-01' }), 'joinedOn');
    await expectDateRefused(() => official.patch(`/api/registry/members/${member.id}`, { joinedOn: tomorrow() }), 'joinedOn');
    const report = { month: lastCompleteMonth(), flag: true, venuePermit: true, meetingHeld: true, trainingHeld: true, reportForm: true };
    await expectDateRefused(() => official.post(`/api/registry/organizations/${team.id}/reports`, { ...report, meetingDate: '0000-01-01' }), 'meetingDate');
  });
});

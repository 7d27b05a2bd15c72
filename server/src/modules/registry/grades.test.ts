import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { gradeValidUntil } from '../../../../shared/registry/grades.js';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, workbook, XLSX_MIME } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeOrganization, makeUscc } from './registry.factories.js';

/** Rule 6 of issue 8: grades (民政部令第39号) have an award date, five years' validity, and only officials set them. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;
let staff: Agent;
let member: Agent;
let officialB: Agent;
let society: { id: string };

const url = (id: string, rest = '/grade') => `/api/registry/organizations/${id}${rest}`;
const award = (over: Record<string, unknown> = {}) => ({ grade: '4A', awardedOn: '2024-03-01', documentNumber: '沪民社〔2024〕12号', reason: '区社会组织评估委员会评定', ...over });
/** A date `years` years before today in China: an award that old has, or has not yet, run out. */
const yearsAgo = (years: number, days = 0) => {
  const d = new Date(`${todayInChina()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  society = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '等级测试协会', foundedOn: '2010-05-01' });
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: society.id }])).username, PASSWORD);
  officialB = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: B.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('awarding a grade', () => {
  it('records an award with its date; the validity is derived (five years), kept in the history and the audit log', async () => {
    const res = await official.put(url(society.id), award());
    expect(res.status, res.body).toBe(200);
    expect(res.json().grade).toMatchObject({ grade: '4A', awardedOn: '2024-03-01', validUntil: '2029-03-01', expired: false, documentNumber: '沪民社〔2024〕12号' });
    expect(res.json().gradeAwards).toHaveLength(1);
    expect(res.json().grade.recordedBy).toMatch(/^测试用户/);
    const detail = (await official.get(url(society.id, ''))).json().organization;
    expect(detail).toMatchObject({ grade: '4A', gradeValidUntil: '2029-03-01', gradeExpired: false });
    const [audit] = rowsOf(await t.db.execute(sql`select after from audit_log where action = 'registry.grade.award' and entity_id = ${society.id}`));
    expect(audit.after).toMatchObject({ grade: '4A', awardedOn: '2024-03-01', validUntil: '2029-03-01' });
  });

  it('derives the validity as PostgreSQL does, 29 February included', () => {
    expect(gradeValidUntil('2024-02-29')).toBe('2029-02-28');
    expect(gradeValidUntil('2021-12-31')).toBe('2026-12-31');
  });

  it('keeps every award; an older one entered later does not displace the newer', async () => {
    const org = await makeOrganization(t.db, A.street, { legalForm: 'foundation' });
    expect((await official.put(url(org.id), award({ grade: '5A', awardedOn: '2023-06-01' }))).status).toBe(200);
    const res = await official.put(url(org.id), award({ grade: '3A', awardedOn: '2018-06-01' }));
    expect(res.status).toBe(200);
    expect(res.json().grade).toMatchObject({ grade: '5A', awardedOn: '2023-06-01' });
    expect(res.json().gradeAwards.map((a: { grade: string; expired: boolean }) => [a.grade, a.expired])).toEqual([
      ['5A', false],
      ['3A', true],
    ]);
    expect((await official.get(url(org.id, ''))).json().organization.grade).toBe('5A');
  });

  it('refuses a grade on a grassroots team or a community organisation, naming the field, and writes nothing', async () => {
    for (const legalForm of ['grassroots_team', 'community_org']) {
      const team = await makeOrganization(t.db, A.street, { legalForm });
      const before = await dbSnapshot(t.db);
      const res = await official.put(url(team.id), award());
      expect(res.status).toBe(400);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'grade', problem: 'grade_not_for_form', message: expect.stringContaining('评估等级') })]);
      expect(await dbSnapshot(t.db)).toEqual(before);
    }
    const team = await makeOrganization(t.db, A.street);
    const en = await official.put(url(team.id), award(), { 'accept-language': 'en' });
    expect(en.json().error.fields[0].message).toMatch(/^Grade applies only to registered/);
  });

  it('refuses a grade for a dissolved organisation, an award date in the future or before the founding', async () => {
    const dissolved = await makeOrganization(t.db, A.street, { legalForm: 'social_group', status: 'dissolved' });
    const before = await dbSnapshot(t.db);
    const gone = await official.put(url(dissolved.id), award());
    expect(gone.status).toBe(400);
    expect(gone.json().error.fields[0]).toMatchObject({ field: 'grade', problem: 'grade_not_registered' });
    const future = await official.put(url(society.id), award({ awardedOn: '2099-01-01' }));
    expect(future.status).toBe(400);
    expect(future.json().error.fields[0]).toMatchObject({ field: 'awardedOn', problem: 'date_range' });
    const early = await official.put(url(society.id), award({ awardedOn: '2009-01-01' }));
    expect(early.status).toBe(400);
    expect(early.json().error.fields[0]).toMatchObject({ field: 'awardedOn', problem: 'before_founded', message: expect.stringContaining('2010-05-01') });
    const bare = await official.put(url(society.id), { grade: '6A', reason: '' });
    expect(bare.status).toBe(400);
    expect(bare.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['awardedOn', 'grade', 'reason']);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lets only officials set a grade: an org member and centre staff are refused (403), an official of another district finds nothing (404)', async () => {
    const before = await dbSnapshot(t.db);
    for (const agent of [member, staff]) {
      const res = await agent.put(url(society.id), award());
      expect(res.status).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await officialB.put(url(society.id), award())).status).toBe(404);
    expect(await dbSnapshot(t.db)).toEqual(before);
    // The detail says who may: the page shows the action only to them.
    expect((await official.get(url(society.id, '/standing'))).json().abilities).toMatchObject({ setGrade: true, setStarRating: false, setStage: true });
    expect((await staff.get(url(society.id, '/standing'))).json().abilities).toMatchObject({ setGrade: false, setStage: true });
    expect((await member.get(url(society.id, '/standing'))).json().abilities).toEqual({ setGrade: false, setStarRating: false, setStage: false });
  });

  it('keeps the history append-only, in the database itself', async () => {
    const refusal = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
    await expect(t.db.execute(sql`update registry_grade_awards set grade = '5A'`)).rejects.toMatchObject(refusal);
    await expect(t.db.execute(sql`delete from registry_grade_awards`)).rejects.toMatchObject(refusal);
  });
});

describe('an expired grade', () => {
  let expired: { id: string };
  let current: { id: string };

  beforeAll(async () => {
    expired = await makeOrganization(t.db, A.street2, { legalForm: 'social_service_agency', name: '过期等级服务中心' });
    current = await makeOrganization(t.db, A.street2, { legalForm: 'social_service_agency', name: '有效等级服务中心' });
    // Five years and a day ago: the last valid day was yesterday.
    expect((await official.put(url(expired.id), award({ grade: '3A', awardedOn: yearsAgo(5, 1) }))).status).toBe(200);
    // Exactly five years ago: today is its last valid day.
    expect((await official.put(url(current.id), award({ grade: '3A', awardedOn: yearsAgo(5) }))).status).toBe(200);
  });

  it('is shown as expired in the detail and in the list', async () => {
    const detail = (await official.get(url(expired.id, ''))).json().organization;
    expect(detail).toMatchObject({ grade: '3A', gradeExpired: true });
    expect((await official.get(url(expired.id, '/standing'))).json().grade).toMatchObject({ grade: '3A', expired: true });
    const list = (await official.get(`/api/registry/organizations?regionCode=${A.street2}&sort=name`)).json().items;
    const byName = Object.fromEntries(list.map((i: { name: string; gradeExpired: boolean }) => [i.name, i.gradeExpired]));
    expect(byName).toMatchObject({ 过期等级服务中心: true, 有效等级服务中心: false });
  });

  it('does not match the grade filter; a grade on its last valid day does', async () => {
    const res = await official.get(`/api/registry/organizations?regionCode=${A.street2}&grade=3A`);
    expect(res.status).toBe(200);
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual(['有效等级服务中心']);
    expect(res.json().total).toBe(1);
  });
});

describe('a grade is no field of an edit, a create or an import', () => {
  it('refuses grade, validity, stars and stage in the create and update bodies, naming each field, and writes nothing', async () => {
    const before = await dbSnapshot(t.db);
    const patch = await official.patch(url(society.id, ''), { grade: '5A', gradeValidUntil: '2030-01-01', starRating: 3, stage: 'growing', address: '新地址' });
    expect(patch.status).toBe(400);
    expect(patch.json().error.fields.map((f: { field: string; problem: string }) => `${f.field}:${f.problem}`).sort()).toEqual([
      'grade:set_by_own_action',
      'gradeValidUntil:set_by_own_action',
      'stage:set_by_own_action',
      'starRating:set_by_own_action',
    ]);
    expect(patch.json().error.fields.find((f: { field: string }) => f.field === 'grade').message).toMatch(/^评估等级不能在编辑中修改/);
    const create = await official.post('/api/registry/organizations', { regionCode: A.street, legalForm: 'social_group', name: '自带等级的社团', uscc: makeUscc(A.street), grade: '4A' });
    expect(create.status).toBe(400);
    expect(create.json().error.fields).toEqual([expect.objectContaining({ field: 'grade', problem: 'set_by_own_action' })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses an import row that fills 评估等级 or 发展阶段, for an official too, and imports nothing', async () => {
    const headers = ['名称', '组织形式', '统一社会信用代码', '评估等级', '发展阶段'];
    const before = await dbSnapshot(t.db);
    const bytes = await workbook(headers, [['导入带等级的协会', '社会团体', makeUscc(A.street), '5A', '成长型']]);
    const res = await official.upload(`/api/registry/import/organizations?regionCode=${A.street}`, 'file', 'o.xlsx', bytes, XLSX_MIME);
    expect(res.status).toBe(422);
    const problems = res.json().error.details.problems as { row: number; column: string; message: string }[];
    expect(problems.map((p) => p.column).sort()).toEqual(['发展阶段', '评估等级']);
    expect(problems.find((p) => p.column === '评估等级')!.message).toContain('单独的操作');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

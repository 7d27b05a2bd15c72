import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeOrganization } from './registry.factories.js';

/** Rule 8 of issue 8: the development stage (萌芽型/成长型/支持型 [000]) is an organisation's, changed with a reason and kept in history. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let official: Agent;
let member: Agent;
let officialB: Agent;
let org: { id: string };

const url = (id: string, rest = '/stage') => `/api/registry/organizations/${id}${rest}`;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  org = await makeOrganization(t.db, A.street, { legalForm: 'community_org', name: '阶段测试睦邻会' });
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: org.id }])).username, PASSWORD);
  officialB = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: B.district }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('changing the development stage', () => {
  it('records who changed it, when, from what to what and why; the organisation shows the new stage', async () => {
    const first = await staff.put(url(org.id), { stage: 'sprout', reason: '新入驻孵化' });
    expect(first.status, first.body).toBe(200);
    const second = await official.put(url(org.id), { stage: 'growing', reason: '已承接两个社区项目' });
    expect(second.status).toBe(200);
    expect(second.json().stage).toBe('growing');
    expect(second.json().stageChanges).toEqual([
      expect.objectContaining({ fromStage: 'sprout', toStage: 'growing', reason: '已承接两个社区项目', changedBy: expect.stringMatching(/^测试用户/) }),
      expect.objectContaining({ fromStage: null, toStage: 'sprout', reason: '新入驻孵化' }),
    ]);
    expect(Date.parse(second.json().stageChanges[0].changedAt)).toBeGreaterThan(0);
    expect((await staff.get(url(org.id, ''))).json().organization.stage).toBe('growing');
    const filtered = (await staff.get(`/api/registry/organizations?regionCode=${A.street}&stage=growing`)).json().items;
    expect(filtered.map((i: { id: string }) => i.id)).toEqual([org.id]);
    const audits = rowsOf(await t.db.execute(sql`select before, after from audit_log where action = 'registry.stage.change' and entity_id = ${org.id} order by id`));
    expect(audits).toEqual([
      { before: { stage: null }, after: { stage: 'sprout', reason: '新入驻孵化' } },
      { before: { stage: 'sprout' }, after: { stage: 'growing', reason: '已承接两个社区项目' } },
    ]);
  });

  it('refuses a change without a reason, to the same stage, or of a grassroots team, naming the field, and writes nothing', async () => {
    const team = await makeOrganization(t.db, A.street);
    const before = await dbSnapshot(t.db);
    const noReason = await staff.put(url(org.id), { stage: 'supporting', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.json().error.fields).toEqual([expect.objectContaining({ field: 'reason', message: expect.stringContaining('理由') })]);
    const same = await staff.put(url(org.id), { stage: 'growing', reason: '复核' });
    expect(same.json().error.fields[0]).toMatchObject({ field: 'stage', problem: 'stage_unchanged' });
    const ofTeam = await staff.put(url(team.id), { stage: 'sprout', reason: '孵化' });
    expect(ofTeam.status).toBe(400);
    expect(ofTeam.json().error.fields[0]).toMatchObject({ field: 'stage', problem: 'stage_not_for_form', message: expect.stringContaining('发展阶段') });
    const en = await staff.put(url(team.id), { stage: 'sprout', reason: '孵化' }, { 'accept-language': 'en' });
    expect(en.json().error.fields[0].message).toMatch(/^Development stage applies only to organisations/);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('is the centre\'s and the officials\': the organisation\'s own member is refused (403), another district finds nothing (404)', async () => {
    const before = await dbSnapshot(t.db);
    const own = await member.put(url(org.id), { stage: 'supporting', reason: '自评' });
    expect(own.status).toBe(403);
    expect((await officialB.put(url(org.id), { stage: 'supporting', reason: '越权' })).status).toBe(404);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('keeps a staged organisation from becoming a grassroots team, which has no stage (400 on the legal form)', async () => {
    const before = await dbSnapshot(t.db);
    const res = await staff.patch(url(org.id, ''), { legalForm: 'grassroots_team' });
    expect(res.status).toBe(400);
    expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'legalForm', problem: 'legal_form_has_stage' })]);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

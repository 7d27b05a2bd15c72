import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeMember, makeOrganization } from './registry.factories.js';
import { registryOrganizations } from './registry.tables.js';
import { nextFilingNumber } from './service/filings.js';
import { threeClearMissing } from './service/three-clear.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let reviewer: Agent;
let official: Agent;
const base = (id: string) => `/api/registry/organizations/${id}`;
const filing = (id: string, rest = '') => `/api/registry/filings/${id}${rest}`;
const COMPLETE = { activityContent: '每天早晨练太极拳', venue: '社区广场', leaderName: '陈阿姨' };

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const sign = async (grant: Parameters<typeof makeUser>[1][number]) => signIn(t.app, (await makeUser(t.db, [grant])).username, PASSWORD);
  staff = await sign({ role: 'centre_staff', regionCode: A.street });
  reviewer = await sign({ role: 'centre_staff', regionCode: A.street });
  official = await sign({ role: 'official', regionCode: A.district });
});
afterAll(() => t.close());

/** A complete team submitted by `staff`, ready for `reviewer`. */
async function submitted(overrides: Record<string, unknown> = {}) {
  const team = await makeOrganization(t.db, A.street, { ...COMPLETE, ...overrides });
  const only = await makeMember(t.db, team);
  const res = await staff.post(`${base(team.id)}/filing/submit`, {});
  expect(res.status, res.body).toBe(200);
  return { team, only, filingId: res.json().id as string };
}

async function filed(overrides: Record<string, unknown> = {}) {
  const s = await submitted(overrides);
  const res = await reviewer.post(filing(s.filingId, '/approve'), {});
  expect(res.status, res.body).toBe(200);
  return s;
}

describe('the 三清 rule', () => {
  it('needs someone on the roster, someone in charge (roster leader or leader fields), content and venue', () => {
    const none = { members: 0, leaders: [] };
    expect(threeClearMissing({ leaderName: ' ', activityContent: null, venue: '' }, none)).toEqual(['members', 'leader', 'activityContent', 'venue']);
    expect(threeClearMissing({ leaderName: null, activityContent: '合唱', venue: '活动室' }, { members: 2, leaders: ['王'] })).toEqual([]);
    expect(threeClearMissing({ leaderName: '王', activityContent: '合唱', venue: '活动室' }, { members: 1, leaders: [] })).toEqual([]);
    expect(threeClearMissing({ leaderName: null, activityContent: '合唱', venue: '活动室' }, { members: 1, leaders: [] })).toEqual(['leader']);
  });
});

describe('三清 at approval: the reviewer approves what was submitted', () => {
  it('refuses to approve a team stripped of venue, content and its only member after submission, naming each part, and writes nothing', async () => {
    const { team, only, filingId } = await submitted();
    expect((await staff.patch(base(team.id), { venue: null, activityContent: null })).status).toBe(200);
    expect((await staff.delete(`/api/registry/members/${only.id}`)).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const res = await reviewer.post(filing(filingId, '/approve'), {});
    expect(res.status).toBe(422);
    expect(res.json().error.code).toBe('filing_incomplete');
    for (const words of ['成员名单', '活动内容', '活动场地']) expect(res.json().error.message).toContain(words);
    const en = await reviewer.post(filing(filingId, '/approve'), {}, { 'accept-language': 'en' });
    expect(en.json().error.message).toMatch(/venue/i);
    expect(await dbSnapshot(t.db)).toEqual(before);
    const [row] = rowsOf(await t.db.execute(sql`select status, filing_number from registry_organizations where id = ${team.id}`));
    expect(row).toEqual({ status: 'submitted', filing_number: null });
  });

  it('keeps what was submitted with the filing and refuses approval once the team changed, until it is resubmitted', async () => {
    const { team, filingId } = await submitted({ address: '长寿路 1 号', leaderPhone: '13812345678' });
    const shown = await reviewer.get(filing(filingId));
    expect(shown.body).not.toContain('13812345678');
    const detail = shown.json();
    expect(detail.filing.payload.submitted.leaderPhone).toBe('138****5678');
    expect(detail.filing.payload.submitted).toMatchObject({ venue: '社区广场', activityContent: COMPLETE.activityContent, memberCount: 1, address: '长寿路 1 号' });
    expect(detail.abilities).toMatchObject({ approve: true, approveRefusedChanged: false });

    // Still 三清, but not what was submitted.
    expect((await staff.patch(base(team.id), { address: '长寿路 2 号' })).status).toBe(200);
    const changed = (await reviewer.get(filing(filingId))).json();
    expect(changed.abilities).toMatchObject({ approve: false, approveRefusedChanged: true });
    expect(changed.filing.payload.submitted.address).toBe('长寿路 1 号');
    const before = await dbSnapshot(t.db);
    const refused = await reviewer.post(filing(filingId, '/approve'), {});
    expect(refused.status).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'filing_changed', message: expect.stringContaining('重新提交') });
    expect(await dbSnapshot(t.db)).toEqual(before);

    // A roster change counts too.
    await makeMember(t.db, team);
    expect((await reviewer.get(filing(filingId))).json().abilities.approveRefusedChanged).toBe(true);

    expect((await reviewer.post(filing(filingId, '/return'), { comment: '信息有改动，请确认后重新提交' })).status).toBe(200);
    expect((await staff.post(`${base(team.id)}/filing/submit`, {})).status).toBe(200);
    const resubmitted = (await reviewer.get(filing(filingId))).json();
    expect(resubmitted.filing.payload.submitted).toMatchObject({ address: '长寿路 2 号', memberCount: 2 });
    const approved = await reviewer.post(filing(filingId, '/approve'), {});
    expect(approved.status, approved.body).toBe(200);
    expect(approved.json().organization.status).toBe('filed');
  });
});

describe('三清 in change filings', () => {
  it('refuses a change filing that blanks venue and content, naming the parts, and writes nothing', async () => {
    const { team } = await filed();
    const before = await dbSnapshot(t.db);
    const res = await staff.post(`${base(team.id)}/filing/change`, { changes: { venue: '', activityContent: null } });
    expect(res.status).toBe(422);
    expect(res.json().error.code).toBe('filing_incomplete');
    for (const words of ['活动内容', '活动场地']) expect(res.json().error.message).toContain(words);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('checks the team as it would be after the change again at approval', async () => {
    const { team } = await filed({ leaderName: '王' });
    const leader = await makeMember(t.db, team, { role: 'leader', name: '李队长' });
    // Clear while 李队长 leads on the roster.
    const change = await staff.post(`${base(team.id)}/filing/change`, { changes: { leaderName: null } });
    expect(change.status, change.body).toBe(200);
    // Allowed today: the leader fields still name someone.
    expect((await staff.delete(`/api/registry/members/${leader.id}`)).status).toBe(200);
    const before = await dbSnapshot(t.db);
    const res = await reviewer.post(filing(change.json().id, '/approve'), {});
    expect(res.status).toBe(422);
    expect(res.json().error.message).toContain('负责人');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('a filed team changes only through a change filing or an official correction', () => {
  it('refuses a direct edit of a filed fact with 409 pointing to 变更备案, for staff and officials, and writes nothing', async () => {
    const { team } = await filed();
    // The web app is told so: the filed facts are not among the fields the reader may set.
    const abilities = (await staff.get(base(team.id))).json().abilities;
    expect(abilities.editableFields).not.toContain('venue');
    expect(abilities.editableFields).not.toContain('name');
    const before = await dbSnapshot(t.db);
    for (const agent of [staff, official]) {
      const res = await agent.patch(base(team.id), { venue: '别处', name: team.name });
      expect(res.status).toBe(409);
      expect(res.json().error.code).toBe('filed_change_requires_filing');
      expect(res.json().error.message).toContain('变更备案');
      expect(res.json().error.fields.map((f: any) => f.field)).toEqual(['venue']);
    }
    expect(await dbSnapshot(t.db)).toEqual(before);
    // The edit form sends the whole record: unchanged values are not edits.
    expect((await staff.patch(base(team.id), { venue: COMPLETE.venue, name: team.name })).status).toBe(200);
  });

  it("records an official's correction, with its reason, in the audit log and the filing's history", async () => {
    const { team, filingId } = await filed();
    expect((await staff.post(`${base(team.id)}/correction`, { changes: { venue: '更正场地' }, reason: '录入错误' })).status).toBe(403);
    const noReason = await official.post(`${base(team.id)}/correction`, { changes: { venue: '更正场地' }, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');

    const res = await official.post(`${base(team.id)}/correction`, { changes: { venue: '社区文化中心二楼' }, reason: '登记时场地录入有误' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().organization).toMatchObject({ venue: '社区文化中心二楼', status: 'filed' });
    const audit = rowsOf(await t.db.execute(sql`select before, after from audit_log where action = 'registry.organization.correct' and entity_id = ${team.id}`));
    expect(audit).toHaveLength(1);
    expect(audit[0].before.venue).toBe(COMPLETE.venue);
    expect(audit[0].after).toMatchObject({ venue: '社区文化中心二楼', correctionReason: '登记时场地录入有误' });
    const history = (await official.get(filing(filingId))).json().history;
    expect(history.at(-1)).toMatchObject({ action: 'correct', comment: '登记时场地录入有误' });
  });

  it('refuses a correction that would leave the team unclear or outside a street, and one of a team not filed', async () => {
    const { team } = await filed();
    const draft = await makeOrganization(t.db, A.street);
    const before = await dbSnapshot(t.db);
    const blank = await official.post(`${base(team.id)}/correction`, { changes: { venue: '  ' }, reason: '更正' });
    expect(blank.status).toBe(409);
    expect(blank.json().error).toMatchObject({ code: 'three_clear_required', message: expect.stringContaining('活动场地') });
    const district = await official.post(`${base(team.id)}/correction`, { changes: { regionCode: A.district }, reason: '更正' });
    expect(district.status).toBe(400);
    expect(district.json().error.fields[0]).toMatchObject({ field: 'regionCode', message: expect.stringContaining('街道') });
    const notFiled = await official.post(`${base(draft.id)}/correction`, { changes: { venue: 'x' }, reason: '更正' });
    expect(notFiled.status).toBe(409);
    expect(notFiled.json().error.code).toBe('invalid_state');
    // One that corrects nothing would only add a line to the team's history.
    const [current] = await t.db.select().from(registryOrganizations).where(eq(registryOrganizations.id, team.id));
    const same = await official.post(`${base(team.id)}/correction`, { changes: { venue: current.venue }, reason: '更正' });
    expect(same.status, same.body).toBe(400);
    expect(same.json().error.fields[0]).toMatchObject({ field: 'changes', problem: 'nothing_changed', message: expect.stringContaining('没有需要更正') });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe("a filed team's roster keeps the 三清", () => {
  it('refuses to remove the last member, or the only one in charge, and lets others come and go', async () => {
    const { team, only } = await filed();
    const before = await dbSnapshot(t.db);
    const last = await staff.delete(`/api/registry/members/${only.id}`);
    expect(last.status).toBe(409);
    expect(last.json().error).toMatchObject({ code: 'three_clear_required', message: expect.stringContaining('成员名单') });
    expect(await dbSnapshot(t.db)).toEqual(before);

    const second = await makeMember(t.db, team);
    expect((await staff.delete(`/api/registry/members/${second.id}`)).status).toBe(200);
  });

  it('refuses to take away the only leader when the leader fields are empty', async () => {
    // Led by its roster alone: no leader fields.
    const team = await makeOrganization(t.db, A.street, { ...COMPLETE, leaderName: null });
    const leader = await makeMember(t.db, team, { role: 'leader' });
    const sub = await staff.post(`${base(team.id)}/filing/submit`, {});
    expect(sub.status, sub.body).toBe(200);
    expect((await reviewer.post(filing(sub.json().id, '/approve'), {})).status).toBe(200);
    await makeMember(t.db, team);
    const before = await dbSnapshot(t.db);
    const demote = await staff.patch(`/api/registry/members/${leader.id}`, { role: 'member' });
    expect(demote.status).toBe(409);
    expect(demote.json().error.message).toContain('负责人');
    expect((await staff.delete(`/api/registry/members/${leader.id}`)).status).toBe(409);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('filing numbers come from the street that files the team', () => {
  it('refuses to submit a team placed at district level, naming the region, and writes nothing', async () => {
    const team = await makeOrganization(t.db, A.district, COMPLETE);
    await makeMember(t.db, team);
    const before = await dbSnapshot(t.db);
    const res = await official.post(`${base(team.id)}/filing/submit`, {});
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'regionCode', message: expect.stringContaining('街道') });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('never issues a number in a district series', async () => {
    await expect(t.db.transaction((tx) => nextFilingNumber(tx, A.district))).rejects.toMatchObject({ code: 'validation' });
    const number = await t.db.transaction((tx) => nextFilingNumber(tx, A.community, new Date('2031-06-01T00:00:00Z')));
    expect(number).toBe(`${A.community.slice(0, 9)}-2031-0001`);
  });
});

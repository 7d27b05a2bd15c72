import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from './registry.factories.js';
import { nextFilingNumber } from './service/filings.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { dbSnapshot } from '../../../test/helpers.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let reviewer: Agent;
let member: Agent;
let otherMember: Agent;
let teamId: string;
let filingId: string;
const base = (id: string) => `/api/registry/organizations/${id}`;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const team = await makeOrganization(t.db, A.street, { name: '武宁社区太极拳队' });
  teamId = team.id;
  const other = await makeOrganization(t.db, A.street);
  const sign = async (grant: Parameters<typeof makeUser>[1][number]) => signIn(t.app, (await makeUser(t.db, [grant])).username, PASSWORD);
  staff = await sign({ role: 'centre_staff', regionCode: A.street });
  reviewer = await sign({ role: 'official', regionCode: A.district });
  member = await sign({ role: 'org_member', regionCode: A.street, organizationId: teamId });
  otherMember = await sign({ role: 'org_member', regionCode: A.street, organizationId: other.id });
});
afterAll(() => t.close());

async function history(id: string) {
  const res = await reviewer.get(`/api/registry/filings/${id}`);
  expect(res.status).toBe(200);
  return res.json().history as { action: string; actorName: string | null; comment: string | null; at: string }[];
}

describe('群众团队备案 (R2) end to end', () => {
  it('refuses an incomplete team with 422, lists what is missing in Chinese and writes nothing', async () => {
    const before = await dbSnapshot(t.db);
    const res = await member.post(`${base(teamId)}/filing/submit`, {});
    expect(res.status).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('filing_incomplete');
    for (const words of ['成员名单', '活动内容', '活动场地', '负责人']) expect(error.message).toContain(words);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('lets the team member complete and submit; the reviewer sees it queued', async () => {
    expect((await member.post(`${base(teamId)}/members`, { name: '陈阿姨', phone: '13912345678' })).status).toBe(200);
    expect((await member.patch(base(teamId), { activityContent: '每天早晨练太极拳', venue: '武宁社区广场', leaderName: '陈阿姨' })).status).toBe(200);
    const res = await member.post(`${base(teamId)}/filing/submit`, {});
    expect(res.status, res.body).toBe(200);
    filingId = res.json().id;
    expect(res.json().state).toBe('submitted');
    const queue = await reviewer.get('/api/registry/filings?state=submitted');
    expect(queue.json().items.map((f: any) => f.id)).toContain(filingId);
    expect((await reviewer.get(base(teamId))).json().organization.status).toBe('submitted');
  });

  it('does not let the team member approve its own filing', async () => {
    const res = await member.post(`/api/registry/filings/${filingId}/approve`, {});
    expect(res.status).toBe(403);
  });

  it('hides the filing and the team from a member of another team', async () => {
    expect((await otherMember.get(`/api/registry/filings/${filingId}`)).status).toBe(404);
    expect((await otherMember.get(base(teamId))).status).toBe(404);
    expect((await otherMember.post(`/api/registry/filings/${filingId}/withdraw`, {})).status).toBe(404);
  });

  it('requires a comment to return, naming the field', async () => {
    const res = await reviewer.post(`/api/registry/filings/${filingId}/return`, { comment: '' });
    expect(res.status).toBe(400);
    expect(res.json().error.fields.map((f: any) => f.field)).toContain('comment');
    const blank = await reviewer.post(`/api/registry/filings/${filingId}/return`, { comment: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.json().error.fields[0].field).toBe('comment');
  });

  it('returns with a comment: team status returned, history records who, when and why', async () => {
    const res = await reviewer.post(`/api/registry/filings/${filingId}/return`, { comment: '请补充活动时间' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().filing.state).toBe('returned');
    expect(res.json().organization.status).toBe('returned');
    const last = (await history(filingId)).at(-1)!;
    expect(last).toMatchObject({ action: 'return', comment: '请补充活动时间' });
    expect(last.actorName).toMatch(/测试用户/);
    expect(Date.now() - Date.parse(last.at)).toBeLessThan(60_000);
  });

  it('resubmits, approves with a filing number, and records the whole history', async () => {
    expect((await member.patch(base(teamId), { activityContent: '每天早晨 6:30 练太极拳' })).status).toBe(200);
    const resubmit = await member.post(`${base(teamId)}/filing/submit`, { comment: '已补充' });
    expect(resubmit.status, resubmit.body).toBe(200);
    expect(resubmit.json().id).toBe(filingId);
    const res = await reviewer.post(`/api/registry/filings/${filingId}/approve`, {});
    expect(res.status, res.body).toBe(200);
    const organization = res.json().organization;
    expect(organization.status).toBe('filed');
    expect(organization.filingNumber).toMatch(/^\d{9}-\d{4}-\d{4}$/);
    expect(organization.filingNumber.startsWith(A.street.slice(0, 9))).toBe(true);
    const h = await history(filingId);
    expect(h.map((x) => x.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve']);
    for (const x of h) expect(x.actorName).toBeTruthy();
    expect(h[0].actorName).toBe(h[1].actorName);
    expect(h[2].actorName).toBe(h[4].actorName);
    expect(h[1].actorName).not.toBe(h[2].actorName);
  });

  it('refuses a second approval with 409 invalid_state', async () => {
    const before = await dbSnapshot(t.db);
    const res = await reviewer.post(`/api/registry/filings/${filingId}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('invalid_state');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('applies an approved change filing and audits the before and after', async () => {
    const res = await member.post(`${base(teamId)}/filing/change`, { changes: { venue: '武宁社区文化中心' }, comment: '场地搬迁' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().kind).toBe('change');
    // A second change while one is open is a conflict.
    expect((await member.post(`${base(teamId)}/filing/change`, { changes: { venue: '别处' } })).status).toBe(409);
    expect((await reviewer.post(`/api/registry/filings/${res.json().id}/approve`, {})).status).toBe(200);
    expect((await reviewer.get(base(teamId))).json().organization.venue).toBe('武宁社区文化中心');
    const audit = rowsOf(
      await t.db.execute(sql`select before, after from audit_log where action = 'registry.organization.change_applied' and entity_id = ${teamId}`),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].before.venue).toBe('武宁社区广场');
    expect(audit[0].after.venue).toBe('武宁社区文化中心');
  });

  it('deregisters on approval: status dissolved', async () => {
    const res = await staff.post(`${base(teamId)}/filing/deregister`, { reason: '团队成员年事已高，停止活动' });
    expect(res.status, res.body).toBe(200);
    expect((await reviewer.post(`/api/registry/filings/${res.json().id}/approve`, {})).status).toBe(200);
    expect((await reviewer.get(base(teamId))).json().organization.status).toBe('dissolved');
  });

  it('numbers filings uniquely and in sequence per street and year', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const team = await makeOrganization(t.db, i === 2 ? A.community : A.street, { activityContent: '广场舞', venue: '广场', leaderName: '刘' });
      await makeMember(t.db, team);
      const submitted = await staff.post(`${base(team.id)}/filing/submit`, {});
      expect(submitted.status, submitted.body).toBe(200);
      const approved = await reviewer.post(`/api/registry/filings/${submitted.json().id}/approve`, {});
      numbers.push(approved.json().organization.filingNumber);
    }
    const year = new Date().getFullYear();
    const street = A.street.slice(0, 9);
    // The first team filed above took serial 0001 on this street; a community shares its street's counter.
    expect(numbers).toEqual([2, 3, 4].map((n) => `${street}-${year}-${String(n).padStart(4, '0')}`));
    const team2 = await makeOrganization(t.db, A.street2, { activityContent: 'x', venue: 'y', leaderName: 'z' });
    await makeMember(t.db, team2);
    const s2 = await staff.post(`${base(team2.id)}/filing/submit`, {});
    expect(s2.status).toBe(404); // staff is granted at A.street only
    const s2r = await reviewer.post(`${base(team2.id)}/filing/submit`, {});
    // Four eyes: the official who submitted it does not approve it; a second official does.
    const secondOfficial = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
    const a2 = await secondOfficial.post(`/api/registry/filings/${s2r.json().id}/approve`, {});
    expect(a2.json().organization.filingNumber).toBe(`${A.street2.slice(0, 9)}-${year}-0001`);
  });

  it('four eyes: whoever submitted a filing, or edited the team during review, never approves it', async () => {
    const colleague = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
    const third = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
    const team = await makeOrganization(t.db, A.street, { activityContent: '合唱', venue: '社区活动室', leaderName: '王' });
    await makeMember(t.db, team);
    const submitted = await staff.post(`${base(team.id)}/filing/submit`, {});
    expect(submitted.status, submitted.body).toBe(200);
    const id = submitted.json().id as string;

    const own = (await staff.get(`/api/registry/filings/${id}`)).json();
    expect(own.abilities).toMatchObject({ approve: false, approveRefusedFourEyes: true, return: true });
    const before = await dbSnapshot(t.db);
    const refused = await staff.post(`/api/registry/filings/${id}/approve`, {});
    expect(refused.status).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'four_eyes', message: expect.stringContaining('另一位工作人员') });
    expect(await dbSnapshot(t.db)).toEqual(before);

    // A colleague who edits the team while it is under review becomes a party to it as well.
    expect((await colleague.patch(base(team.id), { venue: '社区活动室二楼' })).status).toBe(200);
    expect((await colleague.post(`/api/registry/filings/${id}/approve`, {})).json().error?.code).toBe('four_eyes');

    // The edit also means the team is no longer what was submitted: nobody approves it until it is
    // returned and resubmitted (three-clear.test.ts); after that, the third colleague may.
    expect((await third.get(`/api/registry/filings/${id}`)).json().abilities).toMatchObject({ approve: false, approveRefusedChanged: true });
    expect((await third.post(`/api/registry/filings/${id}/approve`, {})).json().error?.code).toBe('filing_changed');
    expect((await third.post(`/api/registry/filings/${id}/return`, { comment: '场地已改，请确认后重新提交' })).status).toBe(200);
    expect((await staff.post(`${base(team.id)}/filing/submit`, {})).status).toBe(200);
    expect((await third.get(`/api/registry/filings/${id}`)).json().abilities).toMatchObject({ approve: true, approveRefusedFourEyes: false });
    const approved = await third.post(`/api/registry/filings/${id}/approve`, {});
    expect(approved.status, approved.body).toBe(200);
    expect(approved.json().filing.state).toBe('approved');
    expect(approved.json().organization.status).toBe('filed');
  });

  it("numbers a filing approved in the first hours of a Beijing new year with that year, not UTC's", async () => {
    const street = A.street2.slice(0, 9);
    // 2031-01-01 07:00 in Beijing is still 2030-12-31 23:00 UTC.
    const number = await t.db.transaction((tx) => nextFilingNumber(tx, A.street2, new Date('2030-12-31T23:00:00Z')));
    expect(number).toBe(`${street}-2031-0001`);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeVerificationCode } from '../../../../shared/documents/codes.js';
import { rowsOf } from '../../db/client.js';
import { loadEnv, publicBaseUrl } from '../../env.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeIdNumber, makeMember, makeOrganization } from '../registry/registry.factories.js';
import { makeUser, makeUserWithoutGrants, PASSWORD } from '../users/users.factories.js';
import { dbSnapshot } from '../../../test/helpers.js';
import type { Ctx } from '../../core/actor.js';
import { mutate } from '../../core/write-unit.js';
import { VERIFY_LIMIT } from './documents.routes.js';
import { retireFilingCertificate } from './filing-certificate.js';

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let B: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let reviewer: Agent;
let member: Agent;
let siblingMember: Agent;
let officialB: Agent;
let unassigned: Agent;
let team: Awaited<ReturnType<typeof makeOrganization>>;
let firstCode: string;

const LEADER = { name: '王秀英', phone: '13912345678', idNumber: makeIdNumber('19550312') };
const MEMBER = { name: '李桂芳', phone: '13987654321', idNumber: makeIdNumber('19600101') };
const print = (agent: Agent, id: string) => agent.post(`/api/documents/organizations/${id}/filing-certificate`, {});
const verify = (code: string, headers: Record<string, string> = {}) => anonymous(t.app).get(`/api/verify/${encodeURIComponent(code)}`, headers);
const documents = async () =>
  rowsOf<{ code: string; revoked_reason: string | null; entity_id: string }>(
    await t.db.execute(sql`select code, revoked_reason, entity_id from issued_documents order by issued_at`),
  );
const auditActions = async (action: string) =>
  rowsOf<{ after: any; region_code: string }>(await t.db.execute(sql`select after, region_code from audit_log where action = ${action} order by id`));

/** A team the registry filed: what the certificate prints, and a leader and roster it must not. */
async function filedTeam(regionCode: string, name: string) {
  const row = await makeOrganization(t.db, regionCode, {
    name,
    status: 'filed',
    filingNumber: `${regionCode.slice(0, 9)}-2024-${String(Math.floor(Math.random() * 9000) + 1000)}`,
    // 2024-03-04 23:30 in Shanghai is still the 4th there, though the 4th's 15:30 in UTC.
    filedAt: new Date('2024-03-04T15:30:00Z'),
    activityContent: '每周二、四上午集体练习太极拳',
    venue: '社区文化活动中心二楼',
    leaderName: LEADER.name,
    leaderPhone: LEADER.phone,
    leaderIdNumber: LEADER.idNumber,
  });
  await makeMember(t.db, row, { name: MEMBER.name, phone: MEMBER.phone, idNumber: MEMBER.idNumber, role: 'leader' });
  return row;
}

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  team = await filedTeam(A.community, '武宁社区太极拳队');
  const sibling = await filedTeam(A.community, '武宁社区合唱队');
  const sign = async (grant: Parameters<typeof makeUser>[1][number]) => signIn(t.app, (await makeUser(t.db, [grant])).username, PASSWORD);
  staff = await sign({ role: 'centre_staff', regionCode: A.street });
  reviewer = await sign({ role: 'official', regionCode: A.district });
  member = await sign({ role: 'org_member', regionCode: A.street, organizationId: team.id });
  siblingMember = await sign({ role: 'org_member', regionCode: A.street, organizationId: sibling.id });
  officialB = await sign({ role: 'official', regionCode: B.district });
  unassigned = await signIn(t.app, (await makeUserWithoutGrants(t.db, A.street)).username, PASSWORD);
});
afterAll(() => t.close());

describe('filing certificate (备案证明): issue and reprint', () => {
  it('issues one for a filed team, with a readable code, the QR code of its verification address and an audit row', async () => {
    const res = await print(staff, team.id);
    expect(res.status, res.body).toBe(200);
    const doc = res.json();
    expect(doc.kind).toBe('registry.filing_certificate');
    expect(doc.reused).toBe(false);
    expect(doc.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(doc.verificationUrl).toBe(`${publicBaseUrl(loadEnv())}/verify/${doc.code}`);
    expect(doc.qrSvg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(doc.facts).toEqual({
      name: '武宁社区太极拳队',
      legalForm: 'grassroots_team',
      filingNumber: team.filingNumber,
      filedOn: '2024-03-04',
      region: expect.stringMatching(/测试区\d+甲街道\d+甲一社区\d+$/),
      filedBy: expect.stringMatching(/^甲街道\d+$/),
      activityContent: '每周二、四上午集体练习太极拳',
      venue: '社区文化活动中心二楼',
    });
    firstCode = doc.code;
    expect(await documents()).toEqual([{ code: firstCode.replace(/-/g, ''), revoked_reason: null, entity_id: team.id }]);
    const [audit] = await auditActions('document.issue');
    expect(audit.region_code).toBe(A.community);
    expect(audit.after).toEqual({ kind: 'registry.filing_certificate', code: firstCode.replace(/-/g, ''), entityType: 'organization', entityId: team.id });
  });

  it("reprints the same code for the team's own member, writing nothing", async () => {
    const before = await dbSnapshot(t.db);
    const res = await print(member, team.id);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: firstCode, reused: true });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('keeps the certificate from a sibling team, another region and an account without grants, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    for (const [agent, status] of [[siblingMember, 404], [officialB, 404], [unassigned, 403]] as const) {
      const res = await print(agent, team.id);
      expect(res.status, res.body).toBe(status);
    }
    expect((await print(anonymous(t.app), team.id)).status).toBe(401);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses a team not yet filed and a registered organisation with 409 naming the state, in each language', async () => {
    const draft = await makeOrganization(t.db, A.community, { name: '尚未备案的舞蹈队' });
    const registered = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
    const before = await dbSnapshot(t.db);
    const res = await print(staff, draft.id);
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('not_filed');
    expect(res.json().error.message).toBe('只有已备案的群众团队和社区社会组织才有备案证明；该记录当前状态为“草稿”');
    const en = await staff.post(`/api/documents/organizations/${registered.id}/filing-certificate`, {}, { 'accept-language': 'en' });
    expect(en.status).toBe(409);
    expect(en.json().error.message).toMatch(/^Only a filed grassroots team .* this record is "Registered"$/i);
    const tw = await staff.post(`/api/documents/organizations/${draft.id}/filing-certificate`, {}, { 'accept-language': 'zh-TW' });
    expect(tw.json().error.message).toContain('備案證明');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('public verification', () => {
  it('answers anyone with what the certificate states and that it is valid, and no personal data', async () => {
    const res = await verify(firstCode);
    expect(res.status, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ code: firstCode, kind: 'registry.filing_certificate', valid: true, revokedAt: null, revokedReason: null });
    expect(body.facts.name).toBe('武宁社区太极拳队');
    expect(body.facts.filingNumber).toBe(team.filingNumber);
    // Not the leader, not the roster, in any form (whole, masked, the ID number's last digits).
    for (const secret of [LEADER.name, LEADER.phone, LEADER.idNumber, MEMBER.name, MEMBER.phone, MEMBER.idNumber]) {
      expect(res.body).not.toContain(secret);
      expect(res.body).not.toContain(secret.slice(-4));
    }
    expect(Object.keys(body).sort()).toEqual(['code', 'facts', 'issuedAt', 'kind', 'revokedAt', 'revokedReason', 'valid']);
  });

  it('takes the code as people type it: lower case, without hyphens, O for 0 and I or L for 1', async () => {
    const compact = firstCode.replace(/-/g, '');
    const typed = compact.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalizeVerificationCode(` ${typed.slice(0, 6)} ${typed.slice(6)} `)).toBe(compact);
    const res = await verify(typed);
    expect(res.status, res.body).toBe(200);
    expect(res.json().code).toBe(firstCode);
  });

  it('refuses a malformed code with 400 naming the code, an unknown one with 404, in the caller language', async () => {
    for (const bad of ['ABC', 'ABCD-EFGH-JKMNP', 'UUUU-UUUU-UUUU', '%E6%B5%8B'.repeat(4), 'x'.repeat(60)]) {
      const res = await anonymous(t.app).get(`/api/verify/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'code', problem: 'verification_code', message: expect.stringContaining('核验码') }]);
    }
    const unknown = await verify('ZZZZ-ZZZZ-ZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'document_unknown', message: '没有与此核验码对应的文件，请核对核验码后重试' });
    expect((await verify('ZZZZ-ZZZZ-ZZZZ', { 'accept-language': 'en' })).json().error.message).toMatch(/^No document has this verification code/);
  });

  it('limits how many codes one client can try in a minute, malformed ones included', async () => {
    const ask = (ip: string, code: string) => t.app.inject({ method: 'GET', url: `/api/verify/${code}`, remoteAddress: ip });
    for (let i = 0; i < VERIFY_LIMIT; i++) expect((await ask('198.51.100.7', i % 2 ? 'bad' : 'ZZZZZZZZZZZZ')).statusCode).not.toBe(429);
    const refused = await ask('198.51.100.7', firstCode);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await ask('198.51.100.8', firstCode)).statusCode).toBe(200);
    // An IPv6 subscriber holds a whole /64: its addresses share one count.
    for (let i = 0; i < VERIFY_LIMIT; i++) expect((await ask(`2001:db8:0:7::${(i + 1).toString(16)}`, 'bad')).statusCode).toBe(400);
    expect((await ask('2001:db8:0:7::ffff', firstCode)).statusCode).toBe(429);
  });
});

describe('revocation', () => {
  it('supersedes the certificate when what it prints changed, at the next print: a new code, the old one answers revoked', async () => {
    // A filed team's facts change only by change filing or an official's correction (decision 0006).
    const edit = await reviewer.post(`/api/registry/organizations/${team.id}/correction`, { changes: { venue: '武宁社区广场' }, reason: '登记时活动场地写错' });
    expect(edit.status, edit.body).toBe(200);
    const res = await print(member, team.id);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ reused: false, facts: expect.objectContaining({ venue: '武宁社区广场' }) });
    expect(res.json().code).not.toBe(firstCode);
    const old = (await verify(firstCode)).json();
    expect(old).toMatchObject({ valid: false, revokedReason: 'superseded' });
    expect(old.facts.venue).toBe('社区文化活动中心二楼');
    expect(Date.parse(old.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    firstCode = res.json().code;
    expect((await documents()).filter((d) => d.revoked_reason === null)).toHaveLength(1);
  });

  it('revokes it when a change filing is approved, and the next print issues a new one', async () => {
    const change = await member.post(`/api/registry/organizations/${team.id}/filing/change`, { changes: { activityContent: '每天早晨练太极拳' } });
    expect(change.status, change.body).toBe(200);
    // Submitted, not yet decided: the certificate still holds.
    expect((await verify(firstCode)).json().valid).toBe(true);
    const approve = await reviewer.post(`/api/registry/filings/${change.json().id}/approve`, {});
    expect(approve.status, approve.body).toBe(200);
    expect((await verify(firstCode)).json()).toMatchObject({ valid: false, revokedReason: 'change_filing' });
    expect((await auditActions('document.revoke')).map((a) => a.after.reason)).toEqual(['superseded', 'change_filing']);
    const next = await print(staff, team.id);
    expect(next.json()).toMatchObject({ reused: false, facts: expect.objectContaining({ activityContent: '每天早晨练太极拳' }) });
    firstCode = next.json().code;
  });

  it('revokes it on deregistration, after which there is no certificate to print', async () => {
    const dereg = await member.post(`/api/registry/organizations/${team.id}/filing/deregister`, { reason: '团队解散' });
    expect(dereg.status, dereg.body).toBe(200);
    expect((await reviewer.post(`/api/registry/filings/${dereg.json().id}/approve`, {})).status).toBe(200);
    expect((await verify(firstCode)).json()).toMatchObject({ valid: false, revokedReason: 'deregistered' });
    const res = await print(staff, team.id);
    expect(res.status).toBe(409);
    expect(res.json().error.message).toContain('已注销');
    expect((await documents()).filter((d) => d.entity_id === team.id && d.revoked_reason === null)).toEqual([]);
  });

  it('is retired by an edit of the record only when the edit changes what it prints (the hook the registry calls)', async () => {
    const other = await filedTeam(A.community, '武宁社区腰鼓队');
    const code = (await print(staff, other.id)).json().code;
    const ctx = { db: t.db, actor: { id: '', username: 'test', displayName: '测试', grants: [] }, locale: 'zh-CN', requestId: 'test', writes: t.app.writes } as Ctx;
    const newLeader = { ...other, leaderName: '新负责人', leaderPhone: '13700000000', memberCount: 30 };
    expect(await mutate(ctx, (w) => retireFilingCertificate(w, other, newLeader))).toBe(0);
    expect((await verify(code)).json().valid).toBe(true);
    expect(await mutate(ctx, (w) => retireFilingCertificate(w, other, { ...other, venue: '新场地' }))).toBe(1);
    expect((await verify(code)).json()).toMatchObject({ valid: false, revokedReason: 'superseded' });
  });

  it('keeps an issued document as issued: the database refuses to edit its facts, un-revoke or delete it', async () => {
    const [doc] = await documents();
    await expect(t.db.execute(sql`update issued_documents set public_facts = '{}'::jsonb where code = ${doc.code}`)).rejects.toThrow();
    await expect(t.db.execute(sql`update issued_documents set revoked_at = null, revoked_reason = null where code = ${doc.code}`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from issued_documents where code = ${doc.code}`)).rejects.toThrow();
  });
});

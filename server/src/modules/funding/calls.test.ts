import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { openFund } from '../../core/ledger/ledger.js';
import { systemCtx } from '../../core/write-unit.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { PUBLIC_CALLS_LIMIT } from './funding-front.routes.js';
import { makeApplication, makeCall } from './funding.factories.js';

/** F2 and the step settings: which steps a call runs, how it is drafted, published, moved along and cancelled. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let official: Agent;
let cityOfficial: Agent;
let staff: Agent;
let member: Agent;

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const callBody = (over: Record<string, unknown> = {}) => ({
  callType: 'venture',
  regionCode: A.district,
  year: 2027,
  title: '2027 年社区公益创投',
  budgetFen: 150_000_000,
  capFen: 10_000_000,
  deadline: inAWeek(),
  eligibility: [{ kind: 'legal_form', in: ['social_group', 'social_service_agency'] }, { kind: 'no_failed_inspection' }],
  form: [{ key: 'partner', label: '合作单位', required: true }],
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  const org = await makeOrganization(t.db, A.street, { legalForm: 'social_group' });
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  cityOfficial = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.city }])).username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: org.id }])).username, PASSWORD);
});
afterAll(() => t.close());

describe('step settings', () => {
  it("applies the default, then the nearest ancestor's, then the region's own", async () => {
    const seed = (body: { items: { callType: string; source: string; steps: string[] }[] }) => body.items.find((i) => i.callType === 'seed_fund')!;
    expect(seed((await staff.get(`/api/funding/settings/steps?region=${A.street}`)).json())).toMatchObject({ source: 'default' });
    const cityRes = await cityOfficial.put(`/api/funding/settings/steps?region=${A.city}`, { callType: 'seed_fund', steps: ['call', 'review', 'contract', 'evaluation'] });
    expect(cityRes.status, cityRes.body).toBe(200);
    expect(seed((await staff.get(`/api/funding/settings/steps?region=${A.street}`)).json())).toMatchObject({ source: 'inherited', fromRegion: A.city, steps: ['call', 'review', 'contract', 'evaluation'] });
    await official.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'seed_fund', steps: ['call', 'screening', 'review', 'contract', 'evaluation'] });
    expect(seed((await staff.get(`/api/funding/settings/steps?region=${A.street}`)).json())).toMatchObject({ source: 'inherited', fromRegion: A.district });
    expect(seed((await staff.get(`/api/funding/settings/steps?region=${A.district}`)).json())).toMatchObject({ source: 'own' });
    // Removing the district's own setting lets the city's apply again.
    await official.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'seed_fund', steps: null });
    expect(seed((await staff.get(`/api/funding/settings/steps?region=${A.district}`)).json())).toMatchObject({ source: 'inherited', fromRegion: A.city });
  });

  // The codes of the step(s) come in the field's params, so the screen marks them without redoing the rule.
  const invalid: [string, string[], string, { stepCode: string; otherCode: string | null }][] = [
    ['a step twice', ['call', 'review', 'review', 'contract', 'evaluation'], '流程步骤中“立项评审”出现了不止一次', { stepCode: 'review', otherCode: null }],
    ['a required step missing', ['call', 'screening', 'contract', 'evaluation'], '流程步骤缺少必经步骤“立项评审”', { stepCode: 'review', otherCode: null }],
    ['steps out of order', ['review', 'call', 'contract', 'evaluation'], '流程步骤中“项目征集”必须排在“立项评审”之前', { stepCode: 'call', otherCode: 'review' }],
  ];
  for (const [label, steps, message, params] of invalid) {
    it(`refuses ${label}, naming the step, and changes nothing`, async () => {
      const before = await dbSnapshot(t.db);
      const res = await official.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'purchase', steps });
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields[0]).toEqual({ field: 'steps', problem: expect.any(String), message, params });
      expect(await dbSnapshot(t.db)).toEqual(before);
    });
  }

  it('names the step in English for an English reader', async () => {
    const res = await official.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'purchase', steps: ['call', 'contract', 'evaluation'] }, { 'accept-language': 'en' });
    expect(res.json().error.fields[0].message).toBe('Pipeline steps: the required step "Expert review" is missing');
  });

  it("is the officials' setting: centre staff read it but cannot change it", async () => {
    expect((await staff.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'purchase', steps: null })).status).toBe(403);
  });
});

describe('a call', () => {
  it('copies the steps in force when drafted, is edited while a draft, published into `call`, and keeps its history', async () => {
    await official.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'micro_venture', steps: ['call', 'review', 'notice', 'contract', 'evaluation'] });
    const created = await staff.post('/api/funding/calls', callBody({ callType: 'micro_venture' }));
    expect(created.status, created.body).toBe(200);
    const call = created.json();
    expect(call).toMatchObject({ status: 'draft', steps: ['call', 'review', 'notice', 'contract', 'evaluation'], step: 'call', open: false });
    expect(call.eligibility[1]).toMatchObject({ label: '无年检不合格记录' });
    // A later change of the settings leaves the call as it was drafted.
    await official.put(`/api/funding/settings/steps?region=${A.district}`, { callType: 'micro_venture', steps: null });
    const edited = await staff.patch(`/api/funding/calls/${call.id}`, { title: '改名后的征集' });
    expect(edited.json()).toMatchObject({ title: '改名后的征集', steps: ['call', 'review', 'notice', 'contract', 'evaluation'] });
    const published = await staff.post(`/api/funding/calls/${call.id}/publish`, { comment: '经主任办公会同意' });
    expect(published.status, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', step: 'call', open: true });
    expect(published.json().history.map((h: { action: string; toState: string }) => [h.action, h.toState])).toEqual([['create', 'draft'], ['publish', 'call']]);
    expect(published.json().history[1].comment).toBe('经主任办公会同意');
    expect((await staff.patch(`/api/funding/calls/${call.id}`, { title: '再改' })).status).toBe(409);
    const [audit] = rowsOf(await t.db.execute(sql`select after from audit_log where action = 'funding.call.publish' and entity_id = ${call.id}`));
    expect(audit.after).toMatchObject({ status: 'published', step: 'call' });
  });

  it('refuses a cap over the budget and an opening after the deadline, naming each field', async () => {
    const before = await dbSnapshot(t.db);
    const res = await staff.post('/api/funding/calls', callBody({ capFen: 200_000_000, opensAt: new Date(Date.now() + 8 * 86_400_000).toISOString() }));
    expect(res.status).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['capFen', 'opensAt']);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('takes a fund of its region or above, shows its name and figures, and refuses a fund elsewhere naming fundId', async () => {
    const ours = await openFund(systemCtx(t.db, 'test'), { regionCode: A.district, year: 2027, kind: 'special_fund', name: '测试区2027年公益创投资金', appropriationFen: 80_000_000 });
    const created = await staff.post('/api/funding/calls', callBody({ fundId: ours.id }));
    expect(created.status, created.body).toBe(200);
    expect(created.json().fund).toMatchObject({ id: ours.id, name: '测试区2027年公益创投资金', budgetFen: 80_000_000, availableFen: 80_000_000, committedFen: 0 });
    const callId = created.json().id;
    // Left out of a PATCH, the fund stays; null takes it away.
    expect((await staff.patch(`/api/funding/calls/${callId}`, { title: '换个名字' })).json().fund).toMatchObject({ id: ours.id });
    expect((await staff.patch(`/api/funding/calls/${callId}`, { fundId: null })).json().fund).toBeNull();

    const B = await makeRegionTree(t.db);
    const elsewhere = await openFund(systemCtx(t.db, 'test'), { regionCode: B.district, year: 2027, kind: 'special_fund', name: '乙区2027年公益创投资金', appropriationFen: 1_000 });
    const below = await openFund(systemCtx(t.db, 'test'), { regionCode: A.street, year: 2027, kind: 'special_fund', name: '测试街道2027年资金', appropriationFen: 1_000 });
    const before = await dbSnapshot(t.db);
    for (const fundId of [elsewhere.id, below.id]) {
      const refused = await staff.post('/api/funding/calls', callBody({ fundId }));
      expect(refused.status).toBe(400);
      expect(refused.json().error.fields[0]).toMatchObject({ field: 'fundId', problem: 'contract_fund_region' });
      expect(refused.json().error.fields[0].message).toContain('支付资金');
    }
    const patched = await staff.patch(`/api/funding/calls/${callId}`, { fundId: elsewhere.id });
    expect(patched.json().error.fields[0]).toMatchObject({ field: 'fundId', problem: 'contract_fund_region' });
    const unknown = await staff.post('/api/funding/calls', callBody({ fundId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.json().error.fields[0]).toMatchObject({ field: 'fundId', problem: 'contract_fund_unknown' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses to publish once the deadline has passed', async () => {
    const call = await makeCall(t.db, A.district, { status: 'draft', step: 'needs', publishedAt: null, deadline: new Date(Date.now() - 1000) });
    const res = await staff.post(`/api/funding/calls/${call.id}/publish`, {});
    expect(res.status).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'deadline' });
  });

  it('leaves `call` only after the deadline, one step at a time and forward; past its last step it is completed', async () => {
    const open = await makeCall(t.db, A.district, { steps: ['call', 'screening', 'review', 'contract', 'evaluation'] });
    const early = await staff.post(`/api/funding/calls/${open.id}/advance`, {});
    expect(early.status).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'call_step_blocked', message: '项目暂不能离开“项目征集”阶段' });
    expect(early.json().error.fields[0].message).toMatch(/^申报截止时间（.+，北京时间）尚未到/);
    await t.db.execute(sql`update funding_calls set deadline = now() - interval '1 second' where id = ${open.id}`);
    const first = await staff.post(`/api/funding/calls/${open.id}/advance`, { comment: '征集结束' });
    expect(first.json()).toMatchObject({ status: 'published', step: 'screening' });
    const second = await staff.post(`/api/funding/calls/${open.id}/advance`, {});
    expect(second.json()).toMatchObject({ status: 'published', step: 'review' });
    expect(second.json().history.map((h: { toState: string }) => h.toState)).toEqual(['screening', 'review']);
    // The last step (conditions of the later parts aside): moving on completes the call.
    await t.db.execute(sql`update funding_calls set step = 'evaluation' where id = ${open.id}`);
    const done = await staff.post(`/api/funding/calls/${open.id}/advance`, {});
    expect(done.status, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', step: 'evaluation' });
    expect((await staff.post(`/api/funding/calls/${open.id}/advance`, {})).status).toBe(409);
  });

  it('is cancelled with a reason only', async () => {
    const call = await makeCall(t.db, A.district);
    const empty = await staff.post(`/api/funding/calls/${call.id}/cancel`, { reason: ' ' });
    expect(empty.status).toBe(400);
    const res = await staff.post(`/api/funding/calls/${call.id}/cancel`, { reason: '预算调整' });
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: '预算调整', open: false });
  });

  it('shows published calls on the public page without people or applications; drafts nowhere', async () => {
    const published = await makeCall(t.db, A.district, { title: '公开的征集' });
    const draft = await makeCall(t.db, A.district, { status: 'draft', step: 'needs', publishedAt: null, title: '草稿征集' });
    await makeApplication(t.db, published, await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '不该公开的申报组织' }));
    const visitor = anonymous(t.app);
    const list = await visitor.get(`/api/funding/public/calls?region=${A.district}&pageSize=100`);
    expect(list.status).toBe(200);
    expect(list.body).toContain('公开的征集');
    expect(list.body).not.toContain('草稿征集');
    const detail = await visitor.get(`/api/funding/public/calls/${published.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).not.toContain('不该公开的申报组织');
    expect(Object.keys(detail.json())).not.toContain('history');
    expect((await visitor.get(`/api/funding/public/calls/${draft.id}`)).status).toBe(404);
  });

  it('is read by an organisation below it once published, never as a draft', async () => {
    const published = await makeCall(t.db, A.district);
    const draft = await makeCall(t.db, A.district, { status: 'draft', step: 'needs', publishedAt: null });
    expect((await member.get(`/api/funding/calls/${published.id}`)).json().abilities.apply).toBe(true);
    expect((await member.get(`/api/funding/calls/${draft.id}`)).status).toBe(404);
  });
});

describe('the public call pages', () => {
  it('limit how often one client address reads them, like the other public routes', async () => {
    const ask = (ip: string) => t.app.inject({ method: 'GET', url: '/api/funding/public/calls', remoteAddress: ip });
    for (let i = 0; i < PUBLIC_CALLS_LIMIT; i++) expect((await ask('198.51.100.9')).statusCode).toBe(200);
    const refused = await ask('198.51.100.9');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await ask('198.51.100.10')).statusCode).toBe(200);
  });
});

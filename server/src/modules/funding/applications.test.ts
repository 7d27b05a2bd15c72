import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot } from '../../../test/helpers.js';
import { makeRegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeApplication, makeCall } from './funding.factories.js';

/** F3: an organisation's application — drafts, validation that names the field, the deadline to the second, scope. */

let t: TestApp;
let A: Awaited<ReturnType<typeof makeRegionTree>>;
let staff: Agent;
let member: Agent;
let sibling: Agent;
let org: { id: string; regionCode: string };
let siblingOrg: { id: string; regionCode: string };
let call: Awaited<ReturnType<typeof makeCall>>;
// Near the real clock: sessions signed in now must stay valid under the faked one.
const DEADLINE = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
const YEAR = DEADLINE.getUTCFullYear();
/** The deadline as a person in China reads it, computed here independently of the server's helper. */
const DEADLINE_IN_CHINA = new Date(DEADLINE.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

const draft = (over: Record<string, unknown> = {}) => ({
  callId: call.id,
  title: '社区老人健康服务',
  goals: '提高老人健康意识',
  activities: [{ name: '健康讲座', startsOn: `${YEAR}-05-01`, endsOn: `${YEAR}-05-31` }],
  targetBeneficiaries: '辖区老人',
  beneficiaryCount: 300,
  indicators: [{ name: '服务人次', target: '1200', unit: '人次' }],
  amountFen: 3_000_000,
  budgetLines: [
    { item: '讲师费', amountFen: 1_000_000 },
    { item: '场地物料', amountFen: 2_000_000 },
  ],
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  org = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '申报测试协会' });
  siblingOrg = await makeOrganization(t.db, A.street, { legalForm: 'social_group', name: '兄弟协会' });
  call = await makeCall(t.db, A.district, { year: YEAR, deadline: DEADLINE, capFen: 5_000_000 });
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: org.id }])).username, PASSWORD);
  sibling = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: siblingOrg.id }])).username, PASSWORD);
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

/** The server clock at `at` (Date only: the database and timers keep running). */
const clockAt = (at: Date) => vi.useFakeTimers({ toFake: ['Date'], now: at });

async function newDraft(over: Record<string, unknown> = {}) {
  clockAt(new Date(DEADLINE.getTime() - 600_000));
  const res = await member.post('/api/funding/applications', draft(over));
  vi.useRealTimers();
  expect(res.status, res.body).toBe(200);
  return res.json();
}

describe('the deadline', () => {
  it('takes a submission one second before the deadline', async () => {
    const a = await newDraft();
    clockAt(new Date(DEADLINE.getTime() - 1000));
    const res = await member.post(`/api/funding/applications/${a.id}/submit`);
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted' });
    expect(res.json().history.map((h: { action: string }) => h.action)).toEqual(['create', 'submit']);
  });

  it('refuses a submission one second after it, with the deadline in China time, and changes nothing', async () => {
    const a = await newDraft();
    clockAt(new Date(DEADLINE.getTime() + 1000));
    const before = await dbSnapshot(t.db);
    const res = await member.post(`/api/funding/applications/${a.id}/submit`);
    expect(res.status, res.body).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'call_closed', message: `申报已于 ${DEADLINE_IN_CHINA}（北京时间）截止，不能再提交` });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

describe('validation names the field and changes nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['empty title', { title: '' }, 'title'],
    ['huge goals', { goals: 'x'.repeat(5001) }, 'goals'],
    ['NUL in a budget item', { budgetLines: [{ item: 'a\u0000b', amountFen: 3_000_000 }] }, 'budgetLines.0.item'],
    ['negative amount', { amountFen: -1 }, 'amountFen'],
    ['float amount', { amountFen: 100.5 }, 'amountFen'],
    ['float budget line', { budgetLines: [{ item: '讲师费', amountFen: 0.5 }] }, 'budgetLines.0.amountFen'],
    ['activity outside the call year', { activities: [{ name: '讲座', startsOn: `${YEAR + 1}-01-02`, endsOn: `${YEAR + 1}-01-03` }] }, 'activities.0.startsOn'],
    ['activity ending before it starts', { activities: [{ name: '讲座', startsOn: `${YEAR}-05-03`, endsOn: `${YEAR}-05-01` }] }, 'activities.0.endsOn'],
  ];
  for (const [label, over, field] of cases) {
    it(`refuses a draft with ${label}`, async () => {
      clockAt(new Date(DEADLINE.getTime() - 600_000));
      const before = await dbSnapshot(t.db);
      const res = await member.post('/api/funding/applications', draft(over));
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await dbSnapshot(t.db)).toEqual(before);
    });
  }

  const submitCases: [string, Record<string, unknown>, string, string][] = [
    ['over the cap', { amountFen: 6_000_000, budgetLines: [{ item: '全部', amountFen: 6_000_000 }] }, 'amountFen', '申请金额超过单个项目的资助上限（50,000.00 元）'],
    ['lines not adding up', { amountFen: 3_000_001 }, 'budgetLines', '预算明细合计 30,000.00 元，与申请金额 30,000.01 元不一致'],
    ['nothing asked', { amountFen: 0, budgetLines: [] }, 'amountFen', '申请金额为必填项，且须大于 0'],
    ['no indicators', { indicators: [] }, 'indicators', '绩效目标为必填项'],
    ['no beneficiary count', { beneficiaryCount: null }, 'beneficiaryCount', '受益人数为必填项，且须大于 0'],
  ];
  for (const [label, over, field, message] of submitCases) {
    it(`refuses to submit ${label}`, async () => {
      const a = await newDraft(over);
      clockAt(new Date(DEADLINE.getTime() - 60_000));
      const before = await dbSnapshot(t.db);
      const res = await member.post(`/api/funding/applications/${a.id}/submit`);
      expect(res.status, res.body).toBe(400);
      expect(res.json().error.fields).toContainEqual(expect.objectContaining({ field, message }));
      expect(await dbSnapshot(t.db)).toEqual(before);
    });
  }

  it('names the field in English too', async () => {
    const a = await newDraft({ amountFen: 3_000_001 });
    clockAt(new Date(DEADLINE.getTime() - 60_000));
    const res = await member.post(`/api/funding/applications/${a.id}/submit`, {}, { 'accept-language': 'en' });
    expect(res.json().error.fields).toContainEqual(expect.objectContaining({ field: 'budgetLines', message: 'Budget lines add up to CNY 30,000.00, not the CNY 30,000.01 requested' }));
  });

  it('edits a draft, replacing its budget; a submitted one is no longer editable', async () => {
    const a = await newDraft();
    clockAt(new Date(DEADLINE.getTime() - 60_000));
    const edited = await member.patch(`/api/funding/applications/${a.id}`, { amountFen: 1_000_000, budgetLines: [{ item: '讲师费', amountFen: 1_000_000 }] });
    expect(edited.status, edited.body).toBe(200);
    expect(edited.json().budgetLines).toEqual([{ item: '讲师费', category: null, amountFen: 1_000_000, note: null }]);
    expect((await member.post(`/api/funding/applications/${a.id}/submit`)).status).toBe(200);
    expect((await member.patch(`/api/funding/applications/${a.id}`, { title: '改' })).status).toBe(409);
  });
});

describe('who sees and writes an application', () => {
  it("another organisation's application is a 404 to a sibling, for reading and writing", async () => {
    const a = await newDraft();
    expect((await sibling.get(`/api/funding/applications/${a.id}`)).status).toBe(404);
    expect((await sibling.patch(`/api/funding/applications/${a.id}`, { title: '改' })).status).toBe(404);
    expect((await sibling.post(`/api/funding/applications/${a.id}/submit`)).status).toBe(404);
    const list = (await sibling.get('/api/funding/applications')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(a.id);
  });

  it('a sibling organisation cannot apply on behalf of another', async () => {
    clockAt(new Date(DEADLINE.getTime() - 600_000));
    const before = await dbSnapshot(t.db);
    const res = await sibling.post('/api/funding/applications', draft({ organizationId: org.id }));
    expect(res.status, res.body).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'organizationId', message: '所属组织：只能为本人所在的组织申报' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('staff see submitted applications of their region, not drafts', async () => {
    const d = await newDraft();
    const submitted = await makeApplication(t.db, call, org);
    const ids = (await staff.get(`/api/funding/applications?callId=${call.id}&pageSize=100`)).json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(submitted.id);
    expect(ids).not.toContain(d.id);
    expect((await staff.get(`/api/funding/applications/${d.id}`)).status).toBe(404);
  });

  it('withdraws before screening', async () => {
    const a = await newDraft();
    const res = await member.post(`/api/funding/applications/${a.id}/withdraw`, { comment: '不再申报' });
    expect(res.status, res.body).toBe(200);
    expect(res.json().status).toBe('withdrawn');
    const [audit] = rowsOf(await t.db.execute(sql`select after from audit_log where action = 'funding.application.withdraw' and entity_id = ${a.id}`));
    expect(audit.after).toMatchObject({ status: 'withdrawn', comment: '不再申报' });
  });
});

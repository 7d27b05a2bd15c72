/**
 * Issue 9, "think like an attacker": what the refusal matrix and the fuzz suite cannot express.
 * Each block takes one attacker — an organisation member reaching past its organisation or
 * region, an expert reaching another expert's score or an application it declared a tie to,
 * someone reviving a closed application, paying a tranche twice, paying from another region's fund,
 * flooding a notice with objections — and checks that the attempt is refused by field in the
 * user's language and changes nothing. Then every public JSON and the server log are searched for
 * the personal data the records hold.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { addDays } from '../../../../shared/funding/monitoring.js';
import { anonymous, buildTestAppWithLog, signIn, type Agent } from '../../../test/build-app.js';
import { changedTables, dbSnapshot, withoutRecordedReads } from '../../../test/helpers.js';
import { openFund } from '../../core/ledger/ledger.js';
import { systemCtx } from '../../core/write-unit.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeMember, makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeApprovedApplication } from './funding-contracts.factories.js';
import { makeCallAtReview, makeScreenedIn } from './funding-review.factories.js';
import { makeApplication, makeCall } from './funding.factories.js';

let t: Awaited<ReturnType<typeof buildTestAppWithLog>>;
let A: RegionTree;
let B: RegionTree;
let staff: Agent;
let staffB: Agent;
let member: Agent;
let siblingMember: Agent;
let team: Awaited<ReturnType<typeof makeOrganization>>;
let sibling: Awaited<ReturnType<typeof makeOrganization>>;
let teamB: Awaited<ReturnType<typeof makeOrganization>>;
const experts: { id: string; name: string; agent: Agent }[] = [];
let unassigned: Agent;

/** Personal data the records below hold: none of it may reach a public page or the log. */
const LEADER_PHONE = '13911112222';
const LEADER_ID = '11010519491231002X';
const LEADER_NAME = '钱多多';
const MEMBER_PHONE = '13733334444';
const OBJECTOR_NAME = '异议人周某';
const OBJECTOR_PHONE = '13655556666';
const OBJECTOR_MAIL = 'objector-i9@example.com';

const RUBRIC = [
  { code: 'need', name: '需求契合度', weight: 60, maxScore: 10 },
  { code: 'design', name: '方案设计', weight: 40, maxScore: 10 },
];
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const score = (need: number, design: number) => ({ scores: { need: { score: need }, design: { score: design } }, comment: '评分意见' });

/** The response refused `field` with a message in the caller's language, and nothing changed. */
async function refusedUnchanged(attempt: () => Promise<{ status: number; json(): any; body: string }>, expected: { status: number; field?: string; code?: string }) {
  const before = await dbSnapshot(t.db);
  const res = await attempt();
  expect(res.status, res.body).toBe(expected.status);
  const error = res.json().error;
  if (expected.code) expect(error.code).toBe(expected.code);
  if (expected.field) expect(error.fields?.[0]?.field, res.body).toBe(expected.field);
  // zh-CN by default: the message is Chinese, not a code.
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  if (error.fields?.[0]) expect(error.fields[0].message).toMatch(/[\u4e00-\u9fff]/);
  expect(changedTables(withoutRecordedReads(before), withoutRecordedReads(await dbSnapshot(t.db)))).toEqual([]);
  return res;
}

beforeAll(async () => {
  t = await buildTestAppWithLog('trace');
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社', legalForm: 'social_service_agency', status: 'registered', leaderName: LEADER_NAME, leaderPhone: LEADER_PHONE, leaderIdNumber: LEADER_ID });
  await makeMember(t.db, team, { phone: MEMBER_PHONE });
  sibling = await makeOrganization(t.db, A.street, { name: '甲街道邻里互助会', legalForm: 'social_service_agency', status: 'registered' });
  teamB = await makeOrganization(t.db, B.street, { name: '乙街道青少年中心', legalForm: 'social_service_agency', status: 'registered' });
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.street }])).username, PASSWORD);
  staffB = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: B.street }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: team.id }])).username, PASSWORD);
  siblingMember = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: sibling.id }])).username, PASSWORD);
  for (const name of ['专家甲', '专家乙']) {
    const user = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
    await t.db.execute(sql`update users set display_name = ${name} where id = ${user.id}`);
    experts.push({ id: user.id, name, agent: await signIn(t.app, user.username, PASSWORD) });
  }
  unassigned = await signIn(t.app, (await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }])).username, PASSWORD);
});
afterAll(() => t?.close());

const draftBody = (callId: string, over: Record<string, unknown> = {}) => ({
  callId,
  title: '长者助餐',
  goals: '服务社区老人',
  activities: [{ name: '助餐', startsOn: `${new Date().getUTCFullYear()}-03-01`, endsOn: `${new Date().getUTCFullYear()}-12-31`, description: null }],
  targetBeneficiaries: '高龄老人',
  beneficiaryCount: 100,
  indicators: [{ name: '服务人次', target: '1000', unit: '人次' }],
  amountFen: 300_000,
  budgetLines: [{ item: '餐费', amountFen: 300_000 }],
  ...over,
});

describe('an organisation member reaching past its organisation and region', () => {
  it('cannot apply for a sibling organisation, nor to another region’s call or a draft call by id', async () => {
    const open = await makeCall(t.db, A.street);
    await refusedUnchanged(() => member.post('/api/funding/applications', { ...draftBody(open.id), organizationId: sibling.id }), { status: 400, field: 'organizationId' });
    const openB = await makeCall(t.db, B.street);
    await refusedUnchanged(() => member.post('/api/funding/applications', draftBody(openB.id)), { status: 400, field: 'callId' });
    const draftCall = await makeCall(t.db, A.street, { status: 'draft', publishedAt: null });
    await refusedUnchanged(() => member.post('/api/funding/applications', draftBody(draftCall.id)), { status: 400, field: 'callId' });
  });

  it('reaches none of a sibling’s applications: read, edit, submit, withdraw, revise', async () => {
    const open = await makeCall(t.db, A.street);
    const theirs = await makeApplication(t.db, open, sibling, { status: 'draft', submittedAt: null });
    expect((await siblingMember.get(`/api/funding/applications/${theirs.id}`)).status).toBe(200);
    await refusedUnchanged(() => member.get(`/api/funding/applications/${theirs.id}`), { status: 404 });
    await refusedUnchanged(() => member.patch(`/api/funding/applications/${theirs.id}`, { title: '冒名修改' }), { status: 404 });
    await refusedUnchanged(() => member.post(`/api/funding/applications/${theirs.id}/submit`), { status: 404 });
    await refusedUnchanged(() => member.post(`/api/funding/applications/${theirs.id}/withdraw`, {}), { status: 404 });
    await refusedUnchanged(() => member.get(`/api/funding/proposals/${theirs.id}`), { status: 404 });
    const list = (await member.get(`/api/funding/applications?callId=${open.id}`)).json();
    expect(list.items.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
  });

  it('reaches no contract, report or payment of a sibling organisation', async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: sibling });
    const startsOn = addDays(todayInChina(), -100);
    const draft = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300) });
    expect(draft.status, draft.body).toBe(200);
    const id = draft.json().id;
    expect((await staff.post(`/api/funding/contracts/${id}/sign`)).status).toBe(200);
    await refusedUnchanged(() => member.get(`/api/funding/contracts/${id}`), { status: 404 });
    await refusedUnchanged(() => member.get(`/api/funding/contracts/${id}/monitoring`), { status: 404 });
    expect((await member.get('/api/funding/contracts')).json().items.map((c: { id: string }) => c.id)).not.toContain(id);
  });
});

describe('money fields', () => {
  it('refuses MAX_SAFE_INTEGER+1, negative, fractional, string and huge amounts in budget lines, naming the line', async () => {
    const open = await makeCall(t.db, A.street);
    // As JSON text, so what is sent is exactly what an attacker types (no JavaScript rounding on the way).
    const amounts = [String(Number.MAX_SAFE_INTEGER + 1), '-100', '0', '0.5', '"300000"', '1e400', '123456789012345678901234567890'];
    for (const amount of amounts) {
      const payload = JSON.stringify(draftBody(open.id, { budgetLines: [{ item: '餐费', amountFen: 1 }] })).replace('"amountFen":1}', `"amountFen":${amount}}`);
      await refusedUnchanged(
        async () => {
          const res = await t.app.inject({ method: 'POST', url: '/api/funding/applications', payload, headers: { cookie: member.cookie, 'x-csrf-token': member.csrfToken, 'content-type': 'application/json' } });
          return { status: res.statusCode, json: () => res.json(), body: res.body };
        },
        { status: 400, field: 'budgetLines.0.amountFen' },
      );
    }
  });

  it('refuses amounts past the largest the platform keeps (1e13 fen) in calls, applications and contracts', async () => {
    const open = await makeCall(t.db, A.street);
    await refusedUnchanged(() => member.post('/api/funding/applications', draftBody(open.id, { amountFen: 1e13 + 1 })), { status: 400, field: 'amountFen' });
    await refusedUnchanged(
      () => staff.post('/api/funding/calls', { callType: 'venture', regionCode: A.street, year: 2026, title: '巨额征集', budgetFen: Number.MAX_SAFE_INTEGER, deadline: inAMonth() }),
      { status: 400, field: 'budgetFen' },
    );
  });

  it('refuses a submission whose lines do not add up to the amount, with the sums in yuan', async () => {
    const open = await makeCall(t.db, A.street);
    const draft = await member.post('/api/funding/applications', draftBody(open.id, { amountFen: 300_000, budgetLines: [{ item: '餐费', amountFen: 200_000 }, { item: '场地', amountFen: 99_999 }] }));
    expect(draft.status, draft.body).toBe(200);
    const res = await refusedUnchanged(() => member.post(`/api/funding/applications/${draft.json().id}/submit`), { status: 400, field: 'budgetLines' });
    expect(res.json().error.fields[0].message).toContain('2,999.99');
  });
});

describe('a closed application is never revived', () => {
  it('a withdrawn application cannot be edited, submitted, withdrawn again, screened or reviewed', async () => {
    const open = await makeCall(t.db, A.street);
    const draft = await member.post('/api/funding/applications', draftBody(open.id));
    const id = draft.json().id;
    expect((await member.post(`/api/funding/applications/${id}/submit`)).status).toBe(200);
    expect((await member.post(`/api/funding/applications/${id}/withdraw`, { comment: '机构调整' })).status).toBe(200);
    await refusedUnchanged(() => member.patch(`/api/funding/applications/${id}`, { title: '复活' }), { status: 409, code: 'invalid_state' });
    await refusedUnchanged(() => member.post(`/api/funding/applications/${id}/submit`), { status: 409, code: 'invalid_state' });
    await refusedUnchanged(() => member.post(`/api/funding/applications/${id}/withdraw`, {}), { status: 409, code: 'invalid_state' });
    await t.db.execute(sql`update funding_calls set step = 'screening', deadline = now() - interval '1 day' where id = ${open.id}`);
    await refusedUnchanged(() => staff.post(`/api/funding/applications/${id}/screening/decide`, { index: 0, outcome: 'pass', reason: '人工通过' }), { status: 409 });
  });

  it('a screened-out application reaches no panel and no contract', async () => {
    const call = await makeCallAtReview(t.db, A.street, 10_000_000);
    const out = await makeApplication(t.db, call, team, { status: 'screened_out' });
    const panel = await staff.post('/api/funding/review/panels', { callId: call.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [experts[0].id], chairId: experts[0].id });
    expect(panel.status, panel.body).toBe(200);
    await refusedUnchanged(() => staff.post(`/api/funding/review/panels/${panel.json().id}/assignments`, { applicationId: out.id, expertId: experts[0].id }), { status: 400, field: 'applicationId' });
    await refusedUnchanged(() => staff.post('/api/funding/contracts', { applicationId: out.id, startsOn: '2026-04-01', endsOn: '2027-03-31' }), { status: 409 });
    await refusedUnchanged(() => member.post(`/api/funding/proposals/${out.id}/versions`, { content: {}, note: '复活' }), { status: 400 });
    await refusedUnchanged(() => staff.post(`/api/funding/applications/${out.id}/screening/decide`, { index: 0, outcome: 'pass', reason: '重新入围' }), { status: 409 });
  });
});

describe('deadlines', () => {
  it('refuses a submission one second late with the deadline in China time, and changes nothing', async () => {
    const open = await makeCall(t.db, A.street);
    const draft = await member.post('/api/funding/applications', draftBody(open.id));
    await t.db.execute(sql`update funding_calls set deadline = now() - interval '1 second' where id = ${open.id}`);
    const res = await refusedUnchanged(() => member.post(`/api/funding/applications/${draft.json().id}/submit`), { status: 409, code: 'call_closed' });
    expect(res.json().error.message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it('of twenty submissions of one draft at once, one goes through, and the history shows one', async () => {
    const open = await makeCall(t.db, A.street);
    const id = (await member.post('/api/funding/applications', draftBody(open.id))).json().id;
    const results = await Promise.all(Array.from({ length: 20 }, () => member.post(`/api/funding/applications/${id}/submit`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(r.status, r.body).toBe(409);
    const history = rowsOf(await t.db.execute(sql`select action from workflow_history where entity_id = ${id} and action = 'submit'`));
    expect(history).toHaveLength(1);
  });

  it('a call moved on from its call step while a submission was on its way takes no submission', async () => {
    const open = await makeCall(t.db, A.street);
    const id = (await member.post('/api/funding/applications', draftBody(open.id))).json().id;
    await t.db.execute(sql`update funding_calls set step = 'screening' where id = ${open.id}`);
    await refusedUnchanged(() => member.post(`/api/funding/applications/${id}/submit`), { status: 400, field: 'callId' });
  });
});

describe('an expert reaching what it may not see', () => {
  const SECRET_A = '专家甲的保密评语';
  const SECRET_B = '专家乙的保密评语';
  let call: { id: string };
  let panelId: string;
  let mine: { id: string };
  let theirs: { id: string };

  beforeAll(async () => {
    call = await makeCallAtReview(t.db, A.street, 10_000_000);
    mine = await makeScreenedIn(t.db, call, team, A.street, '长者助餐', [300_000]);
    theirs = await makeScreenedIn(t.db, call, sibling, A.street, '四点半课堂', [200_000]);
    const panel = await staff.post('/api/funding/review/panels', {
      callId: call.id,
      aggregation: 'mean',
      criteria: RUBRIC,
      reviewDeadline: inAMonth(),
      expertIds: experts.map((e) => e.id),
      chairId: experts[0].id,
    });
    expect(panel.status, panel.body).toBe(200);
    panelId = panel.json().id;
    for (const e of experts) expect((await e.agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [] })).status).toBe(200);
    for (const e of experts) {
      for (const app of [mine, theirs]) expect((await staff.post(`/api/funding/review/panels/${panelId}/assignments`, { applicationId: app.id, expertId: e.id })).status).toBe(200);
    }
    expect((await experts[0].agent.put(`/api/funding/review/applications/${mine.id}/score`, { ...score(9, 9), comment: SECRET_A })).status).toBe(200);
    expect((await experts[1].agent.put(`/api/funding/review/applications/${theirs.id}/score`, { ...score(3, 2), comment: SECRET_B })).status).toBe(200);
  });

  /** Every response an expert (or anyone) could read about the panel before it closes. */
  async function everythingReadable(agent: Agent) {
    const urls = [
      `/api/funding/review/applications/${mine.id}`,
      `/api/funding/review/applications/${theirs.id}`,
      '/api/funding/review/my/assignments',
      '/api/funding/review/my/panels',
      `/api/funding/review/my/panels/${panelId}/applicants`,
      `/api/funding/review/panels/${panelId}`,
      `/api/funding/review/panels/${panelId}/ranking`,
      `/api/funding/review/panels?callId=${call.id}`,
      `/api/funding/notice/calls/${call.id}`,
      '/api/funding/public/notices',
      '/api/funding/public/ocds',
      `/api/funding/public/calls/${call.id}`,
      `/api/funding/applications/${mine.id}`,
    ];
    const out: string[] = [];
    for (const url of urls) out.push(`${url} ${(await agent.get(url)).body}`);
    return out;
  }

  it('sees no other expert’s score or comment before the panel closes, through any route, chair included', async () => {
    for (const [agent, other] of [
      [experts[0].agent, SECRET_B],
      [experts[1].agent, SECRET_A],
      [unassigned, SECRET_A],
      [member, SECRET_A],
    ] as const) {
      const leaked = (await everythingReadable(agent)).filter((text) => text.includes(other) || (agent === unassigned && text.includes(SECRET_B)));
      expect(leaked).toEqual([]);
    }
    const theirView = (await experts[1].agent.get(`/api/funding/review/applications/${mine.id}`)).json();
    expect(theirView).toMatchObject({ myScore: null, panelScores: [] });
    // Staff run the panel but are not on it: they see who scored, not what, until it closes.
    expect((await everythingReadable(staff)).filter((text) => text.includes(SECRET_A) || text.includes(SECRET_B))).toEqual([]);
  });

  it('an expert not on the panel reaches nothing of it', async () => {
    await refusedUnchanged(() => unassigned.get(`/api/funding/review/applications/${mine.id}`), { status: 404 });
    await refusedUnchanged(() => unassigned.put(`/api/funding/review/applications/${mine.id}/score`, score(10, 10)), { status: 404 });
    await refusedUnchanged(() => unassigned.get(`/api/funding/review/my/panels/${panelId}/applicants`), { status: 404 });
    await refusedUnchanged(() => unassigned.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [] }), { status: 404 });
  });

  it('an expert who declares a tie after scoring keeps no access, and its score no longer counts', async () => {
    const res = await experts[0].agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [{ organizationId: team.id, tie: '家属在该机构任职' }] });
    expect(res.status, res.body).toBe(200);
    await refusedUnchanged(() => experts[0].agent.get(`/api/funding/review/applications/${mine.id}`), { status: 404 });
    await refusedUnchanged(() => experts[0].agent.put(`/api/funding/review/applications/${mine.id}/score`, score(10, 10)), { status: 404 });
    expect((await experts[0].agent.get('/api/funding/review/my/assignments')).json().items.map((i: { applicationId: string }) => i.applicationId)).not.toContain(mine.id);
    // A later declaration with no conflicts does not undo the tie.
    expect((await experts[0].agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [] })).status).toBe(200);
    await refusedUnchanged(() => staff.post(`/api/funding/review/panels/${panelId}/assignments`, { applicationId: mine.id, expertId: experts[0].id }), { status: 400, field: 'expertId' });

    expect((await experts[1].agent.put(`/api/funding/review/applications/${mine.id}/score`, score(5, 5))).status).toBe(200);
    expect((await experts[0].agent.put(`/api/funding/review/applications/${theirs.id}/score`, score(4, 4))).status).toBe(200);
    const closed = await staff.post(`/api/funding/review/panels/${panelId}/close`, {});
    expect(closed.status, closed.body).toBe(200);
    const entry = closed.json().items.find((e: { applicationId: string }) => e.applicationId === mine.id);
    // Only expert 乙's 5/5 counts (50 of 100), not the withdrawn 9/9 of the tied expert.
    expect(entry).toMatchObject({ scoreCount: 1, aggregate: 50 });
    const after = (await experts[1].agent.get(`/api/funding/review/applications/${mine.id}`)).json();
    expect(JSON.stringify(after)).not.toContain(SECRET_A);
  });
});

describe('money moving where it should not', () => {
  async function draftContract(org = team, terms: Record<string, unknown> = {}, withFund = true) {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: org, amountFen: 1_000_000, withFund });
    const startsOn = addDays(todayInChina(), -100);
    const res = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300), ...terms });
    expect(res.status, res.body).toBe(200);
    return { ...made, contract: res.json() as { id: string; milestones: { id: string }[]; tranches: { id: string; releasedBy: string }[] } };
  }

  it('a contract is never paid from a fund of another region, a sibling street or one that does not exist', async () => {
    const { contract } = await draftContract(team, {}, false);
    const fundB = await fundOf(B.street);
    const fundSibling = await fundOf(A.street2);
    await refusedUnchanged(() => staff.patch(`/api/funding/contracts/${contract.id}`, { fundId: fundB }), { status: 400, field: 'fundId' });
    await refusedUnchanged(() => staff.patch(`/api/funding/contracts/${contract.id}`, { fundId: fundSibling }), { status: 400, field: 'fundId' });
    await refusedUnchanged(() => staff.patch(`/api/funding/contracts/${contract.id}`, { fundId: '00000000-0000-4000-8000-000000000000' }), { status: 400, field: 'fundId' });
    // The district's fund covers the street's call, but a street's worker cannot read it, nor spend it;
    // the district's own staff may.
    const fundDistrict = await fundOf(A.district);
    const res = await refusedUnchanged(() => staff.patch(`/api/funding/contracts/${contract.id}`, { fundId: fundDistrict }), { status: 400, field: 'fundId' });
    expect(res.json().error.fields[0].problem).toBe('contract_fund_unknown');
    expect((await staff.get(`/api/ledger/funds/${fundDistrict}`)).status).toBe(404);
    const districtStaff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
    const chosen = await districtStaff.patch(`/api/funding/contracts/${contract.id}`, { fundId: fundDistrict });
    expect(chosen.status, chosen.body).toBe(200);
    await t.db.execute(sql`update funding_contracts set fund_id = null where id = ${contract.id}`);
    // Without a fund the contract cannot be signed: nothing would be committed.
    await refusedUnchanged(() => staff.post(`/api/funding/contracts/${contract.id}/sign`), { status: 409, code: 'contract_no_fund' });
    // Staff of region B reach neither the contract nor, through it, their own fund.
    await refusedUnchanged(() => staffB.patch(`/api/funding/contracts/${contract.id}`, { fundId: fundB }), { status: 404 });
  });

  it('a tranche waiting on a milestone is paid once, by the milestone only, however acceptances and evaluations race', async () => {
    const { contract, fund } = await draftContract(team, {
      milestones: [{ title: '完成入户摸底', dueOn: addDays(todayInChina(), -30) }],
      tranches: [
        { releasedBy: 'signing', percent: 30 },
        { releasedBy: 'milestone', milestone: 0, percent: 40 },
        { releasedBy: 'final_evaluation', percent: 30 },
      ],
    });
    expect((await staff.post(`/api/funding/contracts/${contract.id}/sign`)).status).toBe(200);
    const evaluator = experts[1];
    expect((await staff.post(`/api/funding/contracts/${contract.id}/assignees`, { userId: evaluator.id, role: 'evaluator' })).status).toBe(200);
    const final = { kind: 'final', indicators: [{ achieved: '完成 12000 人次', score: 90 }], overallScore: 90, summary: '目标全部完成' };
    const mid = { ...final, kind: 'mid', summary: '进度正常' };
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => staff.post(`/api/funding/milestones/${contract.milestones[0].id}/accept`, {})),
      evaluator.agent.post(`/api/funding/contracts/${contract.id}/evaluations`, final),
      evaluator.agent.post(`/api/funding/contracts/${contract.id}/evaluations`, final),
      evaluator.agent.post(`/api/funding/contracts/${contract.id}/evaluations`, mid),
    ]);
    for (const r of results) expect(r.status, r.body).toBeLessThan(500);
    expect(results.slice(0, 10).filter((r) => r.status === 200)).toHaveLength(1);
    const tranches = rowsOf<{ released_by: string; status: string; amount_fen: string | number; pays: string | number }>(
      await t.db.execute(sql`
        select t.released_by, t.status, t.amount_fen,
          (select count(*) from ledger_journals j where j.key = 'funding.tranche:' || t.id || ':pay') as pays
        from funding_tranches t where t.contract_id = ${contract.id} order by t.position`),
    );
    expect(tranches.map((r) => [r.released_by, r.status, Number(r.pays)])).toEqual([
      ['signing', 'paid', 1],
      ['milestone', 'paid', 1],
      ['final_evaluation', 'paid', 1],
    ]);
    const figures = (await staff.get(`/api/ledger/funds/${fund!.id}`)).json();
    expect(figures.paidFen).toBe(1_000_000);
    expect(figures.committedFen).toBe(0);
    expect(figures.availableFen + figures.paidFen).toBe(figures.budgetFen);
    // A correction of the passed final evaluation moves no money.
    const evaluation = results.slice(10).find((r) => r.status === 200 && r.json().kind === 'final')!;
    const corrected = await evaluator.agent.post(`/api/funding/evaluations/${evaluation.json().id}/correct`, { ...final, overallScore: 95, reason: '更正笔误' });
    expect(corrected.status, corrected.body).toBeLessThan(500);
    expect((await staff.get(`/api/ledger/funds/${fund!.id}`)).json().paidFen).toBe(1_000_000);
  });

  it('a terminated contract pays nothing more, whatever arrives after', async () => {
    const { contract, fund } = await draftContract(team, {
      milestones: [{ title: '中期成果', dueOn: addDays(todayInChina(), -30) }],
      tranches: [
        { releasedBy: 'signing', percent: 30 },
        { releasedBy: 'milestone', milestone: 0, percent: 40 },
        { releasedBy: 'final_evaluation', percent: 30 },
      ],
    });
    expect((await staff.post(`/api/funding/contracts/${contract.id}/sign`)).status).toBe(200);
    const [terminated, accepted] = await Promise.all([
      staff.post(`/api/funding/contracts/${contract.id}/terminate`, { reason: '机构无法履约' }),
      staff.post(`/api/funding/milestones/${contract.milestones[0].id}/accept`, {}),
    ]);
    expect(terminated.status, terminated.body).toBe(200);
    expect(accepted.status, accepted.body).toBeLessThan(500);
    const figures = (await staff.get(`/api/ledger/funds/${fund!.id}`)).json();
    expect(figures.committedFen).toBe(0);
    expect(figures.paidFen).toBe(accepted.status === 200 ? 700_000 : 300_000);
    await refusedUnchanged(() => staff.post(`/api/funding/milestones/${contract.milestones[0].id}/accept`, {}), { status: 409 });
  });
});

/** A fund of `regionCode`, opened as the platform would (its id). */
async function fundOf(regionCode: string) {
  const fund = await openFund(systemCtx(t.db, 'test'), { regionCode, year: 2026, kind: 'special_fund', name: `攻击测试资金${regionCode}-${Math.random().toString(36).slice(2, 7)}`, appropriationFen: 50_000_000 });
  return fund.id;
}

describe('the public notice under attack, and what public pages and the log hold', () => {
  let noticeId: string;
  let callId: string;
  let approvedId: string;
  let contractId: string;
  let ipSerial = 0;
  const lodge = (body: unknown, ip = `198.51.100.${++ipSerial}`) =>
    t.app.inject({ method: 'POST', url: `/api/funding/public/notices/${noticeId}/objections`, payload: body as object, remoteAddress: ip }).then((res) => ({
      status: res.statusCode,
      json: () => res.json(),
      body: res.body,
    }));

  beforeAll(async () => {
    const call = await makeCallAtReview(t.db, A.street, 10_000_000);
    callId = call.id;
    const app = await makeScreenedIn(t.db, call, team, A.street, '长者助餐（公示）', [400_000]);
    approvedId = app.id;
    const expert = experts[1];
    const panel = (
      await staff.post('/api/funding/review/panels', { callId, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [expert.id], chairId: expert.id })
    ).json();
    await expert.agent.post(`/api/funding/review/my/panels/${panel.id}/conflicts`, { conflicts: [] });
    await staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: app.id, expertId: expert.id });
    await expert.agent.put(`/api/funding/review/applications/${app.id}/score`, score(8, 8));
    expect((await staff.post(`/api/funding/review/panels/${panel.id}/close`, {})).status).toBe(200);
    await t.db.execute(sql`update funding_calls set step = 'notice' where id = ${callId}`);
    const notice = await staff.post(`/api/funding/notice/calls/${callId}/publish`, {});
    expect(notice.status, notice.body).toBe(200);
    noticeId = notice.json().id;
    // A signed contract of the same organisation, for the announcement, the printed contract and OCDS.
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const startsOn = addDays(todayInChina(), -10);
    const draft = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300) });
    contractId = draft.json().id;
    expect((await staff.post(`/api/funding/contracts/${contractId}/sign`)).status).toBe(200);
  });

  it('refuses hostile objections by field (empty, huge, NUL, a project of another notice) and keeps nothing of them', async () => {
    const good = { name: OBJECTOR_NAME, contact: OBJECTOR_PHONE, objectionText: '该机构去年项目未完成' };
    await refusedUnchanged(() => lodge({ ...good, name: '' }), { status: 400, field: 'name' });
    await refusedUnchanged(() => lodge({ ...good, objectionText: '异'.repeat(4001) }), { status: 400, field: 'objectionText' });
    await refusedUnchanged(() => lodge({ ...good, contact: `${OBJECTOR_PHONE}\u0000` }), { status: 400, field: 'contact' });
    await refusedUnchanged(() => lodge({ ...good, applicationId: '00000000-0000-4000-8000-000000000000' }), { status: 400, field: 'applicationId' });
    await refusedUnchanged(() => lodge({ ...good, applicationId: 'x'.repeat(100) }), { status: 400, field: 'applicationId' });
  });

  it('a flood from one address stops at the limit, with nothing kept past it', async () => {
    const ip = '198.51.100.250';
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await lodge({ name: `刷屏者${i}`, contact: `flood${i}@example.com`, objectionText: `重复异议${i}` }, ip)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const kept = rowsOf(await t.db.execute(sql`select count(*)::int as n from funding_objections where notice_id = ${noticeId} and name like '刷屏者%'`));
    expect(kept).toEqual([{ n: 5 }]);
  });

  it('masks the objector’s contact in the staff list; the whole contact is a recorded read', async () => {
    expect((await lodge({ name: OBJECTOR_NAME, contact: OBJECTOR_PHONE, objectionText: '评审不公', applicationId: approvedId })).status).toBe(200);
    expect((await lodge({ name: OBJECTOR_NAME, contact: OBJECTOR_MAIL, objectionText: '公示信息有误' })).status).toBe(200);
    const detail = await staff.get(`/api/funding/notice/calls/${callId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).not.toContain(OBJECTOR_PHONE);
    expect(detail.body).not.toContain(OBJECTOR_MAIL);
    const objection = detail.json().objections.find((o: { text: string }) => o.text === '评审不公');
    expect(objection.contact).toBe('136****6666');
    // Staff of another region reach neither the list nor the contact.
    await refusedUnchanged(() => staffB.get(`/api/funding/notice/calls/${callId}`), { status: 404 });
    await refusedUnchanged(() => staffB.get(`/api/funding/notice/objections/${objection.id}/contact`), { status: 404 });
    const reveal = await staff.get(`/api/funding/notice/objections/${objection.id}/contact`);
    expect(reveal.json()).toEqual({ contact: OBJECTOR_PHONE });
    const recorded = rowsOf(await t.db.execute(sql`select 1 from audit_log where action = 'funding.objection.reveal' and entity_id = ${objection.id}`));
    expect(recorded).toHaveLength(1);
  });

  it('no public page names a person, a phone, an ID number or an e-mail address', async () => {
    const accounts = rowsOf<{ display_name: string; username: string }>(await t.db.execute(sql`select display_name, username from users`));
    const memberNames = rowsOf<{ name: string }>(await t.db.execute(sql`select name from registry_members`)).map((m) => m.name);
    const people = [LEADER_NAME, LEADER_PHONE, LEADER_ID, MEMBER_PHONE, OBJECTOR_NAME, OBJECTOR_PHONE, OBJECTOR_MAIL, ...memberNames, ...accounts.flatMap((a) => [a.display_name, a.username])];
    const printed = await staff.post(`/api/funding/contracts/${contractId}/document`);
    expect(printed.status, printed.body).toBe(200);
    const pub = anonymous(t.app);
    const urls = ['/api/funding/public/calls', '/api/funding/public/notices', '/api/funding/public/contracts', '/api/funding/public/ocds', `/api/verify/${printed.json().code}`];
    for (const item of (await pub.get('/api/funding/public/calls?pageSize=100')).json().items) urls.push(`/api/funding/public/calls/${item.id}`);
    for (const item of (await pub.get('/api/funding/public/notices')).json().items) urls.push(`/api/funding/public/notices/${item.id}`);
    const leaks: string[] = [];
    for (const url of urls) {
      const res = await pub.get(url);
      expect(res.status, `${url} ${res.body}`).toBe(200);
      for (const value of people) if (res.body.includes(value)) leaks.push(`${url}: ${value}`);
      // A UUID's last group can hold eleven digits after a letter, which reads as a mobile number.
      const text = res.body.replace(/[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/gi, '<uuid>');
      for (const pattern of [/(?<!\d)1[3-9]\d{9}(?!\d)/, /(?<!\d)\d{17}[\dXx](?!\d)/, /[\w.+-]+@[\w-]+\.[\w.]+/]) {
        const hit = text.match(pattern);
        if (hit) leaks.push(`${url}: ${hit[0]} in …${text.slice(Math.max(0, (hit.index ?? 0) - 80), (hit.index ?? 0) + 30)}…`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('the server log never held a contact, a phone, an ID number or an objection', async () => {
    const secrets = [LEADER_PHONE, LEADER_ID, MEMBER_PHONE, OBJECTOR_PHONE, OBJECTOR_MAIL, OBJECTOR_NAME, '评审不公'];
    const found = t.log.text.filter((line) => secrets.some((s) => line.includes(s)));
    expect(t.log.text.length).toBeGreaterThan(20);
    expect(found).toEqual([]);
    // Nor the audit log and the workflow history, which keep what changed for years.
    const kept = rowsOf<{ text: string }>(
      await t.db.execute(sql`select coalesce(before::text, '') || coalesce(after::text, '') as text from audit_log
                             union all select coalesce(comment, '') from workflow_history`),
    );
    expect(kept.filter((r) => [OBJECTOR_PHONE, OBJECTOR_MAIL, LEADER_PHONE, LEADER_ID].some((v) => r.text.includes(v)))).toEqual([]);
  });
});

describe('the same step sent six times at once', () => {
  /** Exactly one goes through; the others are refused (4xx), never a 5xx; returns the winner. */
  async function onceOf(label: string, send: () => Promise<{ status: number; body: string; json(): any }>) {
    const results = await Promise.all(Array.from({ length: 6 }, send));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500), `${label}: ${results.map((r) => `${r.status} ${r.body.slice(0, 200)}`).join(' | ')}`).toEqual([]);
    expect(statuses.filter((s) => s === 200), `${label}: ${statuses.join(',')}`).toHaveLength(1);
    return results.find((r) => r.status === 200)!;
  }

  it('panel, assignment, score, close, notice: one of each', async () => {
    const call = await makeCallAtReview(t.db, A.street, 10_000_000);
    const app = await makeScreenedIn(t.db, call, team, A.street, '并发测试项目', [300_000]);
    const expert = experts[1];
    const panel = await onceOf('create panel', () =>
      staff.post('/api/funding/review/panels', { callId: call.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [expert.id], chairId: expert.id }),
    );
    const panelId = panel.json().id;
    expect((await expert.agent.post(`/api/funding/review/my/panels/${panelId}/conflicts`, { conflicts: [] })).status).toBe(200);
    await onceOf('assign', () => staff.post(`/api/funding/review/panels/${panelId}/assignments`, { applicationId: app.id, expertId: expert.id }));
    await onceOf('score', () => expert.agent.put(`/api/funding/review/applications/${app.id}/score`, score(7, 7)));
    await onceOf('close', () => staff.post(`/api/funding/review/panels/${panelId}/close`, {}));
    await t.db.execute(sql`update funding_calls set step = 'notice' where id = ${call.id}`);
    await onceOf('publish notice', () => staff.post(`/api/funding/notice/calls/${call.id}/publish`, {}));
    const versions = rowsOf(await t.db.execute(sql`select version from funding_proposal_versions where application_id = ${app.id}`));
    expect(versions).toEqual([{ version: 1 }]);
  });

  it('contract draft, signature, renewal: one of each, and the fund committed once', async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team, amountFen: 2_000_000 });
    const startsOn = addDays(todayInChina(), -100);
    const draft = await onceOf('draft', () => staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300) }));
    const id = draft.json().id;
    await onceOf('sign', () => staff.post(`/api/funding/contracts/${id}/sign`));
    const figures = (await staff.get(`/api/ledger/funds/${made.fund!.id}`)).json();
    // 30 % paid at signing, the rest committed; the fund's budget untouched.
    expect({ paid: figures.paidFen, committed: figures.committedFen }).toEqual({ paid: 600_000, committed: 1_400_000 });
    expect(figures.availableFen + figures.committedFen + figures.paidFen).toBe(figures.budgetFen);
    await onceOf('renew', () => staff.post(`/api/funding/contracts/${id}/renew`, { title: '社区长者助餐服务（续签）' }));
  });

  it('calls: one publication, one screening, one step forward', async () => {
    const draft = await staff.post('/api/funding/calls', { callType: 'venture', regionCode: A.street, year: 2026, title: '并发征集', budgetFen: 10_000_000, deadline: inAMonth() });
    expect(draft.status, draft.body).toBe(200);
    const id = draft.json().id;
    await onceOf('publish', () => staff.post(`/api/funding/calls/${id}/publish`, {}));
    const history = rowsOf(await t.db.execute(sql`select action from workflow_history where entity_id = ${id} and action = 'publish'`));
    expect(history).toHaveLength(1);
  });
});

describe('another region, and a reviewer outside its assignment', () => {
  let contractB: { id: string; title: string };
  let fundB: string;
  let callB: { id: string; title: string; year: number };
  let appB: { id: string };
  let contractA: { id: string };

  beforeAll(async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: B.street, organization: teamB });
    fundB = made.fund!.id;
    const startsOn = addDays(todayInChina(), -130);
    const draft = await staffB.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300) });
    expect(draft.status, draft.body).toBe(200);
    expect((await staffB.post(`/api/funding/contracts/${draft.json().id}/sign`)).status).toBe(200);
    contractB = draft.json();
    callB = await makeCall(t.db, B.street, { title: '乙区机密征集' });
    appB = await makeApplication(t.db, callB, teamB);
    const madeA = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const draftA = await staff.post('/api/funding/contracts', { applicationId: madeA.application.id, startsOn, endsOn: addDays(startsOn, 300) });
    expect((await staff.post(`/api/funding/contracts/${draftA.json().id}/sign`)).status).toBe(200);
    contractA = draftA.json();
  });

  it('staff of A read nothing of B by id, and no list of theirs shows it', async () => {
    for (const url of [
      `/api/funding/contracts/${contractB.id}`,
      `/api/funding/contracts/${contractB.id}/monitoring`,
      `/api/funding/calls/${callB.id}`,
      `/api/funding/applications/${appB.id}`,
      `/api/ledger/funds/${fundB}`,
      `/api/ledger/funds/${fundB}/journal.xlsx`,
      `/api/funding/notice/calls/${callB.id}`,
      `/api/funding/review/panels?callId=${callB.id}`,
    ]) {
      const res = await staff.get(url);
      expect(res.status, `${url} ${res.body}`).toBe(404);
    }
    for (const url of ['/api/funding/contracts?pageSize=100', '/api/funding/calls?pageSize=100', '/api/funding/applications?pageSize=100', '/api/ledger/funds?pageSize=200', '/api/funding/monitoring/contracts?pageSize=100']) {
      const body = (await staff.get(url)).body;
      expect(body, url).not.toContain(contractB.id);
      expect(body, url).not.toContain(callB.title);
      expect(body, url).not.toContain(fundB);
    }
    for (const url of [`/api/ledger/funds?regionCode=${B.street}`, `/api/funding/dashboard/export?regionCode=${B.district}`, `/api/funding/calls?region=${B.street}`]) {
      const res = await staff.get(url);
      expect(res.status, `${url} ${res.body}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${url} ${res.body}`).toBeLessThan(500);
      if (res.status === 200) expect(res.rawPayload.includes(Buffer.from(callB.title)), url).toBe(false);
    }
    await refusedUnchanged(() => staff.post(`/api/funding/contracts/${contractB.id}/terminate`, { reason: '越权终止' }), { status: 404 });
    await refusedUnchanged(() => staff.post('/api/ledger/funds', { regionCode: B.street, year: 2026, kind: 'special_fund', name: '越权资金', appropriationFen: 100 }), { status: 403 });
  });

  it('a monitor of one contract neither evaluates it nor reaches another contract', async () => {
    const monitor = experts[0];
    expect((await staff.post(`/api/funding/contracts/${contractA.id}/assignees`, { userId: monitor.id, role: 'monitor' })).status).toBe(200);
    expect((await monitor.agent.get(`/api/funding/contracts/${contractA.id}/monitoring`)).status).toBe(200);
    const evaluation = { kind: 'mid', indicators: [{ achieved: '完成', score: 90 }], overallScore: 90, summary: '自评通过' };
    await refusedUnchanged(() => monitor.agent.post(`/api/funding/contracts/${contractA.id}/evaluations`, evaluation), { status: 404 });
    await refusedUnchanged(() => monitor.agent.get(`/api/funding/contracts/${contractB.id}/monitoring`), { status: 404 });
    await refusedUnchanged(() => monitor.agent.post(`/api/funding/contracts/${contractB.id}/visits`, { visitedOn: todayInChina(), findings: '越权走访', rating: 'good' }), { status: 404 });
    await refusedUnchanged(() => unassigned.post(`/api/funding/contracts/${contractA.id}/visits`, { visitedOn: todayInChina(), findings: '未指派走访', rating: 'good' }), { status: 404 });
    const listed = (await monitor.agent.get('/api/funding/monitoring/contracts')).json().items.map((c: { contractId: string }) => c.contractId);
    expect(listed).toEqual([contractA.id]);
  });
});

describe('instants the database cannot hold', () => {
  it('refuses a deadline in year 0 or past 9999, naming the field, on calls and panels alike', async () => {
    for (const deadline of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '0001-01-01T00:00:00+08:00']) {
      await refusedUnchanged(
        () => staff.post('/api/funding/calls', { callType: 'venture', regionCode: A.street, year: 2026, title: '远古征集', budgetFen: 1_000_000, deadline }),
        { status: 400, field: 'deadline' },
      );
      const call = await makeCallAtReview(t.db, A.street, 1_000_000);
      await refusedUnchanged(
        () => staff.post('/api/funding/review/panels', { callId: call.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: deadline, expertIds: [experts[0].id], chairId: experts[0].id }),
        { status: 400, field: 'reviewDeadline' },
      );
    }
  });
});

describe('an expert who belongs to an applicant', () => {
  it('is never assigned, nor scores, an application of an organisation it holds a member grant of, declared or not', async () => {
    const call = await makeCallAtReview(t.db, A.street, 10_000_000);
    const own = await makeScreenedIn(t.db, call, team, A.street, '自家项目', [300_000]);
    const user = await makeUser(t.db, [
      { role: 'reviewer', regionCode: A.district },
      { role: 'org_member', regionCode: A.street, organizationId: team.id },
    ]);
    const insider = await signIn(t.app, user.username, PASSWORD);
    const panel = await staff.post('/api/funding/review/panels', { callId: call.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [user.id], chairId: user.id });
    expect(panel.status, panel.body).toBe(200);
    // It "forgets" its tie: the platform knows it anyway.
    expect((await insider.post(`/api/funding/review/my/panels/${panel.json().id}/conflicts`, { conflicts: [] })).status).toBe(200);
    const res = await refusedUnchanged(() => staff.post(`/api/funding/review/panels/${panel.json().id}/assignments`, { applicationId: own.id, expertId: user.id }), { status: 400, field: 'expertId' });
    expect(res.json().error.fields[0]).toMatchObject({ problem: 'expert_member_of_applicant', message: expect.stringContaining('成员') });
    await refusedUnchanged(() => insider.get(`/api/funding/review/applications/${own.id}`), { status: 404 });
  });

  it('loses an application it was assigned once it becomes a member of the applicant', async () => {
    const call = await makeCallAtReview(t.db, A.street, 10_000_000);
    const app = await makeScreenedIn(t.db, call, sibling, A.street, '后来加入的机构', [300_000]);
    const user = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
    const expert = await signIn(t.app, user.username, PASSWORD);
    const panel = (await staff.post('/api/funding/review/panels', { callId: call.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [user.id], chairId: user.id })).json();
    await expert.post(`/api/funding/review/my/panels/${panel.id}/conflicts`, { conflicts: [] });
    expect((await staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: app.id, expertId: user.id })).status).toBe(200);
    expect((await expert.get(`/api/funding/review/applications/${app.id}`)).status).toBe(200);
    await t.db.execute(sql`insert into user_grants (user_id, role, region_code, organization_id) values (${user.id}, 'org_member', ${A.street}, ${sibling.id})`);
    await refusedUnchanged(() => expert.get(`/api/funding/review/applications/${app.id}`), { status: 404 });
    await refusedUnchanged(() => expert.put(`/api/funding/review/applications/${app.id}/score`, score(10, 10)), { status: 404 });
    expect((await expert.get('/api/funding/review/my/assignments')).json().items).toEqual([]);
  });
});

describe('a monitor or evaluator who belongs to the contracted organisation', () => {
  it('is not assigned, and one who joins it after its assignment neither evaluates nor visits', async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const startsOn = addDays(todayInChina(), -100);
    const draft = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300) });
    const contractId = draft.json().id;
    expect((await staff.post(`/api/funding/contracts/${contractId}/sign`)).status).toBe(200);
    const insiderUser = await makeUser(t.db, [
      { role: 'reviewer', regionCode: A.district },
      { role: 'org_member', regionCode: A.street, organizationId: team.id },
    ]);
    for (const role of ['evaluator', 'monitor']) {
      const res = await refusedUnchanged(() => staff.post(`/api/funding/contracts/${contractId}/assignees`, { userId: insiderUser.id, role }), { status: 400, field: 'userId' });
      expect(res.json().error.fields[0].problem).toBe('monitoring_assignee_member');
    }

    const laterUser = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
    const later = await signIn(t.app, laterUser.username, PASSWORD);
    for (const role of ['evaluator', 'monitor']) expect((await staff.post(`/api/funding/contracts/${contractId}/assignees`, { userId: laterUser.id, role })).status).toBe(200);
    await t.db.execute(sql`insert into user_grants (user_id, role, region_code, organization_id) values (${laterUser.id}, 'org_member', ${A.street}, ${team.id})`);
    const pass = { kind: 'mid', indicators: [{ achieved: '完成', score: 95 }], overallScore: 95, summary: '自己评自己' };
    await refusedUnchanged(() => later.post(`/api/funding/contracts/${contractId}/evaluations`, pass), { status: 404 });
    await refusedUnchanged(() => later.post(`/api/funding/contracts/${contractId}/visits`, { visitedOn: todayInChina(), findings: '一切正常', rating: 'excellent' }), { status: 404 });
  });
});

describe('the words of a refused step', () => {
  it('every state and action of the funding workflows has words in the three languages (an invalid_state message names them)', async () => {
    const { LOCALES, translate } = await import('../../i18n/index.js');
    const modules = import.meta.glob('./service/*.ts', { eager: true });
    const missing: string[] = [];
    let workflows = 0;
    for (const [file, exports] of Object.entries(modules)) {
      for (const value of Object.values(exports as Record<string, unknown>)) {
        const def = value as { name?: string; states?: string[]; transitions?: { action: string; from: string[]; to: string }[] };
        if (!def || typeof def !== 'object' || !Array.isArray(def.transitions) || !Array.isArray(def.states)) continue;
        workflows++;
        const states = new Set([...def.states, ...def.transitions.flatMap((tr) => [...tr.from, tr.to])]);
        for (const locale of LOCALES) {
          for (const s of states) if (translate(locale, `states.${s}`) === `states.${s}`) missing.push(`${file} ${def.name} ${locale} states.${s}`);
          for (const tr of def.transitions) if (translate(locale, `actions.${tr.action}`) === `actions.${tr.action}`) missing.push(`${file} ${def.name} ${locale} actions.${tr.action}`);
        }
      }
    }
    // And every status a record shows, workflow or not (a contract's application is `contracted`).
    const statuses = await import('../../../../shared/funding/states.js');
    for (const [name, list] of Object.entries(statuses)) {
      if (!name.endsWith('_STATUSES') || !Array.isArray(list)) continue;
      for (const locale of LOCALES) for (const s of list as string[]) if (translate(locale, `states.${s}`) === `states.${s}`) missing.push(`${name} ${locale} states.${s}`);
    }
    expect(workflows).toBeGreaterThan(5);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('merging a closed need is refused in words (the fuzz suite saw “不能执行“actions.merge””)', async () => {
    const need = (await staff.post('/api/funding/needs', { regionCode: A.street, source: 'resident', title: '已关闭的需求', description: '重复' })).json();
    const kept = (await staff.post('/api/funding/needs', { regionCode: A.street, source: 'resident', title: '保留的需求', description: '原始' })).json();
    expect((await staff.post(`/api/funding/needs/${need.id}/close`, { reason: '重复提交' })).status).toBe(200);
    const res = await refusedUnchanged(() => staff.post(`/api/funding/needs/${need.id}/merge`, { intoId: kept.id }), { status: 409, code: 'invalid_state' });
    expect(res.json().error.message).toContain('合并');
    expect(res.json().error.message).not.toContain('actions.');
  });
});

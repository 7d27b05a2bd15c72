/** The funding dashboard section, its workbook, and the funding cards of each role's home page. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { readWorkbook } from '../../../test/helpers.js';
import { assignments } from '../../core/core.tables.js';
import { ledgerJournals } from '../../core/ledger/ledger.tables.js';
import { systemCtx } from '../../core/write-unit.js';
import { openFund } from '../../core/ledger/ledger.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { fundingContracts, fundingTranches } from './funding-contracts.tables.js';
import { fundingProgressReports } from './funding-monitoring.tables.js';
import { fundingPanelExperts, fundingPanels, fundingReviewAssignments } from './funding-review.tables.js';
import { makeApplication, makeCall } from './funding.factories.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let official: Agent;
let staff: Agent;
let member: Agent;
let reviewer: Agent;
let reviewerId: string;
let team: Awaited<ReturnType<typeof makeOrganization>>;
let contractId: string;

const daysFromToday = (n: number) => {
  const d = new Date(`${todayInChina()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社', legalForm: 'social_service_agency' });
  const other = await makeOrganization(t.db, A.street2, { name: '乙街道睦邻会', legalForm: 'social_service_agency' });
  official = await signIn(t.app, (await makeUser(t.db, [{ role: 'official', regionCode: A.district }])).username, PASSWORD);
  staff = await signIn(t.app, (await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }])).username, PASSWORD);
  member = await signIn(t.app, (await makeUser(t.db, [{ role: 'org_member', regionCode: A.street, organizationId: team.id }])).username, PASSWORD);
  const reviewerUser = await makeUser(t.db, [{ role: 'reviewer', regionCode: A.district }]);
  reviewerId = reviewerUser.id;
  reviewer = await signIn(t.app, reviewerUser.username, PASSWORD);

  // 2025 purchase of services by the district (100万), 2026 venture philanthropy by the street (30万), a draft not counted.
  const purchase = await makeCall(t.db, A.district, { callType: 'purchase', year: 2025, budgetFen: 100_000_000, capFen: null, step: 'contract' });
  const venture = await makeCall(t.db, A.street, { callType: 'venture', year: 2026, budgetFen: 30_000_000, capFen: null, step: 'screening' });
  await makeCall(t.db, A.street, { status: 'draft', budgetFen: 5_000_000, capFen: null });
  const approved = await makeApplication(t.db, purchase, team, { status: 'contracted' });
  await makeApplication(t.db, purchase, other, { status: 'not_funded' });
  const waiting = await makeApplication(t.db, venture, team, { status: 'submitted' });
  await makeApplication(t.db, venture, team, { status: 'draft', submittedAt: null });

  // Its 50万 contract, 30% paid at signing; one accepted report of 1,200 person-times, one submitted, one coming due.
  const fund = await openFund(systemCtx(t.db, 'test'), { regionCode: A.district, year: 2025, kind: 'special_fund', name: '概览测试资金', appropriationFen: 100_000_000 });
  const [journal] = await t.db.select({ id: ledgerJournals.id }).from(ledgerJournals).where(eq(ledgerJournals.fundId, fund.id));
  const [contract] = await t.db
    .insert(fundingContracts)
    .values({
      applicationId: approved.id,
      callId: purchase.id,
      organizationId: team.id,
      regionCode: team.regionCode,
      purchaserName: '测试区民政局',
      providerName: team.name,
      title: '社区长者助餐服务',
      content: {} as never,
      amountFen: 50_000_000,
      startsOn: '2025-04-01',
      endsOn: '2026-03-31',
    })
    .returning();
  contractId = contract.id;
  await t.db.insert(fundingTranches).values([
    { contractId, position: 0, amountFen: 15_000_000, releasedBy: 'signing' },
    { contractId, position: 1, amountFen: 35_000_000, releasedBy: 'final_evaluation' },
  ]);
  await t.db.update(fundingContracts).set({ status: 'signed', signedAt: new Date() }).where(eq(fundingContracts.id, contractId));
  await t.db.update(fundingTranches).set({ status: 'paid', journalId: journal.id, decidedAt: new Date() }).where(eq(fundingTranches.position, 0));
  const report = { contractId, regionCode: team.regionCode, organizationId: team.id, startsOn: '2025-04-01', endsOn: '2025-06-30' };
  await t.db.insert(fundingProgressReports).values([
    { ...report, periodNo: 1, dueOn: '2025-07-15', status: 'accepted', submittedAt: new Date(), beneficiaryCount: 1200, narrative: '一季度助餐' },
    { ...report, periodNo: 2, dueOn: '2025-10-15', status: 'submitted', submittedAt: new Date(), beneficiaryCount: 900, narrative: '二季度助餐' },
    { ...report, periodNo: 3, startsOn: daysFromToday(-40), endsOn: daysFromToday(-1), dueOn: daysFromToday(10) },
  ]);

  // The reviewer sits on the venture call's panel, with the team's application to score, and evaluates the contract.
  const [panel] = await t.db
    .insert(fundingPanels)
    .values({ callId: venture.id, regionCode: A.street, aggregation: 'mean', criteria: [], reviewDeadline: new Date(Date.now() + 5 * 86_400_000), chairId: reviewerId })
    .returning();
  await t.db.insert(fundingPanelExperts).values({ panelId: panel.id, userId: reviewerId, declaredAt: new Date() });
  await t.db.insert(fundingReviewAssignments).values({ panelId: panel.id, applicationId: waiting.id, expertId: reviewerId });
  await t.db.insert(assignments).values({ entityType: 'funding.contract.evaluator', entityId: contractId, userId: reviewerId });
});
afterAll(async () => t?.close());

describe('funding dashboard section', () => {
  it('counts calls, applications, approval, money and beneficiaries by year and call type', async () => {
    const res = await official.get(`/api/dashboard/summary?regionCode=${A.district}`);
    expect(res.status, res.body).toBe(200);
    const s = res.json().sections.funding;
    expect(s.totals).toEqual({
      calls: 2,
      budgetFen: 130_000_000,
      applications: 3,
      approved: 1,
      contracts: 1,
      committedFen: 50_000_000,
      paidFen: 15_000_000,
      beneficiaries: 1200,
    });
    expect(s.rows.map((r: { year: number; callType: string }) => [r.year, r.callType])).toEqual([
      [2026, 'venture'],
      [2025, 'purchase'],
    ]);
    expect(s.rows[1]).toMatchObject({ calls: 1, applications: 2, approved: 1, committedFen: 50_000_000 });
    // Each record under the child region it lies in; the district's own call in the row of its own.
    const child = (code: string) => s.children.find((c: { regionCode: string }) => c.regionCode === code);
    expect(child(A.street)).toMatchObject({ calls: 1, applications: 2, paidFen: 15_000_000, direct: false });
    expect(child(A.street2)).toMatchObject({ calls: 0, applications: 1 });
    expect(child(A.district)).toMatchObject({ calls: 1, budgetFen: 100_000_000, direct: true });
  });

  it('shows a street only its own figures', async () => {
    const s = (await official.get(`/api/dashboard/summary?regionCode=${A.street2}`)).json().sections.funding;
    expect(s.totals).toMatchObject({ calls: 0, applications: 1, approved: 0, contracts: 0 });
  });

  it('exports the figures as a workbook in the reader language', async () => {
    const res = await official.get(`/api/funding/dashboard/export?regionCode=${A.district}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readWorkbook(res.rawPayload);
    expect(rows[0].slice(0, 4)).toEqual(['年度', '征集类型', '项目征集数', '预算金额（元）']);
    expect(rows.find((r) => r[1] === '政府购买服务')).toEqual(['2025', '政府购买服务', '1', '1000000', '2', '1', '50', '1', '500000', '150000', '1200']);
    expect(rows.at(-1)).toEqual(['合计', '全部类型', '2', '1300000', '3', '1', '33.3', '1', '500000', '150000', '1200']);
    const en = await readWorkbook((await official.get(`/api/funding/dashboard/export?regionCode=${A.district}`, { 'accept-language': 'en' })).rawPayload);
    expect(en[0][0]).toBe('Year');
  });

  it('refuses a malformed region naming the field, hides another region, and asks for a sign-in', async () => {
    const bad = await official.get('/api/funding/dashboard/export?regionCode=abc');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('regionCode');
    expect((await official.get(`/api/funding/dashboard/export?regionCode=${B.district}`)).status).toBe(404);
    expect((await member.get(`/api/funding/dashboard/export?regionCode=${A.street}`)).status).toBe(403);
    expect((await anonymous(t.app).get(`/api/funding/dashboard/export?regionCode=${A.district}`)).status).toBe(401);
  });
});

describe('funding home cards', () => {
  const cardsOf = async (agent: Agent) => {
    const res = await agent.get('/api/home');
    expect(res.status, res.body).toBe(200);
    return res.json().cards as { kind: string; [k: string]: unknown }[];
  };

  it('gives centre staff the board of calls by step and its to-dos', async () => {
    const cards = await cardsOf(staff);
    expect(cards.find((c) => c.kind === 'fundingCallBoard')).toMatchObject({ drafts: 1, steps: expect.arrayContaining([{ step: 'contract', count: 1 }, { step: 'screening', count: 1 }]) });
    const todos = cards.find((c) => c.kind === 'fundingStaffTodos')!.items as { key: string; count: number }[];
    expect(Object.fromEntries(todos.map((i) => [i.key, i.count]))).toEqual({ screening: 1, panels: 0, objections: 0, milestones: 0, reports: 1 });
  });

  it('gives an organisation its applications, the report coming due and its payments', async () => {
    const cards = await cardsOf(member);
    const apps = cards.find((c) => c.kind === 'fundingOrgApplications')!;
    expect(apps).toMatchObject({ organizationId: team.id, organizationName: '甲街道助老服务社', total: 3 });
    expect((apps.items as { status: string }[]).map((i) => i.status).sort()).toEqual(['contracted', 'draft', 'submitted']);
    expect(cards.find((c) => c.kind === 'fundingOrgReportsDue')).toMatchObject({ count: 1, reports: [{ periodNo: 3, dueOn: daysFromToday(10) }] });
    expect(cards.find((c) => c.kind === 'fundingOrgPayments')).toMatchObject({
      receivedFen: 15_000_000,
      pendingFen: 35_000_000,
      received: [{ contractId, amountFen: 15_000_000 }],
      next: [{ contractId, amountFen: 35_000_000, releasedBy: 'final_evaluation', position: 1 }],
    });
    expect(cards.some((c) => c.kind === 'fundingCallBoard')).toBe(false);
  });

  it('gives a reviewer its panels with deadlines and the contracts it evaluates', async () => {
    const card = (await cardsOf(reviewer)).find((c) => c.kind === 'fundingReviewerWork')!;
    expect(card).toMatchObject({ panels: [{ declared: true, assigned: 1, scored: 0 }], contractCount: 1, contracts: [{ contractId, roles: ['evaluator'] }] });
    expect(Date.parse((card.panels as { reviewDeadline: string }[])[0].reviewDeadline)).toBeGreaterThan(Date.now());
  });

  it('gives an official the board, and none of a reviewer or an organisation', async () => {
    const cards = await cardsOf(official);
    expect(cards.some((c) => c.kind === 'fundingCallBoard')).toBe(true);
    expect(cards.some((c) => c.kind === 'fundingReviewerWork' || c.kind === 'fundingOrgApplications')).toBe(false);
  });
});

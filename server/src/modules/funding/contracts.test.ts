import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, fenToChineseCapital, splitByPercentages, termProblem } from '../../../../shared/funding/contracts.js';
import { anonymous, buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { changedTables, dbSnapshot } from '../../../test/helpers.js';
import { secondConnection } from '../../../test/test-db.js';
import { auditLog, workflowHistory } from '../../core/core.tables.js';
import { fundSummary, openFund } from '../../core/ledger/ledger.js';
import { ledgerJournals } from '../../core/ledger/ledger.tables.js';
import { systemCtx } from '../../core/write-unit.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';
import { makeApprovedApplication } from './funding-contracts.factories.js';
import { fundingTranches } from './funding-contracts.tables.js';
import { fundingProposalVersions } from './funding-review.tables.js';
import { releaseForEvaluation, releaseForMilestone } from './service/tranches.js';

let t: TestApp;
let A: RegionTree;
let staff: Agent;
let staffUser: Awaited<ReturnType<typeof makeUser>>;
let member: Agent;
let team: Awaited<ReturnType<typeof makeOrganization>>;
let otherTeam: Awaited<ReturnType<typeof makeOrganization>>;
let second: Database | null;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  staffUser = await makeUser(t.db, [{ role: 'centre_staff', regionCode: A.district }]);
  staff = await signIn(t.app, staffUser.username, PASSWORD);
  team = await makeOrganization(t.db, A.street, { name: '甲街道助老服务社', legalForm: 'social_service_agency' });
  otherTeam = await makeOrganization(t.db, A.street, { name: '甲街道另一家机构', legalForm: 'social_service_agency' });
  const memberUser = await makeUser(t.db, [{ role: 'org_member', regionCode: A.district, organizationId: team.id }]);
  member = await signIn(t.app, memberUser.username, PASSWORD);
  second = await secondConnection(t.database, 10);
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const YEAR = { startsOn: '2026-04-01', endsOn: '2027-03-31' };

async function draft(body: Record<string, unknown> = {}, opts: Parameters<typeof makeApprovedApplication>[1] extends infer O ? Partial<O> : never = {}) {
  const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team, ...opts });
  const res = await staff.post('/api/funding/contracts', { applicationId: made.application.id, ...YEAR, ...body });
  expect(res.status, res.body).toBe(200);
  return { ...made, contract: res.json() };
}

async function signed(body: Record<string, unknown> = {}, opts: Parameters<typeof draft>[1] = {}) {
  const d = await draft(body, opts);
  const res = await staff.post(`/api/funding/contracts/${d.contract.id}/sign`);
  expect(res.status, res.body).toBe(200);
  return { ...d, contract: res.json() };
}

/** The fund's figures, checked to balance: budget = available + committed + paid, nothing below zero. */
async function balanced(fundId: string) {
  const s = await fundSummary(t.db, fundId);
  expect(s.budgetFen).toBe(s.availableFen + s.committedFen + s.paidFen);
  for (const v of Object.values(s)) expect(v).toBeGreaterThanOrEqual(0);
  return s;
}

describe('the rules, as functions', () => {
  it('writes amounts in Chinese capital numerals as a contract does', () => {
    expect(fenToChineseCapital(0)).toBe('零元整');
    expect(fenToChineseCapital(1)).toBe('壹分');
    expect(fenToChineseCapital(10)).toBe('壹角整');
    expect(fenToChineseCapital(100)).toBe('壹元整');
    expect(fenToChineseCapital(105)).toBe('壹元零伍分');
    expect(fenToChineseCapital(1_000)).toBe('壹拾元整');
    expect(fenToChineseCapital(150_000_000)).toBe('壹佰伍拾万元整');
    expect(fenToChineseCapital(30_000_000)).toBe('叁拾万元整');
    expect(fenToChineseCapital(100_010_000)).toBe('壹佰万零壹佰元整');
    expect(fenToChineseCapital(101_000_000)).toBe('壹佰零壹万元整');
    expect(fenToChineseCapital(10_000_000_000)).toBe('壹亿元整');
    expect(fenToChineseCapital(10_000_000_100)).toBe('壹亿零壹元整');
    expect(fenToChineseCapital(10_001_000_000)).toBe('壹亿零壹万元整');
    expect(fenToChineseCapital(12_345_678_912)).toBe('壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分');
    expect(fenToChineseCapital(200_000_000_000)).toBe('贰拾亿元整');
    expect(fenToChineseCapital(123_456)).toBe('壹仟贰佰叁拾肆元伍角陆分');
    expect(() => fenToChineseCapital(1.5)).toThrow(RangeError);
  });

  it('splits by percentages with the remainder fen on the last tranche', () => {
    expect(splitByPercentages(10_000_000, [30, 40, 30])).toEqual([3_000_000, 4_000_000, 3_000_000]);
    expect(splitByPercentages(100, [33, 33, 34])).toEqual([33, 33, 34]);
    const odd = splitByPercentages(1_000_001, [30, 40, 30]);
    expect(odd).toEqual([300_000, 400_000, 300_001]);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(1_000_001);
    expect(() => splitByPercentages(100, [50, 40])).toThrow(RangeError);
  });

  it('holds a term to one year, or three for a recurring service with its reason (财政部令第102号)', () => {
    const t1 = (startsOn: string, endsOn: string, recurringService = false, recurringReason: string | null = null) => termProblem({ startsOn, endsOn, recurringService, recurringReason });
    expect(t1('2026-01-01', '2026-12-31')).toBeNull();
    expect(t1('2026-01-01', '2027-01-01')?.problem).toBe('contract_term_one_year');
    expect(t1('2026-02-01', '2026-01-31')?.problem).toBe('contract_term_order');
    expect(t1('2026-01-01', '2028-12-31', true, null)?.problem).toBe('contract_recurring_reason');
    expect(t1('2026-01-01', '2028-12-31', true, '社区长期照护服务')).toBeNull();
    expect(t1('2026-01-01', '2029-01-01', true, '社区长期照护服务')?.problem).toBe('contract_term_three_years');
    // 29 February as PostgreSQL counts it, so the database's CHECK and the server agree.
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(t1('2024-02-29', '2025-02-27')).toBeNull();
    expect(t1('2024-02-29', '2025-02-28')?.problem).toBe('contract_term_one_year');
  });
});

describe('drafting a contract (F8)', () => {
  it('copies the parties and the proposal, with 30/40/30 tranches summing exactly to the amount', async () => {
    const { contract, application } = await draft({ amountFen: 9_999_999 });
    expect(contract.status).toBe('draft');
    expect(contract.purchaserName).toMatch(/^甲街道\d+办事处$/);
    expect(contract.providerName).toBe('甲街道助老服务社');
    expect(contract.title).toBe(application.title);
    expect(contract.content.goals).toBe(application.goals);
    expect(contract.content.budgetLines).toEqual([{ item: '餐费补贴', category: null, amountFen: 10_000_000, note: null }]);
    expect(contract.amountInWords).toBe('玖万玖仟玖佰玖拾玖元玖角玖分');
    expect(contract.tranches.map((x: { amountFen: number }) => x.amountFen)).toEqual([2_999_999, 3_999_999, 3_000_001]);
    expect(contract.tranches.map((x: { releasedBy: string }) => x.releasedBy)).toEqual(['signing', 'mid_evaluation', 'final_evaluation']);
    expect(contract.history.map((h: { action: string }) => h.action)).toEqual(['create']);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.contract.create'), eq(auditLog.entityId, contract.id)));
    expect((audit.after as { amountFen: number }).amountFen).toBe(9_999_999);
  });

  it("is paid from its call's fund unless staff choose another of the call's region or above", async () => {
    const { contract, fund, call } = await draft();
    expect(contract.fundId).toBe(fund!.id);
    const district = await openFund(systemCtx(t.db, 'test'), { regionCode: A.district, year: 2026, kind: 'special_fund', name: `测试区2026年资金${call.id.slice(0, 6)}`, appropriationFen: 50_000_000 });
    const chosen = await draft({ fundId: district.id });
    expect(chosen.contract.fundId).toBe(district.id);
    const B = await makeRegionTree(t.db);
    const elsewhere = await openFund(systemCtx(t.db, 'test'), { regionCode: B.district, year: 2026, kind: 'special_fund', name: `乙区2026年资金${call.id.slice(0, 6)}`, appropriationFen: 1_000 });
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const before = await dbSnapshot(t.db);
    const refused = await staff.post('/api/funding/contracts', { applicationId: made.application.id, ...YEAR, fundId: elsewhere.id });
    expect(refused.status).toBe(400);
    expect(refused.json().error.fields[0]).toMatchObject({ field: 'fundId', problem: 'contract_fund_region' });
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('takes the content from the accepted optimisation version when there is one (F7)', async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const content = {
      title: '社区长者助餐服务（优化后）',
      summary: '按评审意见增加探访',
      goals: '服务 220 人',
      activities: [{ name: '助餐', startsOn: '2026-04-01', endsOn: '2026-12-31', description: null }],
      targetBeneficiaries: '80 岁以上独居老人',
      beneficiaryCount: 220,
      indicators: [{ name: '探访人次', target: '2000', unit: '人次' }],
      budgetLines: [{ item: '餐费补贴', category: null, amountFen: 9_500_000, note: null }],
      amountFen: 9_500_000,
    };
    await t.db.insert(fundingProposalVersions).values([
      { applicationId: made.application.id, version: 1, content: { ...content, goals: '原方案' }, changedFields: [], createdByName: '测试' },
      { applicationId: made.application.id, version: 2, content, changedFields: ['goals'], createdByName: '测试', acceptedAt: new Date() },
    ]);
    const res = await staff.post('/api/funding/contracts', { applicationId: made.application.id, ...YEAR });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: content.title, amountFen: 9_500_000, content: { goals: '服务 220 人', beneficiaryCount: 220 } });
  });

  it('refuses a term over a year unless a recurring service gives its reason, naming the field and changing nothing', async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startsOn: '2026-04-01', endsOn: '2027-04-01' }, 'endsOn', 'contract_term_one_year'],
      [{ startsOn: '2026-04-01', endsOn: '2028-03-31', recurringService: true }, 'recurringReason', 'contract_recurring_reason'],
      [{ startsOn: '2026-04-01', endsOn: '2029-04-01', recurringService: true, recurringReason: '长期照护' }, 'endsOn', 'contract_term_three_years'],
      [{ ...YEAR, amountFen: 10_000_001 }, 'amountFen', 'contract_amount_over_approved'],
      [{ ...YEAR, milestones: [{ title: '中期', dueOn: '2028-01-01' }] }, 'milestones.0.dueOn', 'contract_milestone_outside_term'],
    ];
    const before = await dbSnapshot(t.db);
    for (const [body, field, problem] of cases) {
      const res = await staff.post('/api/funding/contracts', { applicationId: made.application.id, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field, problem });
    }
    const zh = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn: '2026-04-01', endsOn: '2027-04-01' });
    expect(zh.json().error.fields[0].message).toContain('财政部令第102号');
    const en = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn: '2026-04-01', endsOn: '2027-04-01' }, { 'accept-language': 'en' });
    expect(en.json().error.fields[0].message).toContain('MOF Order No. 102');
    const tw = await staff.post('/api/funding/contracts', { applicationId: made.application.id, ...YEAR, tranches: [{ releasedBy: 'signing', amountFen: 1 }, { releasedBy: 'final_evaluation', amountFen: 1 }] }, { 'accept-language': 'zh-TW' });
    expect(tw.json().error.fields[0].message).toContain('合約金額');
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
    // Three years for a recurring service with its reason is allowed.
    const ok = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn: '2026-04-01', endsOn: '2029-03-31', recurringService: true, recurringReason: '长期照护' });
    expect(ok.status, ok.body).toBe(200);
  });

  it('refuses tranches that do not add up, a final tranche that does not wait on the final evaluation, a milestone tranche without its milestone', async () => {
    const made = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
    const ms = [{ title: '完成入户摸底', dueOn: '2026-06-30' }];
    const cases: [unknown, string, string][] = [
      [[{ releasedBy: 'signing', amountFen: 3_000_000 }, { releasedBy: 'final_evaluation', amountFen: 6_999_999 }], 'tranches', 'contract_tranche_sum'],
      [[{ releasedBy: 'signing', percent: 30 }, { releasedBy: 'final_evaluation', percent: 60 }], 'tranches', 'contract_tranche_percent_sum'],
      [[{ releasedBy: 'signing', percent: 30 }, { releasedBy: 'final_evaluation', amountFen: 7_000_000 }], 'tranches', 'contract_tranche_amount_or_percent'],
      [[{ releasedBy: 'final_evaluation', percent: 30 }, { releasedBy: 'mid_evaluation', percent: 70 }], 'tranches', 'contract_tranche_final'],
      [[{ releasedBy: 'milestone', percent: 30 }, { releasedBy: 'final_evaluation', percent: 70 }], 'tranches.0.milestone', 'contract_tranche_milestone'],
      [[{ releasedBy: 'milestone', milestone: 1, percent: 30 }, { releasedBy: 'final_evaluation', percent: 70 }], 'tranches.0.milestone', 'contract_tranche_milestone'],
    ];
    const before = await dbSnapshot(t.db);
    for (const [tranches, field, problem] of cases) {
      const res = await staff.post('/api/funding/contracts', { applicationId: made.application.id, ...YEAR, milestones: ms, tranches });
      expect(res.status, JSON.stringify(tranches)).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field, problem });
    }
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('refuses an application that is not approved, or of a call not yet at its contract step', async () => {
    const early = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team, step: 'optimisation' });
    const res = await staff.post('/api/funding/contracts', { applicationId: early.application.id, ...YEAR });
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('contract_call_step');
    const { application } = await draft();
    const again = await staff.post('/api/funding/contracts', { applicationId: application.id, ...YEAR });
    expect(again.status).toBe(409);
    expect(again.json().error.code).toBe('contract_exists');
  });

  it('edits a draft; a new amount re-splits the tranches in their proportions to the fen', async () => {
    const { contract } = await draft();
    const res = await staff.patch(`/api/funding/contracts/${contract.id}`, { amountFen: 9_000_001, milestones: [{ title: '完成入户摸底', dueOn: '2026-06-30' }] });
    expect(res.status, res.body).toBe(200);
    expect(res.json().tranches.map((x: { amountFen: number }) => x.amountFen)).toEqual([2_700_000, 3_600_000, 2_700_001]);
    expect(res.json().milestones).toHaveLength(1);
    const before = await dbSnapshot(t.db);
    const bad: [Record<string, unknown>, string, string][] = [
      [{ endsOn: '2027-04-01' }, 'endsOn', 'contract_term_one_year'],
      [{ amountFen: 10_000_001 }, 'amountFen', 'contract_amount_over_approved'],
      [{ milestones: [], tranches: [{ releasedBy: 'milestone', milestone: 0, percent: 50 }, { releasedBy: 'final_evaluation', percent: 50 }] }, 'tranches.0.milestone', 'contract_tranche_milestone'],
      [{ amountFen: 1.5 }, 'amountFen', 'invalid_type'],
    ];
    for (const [body, field, problem] of bad) {
      const refused = await staff.patch(`/api/funding/contracts/${contract.id}`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.fields[0]).toMatchObject({ field, problem });
    }
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });
});

describe('signing', () => {
  it('commits the amount once, numbers the contract and pays the signing tranche, even when signed twice at once', async () => {
    const { contract, fund, application } = await draft();
    const racers = [staff, staff];
    const results = await Promise.all(racers.map((a) => a.post(`/api/funding/contracts/${contract.id}/sign`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const ok = results.find((r) => r.status === 200)!.json();
    expect(ok.status).toBe('signed');
    expect(ok.contractNumber).toMatch(new RegExp(`^HT\\d{4}-${A.street}-\\d{4}$`));
    expect(ok.tranches[0]).toMatchObject({ status: 'paid' });
    expect(ok.paidFen).toBe(3_000_000);
    const commits = await t.db.select().from(ledgerJournals).where(eq(ledgerJournals.key, `funding.contract:${contract.id}:commit`));
    expect(commits).toHaveLength(1);
    expect(await balanced(fund!.id)).toEqual({ budgetFen: 150_000_000, availableFen: 140_000_000, committedFen: 7_000_000, paidFen: 3_000_000 });
    const app = await staff.get(`/api/funding/applications/${application.id}`);
    expect(app.json().status).toBe('contracted');
    const steps = await t.db.select().from(workflowHistory).where(eq(workflowHistory.entityId, contract.id));
    expect(steps.map((s) => s.action)).toEqual(['create', 'sign']);
  });

  it('gives numbers in sequence per purchaser region and year', async () => {
    const a = await signed();
    const b = await signed();
    const seq = (n: string) => Number(n.slice(-4));
    expect(seq(b.contract.contractNumber)).toBe(seq(a.contract.contractNumber) + 1);
  });

  it('refuses, with the fund named, when the fund cannot commit the amount, and changes nothing', async () => {
    const { contract } = await draft({}, { fundFen: 5_000_000 });
    const before = await dbSnapshot(t.db);
    const res = await staff.post(`/api/funding/contracts/${contract.id}/sign`);
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('contract_fund_insufficient');
    expect(res.json().error.message).toContain('50,000.00');
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
  });

  it('of two contracts signed at once on a fund that holds one, signs one and refuses the other naming the fund', async () => {
    const first = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team, fundFen: 15_000_000 });
    const secondApp = await makeApprovedApplication(t.db, { callRegion: A.street, organization: otherTeam, sameCallAs: first });
    const ids: string[] = [];
    for (const { application } of [first, secondApp]) {
      const res = await staff.post('/api/funding/contracts', { applicationId: application.id, ...YEAR });
      ids.push(res.json().id);
    }
    const results = await Promise.all(ids.map((id) => staff.post(`/api/funding/contracts/${id}/sign`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409)!.json().error;
    expect(refused.code).toBe('contract_fund_insufficient');
    expect(refused.message).toContain(first.fund!.name);
    expect(await balanced(first.fund!.id)).toEqual({ budgetFen: 15_000_000, availableFen: 5_000_000, committedFen: 7_000_000, paidFen: 3_000_000 });
  });

  it('refuses a contract whose call has no fund', async () => {
    const { contract } = await draft({}, { withFund: false });
    const res = await staff.post(`/api/funding/contracts/${contract.id}/sign`);
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('contract_no_fund');
  });

  it('lets nothing change a signed contract: the API refuses, and so does the database', async () => {
    const { contract } = await signed();
    const res = await staff.patch(`/api/funding/contracts/${contract.id}`, { title: '改了' });
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('contract_not_draft');
    await expect(t.db.execute(sql`update funding_contracts set amount_fen = amount_fen + 1 where id = ${contract.id}`)).rejects.toThrow();
    await expect(t.db.execute(sql`update funding_tranches set status = 'pending', journal_id = null, decided_at = null where contract_id = ${contract.id} and position = 0`)).rejects.toThrow();
    await expect(t.db.execute(sql`update funding_tranches set amount_fen = amount_fen + 1 where contract_id = ${contract.id} and position = 1`)).rejects.toThrow();
  });
});

describe('tranches (评估兑现)', () => {
  const racer = (i: number) => systemCtx(second && i % 2 ? second.db : t.db, 'evaluation');
  const staffCtx = (i: number) => ({
    ...systemCtx(second && i % 2 ? second.db : t.db, 'milestone'),
    actor: { id: staffUser.id, username: staffUser.username, displayName: staffUser.displayName, grants: [{ id: 'g', role: 'centre_staff' as const, regionCode: A.district, organizationId: null }] },
  });

  it('50 concurrent acceptances of a milestone pay its tranche once', async () => {
    const { contract, fund } = await signed({
      milestones: [{ title: '完成入户摸底', dueOn: '2026-06-30' }],
      tranches: [{ releasedBy: 'signing', percent: 30 }, { releasedBy: 'milestone', milestone: 0, percent: 40 }, { releasedBy: 'final_evaluation', percent: 30 }],
    });
    const milestoneId = contract.milestones[0].id;
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => releaseForMilestone(staffCtx(i), milestoneId)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as AppError).code).toBe('milestone_already_accepted');
    const trancheId = contract.tranches[1].id;
    expect(await t.db.select().from(ledgerJournals).where(like(ledgerJournals.key, `funding.tranche:${trancheId}:%`))).toHaveLength(1);
    expect(await balanced(fund!.id)).toMatchObject({ committedFen: 3_000_000, paidFen: 7_000_000 });
  });

  it('50 concurrent releases by a passed evaluation pay the tranche once', async () => {
    const { contract, fund } = await signed();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => releaseForEvaluation(racer(i), contract.id, 'mid', true, `eval-${i}`)));
    // Each waits for the contract's row lock, then finds the tranche decided: all answer, one pays.
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const paid = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value.paidTrancheIds : []));
    expect(paid).toEqual([contract.tranches[1].id]);
    expect(await t.db.select().from(ledgerJournals).where(eq(ledgerJournals.key, `funding.tranche:${contract.tranches[1].id}:pay`))).toHaveLength(1);
    expect(await balanced(fund!.id)).toMatchObject({ committedFen: 3_000_000, paidFen: 7_000_000 });
  });

  it('a failed evaluation withholds its tranche and releases the commitment; the fund balances; the final one completes the contract', async () => {
    const { contract, fund } = await signed();
    const failed = await releaseForEvaluation(systemCtx(t.db, 'evaluation'), contract.id, 'mid', false, 'eval-mid');
    expect(failed.withheldTrancheIds).toEqual([contract.tranches[1].id]);
    expect(await balanced(fund!.id)).toEqual({ budgetFen: 150_000_000, availableFen: 144_000_000, committedFen: 3_000_000, paidFen: 3_000_000 });
    const [withheld] = await t.db.select().from(fundingTranches).where(eq(fundingTranches.id, contract.tranches[1].id));
    expect(withheld).toMatchObject({ status: 'withheld', reason: '中期评估未通过' });
    // Told again, nothing more happens.
    expect((await releaseForEvaluation(systemCtx(t.db, 'evaluation'), contract.id, 'mid', true, 'eval-mid-2')).paidTrancheIds).toEqual([]);
    const final = await releaseForEvaluation(systemCtx(t.db, 'evaluation'), contract.id, 'final', true, 'eval-final');
    expect(final).toMatchObject({ paidTrancheIds: [contract.tranches[2].id], contractStatus: 'completed' });
    expect(await balanced(fund!.id)).toEqual({ budgetFen: 150_000_000, availableFen: 144_000_000, committedFen: 0, paidFen: 6_000_000 });
    const detail = (await staff.get(`/api/funding/contracts/${contract.id}`)).json();
    expect(detail.status).toBe('completed');
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['create', 'sign', 'mid_evaluation_failed', 'final_evaluation_passed', 'complete']);
    const actions = (await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityName, contract.title))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['funding.contract.sign', 'funding.tranche.pay', 'funding.tranche.withhold', 'funding.contract.complete']));
  });

  it('terminating a contract releases what is unpaid and revokes its printed contract', async () => {
    const { contract, fund } = await signed();
    const doc = await staff.post(`/api/funding/contracts/${contract.id}/document`);
    expect(doc.status, doc.body).toBe(200);
    const refused = await staff.post(`/api/funding/contracts/${contract.id}/terminate`, { reason: '' });
    expect(refused.status).toBe(400);
    const res = await staff.post(`/api/funding/contracts/${contract.id}/terminate`, { reason: '机构停止运营' });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'terminated', terminationReason: '机构停止运营' });
    expect(await balanced(fund!.id)).toEqual({ budgetFen: 150_000_000, availableFen: 147_000_000, committedFen: 0, paidFen: 3_000_000 });
    const verify = await anonymous(t.app).get(`/api/verify/${doc.json().code}`);
    expect(verify.json()).toMatchObject({ valid: false, revokedReason: 'contract_terminated' });
  });
});

describe('the printed contract and the announcement', () => {
  it('prints parties, content, amount in figures and words, term, milestones, tranches and the code; the verification page shows the public facts', async () => {
    const { contract } = await signed({ milestones: [{ title: '完成<入户>摸底', dueOn: '2026-06-30' }] });
    expect((await staff.post(`/api/funding/contracts/${contract.id}/document`)).status).toBe(200);
    const res = await member.post(`/api/funding/contracts/${contract.id}/document`);
    expect(res.status, res.body).toBe(200);
    const doc = res.json();
    expect(doc.reused).toBe(true);
    expect(doc.kind).toBe('funding.contract');
    for (const text of [contract.purchaserName, '甲街道助老服务社', contract.contractNumber, '壹拾万元整', '¥100,000.00', '2026-04-01 至 2027-03-31', '完成&lt;入户&gt;摸底', '结项评估合格后拨付', doc.code, '<svg']) {
      expect(doc.html).toContain(text);
    }
    expect(doc.html).not.toContain('<入户>');
    const verify = await anonymous(t.app).get(`/api/verify/${doc.code}`);
    expect(verify.status).toBe(200);
    expect(verify.json()).toMatchObject({ kind: 'funding.contract', valid: true });
    expect(verify.json().facts).toEqual({
      contractNumber: contract.contractNumber,
      title: contract.title,
      purchaser: contract.purchaserName,
      provider: '甲街道助老服务社',
      amountFen: 10_000_000,
      amountInWords: '壹拾万元整',
      startsOn: '2026-04-01',
      endsOn: '2027-03-31',
      signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('refuses to print a draft', async () => {
    const { contract } = await draft();
    const res = await staff.post(`/api/funding/contracts/${contract.id}/document`);
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('contract_not_printable');
  });

  it('announces signed contracts to anyone, without drafts or people', async () => {
    const { contract } = await signed();
    const { contract: unsigned } = await draft();
    const res = await anonymous(t.app).get(`/api/funding/public/contracts?region=${A.district}&pageSize=100`);
    expect(res.status).toBe(200);
    const items = res.json().items as { contractNumber: string; title: string }[];
    expect(items.map((i) => i.contractNumber)).toContain(contract.contractNumber);
    expect(items.some((i) => i.title === unsigned.title)).toBe(false);
    expect(Object.keys(items[0]).sort()).toEqual(['amountFen', 'contractNumber', 'endsOn', 'providerName', 'purchaserName', 'signedOn', 'startsOn', 'status', 'title']);
  });
});

describe('renewal (F11)', () => {
  it('drafts next year from the last contract; signing it unchanged is refused; adjusted, it signs and shows the change', async () => {
    const { contract, fund } = await signed();
    const res = await staff.post(`/api/funding/contracts/${contract.id}/renew`, {});
    expect(res.status, res.body).toBe(200);
    const next = res.json();
    expect(next).toMatchObject({ status: 'draft', previousContractId: contract.id, startsOn: '2027-04-01', endsOn: '2028-03-31', amountFen: 10_000_000 });
    expect(next.changes.map((c: { field: string }) => c.field)).toEqual(['startsOn', 'endsOn']);
    const before = await dbSnapshot(t.db);
    const unchanged = await staff.post(`/api/funding/contracts/${next.id}/sign`);
    expect(unchanged.status).toBe(409);
    expect(unchanged.json().error.code).toBe('contract_renewal_unchanged');
    expect(unchanged.json().error.message).toContain('调整服务内容');
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);

    const again = await staff.post(`/api/funding/contracts/${contract.id}/renew`, {});
    expect(again.json().error.code).toBe('contract_already_renewed');

    const adjusted = await staff.patch(`/api/funding/contracts/${next.id}`, { content: { ...next.content, goals: '一年内服务高龄独居老人 260 人，新增助浴' } });
    expect(adjusted.status, adjusted.body).toBe(200);
    expect(adjusted.json().changes).toEqual(
      expect.arrayContaining([{ field: 'content.goals', before: '一年内服务高龄独居老人 200 人', after: '一年内服务高龄独居老人 260 人，新增助浴' }]),
    );
    const sign = await staff.post(`/api/funding/contracts/${next.id}/sign`);
    expect(sign.status, sign.body).toBe(200);
    expect(await balanced(fund!.id)).toMatchObject({ committedFen: 14_000_000, paidFen: 6_000_000 });
    expect((await staff.get(`/api/funding/contracts/${contract.id}`)).json().renewedById).toBe(next.id);
  });

  it("pays a renewal from next year's fund when it names one of the call's region, refusing any other", async () => {
    const { contract, fund } = await signed();
    const nextYear = await openFund(systemCtx(t.db, 'test'), { regionCode: A.district, year: 2027, kind: 'special_fund', name: `测试区2027年专项资金${contract.id.slice(0, 6)}`, appropriationFen: 50_000_000 });
    const B = await makeRegionTree(t.db);
    const elsewhere = await openFund(systemCtx(t.db, 'test'), { regionCode: B.district, year: 2027, kind: 'special_fund', name: `乙区专项资金${contract.id.slice(0, 6)}`, appropriationFen: 50_000_000 });
    const before = await dbSnapshot(t.db);
    const wrong = await staff.post(`/api/funding/contracts/${contract.id}/renew`, { fundId: elsewhere.id });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.fields[0]).toMatchObject({ field: 'fundId', problem: 'contract_fund_region' });
    const unknown = await staff.post(`/api/funding/contracts/${contract.id}/renew`, { fundId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.json().error.fields[0]).toMatchObject({ field: 'fundId', problem: 'contract_fund_unknown' });
    expect(changedTables(before, await dbSnapshot(t.db))).toEqual([]);
    const res = await staff.post(`/api/funding/contracts/${contract.id}/renew`, { fundId: nextYear.id, content: { ...contract.content, goals: '新增助浴' } });
    expect(res.status, res.body).toBe(200);
    expect((await staff.post(`/api/funding/contracts/${res.json().id}/sign`)).status).toBe(200);
    expect(await balanced(nextYear.id)).toMatchObject({ committedFen: 7_000_000, paidFen: 3_000_000 });
    expect(await balanced(fund!.id)).toMatchObject({ committedFen: 7_000_000, paidFen: 3_000_000 });
  });

  it('refuses to renew a draft', async () => {
    const { contract } = await draft();
    const res = await staff.post(`/api/funding/contracts/${contract.id}/renew`, {});
    expect(res.status).toBe(409);
    expect(res.json().error.code).toBe('contract_not_renewable');
  });
});

describe('who sees a contract', () => {
  it('lets an organisation read its own contracts only (another organisation’s is a 404), and change none', async () => {
    const own = await signed();
    const other = await makeApprovedApplication(t.db, { callRegion: A.street, organization: otherTeam });
    const res = await staff.post('/api/funding/contracts', { applicationId: other.application.id, ...YEAR });
    const othersId = res.json().id;
    expect((await member.get(`/api/funding/contracts/${own.contract.id}`)).status).toBe(200);
    const hidden = await member.get(`/api/funding/contracts/${othersId}`);
    expect(hidden.status).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    const list = (await member.get('/api/funding/contracts?pageSize=100')).json();
    expect(list.items.every((c: { organizationId: string }) => c.organizationId === team.id)).toBe(true);
    expect(list.items.some((c: { id: string }) => c.id === own.contract.id)).toBe(true);
    expect((await member.post(`/api/funding/contracts/${own.contract.id}/sign`)).status).toBe(403);
    expect((await member.get(`/api/funding/contracts/${own.contract.id}`)).json().abilities).toMatchObject({ edit: false, sign: false, terminate: false, renew: false, print: true });
    const outsider = await makeUser(t.db, [{ role: 'centre_staff', regionCode: (await makeRegionTree(t.db)).district }]);
    const elsewhere = await signIn(t.app, outsider.username, PASSWORD);
    expect((await elsewhere.get(`/api/funding/contracts/${own.contract.id}`)).status).toBe(404);
    expect((await elsewhere.post(`/api/funding/contracts/${othersId}/sign`)).status).toBe(404);
  });
});

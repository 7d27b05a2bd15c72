/**
 * The funding demo (issue 9) obeys the platform's rules: every seeded call, application, score,
 * notice, proposal, contract, tranche, report and evaluation is read back and put through the API's
 * contracts (Zod) and the services' own rules (checkTerms, checkFund, weightedTotal, aggregate,
 * the funding line, the working-day calendar, verdictOf); the ledger balances to the fen; the
 * figures of seed 004 hold; and each demo account finds its work through the API.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { ZApplicationBody } from '../../../../shared/funding/applications.js';
import { ZCallBody, type TEligibilityRule } from '../../../../shared/funding/calls.js';
import { addDays, isOverdue, ZEvaluationBody, ZReportBody } from '../../../../shared/funding/monitoring.js';
import { ZProposalContent } from '../../../../shared/funding/optimisation.js';
import { PIPELINE_STEPS, stepListProblem, type PipelineStep } from '../../../../shared/funding/pipeline.js';
import { ZCriteria, ZScoreBody, fromTenths, type Aggregation } from '../../../../shared/funding/review.js';
import { CALENDAR_YEAR_MIN } from '../../../../shared/calendar/schemas.js';
import { fundSummary } from '../../core/ledger/ledger.js';
import { ledgerAccounts, ledgerBalances, ledgerEntries, ledgerFunds, ledgerJournals } from '../../core/ledger/ledger.tables.js';
import { assignments, workflowHistory } from '../../core/core.tables.js';
import { addWorkingDays } from '../../modules/calendar/calendar.service.js';
import { fundingApplications, fundingBudgetLines, fundingCalls, fundingCallTopics, fundingNeeds } from '../../modules/funding/funding.tables.js';
import {
  fundingNotices,
  fundingPanels,
  fundingProposalVersions,
  fundingReviewAssignments,
  fundingReviewResults,
  fundingReviewScores,
} from '../../modules/funding/funding-review.tables.js';
import { fundingContractCounters, fundingContracts, fundingMilestones, fundingTranches } from '../../modules/funding/funding-contracts.tables.js';
import { fundingEvaluations, fundingProgressReports } from '../../modules/funding/funding-monitoring.tables.js';
import { checkFund, checkTerms, trancheInputsOf } from '../../modules/funding/service/contracts.js';
import { aggregate, aggregateHundredths, fundingLine, rankCandidates, weightedTotal } from '../../modules/funding/service/review-ranking.js';
import { verdictOf, type StoredScreening } from '../../modules/funding/service/screening-view.js';
import { buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import type { Database } from '../client.js';
import { DONGCHENG_FUNDING, FUNDING_ACCOUNTS, WULIQIAO_SEED_FUND_FEN } from './funding.js';
import { DEMO_PASSWORD, seedDemo } from './index.js';

let testApp: TestApp;
let database: Database;
let today: string;

type Call = typeof fundingCalls.$inferSelect;
type App = typeof fundingApplications.$inferSelect;
type Contract = typeof fundingContracts.$inferSelect;
type Tranche = typeof fundingTranches.$inferSelect;
let calls: Call[];
let apps: App[];
let contracts: Contract[];
let tranches: Tranche[];

const zodProblems = (label: string, result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => `${label}: ${i.path.join('.')} ${i.message}`);
const inDongcheng = (regionCode: string) => regionCode.startsWith('110101');
const group = <T, K>(rows: T[], key: (r: T) => K) => {
  const out = new Map<K, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
};

describe('the funding demo obeys the platform rules', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    testApp = await buildTestApp();
    database = testApp.database;
    await seedDemo(database.db);
    today = todayInChina();
    const db = database.db;
    calls = await db.select().from(fundingCalls);
    apps = await db.select().from(fundingApplications);
    contracts = await db.select().from(fundingContracts);
    tranches = await db.select().from(fundingTranches);
  }, 180_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('东城 adds up to seed 004: 230余 projects by 80余 organisations, 2000余万元, 269,116 受益人次', async () => {
    const dongcheng = contracts.filter((c) => inDongcheng(c.regionCode));
    expect(dongcheng.length).toBe(DONGCHENG_FUNDING.contracts);
    expect(dongcheng.length).toBeGreaterThan(230);
    expect(dongcheng.length).toBeLessThan(240);
    const organisations = new Set(dongcheng.map((c) => c.organizationId)).size;
    expect(organisations).toBe(DONGCHENG_FUNDING.organizations);
    const amount = dongcheng.reduce((s, c) => s + c.amountFen, 0);
    expect(amount).toBe(DONGCHENG_FUNDING.amountFen);
    expect(amount).toBeGreaterThan(20_000_000_00);
    expect(amount).toBeLessThan(21_000_000_00);
    const reports = await database.db.select().from(fundingProgressReports);
    const reached = reports.filter((r) => inDongcheng(r.regionCode) && r.beneficiaryCount !== null).reduce((s, r) => s + r.beneficiaryCount!, 0);
    expect(reached).toBe(269_116);
    // The dashboard's roll-up, kept by the database's triggers, says the same.
    const [rollup] = await database.db.execute<{ beneficiaries: string; contracts: string }>(
      sql`select sum(beneficiaries)::text as beneficiaries, sum(contracts)::text as contracts from funding_rollup where region_code like '110101%'`,
    ).then((r: any) => r.rows);
    expect(Number(rollup.beneficiaries)).toBe(269_116);
    expect(Number(rollup.contracts)).toBe(DONGCHENG_FUNDING.contracts);
    // Six 公益创投 rounds, 2019–2024, one a year, and a purchase-of-services call every year.
    const rounds = calls.filter((c) => inDongcheng(c.regionCode) && c.callType === 'venture' && c.status === 'completed');
    expect(rounds.map((c) => c.year).sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(calls.filter((c) => inDongcheng(c.regionCode) && c.callType === 'purchase' && c.status === 'completed').length).toBe(7);
  });

  it('every fund balances to the fen: journals sum to zero, balances are their entries, none below zero, budget = available + committed + paid', async () => {
    const db = database.db;
    const entries = await db.select().from(ledgerEntries);
    const journals = await db.select().from(ledgerJournals);
    const byJournal = group(entries, (e) => e.journalId);
    const problems: string[] = [];
    for (const j of journals) {
      const lines = byJournal.get(j.id) ?? [];
      if (lines.length < 2 || lines.reduce((s, l) => s + l.amountFen, 0) !== 0) problems.push(`journal ${j.key} does not balance`);
    }
    const byAccount = group(entries, (e) => e.accountId);
    const accounts = new Map((await db.select().from(ledgerAccounts)).map((a) => [a.id, a]));
    for (const b of await db.select().from(ledgerBalances)) {
      const sum = (byAccount.get(b.accountId) ?? []).reduce((s, e) => s + e.amountFen, 0);
      if (sum !== b.balanceFen) problems.push(`account ${b.accountId}: balance ${b.balanceFen} ≠ entries ${sum}`);
      if (!accounts.get(b.accountId)!.allowNegative && b.balanceFen < 0) problems.push(`account ${b.accountId} below zero`);
    }
    const funds = await db.select().from(ledgerFunds);
    expect(funds.length).toBeGreaterThanOrEqual(9);
    for (const f of funds) {
      const s = await fundSummary(db, f.id);
      if (s.budgetFen !== s.availableFen + s.committedFen + s.paidFen) problems.push(`${f.name}: budget ≠ available + committed + paid`);
      const onFund = contracts.filter((c) => c.fundId === f.id);
      const ofContracts = new Set(onFund.map((c) => c.id));
      const paid = tranches.filter((t) => ofContracts.has(t.contractId) && t.status === 'paid').reduce((a, t) => a + t.amountFen, 0);
      const owed = tranches.filter((t) => ofContracts.has(t.contractId) && t.status === 'pending').reduce((a, t) => a + t.amountFen, 0);
      if (s.paidFen !== paid) problems.push(`${f.name}: paid ${s.paidFen} ≠ paid tranches ${paid}`);
      if (s.committedFen !== owed) problems.push(`${f.name}: committed ${s.committedFen} ≠ pending tranches ${owed}`);
      const budgets = calls.filter((c) => c.fundId === f.id).reduce((a, c) => a + c.budgetFen, 0);
      if (s.budgetFen !== budgets) problems.push(`${f.name}: appropriated ${s.budgetFen} ≠ its calls' budgets ${budgets}`);
    }
    expect(problems).toEqual([]);
    const seedFund = funds.find((f) => f.kind === 'seed_fund' && f.regionCode === '310101020000')!;
    expect((await fundSummary(db, seedFund.id)).budgetFen).toBe(WULIQIAO_SEED_FUND_FEN);
  });

  it('every call passes the create contract, runs a valid pipeline and sits on a step it runs', async () => {
    const topics = group(await database.db.select().from(fundingCallTopics), (t) => t.callId);
    const problems = calls.flatMap((c) => {
      const body = {
        callType: c.callType, regionCode: c.regionCode, year: c.year, title: c.title, description: c.description, budgetFen: c.budgetFen, capFen: c.capFen,
        deadline: c.deadline.toISOString(), opensAt: c.opensAt?.toISOString() ?? null, topicIds: (topics.get(c.id) ?? []).map((t) => t.topicId),
        eligibility: c.eligibility, form: c.form,
      };
      const out = zodProblems(c.title, ZCallBody.safeParse(body));
      if (stepListProblem(c.steps as PipelineStep[])) out.push(`${c.title}: steps ${c.steps.join(',')}`);
      if (!c.steps.includes(c.step)) out.push(`${c.title}: step ${c.step} not run`);
      if (c.capFen !== null && c.capFen > c.budgetFen) out.push(`${c.title}: cap over budget`);
      if (c.opensAt && c.opensAt >= c.deadline) out.push(`${c.title}: opens after its deadline`);
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('every application passes the contract; submitted ones have lines adding up to the amount, within the cap, activities in the call year, and the screening verdict they carry', async () => {
    const lines = group(await database.db.select().from(fundingBudgetLines), (l) => l.applicationId);
    const topicsOf = group(await database.db.select().from(fundingCallTopics), (t) => t.callId);
    const callOf = new Map(calls.map((c) => [c.id, c]));
    const problems = apps.flatMap((a) => {
      const call = callOf.get(a.callId)!;
      const budget = (lines.get(a.id) ?? []).sort((x, y) => x.position - y.position).map((l) => ({ item: l.item, category: l.category, amountFen: l.amountFen, note: l.note }));
      const body = {
        callId: a.callId, organizationId: a.organizationId, title: a.title, summary: a.summary, goals: a.goals, topicId: a.topicId, activities: a.activities,
        targetBeneficiaries: a.targetBeneficiaries, beneficiaryCount: a.beneficiaryCount, indicators: a.indicators, answers: a.answers, amountFen: a.amountFen, budgetLines: budget,
      };
      const out = zodProblems(a.title, ZApplicationBody.safeParse(body));
      const callTopicIds = (topicsOf.get(a.callId) ?? []).map((t) => t.topicId);
      if (a.topicId && !callTopicIds.includes(a.topicId)) out.push(`${a.title}: topic not of its call`);
      const questions = new Set((call.form as { key: string }[]).map((q) => q.key));
      for (const key of Object.keys(a.answers)) if (!questions.has(key)) out.push(`${a.title}: answers an unknown question ${key}`);
      if (a.status === 'draft') return out;
      if (!a.goals?.trim() || !a.targetBeneficiaries?.trim() || !a.beneficiaryCount || !(a.indicators as unknown[]).length) out.push(`${a.title}: incomplete for submission`);
      if (budget.reduce((s, l) => s + l.amountFen, 0) !== a.amountFen) out.push(`${a.title}: budget lines ≠ amount`);
      if (a.amountFen > (call.capFen ?? call.budgetFen)) out.push(`${a.title}: over the cap`);
      if (!a.submittedAt || a.submittedAt > call.deadline) out.push(`${a.title}: submitted after the deadline`);
      for (const act of a.activities as { startsOn: string; endsOn: string }[]) {
        if (!act.startsOn.startsWith(String(call.year)) || !act.endsOn.startsWith(String(call.year)) || act.endsOn < act.startsOn) out.push(`${a.title}: activity outside ${call.year}`);
      }
      if (a.screening) {
        const verdict = verdictOf(a.screening as unknown as StoredScreening);
        const expected = verdict === 'pending' ? 'submitted' : verdict;
        if (['submitted', 'screened_in', 'screened_out'].includes(a.status) && a.status !== expected) out.push(`${a.title}: ${a.status} but screens ${verdict}`);
        if ((a.screening as unknown as StoredScreening).results.length !== (call.eligibility as TEligibilityRule[]).length) out.push(`${a.title}: screening misses rules`);
      }
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('scores follow the rubric; aggregates, ranks and decisions are the funding line over the call budget', async () => {
    const db = database.db;
    const panels = await db.select().from(fundingPanels);
    const assignmentRows = await db.select().from(fundingReviewAssignments);
    const scores = await db.select().from(fundingReviewScores);
    const results = await db.select().from(fundingReviewResults);
    const core = new Set((await db.select().from(assignments)).map((a) => `${a.entityType}:${a.entityId}:${a.userId}`));
    const assignmentById = new Map(assignmentRows.map((a) => [a.id, a]));
    const problems: string[] = [];
    for (const a of assignmentRows) if (!core.has(`funding.application:${a.applicationId}:${a.expertId}`)) problems.push(`assignment ${a.id} opens nothing to its expert`);
    for (const p of panels) {
      problems.push(...zodProblems(`panel ${p.id}`, ZCriteria.safeParse(p.criteria)));
      const ofPanel = scores.filter((s) => assignmentById.get(s.assignmentId)!.panelId === p.id);
      for (const s of ofPanel) {
        const body = { scores: Object.fromEntries(Object.entries(s.scores).map(([k, v]) => [k, { score: fromTenths(v.tenths) }])), comment: s.comment };
        problems.push(...zodProblems(`score ${s.id}`, ZScoreBody.safeParse(body)));
        if (p.criteria.some((c) => (s.scores[c.code]?.tenths ?? -1) > c.maxScore * 10)) problems.push(`score ${s.id} over a criterion's maximum`);
        if (weightedTotal(p.criteria, s.scores) !== s.totalHundredths) problems.push(`score ${s.id}: total ${s.totalHundredths}`);
      }
      if (p.status !== 'closed') continue;
      const call = calls.find((c) => c.id === p.callId)!;
      const candidates = results
        .filter((r) => r.panelId === p.id)
        .map((r) => {
          const totals = ofPanel.filter((s) => assignmentById.get(s.assignmentId)!.applicationId === r.applicationId && !s.returnedAt).map((s) => s.totalHundredths);
          const agg = aggregate(p.aggregation as Aggregation, totals);
          if (aggregateHundredths(agg) !== r.aggregateHundredths) problems.push(`result ${r.applicationId}: aggregate ${r.aggregateHundredths}`);
          if (totals.length !== r.scoreCount) problems.push(`result ${r.applicationId}: ${r.scoreCount} scores`);
          const app = apps.find((a) => a.id === r.applicationId)!;
          return { applicationId: r.applicationId, amountFen: app.amountFen, submittedAt: app.submittedAt, aggregate: agg, result: r };
        });
      const ranked = rankCandidates(candidates);
      const line = fundingLine(ranked, call.budgetFen);
      ranked.forEach((c, i) => {
        if (c.result.rank !== i + 1) problems.push(`${call.title}: rank of ${c.applicationId}`);
        if ((c.result.lineDecision === 'approved') !== line.approved.has(c.applicationId)) problems.push(`${call.title}: line decision of ${c.applicationId}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('notices count their objection period in working days on the calendar; proposals and contracts pass their contracts, terms and fund checks', async () => {
    const db = database.db;
    const problems: string[] = [];
    for (const n of await db.select().from(fundingNotices)) {
      let endsOn: string;
      if (Number(n.publishedOn.slice(0, 4)) >= CALENDAR_YEAR_MIN) endsOn = await addWorkingDays(db, n.publishedOn, n.objectionDays);
      else {
        // Before the calendar's first year it knows no holidays: weekends alone.
        endsOn = n.publishedOn;
        for (let left = n.objectionDays; left > 0; ) {
          endsOn = addDays(endsOn, 1);
          if (![0, 6].includes(new Date(`${endsOn}T00:00:00Z`).getUTCDay())) left--;
        }
      }
      if (n.endsOn !== endsOn) problems.push(`notice ${n.id}: ends ${n.endsOn}, calendar says ${endsOn}`);
      if (n.fixedAt && todayInChina(n.fixedAt) <= n.endsOn) problems.push(`notice ${n.id}: fixed inside its period`);
    }
    const versions = await db.select().from(fundingProposalVersions);
    for (const v of versions) problems.push(...zodProblems(`version ${v.applicationId}/${v.version}`, ZProposalContent.safeParse(v.content)));
    const counters = await db.select().from(fundingContractCounters);
    const milestonesOf = group(await db.select().from(fundingMilestones), (m) => m.contractId);
    for (const c of contracts) {
      const call = calls.find((x) => x.id === c.callId)!;
      const app = apps.find((a) => a.id === c.applicationId)!;
      const own = tranches.filter((t) => t.contractId === c.id).sort((a, b) => a.position - b.position);
      const milestones = (milestonesOf.get(c.id) ?? []).sort((a, b) => a.position - b.position);
      const positionOf = new Map(milestones.map((m) => [m.id, m.position]));
      try {
        checkTerms(
          {
            title: c.title, amountFen: c.amountFen, startsOn: c.startsOn, endsOn: c.endsOn, recurringService: c.recurringService, recurringReason: c.recurringReason, fundId: c.fundId, content: c.content,
            milestones: milestones.map((m) => ({ title: m.title, dueOn: m.dueOn })),
            tranches: trancheInputsOf(own.map((t) => ({ amountFen: t.amountFen, releasedBy: t.releasedBy as any, milestonePosition: t.milestoneId ? positionOf.get(t.milestoneId)! : null }))),
          },
          app.amountFen,
        );
        // The fund as the call's centre would pick it when drafting the contract.
        const staff = { id: '00000000-0000-0000-0000-000000000000', username: 'check', displayName: 'check', grants: [{ id: 'g', role: 'centre_staff' as const, regionCode: call.regionCode, organizationId: null }] };
        await checkFund({ db, actor: staff }, c.fundId!, call.regionCode);
      } catch (error) {
        problems.push(`${c.title}: ${(error as Error).message} ${JSON.stringify((error as any).problems ?? (error as any).params ?? '')}`);
      }
      problems.push(...zodProblems(c.title, ZProposalContent.safeParse(c.content)));
      const accepted = versions.find((v) => v.applicationId === c.applicationId && v.acceptedAt);
      if (!accepted || JSON.stringify(accepted.content) !== JSON.stringify(c.content)) problems.push(`${c.title}: content is not the accepted proposal`);
      const year = Number(todayInChina(c.signedAt!).slice(0, 4));
      if (!new RegExp(`^HT${year}-${call.regionCode}-\\d{4}$`).test(c.contractNumber ?? '')) problems.push(`${c.title}: number ${c.contractNumber}`);
      const seq = Number(c.contractNumber!.slice(-4));
      const counter = counters.find((k) => k.regionCode === call.regionCode && k.year === year);
      if (!counter || seq > counter.lastSeq) problems.push(`${c.title}: number beyond the counter`);
      if (app.status !== 'contracted') problems.push(`${c.title}: application ${app.status}`);
    }
    const numbers = contracts.map((c) => c.contractNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const k of counters) expect(contracts.filter((c) => c.contractNumber!.startsWith(`HT${k.year}-${k.regionCode}-`)).length).toBe(k.lastSeq);
    expect(problems).toEqual([]);
  });

  it('tranches are paid or withheld as the evaluations decided, each by its own journal; reports and evaluations pass their contracts', async () => {
    const db = database.db;
    const evaluations = await db.select().from(fundingEvaluations);
    const reports = await db.select().from(fundingProgressReports);
    const journals = new Map((await db.select().from(ledgerJournals)).map((j) => [j.id, j]));
    const problems: string[] = [];
    for (const t of tranches) {
      if (t.status === 'pending') continue;
      const j = journals.get(t.journalId!);
      if (j?.key !== `funding.tranche:${t.id}:${t.status === 'paid' ? 'pay' : 'release'}`) problems.push(`tranche ${t.id}: journal ${j?.key}`);
    }
    for (const e of evaluations) {
      problems.push(...zodProblems(`evaluation ${e.id}`, ZEvaluationBody.safeParse({ kind: e.kind, indicators: e.indicators.map((i) => ({ achieved: i.achieved, score: i.score })), overallScore: e.overallScore, summary: e.summary })));
      const contract = contracts.find((c) => c.id === e.contractId)!;
      if (e.indicators.length !== contract.content.indicators.length) problems.push(`evaluation ${e.id}: indicator count`);
      const waiting = tranches.filter((t) => t.contractId === e.contractId && t.releasedBy === `${e.kind}_evaluation`);
      for (const t of waiting) {
        if (t.status !== (e.passed ? 'paid' : 'withheld')) problems.push(`evaluation ${e.id}: tranche ${t.status}`);
        if (!(e.passed ? e.released.paid : e.released.withheld).includes(t.id)) problems.push(`evaluation ${e.id}: released misses ${t.id}`);
      }
    }
    for (const c of contracts) {
      const own = tranches.filter((t) => t.contractId === c.id);
      if (own.reduce((s, t) => s + t.amountFen, 0) !== c.amountFen) problems.push(`${c.title}: tranches ≠ amount`);
      const settled = own.every((t) => t.status !== 'pending');
      if ((c.status === 'completed') !== settled) problems.push(`${c.title}: ${c.status} with tranches ${own.map((t) => t.status).join('/')}`);
      for (const t of own.filter((x) => x.status !== 'pending' && x.releasedBy !== 'signing' && x.releasedBy !== 'milestone')) {
        if (!evaluations.some((e) => e.contractId === c.id && `${e.kind}_evaluation` === t.releasedBy)) problems.push(`${c.title}: tranche decided with no evaluation`);
      }
    }
    for (const r of reports.filter((x) => x.status !== 'pending')) {
      problems.push(...zodProblems(`report ${r.id}`, ZReportBody.safeParse({ activities: r.activities, beneficiaryCount: r.beneficiaryCount, narrative: r.narrative, photoIds: r.photoIds })));
      if (r.submittedAt && todayInChina(r.submittedAt) > r.dueOn) problems.push(`report ${r.id}: sent late`);
    }
    expect(problems).toEqual([]);
  });

  it('this year has a call at every step: needs, open (deadline ahead), screening, review, notice (period running), optimisation, monitoring (a report overdue), evaluation', async () => {
    const year = Number(today.slice(0, 4));
    const live = calls.filter((c) => inDongcheng(c.regionCode) && c.status !== 'completed' && c.year >= year - 1);
    const steps = new Set(live.map((c) => c.step));
    for (const step of ['needs', 'call', 'screening', 'review', 'notice', 'optimisation', 'monitoring', 'evaluation'] satisfies PipelineStep[]) expect(steps, step).toContain(step);
    expect(PIPELINE_STEPS.filter((s) => !steps.has(s))).toEqual(['curation', 'contract']);
    const open = live.find((c) => c.step === 'call')!;
    expect(open.deadline.getTime()).toBeGreaterThan(Date.now() + 7 * 86400_000);
    const notice = (await database.db.select().from(fundingNotices)).find((n) => n.callId === live.find((c) => c.step === 'notice')!.id)!;
    expect(notice.endsOn >= today && !notice.fixedAt).toBe(true);
    const reports = await database.db.select().from(fundingProgressReports);
    expect(reports.some((r) => isOverdue({ status: r.status as any, dueOn: r.dueOn }, today))).toBe(true);
    // Needs in the pool, one merged into another, one closed, the rest curated into topics.
    const needs = await database.db.select().from(fundingNeeds);
    expect(new Set(needs.map((n) => n.status))).toEqual(new Set(['open', 'merged', 'in_topic', 'closed']));
    expect(new Set(needs.filter((n) => n.source === 'department').map((n) => n.sourceName))).toEqual(new Set(['区体育局', '区委社会工委', '区民政局', '和平里街道', '龙潭街道']));
  });

  it('every need, call, application, contract, tranche, milestone and evaluation has its workflow history, each step from where the last ended, ending where the record stands', async () => {
    const db = database.db;
    const history = await db.select().from(workflowHistory);
    const byEntity = group(
      [...history].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id),
      (h) => `${h.workflow}:${h.entityId}`,
    );
    const problems: string[] = [];
    // Tranches and milestones have no creation step (the contract's terms create them): their first step is from pending.
    const STARTS_PENDING = ['funding.tranche', 'funding.milestone'];
    const expectEnd = (workflow: string, id: string, state: string, label: string) => {
      const steps = byEntity.get(`${workflow}:${id}`) ?? [];
      if (!steps.length) return problems.push(`${label}: no ${workflow} history`);
      steps.forEach((h, i) => {
        if (i === 0 ? h.fromState !== null && !STARTS_PENDING.includes(workflow) : h.fromState !== steps[i - 1].toState) problems.push(`${label}: step ${h.action} from ${h.fromState}`);
        if (h.at > new Date()) problems.push(`${label}: step ${h.action} in the future`);
      });
      const end = steps[steps.length - 1].toState;
      if (end !== state) problems.push(`${label}: ${workflow} history ends at ${end}, record is ${state}`);
    };
    const needs = await db.select().from(fundingNeeds);
    for (const n of needs) expectEnd('funding.need', n.id, n.status, n.title);
    for (const c of calls) expectEnd('funding.call', c.id, c.status === 'published' ? c.step : c.status, c.title);
    for (const a of apps) expectEnd('funding.application', a.id, a.status, a.title);
    for (const c of contracts) expectEnd('funding.contract', c.id, c.status, c.title);
    for (const t of tranches.filter((x) => x.status !== 'pending')) expectEnd('funding.tranche', t.id, t.status, `tranche ${t.id}`);
    for (const m of (await db.select().from(fundingMilestones)).filter((x) => x.status !== 'pending')) expectEnd('funding.milestone', m.id, m.status, m.title);
    for (const e of await db.select().from(fundingEvaluations)) expectEnd('funding.evaluation', e.id, e.passed ? 'passed' : 'failed', `evaluation ${e.id}`);
    expect(problems).toEqual([]);
    // Who did what: the source submits a need and the centre curates it (topic, merge, close with the reason).
    const needSteps = history.filter((h) => h.workflow === 'funding.need');
    const centreName = history.find((h) => h.workflow === 'funding.call' && h.action === 'publish' && h.regionCode.startsWith('110101'))!.actorName;
    for (const h of needSteps.filter((x) => x.action !== 'create')) expect(h.actorName).toBe(centreName);
    for (const n of needs) expect(needSteps.find((h) => h.entityId === n.id && h.action === 'create')!.actorName).toBe(n.sourceName);
    const closed = needs.find((n) => n.status === 'closed')!;
    expect(needSteps.find((h) => h.entityId === closed.id && h.action === 'close')!.comment).toBe(closed.closeReason);
    // A finished round's application: submitted by its organisation, then screened, reviewed, approved and contracted.
    const finished = contracts.find((c) => calls.find((x) => x.id === c.callId)!.status === 'completed')!;
    const way = (byEntity.get(`funding.application:${finished.applicationId}`) ?? []).map((h) => h.action);
    expect(way).toEqual(['create', 'submit', 'screen_in', 'start_review', 'approve', 'contract']);
  });

  it('milestones: the demo organisation and 五里桥 have some; one accepted and its tranche paid, one reported and waiting, one returned with the reason; the ledger agrees', async () => {
    const db = database.db;
    const milestones = await db.select().from(fundingMilestones);
    const history = await db.select().from(workflowHistory);
    const journals = new Map((await db.select().from(ledgerJournals)).map((j) => [j.id, j]));
    const contractOf = (m: { contractId: string }) => contracts.find((c) => c.id === m.contractId)!;
    const ofDemoOrg = (m: { contractId: string }) => contractOf(m).providerName === FUNDING_ACCOUNTS.organizationName;
    expect(milestones.some(ofDemoOrg)).toBe(true);
    expect(milestones.some((m) => contractOf(m).regionCode.startsWith('310101020'))).toBe(true);
    expect(new Set(milestones.map((m) => m.status))).toEqual(new Set(['pending', 'submitted', 'accepted', 'rejected']));
    const problems: string[] = [];
    for (const m of milestones) {
      const c = contractOf(m);
      if (c.status !== 'signed') problems.push(`${m.title}: on a ${c.status} contract`);
      if (m.dueOn < c.startsOn || m.dueOn > c.endsOn) problems.push(`${m.title}: due outside the term`);
      if ((m.status === 'accepted') !== (m.acceptedAt !== null && m.acceptedBy !== null)) problems.push(`${m.title}: accepted without who or when`);
      // Its tranches are paid exactly when it is accepted, by their own journal, at the acceptance.
      for (const t of tranches.filter((x) => x.milestoneId === m.id)) {
        if ((t.status === 'paid') !== (m.status === 'accepted')) problems.push(`${m.title}: tranche ${t.status}, milestone ${m.status}`);
        if (t.status === 'paid') {
          const j = journals.get(t.journalId!);
          if (j?.key !== `funding.tranche:${t.id}:pay` || j.at.getTime() !== m.acceptedAt!.getTime()) problems.push(`${m.title}: journal ${j?.key}`);
        }
      }
      const steps = history.filter((h) => h.workflow === 'funding.milestone' && h.entityId === m.id).map((h) => h.action);
      const expected = { pending: [], submitted: ['report'], accepted: ['report', 'accept'], rejected: ['report', 'reject'] }[m.status as 'pending'];
      if (steps.join() !== expected.join()) problems.push(`${m.title}: steps ${steps.join()}`);
      if (m.status === 'rejected' && !history.find((h) => h.entityId === m.id && h.action === 'reject')?.comment) problems.push(`${m.title}: returned with no reason`);
    }
    for (const t of tranches.filter((x) => x.releasedBy === 'milestone')) if (!milestones.some((m) => m.id === t.milestoneId && m.contractId === t.contractId)) problems.push(`tranche ${t.id}: milestone of another contract`);
    expect(problems).toEqual([]);
    // Through the API: the organisation may report its open milestone; the 五里桥 centre may accept or return the one waiting.
    const org = await signIn(testApp.app, FUNDING_ACCOUNTS.organization, DEMO_PASSWORD);
    const own = milestones.find((m) => ofDemoOrg(m) && m.status === 'pending')!;
    const detail = (await org.get(`/api/funding/contracts/${own.contractId}`)).json();
    expect(detail.milestones.find((m: { id: string }) => m.id === own.id).abilities.report).toBe(true);
    expect(detail.tranches.filter((t: { releasedBy: string; status: string }) => t.releasedBy === 'milestone').map((t: { status: string }) => t.status)).toEqual(['paid', 'pending']);
    // Its mid-term evaluation still has a tranche to pay (e2e/funding-contracts passes one on this contract).
    expect(detail.tranches.map((t: { releasedBy: string }) => t.releasedBy)).toEqual(['signing', 'milestone', 'mid_evaluation', 'milestone', 'final_evaluation']);
    const waiting = milestones.find((m) => m.status === 'submitted')!;
    const centre = await signIn(testApp.app, FUNDING_ACCOUNTS.wuliqiaoCentre, DEMO_PASSWORD);
    const seen = (await centre.get(`/api/funding/contracts/${waiting.contractId}`)).json().milestones.find((m: { id: string }) => m.id === waiting.id);
    expect(seen.abilities).toMatchObject({ accept: true, reject: true });
    expect(seen.history.map((h: { action: string }) => h.action)).toEqual(['report']);
  });

  it('each demo account sees its work through the API', async () => {
    const app = testApp.app;
    // A 200 is also the response contract's word: a record that did not fit would be a 500 (the body says which).
    const get = async (agent: Awaited<ReturnType<typeof signIn>>, url: string) => {
      const res = await agent.get(url);
      expect(res.status, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      return res;
    };
    const staff = await signIn(app, FUNDING_ACCOUNTS.centre, DEMO_PASSWORD);
    const callPage = await get(staff, '/api/funding/calls?pageSize=100');
    expect(callPage.json().total).toBe(calls.filter((c) => inDongcheng(c.regionCode)).length);
    // Each call's detail answers through its response contract (a mismatch would be a 500).
    for (const c of calls.filter((x) => inDongcheng(x.regionCode) && x.status !== 'completed')) await get(staff, `/api/funding/calls/${c.id}`);
    const staffContracts = await get(staff, '/api/funding/contracts?pageSize=100');
    expect(staffContracts.json().total).toBe(DONGCHENG_FUNDING.contracts);

    const org = await signIn(app, FUNDING_ACCOUNTS.organization, DEMO_PASSWORD);
    const own = await get(org, '/api/funding/applications?pageSize=100');
    const statuses = own.json().items.map((a: { status: string }) => a.status);
    expect(statuses).toContain('submitted');
    expect(statuses).toContain('contracted');
    const ownContracts = await get(org, '/api/funding/contracts');
    expect(ownContracts.json().total).toBe(1);
    const monitoring = await get(org, `/api/funding/contracts/${ownContracts.json().items[0].id}/monitoring`);
    // Its report for the last period is overdue, as its to-do list says.
    expect(monitoring.json().reports.some((r: { overdue: boolean }) => r.overdue)).toBe(true);

    const chair = await signIn(app, 'expert.zhang', DEMO_PASSWORD);
    const work = await get(chair, '/api/funding/review/my/assignments');
    const openPanelCall = calls.find((c) => inDongcheng(c.regionCode) && c.step === 'review')!;
    const openItems = work.json().items.filter((i: { callTitle: string }) => i.callTitle === openPanelCall.title);
    expect(openItems.length).toBeGreaterThan(0);
    expect(openItems.every((i: { state: string }) => i.state === 'scored')).toBe(true);
    // The open panel's work comes before ~200 past assignments.
    expect(work.json().items[0].callTitle).toBe(openPanelCall.title);
    // ~200 past assignments on 18 closed panels: 我的评审 shows the open panel first and folds the closed ones (MyReviewsPage groups by panel).
    const chairPanels = (await get(chair, '/api/funding/review/my/panels')).json().items;
    expect(chairPanels[0].status).toBe('open');
    expect(chairPanels.filter((p: { status: string }) => p.status === 'closed').length).toBeGreaterThan(10);
    // expert.zhao has not declared its conflicts on the open panel: none of its applications show.
    const undeclared = await signIn(app, 'expert.zhao', DEMO_PASSWORD);
    const hidden = (await get(undeclared, '/api/funding/review/my/assignments')).json().items.filter((i: { callTitle: string }) => i.callTitle === openPanelCall.title);
    expect(hidden).toEqual([]);

    const monitor = await signIn(app, FUNDING_ACCOUNTS.evaluator, DEMO_PASSWORD);
    const monitored = await get(monitor, '/api/funding/monitoring/contracts?pageSize=100');
    expect(monitored.json().total).toBe(contracts.length);
    expect(monitored.json().items.some((c: { overdueReports: number }) => c.overdueReports > 0)).toBe(true);
  });
});

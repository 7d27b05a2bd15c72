/**
 * The funding demo (issue 9): 东城区's calls since 2019 — six 公益创投 rounds (2019–2024, one a year) and a
 * purchase-of-services call each year (2019–2025) — with 235 contracted projects by 84 organisations,
 * contracts summing to 2041.26万元 and accepted progress reports counting 269,116 受益人次 [004]; this
 * year's calls at every step of the pipeline, with dates relative to the day the seed runs; and
 * 五里桥街道's 30万 seed fund for young organisations [000]. Every row is built in memory and written in
 * bulk; the figures come from the platform's own rules (weighted totals, aggregates, the funding
 * line, the working-day calendar, tranche splits, report periods, contract numbers). Every need, call,
 * application, panel, notice, contract, tranche, milestone and evaluation carries the workflow history
 * the services would have written, so each screen's 办理记录 shows who did what and when.
 */
import type { TEligibilityRule } from '../../../../shared/funding/calls.js';
import { addYears, splitByPercentages } from '../../../../shared/funding/contracts.js';
import { addDays, reportPeriods, type ReportFrequency } from '../../../../shared/funding/monitoring.js';
import { DEFAULT_CALL_STEPS, type CallType, type PipelineStep } from '../../../../shared/funding/pipeline.js';
import type { TCriterionScores } from '../../../../shared/funding/review.js';
import type { TProposalContent } from '../../../../shared/funding/optimisation.js';
import { todayInChina } from '../../../../shared/dates.js';
import { assignments, workflowHistory } from '../../core/core.tables.js';
import { ledgerAccounts, ledgerEntries, ledgerFunds, ledgerJournals } from '../../core/ledger/ledger.tables.js';
import { addWorkingDays } from '../../modules/calendar/calendar.service.js';
import { organizationFacts, type OrganizationFacts } from '../../modules/registry/registry.service.js';
import { fundingApplications, fundingBudgetLines, fundingCallTopics, fundingCalls, fundingNeeds, fundingTopics } from '../../modules/funding/funding.tables.js';
import {
  fundingPanelExperts,
  fundingPanels,
  fundingExpertConflicts,
  fundingNotices,
  fundingProposalVersions,
  fundingReviewAssignments,
  fundingReviewResults,
  fundingReviewScores,
} from '../../modules/funding/funding-review.tables.js';
import { fundingContractCounters, fundingContracts, fundingMilestones, fundingTranches } from '../../modules/funding/funding-contracts.tables.js';
import { fundingEvaluations, fundingProgressReports, fundingReportSchedules, fundingSiteVisits } from '../../modules/funding/funding-monitoring.tables.js';
import { applyRule } from '../../modules/funding/service/eligibility.js';
import { verdictOf, type StoredScreening } from '../../modules/funding/service/screening-view.js';
import { aggregate, aggregateHundredths, fundingLine, rankCandidates, weightedTotal } from '../../modules/funding/service/review-ranking.js';
import type { DbOrTx } from '../client.js';
import type { OrgInsert } from './builder.js';
import { BUDGET_ITEMS, CRITERIA, EVALUATION_SUMMARIES, MILESTONES, NEEDS, OPEN_NEEDS, PROJECTS, REPORT_NARRATIVES, SCORE_COMMENTS, TOPICS } from './funding-texts.js';
import { SeedLedger, type Actor } from './funding-ledger.js';
import { chunks, type Rng } from './prng.js';
import { DONGCHENG, WULIQIAO } from './regions.js';

/** What the seed's 东城 figures add up to [004]: 230余项, 80余家, 2000余万元, 269116 人次. */
export const DONGCHENG_FUNDING = { contracts: 235, organizations: 84, amountFen: 2_041_260_000, beneficiaries: 269_116 };
/** 五里桥's seed fund [000]: 30万 a year for young organisations. */
export const WULIQIAO_SEED_FUND_FEN = 30_000_000;
/** Demo accounts the funding data names (users.ts). */
export const FUNDING_ACCOUNTS = {
  centre: 'zx.dongcheng',
  organization: 'zz.qilerong',
  organizationName: '东城区耆乐融长者关爱中心',
  experts: ['expert.zhang', 'expert.li', 'expert.liu', 'expert.chen', 'expert.zhao'],
  evaluator: 'pg.dongcheng',
  wuliqiaoCentre: 'zx.wuliqiao',
} as const;

const HISTORY_VENTURE_YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const HISTORY_PURCHASE_YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const VENTURE_PER_ROUND = 18;
const PURCHASE_PER_YEAR = 17;
const WAN = 1_000_000; // 1万元 in fen
const HUNDRED_YUAN = 10_000;

type MilestoneFate = 'pending' | 'submitted' | 'accepted' | 'rejected';
/**
 * Running contracts paid in part on milestones (30% signing, 20% the first milestone, 20% the mid-term
 * evaluation, 10% the second milestone, 20% the final evaluation), keyed by the call's region|step|status and the contract's place in the call: the demo
 * organisation's first milestone accepted and paid, another 东城 one returned with a reason, 五里桥's
 * first reported and waiting for the centre, its second accepted and paid.
 */
const MILESTONE_PLANS: Record<string, Record<number, MilestoneFate[]>> = {
  [`${DONGCHENG}|monitoring|published`]: { 0: ['accepted', 'pending'], 1: ['rejected', 'pending'] },
  [`${WULIQIAO}|monitoring|published`]: { 0: ['submitted', 'pending'], 1: ['accepted', 'pending'] },
};

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];
type CallRow = Insert<typeof fundingCalls> & { id: string; steps: string[]; step: string };
type AppRow = Insert<typeof fundingApplications> & { id: string };
type ContractRow = Insert<typeof fundingContracts> & { id: string; signedAt: Date };

const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const chinaDay = (d: Date) => todayInChina(d);

/** The n-th working day after a date on the calendar (the calendar keeps 2020 on; before, weekends alone). */
async function workingDaysAfter(db: DbOrTx, from: string, n: number): Promise<string> {
  if (Number(from.slice(0, 4)) >= 2020) return addWorkingDays(db, from, n);
  let day = from;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day;
}

/** `total` split in the proportions of `weights`, in whole units, the remainder on the last. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1] += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

interface Rows {
  topics: Insert<typeof fundingTopics>[];
  needs: Insert<typeof fundingNeeds>[];
  mergedNeeds: Insert<typeof fundingNeeds>[];
  calls: CallRow[];
  callTopics: Insert<typeof fundingCallTopics>[];
  apps: AppRow[];
  lines: Insert<typeof fundingBudgetLines>[];
  panels: Insert<typeof fundingPanels>[];
  experts: Insert<typeof fundingPanelExperts>[];
  conflicts: Insert<typeof fundingExpertConflicts>[];
  reviewAssignments: Insert<typeof fundingReviewAssignments>[];
  scores: Insert<typeof fundingReviewScores>[];
  results: Insert<typeof fundingReviewResults>[];
  notices: Insert<typeof fundingNotices>[];
  versions: Insert<typeof fundingProposalVersions>[];
  contracts: ContractRow[];
  tranches: Insert<typeof fundingTranches>[];
  schedules: Insert<typeof fundingReportSchedules>[];
  reports: Insert<typeof fundingProgressReports>[];
  visits: Insert<typeof fundingSiteVisits>[];
  evaluations: Insert<typeof fundingEvaluations>[];
  milestones: Insert<typeof fundingMilestones>[];
  assignments: Insert<typeof assignments>[];
  history: Insert<typeof workflowHistory>[];
}

/** One call's plan: what it is, where it has got to, and the applications it received. */
interface CallPlan {
  regionCode: string;
  callType: CallType;
  year: number;
  title: string;
  description: string;
  /** The step it is at; a completed call ran every step. */
  step: PipelineStep;
  status: 'draft' | 'published' | 'completed';
  topicIndexes: number[];
  fund: { id: string; name: string; budget: number };
  eligibility: TEligibilityRule[];
  /** Dates (China) of its course; later ones are ignored when the call has not got there. */
  opensOn: string;
  deadline: Date;
  reviewDeadline?: Date;
  panelClosedOn?: string;
  noticeOn?: string;
  startsOn?: string;
  endsOn?: string;
  frequency: ReportFrequency;
  midOn?: string;
  finalOn?: string;
  /** Amounts of the projects it funds (contracted, or approved once past the review). */
  funded: number[];
  /** How many it does not fund, screens out, and so on. */
  notFunded: number;
  screenedOut: number;
  /** Applications still waiting for a manual rule (screening step). */
  pendingManual?: number;
  drafts?: number;
  /** Organisations that apply first, in order (the demo organisation's live application and contract). */
  firstOrgs?: OrganizationFacts[];
  experts: string[];
  aggregation: 'mean' | 'trimmed_mean';
  /** Evaluations whose result fails (index into funded). */
  failMid?: number[];
  failFinal?: number[];
  /** Reports of these funded projects are left overdue (their latest due period unsent). */
  overdue?: number[];
  cap?: number;
}

export interface FundingSeedInput {
  rng: Rng;
  orgs: readonly OrgInsert[];
  userIds: ReadonlyMap<string, string>;
  displayNames: ReadonlyMap<string, string>;
  now?: Date;
}

export async function seedFunding(tx: DbOrTx, input: FundingSeedInput): Promise<void> {
  const { rng, userIds, displayNames } = input;
  const now = input.now ?? new Date();
  const today = chinaDay(now);
  const thisYear = Number(today.slice(0, 4));
  const day = (n: number) => addDays(today, n);
  const user = (name: string) => {
    const id = userIds.get(name);
    if (!id) throw new Error(`demo seed: account ${name} missing`);
    return id;
  };
  const actor = (name: string): Actor => ({ id: user(name), name: displayNames.get(name) ?? name });
  const centre = actor(FUNDING_ACCOUNTS.centre);
  const evaluator = actor(FUNDING_ACCOUNTS.evaluator);
  const ledger = new SeedLedger(rng);
  const rows: Rows = {
    topics: [], needs: [], mergedNeeds: [], calls: [], callTopics: [], apps: [], lines: [], panels: [], experts: [], conflicts: [], reviewAssignments: [],
    scores: [], results: [], notices: [], versions: [], contracts: [], tranches: [], schedules: [], reports: [], visits: [], evaluations: [], milestones: [], assignments: [], history: [],
  };
  /** A step of a workflow as the services record it (core/workflow.ts): the history every screen shows. */
  const step = (workflow: string, entityId: string, regionCode: string, from: string | null, to: string, action: string, who: Actor, when: Date, comment: string | null = null) =>
    rows.history.push({ workflow, entityId, regionCode, fromState: from, toState: to, action, actorId: who.id, actorName: who.name, comment, at: when });

  // ---- Organisations: 84 registered 东城 organisations carry the contracts; others apply and are not funded.
  // Founded before 2018: twelve months registered by the first call's screening (2019). The demo
  // organisation (founded up to 2020) only applies to this year's calls, placed by hand.
  const registered = input.orgs.filter((o) => o.regionCode.startsWith('110101') && o.status === 'registered');
  const facts = await organizationFacts(tx, registered.map((o) => o.id!));
  const demoRow = registered.find((o) => o.name === FUNDING_ACCOUNTS.organizationName);
  if (!demoRow) throw new Error(`demo seed: ${FUNDING_ACCOUNTS.organizationName} is not a registered 东城 organisation`);
  const demoOrg = facts.get(demoRow.id!)!;
  const seasoned = registered.filter((o) => o.id !== demoRow.id && (o.foundedOn ?? '9999') <= '2017-12-31');
  const named = ['东城区益生活知识传播服务中心', '东城区五色土社会工作事务所', '东城区社区参与行动服务中心', '小棉袄居家养老服务中心', '引行社工事务所', '北京爱众慈孝家园养老服务中心'];
  const namedOrgs = seasoned.filter((o) => named.includes(o.name)).map((o) => facts.get(o.id!)!);
  const rest = rng.shuffle(seasoned.filter((o) => !named.includes(o.name)).map((o) => facts.get(o.id!)!));
  const agencies = rest.filter((o) => o.legalForm === 'social_service_agency');
  const groups = rest.filter((o) => o.legalForm === 'social_group');
  const agencyCount = DONGCHENG_FUNDING.organizations - 1 - namedOrgs.length - 17;
  const contractors = [...namedOrgs, ...agencies.slice(0, agencyCount), ...groups.slice(0, 17)];
  if (contractors.length + 1 !== DONGCHENG_FUNDING.organizations) throw new Error(`demo seed: ${contractors.length + 1} contracting organisations`);
  const others = [...agencies.slice(agencyCount), ...groups.slice(17)];
  let nextContractor = 0;
  let nextOther = 0;
  const contractor = () => contractors[nextContractor++ % contractors.length];
  const other = () => others[nextOther++ % others.length];

  // ---- Needs and topics (F1): what 区体育局, 区委社会工委, 区民政局, 和平里 and 龙潭 asked for [004].
  const topicIds = TOPICS.map((t, i) => {
    const id = rng.uuid();
    const created = at(`2019-01-0${(i % 5) + 2}`);
    rows.topics.push({ id, regionCode: DONGCHENG, title: t.title, description: t.description, createdBy: centre.id, createdAt: created, updatedAt: created });
    return id;
  });
  // Each need's 办理记录 as the needs service writes it: submitted (the source, no account), then the
  // centre's curation — put into a topic (the topic's title as comment), merged or closed with the reason.
  const submitter = (n: { sourceName: string }): Actor => ({ id: null, name: n.sourceName });
  for (const n of NEEDS) {
    const created = at(rng.date('2018-10-01', '2018-12-20'));
    const id = rng.uuid();
    const topicCreated = rows.topics[n.topic!].createdAt as Date;
    rows.needs.push({ id, regionCode: DONGCHENG, source: n.source, sourceName: n.sourceName, title: n.title, description: n.description, beneficiaries: n.beneficiaries, status: 'in_topic', topicId: topicIds[n.topic!], createdAt: created, updatedAt: topicCreated });
    step('funding.need', id, DONGCHENG, null, 'open', 'create', submitter(n), created);
    step('funding.need', id, DONGCHENG, 'open', 'in_topic', 'add_to_topic', centre, topicCreated, TOPICS[n.topic!].title);
  }
  const openNeedIds: string[] = [];
  OPEN_NEEDS.forEach((n, i) => {
    const created = at(day(-40 + i * 3));
    const row = { id: rng.uuid(), regionCode: DONGCHENG, source: n.source, sourceName: n.sourceName, title: n.title, description: n.description, beneficiaries: n.beneficiaries, createdAt: created, updatedAt: created };
    step('funding.need', row.id, DONGCHENG, null, 'open', 'create', submitter(n), created);
    const curated = at(addDays(chinaDay(created), 2), '15:00');
    if (n.title === '垃圾分类上门宣传') {
      // The resident's 上门宣传 is the 夕照寺 community's 入户指导 said again: merged into it.
      const reason = '与夕照寺社区“垃圾分类入户指导”需求相同，合并办理';
      rows.mergedNeeds.push({ ...row, status: 'merged', mergedIntoId: openNeedIds[2], updatedAt: curated });
      step('funding.need', row.id, DONGCHENG, 'open', 'merged', 'merge', centre, curated, reason);
    } else if (n.title === '社区运动会组织支持') {
      const closeReason = '区体育局年度全民健身活动已统一安排社区运动会，不再另行立项';
      rows.needs.push({ ...row, status: 'closed', closeReason, updatedAt: curated });
      step('funding.need', row.id, DONGCHENG, 'open', 'closed', 'close', centre, curated, closeReason);
    } else rows.needs.push({ ...row, status: 'open' });
    openNeedIds.push(row.id);
  });

  // ---- Funds (F12): one special fund a year for 东城, appropriated with the year's call budgets.
  const funds = new Map<number, { id: string; name: string; budget: number }>();
  const fundOf = (year: number) => {
    let f = funds.get(year);
    if (!f) {
      const name = `东城区${year}年社会组织发展专项资金`;
      f = { id: ledger.openFund({ regionCode: DONGCHENG, year, kind: 'special_fund', name, actor: centre, at: at(`${year}-01-02`, '09:00') }), name, budget: 0 };
      funds.set(year, f);
    }
    return f;
  };

  // ---- Plans: the history, then this year's calls at every step.
  const plans: CallPlan[] = [];
  const standardRules = (manual: string | null): TEligibilityRule[] => [
    { kind: 'legal_form', in: ['social_group', 'social_service_agency'] },
    { kind: 'region_within', code: DONGCHENG },
    { kind: 'registered_for_months', months: 12 },
    manual ? { kind: 'manual', text: manual } : { kind: 'no_failed_inspection' },
  ];
  for (const year of HISTORY_VENTURE_YEARS) {
    const round = year - 2018;
    plans.push({
      regionCode: DONGCHENG, callType: 'venture', year, step: 'evaluation', status: 'completed', topicIndexes: [5, 3, 4],
      title: `东城区第${'一二三四五六'[round - 1]}届公益创投大赛`,
      description: '面向社会公开征集为老服务、社区治理、矛盾调处等项目，用小额资金培育初创期社会组织，助力街道级平台发展。',
      fund: fundOf(year), eligibility: standardRules('项目未获得其他区级财政资金支持'),
      opensOn: `${year}-03-05`, deadline: at(`${year}-04-05`, '17:00'), reviewDeadline: at(`${year}-04-25`, '17:00'), panelClosedOn: `${year}-04-27`,
      noticeOn: `${year}-05-08`, startsOn: `${year}-06-10`, endsOn: `${year}-12-31`, frequency: 'quarterly', midOn: `${year}-09-15`, finalOn: `${year + 1}-01-15`,
      funded: Array(VENTURE_PER_ROUND).fill(0), notFunded: 4, screenedOut: 1, experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'mean',
      failFinal: year % 2 === 0 ? [VENTURE_PER_ROUND - 1] : [],
    });
  }
  for (const year of HISTORY_PURCHASE_YEARS) {
    plans.push({
      regionCode: DONGCHENG, callType: 'purchase', year, step: 'evaluation', status: 'completed', topicIndexes: [0, 1, 2, 3, 4],
      title: `东城区${year}年政府购买社会组织服务项目`,
      description: '汇总区体育局、区委社会工委、区民政局、和平里和龙潭街道等单位的服务需求，统一向社会发布，公开竞标。',
      fund: fundOf(year), eligibility: standardRules(null),
      opensOn: `${year}-01-10`, deadline: at(`${year}-02-10`, '17:00'), reviewDeadline: at(`${year}-02-28`, '17:00'), panelClosedOn: `${year}-03-02`,
      noticeOn: `${year}-03-04`, startsOn: `${year}-04-01`, endsOn: `${year}-12-31`, frequency: 'quarterly', midOn: `${year}-08-20`, finalOn: `${year + 1}-01-20`,
      funded: Array(PURCHASE_PER_YEAR).fill(0), notFunded: 4, screenedOut: 1, experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'mean',
      failMid: year === 2021 ? [PURCHASE_PER_YEAR - 1] : [], failFinal: year === 2023 ? [PURCHASE_PER_YEAR - 2] : [],
    });
  }
  const y = thisYear;
  const monitoredStart = day(-120);
  const evaluatedStart = day(-300);
  const current: CallPlan[] = [
    {
      regionCode: DONGCHENG, callType: 'purchase', year: y, step: 'needs', status: 'draft', topicIndexes: [0, 2],
      title: `东城区${y}年第二批政府购买服务项目`, description: '需求征集中：区体育局、区民政局与各街道的服务需求汇总后发布。',
      fund: fundOf(y), eligibility: standardRules(null), opensOn: day(30), deadline: at(day(75), '17:00'), frequency: 'monthly',
      funded: [], notFunded: 0, screenedOut: 0, experts: [], aggregation: 'trimmed_mean',
    },
    {
      regionCode: DONGCHENG, callType: 'venture', year: y, step: 'call', status: 'published', topicIndexes: [5],
      title: `东城区${y}年公益创投大赛`, description: '征集社区社会组织能力建设、为老服务与社区治理项目；单个项目资助不超过10万元。',
      fund: fundOf(y), eligibility: standardRules('项目未获得其他区级财政资金支持'), opensOn: day(-14), deadline: at(day(21), '17:00'), frequency: 'monthly',
      funded: [], notFunded: 3, screenedOut: 0, drafts: 2, firstOrgs: [demoOrg], experts: [], aggregation: 'trimmed_mean', cap: 10 * WAN,
    },
    {
      regionCode: DONGCHENG, callType: 'purchase', year: y, step: 'screening', status: 'published', topicIndexes: [0],
      title: `东城区${y}年全民健身进社区服务项目`, description: '区体育局需求：社区科学健身指导、老年人防跌倒课程、青少年体育兴趣培养。',
      fund: fundOf(y), eligibility: standardRules(null), opensOn: day(-45), deadline: at(day(-10), '17:00'), frequency: 'monthly',
      funded: [], notFunded: 6, screenedOut: 1, pendingManual: 1, experts: [], aggregation: 'trimmed_mean',
    },
    {
      regionCode: DONGCHENG, callType: 'venture', year: y, step: 'review', status: 'published', topicIndexes: [5],
      title: `东城区${y}年社会组织能力建设公益创投`, description: '培育初创期社会组织：项目设计、财务管理与内部治理辅导。',
      fund: fundOf(y), eligibility: standardRules('项目未获得其他区级财政资金支持'), opensOn: day(-60), deadline: at(day(-25), '17:00'), reviewDeadline: at(day(7), '17:00'),
      frequency: 'monthly', funded: [], notFunded: 6, screenedOut: 0, experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'trimmed_mean',
    },
    {
      regionCode: DONGCHENG, callType: 'purchase', year: y, step: 'notice', status: 'published', topicIndexes: [2],
      title: `东城区${y}年居家养老服务项目`, description: '区民政局需求：独居高龄老人探访、助餐配送与精神慰藉。',
      fund: fundOf(y), eligibility: standardRules(null), opensOn: day(-70), deadline: at(day(-40), '17:00'), reviewDeadline: at(day(-10), '17:00'), panelClosedOn: day(-6),
      noticeOn: day(-2), frequency: 'monthly', funded: [12, 9, 15, 10].map((w) => w * WAN), notFunded: 2, screenedOut: 0, experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'trimmed_mean',
    },
    {
      regionCode: DONGCHENG, callType: 'purchase', year: y, step: 'optimisation', status: 'published', topicIndexes: [1],
      title: `东城区${y}年社区治理服务项目`, description: '区委社会工委需求：胡同议事、接诉即办多方协商与居民自治。',
      fund: fundOf(y), eligibility: standardRules(null), opensOn: day(-100), deadline: at(day(-70), '17:00'), reviewDeadline: at(day(-45), '17:00'), panelClosedOn: day(-42),
      noticeOn: day(-35), frequency: 'monthly', funded: [14, 11, 8, 12].map((w) => w * WAN), notFunded: 2, screenedOut: 1, experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'trimmed_mean',
    },
    {
      regionCode: DONGCHENG, callType: 'purchase', year: Number(monitoredStart.slice(0, 4)), step: 'monitoring', status: 'published', topicIndexes: [2, 3],
      title: `东城区${monitoredStart.slice(0, 4)}年社区为老与邻里互助服务项目`, description: '和平里街道与区民政局需求：老旧小区邻里互助、独居老人探访。',
      fund: fundOf(Number(monitoredStart.slice(0, 4))), eligibility: standardRules(null), opensOn: addDays(monitoredStart, -80), deadline: at(addDays(monitoredStart, -50), '17:00'),
      reviewDeadline: at(addDays(monitoredStart, -35), '17:00'), panelClosedOn: addDays(monitoredStart, -33), noticeOn: addDays(monitoredStart, -30),
      startsOn: monitoredStart, endsOn: addDays(addYears(monitoredStart, 1), -1), frequency: 'monthly', midOn: undefined,
      funded: [0, 0, 0, 0], notFunded: 2, screenedOut: 0, firstOrgs: [demoOrg], experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'trimmed_mean', overdue: [0],
    },
    {
      regionCode: DONGCHENG, callType: 'venture', year: Number(evaluatedStart.slice(0, 4)), step: 'evaluation', status: 'published', topicIndexes: [4, 5],
      title: `东城区${evaluatedStart.slice(0, 4)}年街道平台公益创投`, description: '助力街道级平台：龙潭街道公益认领、社区社会组织培育。',
      fund: fundOf(Number(evaluatedStart.slice(0, 4))), eligibility: standardRules('项目未获得其他区级财政资金支持'), opensOn: addDays(evaluatedStart, -75), deadline: at(addDays(evaluatedStart, -45), '17:00'),
      reviewDeadline: at(addDays(evaluatedStart, -30), '17:00'), panelClosedOn: addDays(evaluatedStart, -28), noticeOn: addDays(evaluatedStart, -25),
      startsOn: evaluatedStart, endsOn: addDays(addYears(evaluatedStart, 1), -1), frequency: 'quarterly', midOn: addDays(evaluatedStart, 170),
      funded: [0, 0, 0, 0], notFunded: 2, screenedOut: 0, experts: [...FUNDING_ACCOUNTS.experts], aggregation: 'trimmed_mean', failMid: [3],
    },
  ];
  plans.push(...current);

  // Contract amounts: weights by kind, split so that 东城's contracts add up to DONGCHENG_FUNDING.amountFen
  // in whole hundreds of yuan; the approved-but-unsigned projects (notice, optimisation) keep their own.
  const contracted = plans.filter((p) => p.status === 'completed' || p.step === 'monitoring' || p.step === 'evaluation');
  const weights = contracted.flatMap((p) => p.funded.map(() => (p.callType === 'venture' ? rng.int(30, 90) : rng.int(60, 200))));
  const amounts = split(DONGCHENG_FUNDING.amountFen / HUNDRED_YUAN, weights).map((u) => u * HUNDRED_YUAN);
  let k = 0;
  for (const p of contracted) p.funded = p.funded.map(() => amounts[k++]);
  if (contracted.reduce((s, p) => s + p.funded.length, 0) !== DONGCHENG_FUNDING.contracts) throw new Error('demo seed: 东城 contract count');

  // Report counts: every accepted report of 东城 together reaches exactly DONGCHENG_FUNDING.beneficiaries.
  const acceptedReports: Insert<typeof fundingProgressReports>[] = [];

  for (const plan of plans) await buildCall(plan);

  // ---- 五里桥's 30万 seed fund [000]: young organisations (founded 2016 on), three experts, four contracts.
  const seedStart = day(-90);
  const seedYear = Number(seedStart.slice(0, 4));
  const seedFundName = `五里桥街道${seedYear}年社会组织种子基金`;
  const seedFund = { id: ledger.openFund({ regionCode: WULIQIAO, year: seedYear, kind: 'seed_fund', name: seedFundName, actor: actor(FUNDING_ACCOUNTS.wuliqiaoCentre), at: at(`${seedYear}-01-02`, '09:00') }), name: seedFundName, budget: 0 };
  const young = input.orgs.filter((o) => o.regionCode.startsWith('310101020') && (o.status === 'registered' || o.status === 'filed') && (o.foundedOn ?? '') >= '2016-01-01');
  const youngFacts = await organizationFacts(tx, young.map((o) => o.id!));
  const youngPool = rng.shuffle([...youngFacts.values()]);
  if (youngPool.length < 5) throw new Error('demo seed: 五里桥 has too few young organisations');
  await buildCall(
    {
      regionCode: WULIQIAO, callType: 'seed_fund', year: seedYear, step: 'monitoring', status: 'published', topicIndexes: [],
      title: `五里桥街道${seedYear}年社会组织种子基金`, description: '面向成立不久的社会组织与社区社会组织，以种子基金支持其首个社区服务项目。',
      fund: seedFund, eligibility: [{ kind: 'region_within', code: WULIQIAO }, { kind: 'manual', text: '成立不满十年、处于萌芽期或成长期的社会组织' }],
      opensOn: addDays(seedStart, -70), deadline: at(addDays(seedStart, -45), '17:00'), reviewDeadline: at(addDays(seedStart, -30), '17:00'), panelClosedOn: addDays(seedStart, -28),
      noticeOn: addDays(seedStart, -25), startsOn: seedStart, endsOn: addDays(addYears(seedStart, 1), -1), frequency: 'monthly',
      funded: [8, 7.5, 6, 5].map((w) => w * WAN), notFunded: 1, screenedOut: 0, firstOrgs: youngPool.slice(0, 5),
      experts: FUNDING_ACCOUNTS.experts.slice(0, 3), aggregation: 'mean', cap: 8 * WAN,
    },
    WULIQIAO_SEED_FUND_FEN,
  );

  // The 受益人次 of every accepted 东城 report, in proportion to drawn weights, summing exactly to the seed's figure.
  const dongchengReports = acceptedReports.filter((r) => r.regionCode.startsWith('110101'));
  const counts = split(DONGCHENG_FUNDING.beneficiaries, dongchengReports.map(() => rng.int(40, 160)));
  dongchengReports.forEach((r, i) => (r.beneficiaryCount = counts[i]));
  for (const r of acceptedReports) if (!r.regionCode.startsWith('110101')) r.beneficiaryCount = rng.int(30, 120);

  for (const [year, f] of funds) ledger.appropriate(f.id, f.name, f.budget, centre, at(`${year}-01-02`, '09:30'));
  ledger.appropriate(seedFund.id, seedFund.name, WULIQIAO_SEED_FUND_FEN, actor(FUNDING_ACCOUNTS.wuliqiaoCentre), at(`${seedYear}-01-02`, '09:30'));

  // Contract numbers from the counter: HT<year>-<purchaser region>-<seq>, in order of signing (contracts.ts nextContractNumber).
  const counters = new Map<string, number>();
  for (const c of [...rows.contracts].sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime())) {
    const call = rows.calls.find((x) => x.id === c.callId)!;
    const year = Number(chinaDay(c.signedAt).slice(0, 4));
    const key = `${call.regionCode}|${year}`;
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    c.contractNumber = `HT${year}-${call.regionCode}-${String(seq).padStart(4, '0')}`;
  }
  const counterRows = [...counters].map(([key, lastSeq]) => ({ regionCode: key.split('|')[0], year: Number(key.split('|')[1]), lastSeq }));

  // ---- Write, parents first.
  const { journals, entries } = ledger.rows();
  const put = async (table: any, list: any[], size = 500) => {
    for (const part of chunks(list, size)) await tx.insert(table).values(part);
  };
  await put(ledgerFunds, ledger.funds);
  await put(ledgerAccounts, ledger.accounts);
  await put(fundingTopics, rows.topics);
  await put(fundingNeeds, rows.needs);
  await put(fundingNeeds, rows.mergedNeeds);
  await put(fundingCalls, rows.calls);
  await put(fundingCallTopics, rows.callTopics);
  await put(fundingApplications, rows.apps);
  await put(fundingBudgetLines, rows.lines);
  await put(fundingPanels, rows.panels);
  await put(fundingPanelExperts, rows.experts);
  await put(fundingExpertConflicts, rows.conflicts);
  await put(fundingReviewAssignments, rows.reviewAssignments);
  await put(fundingReviewScores, rows.scores);
  await put(fundingReviewResults, rows.results);
  await put(fundingNotices, rows.notices);
  await put(fundingProposalVersions, rows.versions);
  await put(ledgerJournals, journals);
  await put(ledgerEntries, entries, 1000);
  await put(fundingContracts, rows.contracts);
  await put(fundingMilestones, rows.milestones);
  await put(fundingTranches, rows.tranches);
  await put(fundingContractCounters, counterRows);
  await put(fundingReportSchedules, rows.schedules);
  await put(fundingProgressReports, rows.reports);
  await put(fundingSiteVisits, rows.visits);
  await put(fundingEvaluations, rows.evaluations);
  await put(assignments, rows.assignments);
  await put(workflowHistory, rows.history, 1000);

  // ---------------------------------------------------------------------------------------------
  async function buildCall(plan: CallPlan, appropriation?: number) {
    const steps = [...DEFAULT_CALL_STEPS[plan.callType]];
    const reached = (s: PipelineStep) => plan.status === 'completed' || (steps.includes(s) && steps.indexOf(s) <= steps.indexOf(plan.step));
    const past = (s: PipelineStep) => plan.status === 'completed' || (steps.includes(s) && steps.indexOf(s) < steps.indexOf(plan.step));
    const centreActor = plan.regionCode === WULIQIAO ? actor(FUNDING_ACCOUNTS.wuliqiaoCentre) : centre;
    const published = plan.status !== 'draft';
    const opensAt = at(plan.opensOn, '09:00');
    const callId = rng.uuid();
    // Every application carries its whole history (submit, screen, review result, contract), finished rounds too.
    const orgActor = (org: OrganizationFacts): Actor => (org.id === demoOrg.id ? actor(FUNDING_ACCOUNTS.organization) : { id: null, name: org.name });
    const maxFunded = Math.max(0, ...plan.funded);
    const cap = plan.cap ?? (plan.callType === 'venture' ? Math.max(10 * WAN, Math.ceil(maxFunded / WAN) * WAN) : Math.max(30 * WAN, Math.ceil(maxFunded / WAN) * WAN));
    // A week before it opens; a draft that opens later was drafted a few days ago (no step in the future).
    const createdOn = addDays(plan.opensOn, -7) < today ? addDays(plan.opensOn, -7) : day(-3);
    const call: CallRow = {
      id: callId, regionCode: plan.regionCode, callType: plan.callType, year: plan.year, title: plan.title, description: plan.description,
      steps, step: plan.status === 'completed' ? steps[steps.length - 1] : plan.step, status: plan.status, budgetFen: 0, capFen: cap,
      opensAt: published ? opensAt : null, deadline: plan.deadline, eligibility: plan.eligibility, form: [{ key: 'partners', label: '合作单位及资源', required: false, maxLength: 2000 }],
      fundId: plan.fund.id, createdBy: centreActor.id, publishedAt: published ? opensAt : null, createdAt: at(createdOn), updatedAt: at(createdOn),
    };
    rows.calls.push(call);
    // The call's way: created, published (submission opens at `call`), advanced step by step, completed.
    step('funding.call', callId, plan.regionCode, null, 'draft', 'create', centreActor, call.createdAt as Date);
    if (published) {
      const when: Partial<Record<PipelineStep, Date>> = {
        screening: new Date(plan.deadline.getTime() + 86400_000),
        review: new Date(plan.deadline.getTime() + 2 * 86400_000),
        notice: plan.noticeOn ? at(plan.noticeOn, '08:30') : undefined,
        optimisation: plan.noticeOn ? at(addDays(plan.noticeOn, 9), '09:00') : undefined,
        contract: plan.startsOn ? at(addDays(plan.startsOn, -12), '09:00') : undefined,
        monitoring: plan.startsOn ? at(plan.startsOn, '09:00') : undefined,
        evaluation: plan.midOn ? at(addDays(plan.midOn, -5), '09:00') : plan.startsOn ? at(addDays(plan.startsOn, 150), '09:00') : undefined,
      };
      const upTo = plan.status === 'completed' ? steps.length - 1 : steps.indexOf(plan.step);
      let last = opensAt;
      steps.slice(steps.indexOf('call'), upTo + 1).forEach((s, i, list) => {
        if (i === 0) step('funding.call', callId, plan.regionCode, 'draft', 'call', 'publish', centreActor, opensAt);
        else {
          last = when[s] && when[s]! > last ? when[s]! : new Date(last.getTime() + 86400_000);
          step('funding.call', callId, plan.regionCode, list[i - 1], s, 'advance', centreActor, last);
        }
      });
      if (plan.status === 'completed') step('funding.call', callId, plan.regionCode, 'evaluation', 'completed', 'complete', centreActor, at(addDays(plan.finalOn!, 7), '10:00'));
    }
    for (const t of plan.topicIndexes) rows.callTopics.push({ callId, topicId: topicIds[t] });

    // Applications: the funded first (they outscore the rest), then the ones not funded, screened out, drafts.
    type Fate = 'funded' | 'not_funded' | 'screened_out' | 'pending_manual' | 'draft';
    const fates: Fate[] = [
      ...plan.funded.map(() => 'funded' as const),
      ...Array<Fate>(plan.notFunded).fill('not_funded'),
      ...Array<Fate>(plan.screenedOut).fill('screened_out'),
      ...Array<Fate>(plan.pendingManual ?? 0).fill('pending_manual'),
      ...Array<Fate>(plan.drafts ?? 0).fill('draft'),
    ];
    const firsts = [...(plan.firstOrgs ?? [])];
    const used = new Set<string>();
    const appsOfCall: { row: AppRow; fate: Fate; org: OrganizationFacts; content: TProposalContent; quality: number }[] = [];
    for (const [i, fate] of fates.entries()) {
      let org = firsts.shift();
      while (!org || used.has(org.id)) org = fate === 'funded' ? contractor() : other();
      used.add(org.id);
      // Where the budget is the whole fund (the seed fund), an application not funded asks more than is left.
      const amountFen = fate === 'funded' ? plan.funded[i] : appropriation !== undefined ? cap : Math.round((cap * rng.int(40, 100)) / 100 / HUNDRED_YUAN) * HUNDRED_YUAN;
      const topic = plan.topicIndexes.length ? rng.pick(plan.topicIndexes) : 5;
      const [name, who] = rng.pick(PROJECTS[topic]);
      const where = org.name.replace(/^东城区/, '').slice(0, 4);
      const title = plan.regionCode === WULIQIAO ? `五里桥${name}` : `${where}${name}`;
      const submittedAt = fate === 'draft' ? null : new Date(opensAt.getTime() + Math.floor(rng.next() * Math.max(3600_000, Math.min(plan.deadline.getTime(), now.getTime()) - opensAt.getTime() - 3600_000)));
      const actFrom = plan.startsOn && plan.startsOn.slice(0, 4) === String(plan.year) ? plan.startsOn : `${plan.year}-06-01`;
      const mid = addDays(actFrom, 60) <= `${plan.year}-12-31` ? addDays(actFrom, 60) : `${plan.year}-12-31`;
      const activities = [
        { name: `${name}启动与需求调研`, startsOn: actFrom, endsOn: mid, description: `走访${who}，梳理服务需求，组建志愿者队伍。` },
        { name: `${name}系列服务活动`, startsOn: mid, endsOn: `${plan.year}-12-31`, description: `每月开展服务活动，覆盖${who}。` },
      ];
      const indicators = [
        { name: '服务人次', target: String(rng.int(8, 30) * 100), unit: '人次' },
        { name: '开展活动', target: String(rng.int(12, 40)), unit: '场' },
        { name: '服务对象满意度', target: '90', unit: '%' },
      ];
      const lineCount = rng.int(3, 5);
      const lineAmounts = split(amountFen / HUNDRED_YUAN, Array.from({ length: lineCount }, () => rng.int(2, 9))).map((u) => u * HUNDRED_YUAN);
      const budgetLines = lineAmounts.map((amount, position) => ({ item: BUDGET_ITEMS[position][0], category: BUDGET_ITEMS[position][1], amountFen: amount, note: null }));
      const id = rng.uuid();
      const row: AppRow = {
        id, callId, organizationId: org.id, regionCode: org.regionCode, topicId: plan.topicIndexes.length ? topicIds[topic] : null,
        status: fate === 'draft' ? 'draft' : 'submitted', title, summary: `为${who}提供${name}服务。`, goals: `提升${who}的获得感，培育社区自助互助力量。`,
        activities, targetBeneficiaries: who, beneficiaryCount: rng.int(2, 12) * 50, indicators, answers: { partners: `${org.name.slice(0, 6)}所在社区居委会` },
        amountFen, screening: null, submittedBy: org.id === demoOrg.id ? user(FUNDING_ACCOUNTS.organization) : null, submittedAt,
        createdBy: org.id === demoOrg.id ? user(FUNDING_ACCOUNTS.organization) : null,
        createdAt: new Date((submittedAt ?? now).getTime() - 3 * 86400_000), updatedAt: submittedAt ?? now,
      };
      budgetLines.forEach((l, position) => rows.lines.push({ id: rng.uuid(), applicationId: id, position, ...l }));
      rows.apps.push(row);
      step('funding.application', id, org.regionCode, null, 'draft', 'create', orgActor(org), row.createdAt as Date);
      if (submittedAt) step('funding.application', id, org.regionCode, 'draft', 'submitted', 'submit', orgActor(org), submittedAt);
      const content: TProposalContent = { title, summary: row.summary!, goals: row.goals!, activities, targetBeneficiaries: who, beneficiaryCount: row.beneficiaryCount!, indicators, budgetLines, amountFen };
      appsOfCall.push({ row, fate, org, content, quality: fate === 'funded' ? rng.int(82, 95) : rng.int(55, 72) });
    }

    // Screening (F4): the real rules on each organisation's facts, on the day after the deadline.
    if (past('call')) {
      const screenedOn = chinaDay(new Date(plan.deadline.getTime() + 86400_000));
      for (const a of appsOfCall) {
        if (a.fate === 'draft') continue;
        const screening: StoredScreening = {
          screenedAt: at(screenedOn, '09:00').toISOString(),
          results: plan.eligibility.map((rule, index) => {
            const verdict = applyRule(rule, a.org, screenedOn);
            const decide = verdict.outcome === 'manual' && a.fate !== 'pending_manual';
            const fail = a.fate === 'screened_out';
            return {
              index, rule, ...verdict,
              decision: decide ? { outcome: fail ? ('fail' as const) : ('pass' as const), reason: fail ? '经核实不符合该项条件' : '经核实符合', by: centreActor.name, at: at(screenedOn, '15:00').toISOString() } : null,
              history: [],
            };
          }),
        };
        const verdict = verdictOf(screening);
        const expected = a.fate === 'screened_out' ? 'screened_out' : a.fate === 'pending_manual' ? 'pending' : 'screened_in';
        if (verdict !== expected) throw new Error(`demo seed: ${a.row.title} screens ${verdict}, planned ${expected}`);
        a.row.screening = screening as unknown as unknown[];
        a.row.status = verdict === 'pending' ? 'submitted' : verdict;
        if (verdict !== 'pending') {
          step('funding.application', a.row.id, a.org.regionCode, 'submitted', verdict, verdict === 'screened_in' ? 'screen_in' : 'screen_out', centreActor, at(screenedOn, '15:00'));
        }
      }
    }

    // Review (F5): the panel, conflicts declared, scores on the rubric, the aggregate, ranking and funding line.
    let approved = new Set<string>();
    if (reached('review') && plan.experts.length) {
      const panelId = rng.uuid();
      const closed = past('review');
      const created = at(chinaDay(new Date(plan.deadline.getTime() + 2 * 86400_000)), '09:00');
      const expertIds = plan.experts.map(user);
      rows.panels.push({
        id: panelId, callId, regionCode: plan.regionCode, aggregation: plan.aggregation, criteria: CRITERIA, reviewDeadline: plan.reviewDeadline!, chairId: expertIds[0],
        status: closed ? 'closed' : 'open', closedAt: closed ? at(plan.panelClosedOn!, '10:00') : null, closedBy: closed ? centreActor.id : null,
        createdBy: centreActor.id, createdAt: created, updatedAt: closed ? at(plan.panelClosedOn!, '10:00') : created,
      });
      // The last expert of an open panel has not declared yet: it sees none of the panel's applications.
      const undeclared = closed ? null : expertIds[expertIds.length - 1];
      step('funding.panel', panelId, plan.regionCode, null, 'open', 'create', centreActor, created);
      if (closed) step('funding.panel', panelId, plan.regionCode, 'open', 'closed', 'close', centreActor, at(plan.panelClosedOn!, '10:00'));
      for (const e of expertIds) rows.experts.push({ panelId, userId: e, declaredAt: e === undeclared ? null : new Date(created.getTime() + 3600_000), addedAt: created });
      const inReview = appsOfCall.filter((a) => a.fate === 'funded' || a.fate === 'not_funded');
      // An open panel shows a declared tie: expert.chen is never assigned that organisation's application.
      const tied = !closed && inReview.length > 1 ? { expert: user('expert.chen'), org: inReview[1].org.id } : null;
      if (tied) rows.conflicts.push({ id: rng.uuid(), panelId, userId: tied.expert, organizationId: tied.org, tie: '曾担任该机构理事', declaredAt: new Date(created.getTime() + 3600_000) });
      const candidates = [];
      const scoreCounts = new Map<string, number>();
      for (const [i, a] of inReview.entries()) {
        a.row.status = 'in_review';
        step('funding.application', a.row.id, a.org.regionCode, 'screened_in', 'in_review', 'start_review', centreActor, created);
        // Closed historical panels: three of the five experts on each application, in turn; open ones: everyone not tied.
        const team = plan.status === 'completed' ? [0, 1, 2].map((j) => expertIds[(i + j) % expertIds.length]) : expertIds.filter((e) => !(tied && e === tied.expert && a.org.id === tied.org));
        const totals: number[] = [];
        for (const [j, expertId] of team.entries()) {
          const assignmentId = rng.uuid();
          rows.reviewAssignments.push({ id: assignmentId, panelId, applicationId: a.row.id, expertId, assignedBy: centreActor.id, assignedAt: created });
          rows.assignments.push({ id: rng.uuid(), entityType: 'funding.application', entityId: a.row.id, userId: expertId, assignedBy: centreActor.id, assignedAt: created });
          // An open panel has some scores in: the chair has scored everything, the next expert half.
          const scored = closed || j === 0 || (expertId === expertIds[1] && i % 2 === 0);
          if (!scored) continue;
          const scores: TCriterionScores = {};
          for (const c of CRITERIA) scores[c.code] = { tenths: Math.max(30, Math.min(100, a.quality + rng.int(-8, 8))), comment: null };
          const total = weightedTotal(CRITERIA, scores);
          totals.push(total);
          const submittedAt = new Date(created.getTime() + rng.int(1, 10) * 86400_000);
          rows.scores.push({ id: rng.uuid(), assignmentId, scores, totalHundredths: total, comment: rng.pick(SCORE_COMMENTS), submittedAt: submittedAt > now ? now : submittedAt });
        }
        scoreCounts.set(a.row.id, totals.length);
        candidates.push({ applicationId: a.row.id, amountFen: a.row.amountFen!, submittedAt: a.row.submittedAt ?? null, aggregate: aggregate(plan.aggregation, totals) });
      }
      if (closed) {
        const ranked = rankCandidates(candidates);
        const planned = inReview.filter((a) => a.fate === 'funded').map((a) => a.row.id);
        // The budget the funded projects fill exactly: the funding line approves them and no more.
        const budget = appropriation ?? ranked.slice(0, planned.length).reduce((s, c) => s + c.amountFen, 0);
        approved = fundingLine(ranked, budget).approved;
        if (planned.some((id) => !approved.has(id)) || approved.size !== planned.length) throw new Error(`demo seed: ${plan.title} funding line differs from the plan`);
        call.budgetFen = budget;
        ranked.forEach((c, rank) => {
          const decision = approved.has(c.applicationId) ? 'approved' : 'not_funded';
          const a = inReview.find((x) => x.row.id === c.applicationId)!;
          a.row.status = decision;
          step('funding.application', a.row.id, a.org.regionCode, 'in_review', decision, decision === 'approved' ? 'approve' : 'not_fund', centreActor, at(plan.panelClosedOn!, '10:00'));
          rows.results.push({
            applicationId: c.applicationId, panelId, scoreCount: scoreCounts.get(c.applicationId)!,
            aggregateHundredths: aggregateHundredths(c.aggregate), rank: c.aggregate ? rank + 1 : null, decision, lineDecision: decision,
            conditions: decision === 'approved' && rank % 4 === 1 ? '请细化绩效目标，明确服务人次的统计方法。' : null, updatedAt: at(plan.panelClosedOn!, '10:00'),
          });
        });
      }
    }
    if (!call.budgetFen) call.budgetFen = plan.callType === 'venture' ? 120 * WAN : 300 * WAN;
    if (call.capFen! > call.budgetFen) call.capFen = call.budgetFen;
    plan.fund.budget += call.budgetFen;

    // Notice (F6): published after the panel closed, objections for five working days.
    const funded = appsOfCall.filter((a) => approved.has(a.row.id));
    if (reached('notice') && plan.noticeOn) {
      const endsOn = await workingDaysAfter(tx, plan.noticeOn, 5);
      const fixed = past('notice');
      const noticeId = rng.uuid();
      step('funding.notice', noticeId, plan.regionCode, null, 'published', 'create', centreActor, at(plan.noticeOn, '09:00'));
      if (fixed) step('funding.notice', noticeId, plan.regionCode, 'published', 'fixed', 'fix', centreActor, at(addDays(endsOn, 1), '10:00'));
      rows.notices.push({
        id: noticeId, callId, regionCode: plan.regionCode,
        entries: funded.map((a) => ({ applicationId: a.row.id, organizationName: a.org.name, title: a.row.title, amountFen: a.row.amountFen! })),
        objectionDays: 5, publishedAt: at(plan.noticeOn, '09:00'), publishedOn: plan.noticeOn, endsOn, publishedBy: centreActor.id,
        fixedAt: fixed ? at(addDays(endsOn, 1), '10:00') : null, fixedBy: fixed ? centreActor.id : null,
      });
    }

    // Optimisation (F7): version 1 is the application as approved; a project with conditions revised its indicators.
    const accepted = new Map<string, TProposalContent>();
    if (reached('optimisation') || reached('contract')) {
      const baseDay = plan.noticeOn ? await workingDaysAfter(tx, plan.noticeOn, 6) : plan.panelClosedOn!;
      const inOptimisation = plan.step === 'optimisation' && plan.status !== 'completed';
      funded.forEach((a, i) => {
        const revise = inOptimisation ? i < 2 : steps.includes('optimisation') && i % 6 === 1;
        const acceptV1 = !revise && !(inOptimisation && i === 3);
        const createdBy = a.org.id === demoOrg.id ? user(FUNDING_ACCOUNTS.organization) : null;
        rows.versions.push({
          id: rng.uuid(), applicationId: a.row.id, version: 1, content: a.content, changedFields: [], note: null, createdBy, createdByName: a.org.name,
          createdAt: at(baseDay, '09:00'), acceptedAt: acceptV1 ? at(addDays(baseDay, 5), '15:00') : null, acceptedBy: acceptV1 ? centreActor.id : null,
        });
        if (acceptV1) accepted.set(a.row.id, a.content);
        if (revise) {
          const content: TProposalContent = { ...a.content, indicators: [...a.content.indicators, { name: '居民骨干培育', target: String(rng.int(10, 30)), unit: '人' }] };
          const acceptV2 = !(inOptimisation && i === 1);
          rows.versions.push({
            id: rng.uuid(), applicationId: a.row.id, version: 2, content, changedFields: ['indicators'], note: '按评审意见细化绩效目标', createdBy, createdByName: a.org.name,
            createdAt: at(addDays(baseDay, 3), '16:00'), acceptedAt: acceptV2 ? at(addDays(baseDay, 6), '15:00') : null, acceptedBy: acceptV2 ? centreActor.id : null,
          });
          if (acceptV2) accepted.set(a.row.id, content);
        }
      });
    }

    // Contracts (F8), monitoring (F9) and evaluation (F10), each moving money on the ledger (F12).
    if (reached('contract') && plan.startsOn) {
      const purchaser = plan.regionCode === WULIQIAO ? '五里桥街道办事处' : '东城区民政局';
      for (const [i, a] of funded.entries()) {
        const content = accepted.get(a.row.id)!;
        const contractId = rng.uuid();
        const signedAt = at(addDays(plan.startsOn, -5), '10:00');
        const contract: ContractRow = {
          id: contractId, applicationId: a.row.id, callId, organizationId: a.org.id, regionCode: a.org.regionCode, purchaserName: purchaser, providerName: a.org.name,
          title: content.title, content, amountFen: content.amountFen, fundId: plan.fund.id, startsOn: plan.startsOn, endsOn: plan.endsOn!, recurringService: false,
          status: 'signed', signedAt, signedBy: centreActor.id, createdBy: centreActor.id, createdAt: at(addDays(plan.startsOn, -10)), updatedAt: signedAt,
        };
        rows.contracts.push(contract);
        a.row.status = 'contracted';
        step('funding.application', a.row.id, a.org.regionCode, 'approved', 'contracted', 'contract', centreActor, signedAt);
        step('funding.contract', contractId, contract.regionCode, null, 'draft', 'create', centreActor, contract.createdAt as Date);
        step('funding.contract', contractId, contract.regionCode, 'draft', 'signed', 'sign', centreActor, signedAt);
        ledger.commit(plan.fund.id, contractId, contract.title, contract.amountFen, centreActor, signedAt);
        // Most contracts pay 30/40/30 on signing and the two evaluations; a few running ones pay part on milestones.
        const milestoneFates = MILESTONE_PLANS[`${plan.regionCode}|${plan.step}|${plan.status}`]?.[i];
        const milestoneIds = (milestoneFates ?? []).map(() => rng.uuid());
        const terms: { releasedBy: 'signing' | 'milestone' | 'mid_evaluation' | 'final_evaluation'; percent: number; milestone?: number }[] = milestoneFates
          ? [
              { releasedBy: 'signing', percent: 30 },
              { releasedBy: 'milestone', percent: 20, milestone: 0 },
              { releasedBy: 'mid_evaluation', percent: 20 },
              { releasedBy: 'milestone', percent: 10, milestone: 1 },
              { releasedBy: 'final_evaluation', percent: 20 },
            ]
          : [{ releasedBy: 'signing', percent: 30 }, { releasedBy: 'mid_evaluation', percent: 40 }, { releasedBy: 'final_evaluation', percent: 30 }];
        const parts = splitByPercentages(contract.amountFen, terms.map((t) => t.percent));
        const tranches = terms.map(({ releasedBy, milestone }, position) => {
          const t = {
            id: rng.uuid(), contractId, position, amountFen: parts[position], releasedBy, milestoneId: milestone === undefined ? null : milestoneIds[milestone],
            status: 'pending', journalId: null as string | null, decidedBy: null as string | null, decidedAt: null as Date | null, reason: null as string | null, details: {} as Record<string, unknown>,
          };
          rows.tranches.push(t);
          return t;
        });
        const decide = (t: (typeof tranches)[number], paid: boolean, who: Actor, when: Date, evaluationId: string | null) => {
          t.status = paid ? 'paid' : 'withheld';
          t.journalId = paid ? ledger.pay(plan.fund.id, t, contract.title, a.org.id, who, when) : ledger.release(plan.fund.id, t, contract.title, who, when);
          t.decidedBy = who.id;
          t.decidedAt = when;
          t.details = evaluationId ? { evaluationId } : {};
          if (!paid) t.reason = t.releasedBy === 'mid_evaluation' ? '中期评估未通过' : '结项评估未通过';
          step('funding.tranche', t.id, contract.regionCode, 'pending', t.status, paid ? 'pay' : 'withhold', who, when, paid ? null : t.reason);
        };
        decide(tranches[0], true, centreActor, signedAt, null);

        // Milestones (tranches.ts): the organisation reports one, staff accept it (paying its tranches) or return it with the reason.
        (milestoneFates ?? []).forEach((fate, position) => {
          const m = MILESTONES[position];
          const id = milestoneIds[position];
          const dueOn = addDays(plan.startsOn!, m.dueAfterDays);
          const reportedAt = at(addDays(dueOn, -3), '16:00');
          const decidedAt = at(addDays(dueOn, 1), '11:00');
          const acceptedAt = fate === 'accepted' ? decidedAt : null;
          rows.milestones.push({ id, contractId, position, title: m.title, dueOn, status: fate, acceptedBy: acceptedAt ? centreActor.id : null, acceptedAt });
          if (fate === 'pending') return;
          step('funding.milestone', id, contract.regionCode, 'pending', 'submitted', 'report', orgActor(a.org), reportedAt, m.note);
          step('funding.contract', contractId, contract.regionCode, 'signed', 'signed', 'report_milestone', orgActor(a.org), reportedAt, m.title);
          if (fate === 'accepted') {
            step('funding.milestone', id, contract.regionCode, 'submitted', 'accepted', 'accept', centreActor, decidedAt);
            step('funding.contract', contractId, contract.regionCode, 'signed', 'signed', 'accept_milestone', centreActor, decidedAt, m.title);
            for (const t of tranches.filter((x) => x.milestoneId === id)) decide(t, true, centreActor, decidedAt, null);
          } else if (fate === 'rejected') {
            step('funding.milestone', id, contract.regionCode, 'submitted', 'rejected', 'reject', centreActor, decidedAt, m.returnReason);
            step('funding.contract', contractId, contract.regionCode, 'signed', 'signed', 'reject_milestone', centreActor, decidedAt, `${m.title}：${m.returnReason}`);
          }
        });

        // Monitoring: reports per period; those due before today were sent and accepted, except an overdue one.
        rows.schedules.push({ contractId, frequency: plan.frequency, setBy: centreActor.id, setAt: signedAt });
        const periods = reportPeriods(plan.startsOn, plan.endsOn!, plan.frequency);
        const due = periods.filter((p) => p.dueOn < today);
        const overdueNo = plan.overdue?.includes(i) ? due[due.length - 1]?.periodNo : undefined;
        for (const p of periods) {
          const sent = p.dueOn < today && p.periodNo !== overdueNo;
          const report: Insert<typeof fundingProgressReports> = {
            id: rng.uuid(), contractId, regionCode: contract.regionCode, organizationId: a.org.id, periodNo: p.periodNo, startsOn: p.startsOn, endsOn: p.endsOn, dueOn: p.dueOn,
            status: sent ? 'accepted' : 'pending',
            activities: sent ? [{ date: addDays(p.startsOn, 3), title: `${contract.title}活动`, place: `${a.org.name.slice(0, 6)}服务点`, participants: rng.int(15, 60) }] : [],
            narrative: sent ? rng.pick(REPORT_NARRATIVES) : null, submittedBy: sent && a.org.id === demoOrg.id ? user(FUNDING_ACCOUNTS.organization) : null,
            submittedAt: sent ? at(addDays(p.dueOn, -4), '16:00') : null, decidedBy: sent ? centreActor.id : null, decidedAt: sent ? at(addDays(p.dueOn, -2), '11:00') : null,
            beneficiaryCount: sent ? 0 : null,
          };
          rows.reports.push(report);
          if (sent) acceptedReports.push(report);
        }
        // Finished contracts keep only the evaluator's assignment (what it evaluated); running ones have their monitor too.
        for (const role of plan.status === 'completed' ? (['evaluator'] as const) : (['monitor', 'evaluator'] as const)) {
          rows.assignments.push({ id: rng.uuid(), entityType: `funding.contract.${role}`, entityId: contractId, userId: evaluator.id!, assignedBy: centreActor.id, assignedAt: signedAt });
        }
        if (plan.step === 'monitoring' && plan.regionCode === DONGCHENG && i < 2) {
          rows.visits.push({ id: rng.uuid(), contractId, regionCode: contract.regionCode, organizationId: a.org.id, monitorId: evaluator.id!, visitedOn: addDays(plan.startsOn, 45), findings: '活动记录完整，服务对象反馈良好；建议补充签到表照片。', rating: i === 0 ? 'good' : 'excellent', createdAt: at(addDays(plan.startsOn, 45), '17:00') });
        }

        // Evaluations: the mid-term one pays or withholds its 40%, the final one the last 30% and completes the contract.
        const evaluate = (kind: 'mid' | 'final', on: string, fail: boolean) => {
          const id = rng.uuid();
          const when = at(on, '14:00');
          const overall = fail ? rng.int(45, 58) : rng.int(72, 94);
          const summary = fail ? '绩效目标完成不足，资料不全。' : rng.pick(EVALUATION_SUMMARIES);
          const tranche = tranches.find((t) => t.releasedBy === `${kind}_evaluation`)!;
          decide(tranche, !fail, evaluator, when, id);
          step('funding.evaluation', id, contract.regionCode, null, fail ? 'failed' : 'passed', 'create', evaluator, when, summary);
          step('funding.contract', contractId, contract.regionCode, 'signed', 'signed', `${kind}_evaluation_${fail ? 'failed' : 'passed'}`, evaluator, when);
          rows.evaluations.push({
            id, contractId, regionCode: contract.regionCode, organizationId: a.org.id, kind, version: 1, evaluatorId: evaluator.id!,
            indicators: content.indicators.map((ind) => ({ name: ind.name, target: ind.target, unit: ind.unit ?? null, achieved: fail ? '未达目标' : ind.target, score: fail ? rng.int(40, 58) : rng.int(70, 96) })),
            overallScore: overall, passLine: 60, passed: !fail, summary,
            released: fail ? { paid: [], withheld: [tranche.id] } : { paid: [tranche.id], withheld: [] }, submittedAt: when,
          });
        };
        if (plan.midOn && plan.midOn < today) evaluate('mid', plan.midOn, plan.failMid?.includes(i) ?? false);
        if (plan.finalOn && plan.finalOn < today) {
          evaluate('final', plan.finalOn, plan.failFinal?.includes(i) ?? false);
          contract.status = 'completed';
          step('funding.contract', contractId, contract.regionCode, 'signed', 'completed', 'complete', evaluator, at(plan.finalOn, '14:00'));
          contract.completedAt = at(plan.finalOn, '14:00');
          contract.updatedAt = contract.completedAt;
        }
      }
    }
  }
}

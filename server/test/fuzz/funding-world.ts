/**
 * The funding fixtures of a fuzz run (issue 9): funds, needs and a topic, calls at every step, the
 * member's organisation with applications in every state, a review panel whose expert (the world's
 * reviewer) declared its conflicts and is assigned, a scored and closed panel with its public notice
 * and an objection, approved proposals, contracts (draft, signed with a milestone, signed with its
 * reports due) with the reviewer assigned as monitor and evaluator, and the same kinds of records
 * in region B, outside every actor's scope. Built through the API where the API builds them, so the
 * history and audit rows are the real ones; the rest through the domain's factories.
 */
import { sql } from 'drizzle-orm';
import { todayInChina } from '../../../shared/dates.js';
import { addDays } from '../../../shared/funding/monitoring.js';
import type { Agent, TestApp } from '../build-app.js';
import { openFund } from '../../src/core/ledger/ledger.js';
import { systemCtx } from '../../src/core/write-unit.js';
import { makeApprovedApplication } from '../../src/modules/funding/funding-contracts.factories.js';
import { makeCallAtReview, makeScreenedIn } from '../../src/modules/funding/funding-review.factories.js';
import { makeApplication, makeCall, makeNeed } from '../../src/modules/funding/funding.factories.js';
import type { makeRegionTree } from '../../src/modules/regions/regions.factories.js';

type Tree = Awaited<ReturnType<typeof makeRegionTree>>;
interface Org {
  id: string;
  regionCode: string;
  name: string;
}

export interface FundingFixtures {
  call: string[];
  application: string[];
  need: string[];
  topic: string[];
  panel: string[];
  assignment: string[];
  notice: string[];
  objection: string[];
  contract: string[];
  milestone: string[];
  report: string[];
  evaluation: string[];
  fund: string[];
  /** Reviewer accounts an expert, monitor or evaluator field may name. */
  expert: string[];
}

export interface FundingWorldInput {
  A: Tree;
  B: Tree;
  /** The world's member belongs to `team`; `other` is a sibling organisation of the same street. */
  team: Org;
  other: Org;
  teamB: Org;
  staff: Agent;
  staffB: Agent;
  reviewer: { id: string; agent: Agent };
  /** A second reviewer of region A, never signed in (a panel needs experts besides the actor). */
  reviewer2: { id: string };
  reviewerB: { id: string };
}

export const RUBRIC = [
  { code: 'need', name: '需求契合度', weight: 60, maxScore: 10 },
  { code: 'design', name: '方案设计', weight: 40, maxScore: 10 },
];
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

let serial = 0;

/**
 * Builds the fixtures; each step that the API refuses is reported in `problems` (the suite fails
 * on any), so a change of the funding rules shows here rather than as a fuzz that reaches nothing.
 */
export async function buildFundingWorld(t: TestApp, w: FundingWorldInput, problems: string[]): Promise<FundingFixtures> {
  const { A, B, team, other, teamB, staff, reviewer } = w;
  const fx: FundingFixtures = {
    call: [],
    application: [],
    need: [],
    topic: [],
    panel: [],
    assignment: [],
    notice: [],
    objection: [],
    contract: [],
    milestone: [],
    report: [],
    evaluation: [],
    fund: [],
    expert: [reviewer.id, w.reviewer2.id, w.reviewerB.id],
  };
  const ok = async <T>(what: string, res: Promise<{ status: number; body: string; json: () => T }>): Promise<T | null> => {
    const r = await res;
    if (r.status === 200) return r.json();
    problems.push(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
    return null;
  };

  // The ledger: a fund of the staff's street and one of region B.
  for (const regionCode of [A.street, B.street]) {
    const fund = await openFund(systemCtx(t.db, 'fuzz'), { regionCode, year: 2026, kind: 'special_fund', name: `模糊测试专项资金${++serial}`, appropriationFen: 50_000_000 });
    fx.fund.push(fund.id);
  }

  // F1: needs (through the API, and one of region B) and a topic gathering one of them.
  for (const title of ['社区老人助餐', '青少年课后托管']) {
    const need = await ok<{ id: string }>(`need ${title}`, staff.post('/api/funding/needs', { regionCode: A.street, source: 'resident', title, description: '居民多次反映' }));
    if (need) fx.need.push(need.id);
  }
  fx.need.push((await makeNeed(t.db, B.street)).id);
  const topic = await ok<{ id: string }>('topic', staff.post('/api/funding/topics', { regionCode: A.street, title: '为老服务', needIds: fx.need.slice(0, 1) }));
  if (topic) fx.topic.push(topic.id);

  // F2/F3: a draft call, an open call with the member's draft and a submitted application, a call
  // past its deadline at screening, and an open call of region B.
  const draftCall = await ok<{ id: string }>(
    'draft call',
    staff.post('/api/funding/calls', { callType: 'venture', regionCode: A.street, year: 2026, title: '模糊测试草稿征集', budgetFen: 10_000_000, deadline: inAMonth() }),
  );
  if (draftCall) fx.call.push(draftCall.id);
  const open = await makeCall(t.db, A.street);
  fx.call.push(open.id);
  for (const [org, overrides] of [
    [team, { status: 'draft', submittedAt: null }],
    [team, {}],
    [other, {}],
  ] as const) {
    fx.application.push((await makeApplication(t.db, open, org, overrides)).id);
  }
  const screening = await makeCall(t.db, A.street, { step: 'screening', deadline: new Date(Date.now() - 86_400_000) });
  fx.call.push(screening.id);
  for (const org of [team, other]) fx.application.push((await makeApplication(t.db, screening, org)).id);
  const openB = await makeCall(t.db, B.street);
  fx.call.push(openB.id);
  fx.application.push((await makeApplication(t.db, openB, teamB)).id);

  // F5: a panel in review: the reviewer declared a tie to `other` and is assigned the team's project.
  const inReview = await makeCallAtReview(t.db, A.street, 10_000_000);
  fx.call.push(inReview.id);
  const reviewApps = [await makeScreenedIn(t.db, inReview, team, team.regionCode, '长者助餐', [300_000, 200_000]), await makeScreenedIn(t.db, inReview, other, other.regionCode, '四点半课堂', [400_000])];
  fx.application.push(...reviewApps.map((a) => a.id));
  const panel = await ok<{ id: string }>(
    'panel',
    staff.post('/api/funding/review/panels', { callId: inReview.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [reviewer.id, w.reviewer2.id], chairId: reviewer.id }),
  );
  if (panel) {
    fx.panel.push(panel.id);
    await ok('declaring conflicts', reviewer.agent.post(`/api/funding/review/my/panels/${panel.id}/conflicts`, { conflicts: [{ organizationId: other.id, tie: '曾任该机构理事' }] }));
    const assigned = await ok<{ assignments: { id: string }[] }>('assigning', staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: reviewApps[0].id, expertId: reviewer.id }));
    await ok('assigning the second expert', staff.post(`/api/funding/review/panels/${panel.id}/assignments`, { applicationId: reviewApps[1].id, expertId: w.reviewer2.id }));
    const latest = await ok<{ assignments: { id: string }[] }>('reading the panel', staff.get(`/api/funding/review/panels/${panel.id}`));
    fx.assignment.push(...(latest ?? assigned ?? { assignments: [] }).assignments.map((a) => a.id));
  }

  // F5–F7: a panel scored and closed (approving both projects, version 1 of their proposals), its
  // call at the notice step with the notice published and an objection lodged.
  const noticed = await makeCallAtReview(t.db, A.street, 10_000_000);
  fx.call.push(noticed.id);
  const approved = [await makeScreenedIn(t.db, noticed, team, team.regionCode, '邻里互助', [500_000]), await makeScreenedIn(t.db, noticed, other, other.regionCode, '绿色家园', [300_000])];
  fx.application.push(...approved.map((a) => a.id));
  const closedPanel = await ok<{ id: string }>(
    'second panel',
    staff.post('/api/funding/review/panels', { callId: noticed.id, aggregation: 'mean', criteria: RUBRIC, reviewDeadline: inAMonth(), expertIds: [reviewer.id], chairId: reviewer.id }),
  );
  if (closedPanel) {
    fx.panel.push(closedPanel.id);
    await ok('declaring no conflict', reviewer.agent.post(`/api/funding/review/my/panels/${closedPanel.id}/conflicts`, { conflicts: [] }));
    for (const app of approved) {
      await ok('assigning for scoring', staff.post(`/api/funding/review/panels/${closedPanel.id}/assignments`, { applicationId: app.id, expertId: reviewer.id }));
      await ok('scoring', reviewer.agent.put(`/api/funding/review/applications/${app.id}/score`, { scores: { need: { score: 8 }, design: { score: 7 } }, comment: '方案可行' }));
    }
    await ok('closing the panel', staff.post(`/api/funding/review/panels/${closedPanel.id}/close`, {}));
    await t.db.execute(sql`update funding_calls set step = 'notice' where id = ${noticed.id}`);
    const notice = await ok<{ id: string }>('publishing the notice', staff.post(`/api/funding/notice/calls/${noticed.id}/publish`, {}));
    if (notice) {
      fx.notice.push(notice.id);
      const lodged = await t.app.inject({
        method: 'POST',
        url: `/api/funding/public/notices/${notice.id}/objections`,
        payload: { name: '王女士', contact: '13912345678', objectionText: '该机构去年项目未完成', applicationId: approved[0].id },
        remoteAddress: '198.51.100.7',
      });
      if (lodged.statusCode === 200) fx.objection.push(lodged.json().id);
      else problems.push(`lodging an objection: ${lodged.statusCode} ${lodged.body.slice(0, 300)}`);
    }
  }

  // F8–F10: a draft contract, a contract signed with a milestone tranche, one signed 130 days ago
  // with its reports due; the reviewer monitors and evaluates the last one; and a contract of B.
  const draft = await makeApprovedApplication(t.db, { callRegion: A.street, organization: team });
  fx.call.push(draft.call.id);
  fx.application.push(draft.application.id);
  if (draft.fund) fx.fund.push(draft.fund.id);
  const draftContract = await ok<{ id: string }>('draft contract', staff.post('/api/funding/contracts', { applicationId: draft.application.id, startsOn: '2026-04-01', endsOn: '2027-03-31' }));
  if (draftContract) fx.contract.push(draftContract.id);

  const withMilestone = await signedContract(t, staff, A.street, team, problems, {
    milestones: [{ title: '完成入户摸底', dueOn: addDays(todayInChina(), -60) }],
    tranches: [
      { releasedBy: 'signing', percent: 30 },
      { releasedBy: 'milestone', milestone: 0, percent: 40 },
      { releasedBy: 'final_evaluation', percent: 30 },
    ],
  });
  if (withMilestone) {
    fx.contract.push(withMilestone.id);
    fx.milestone.push(...withMilestone.milestones.map((m) => m.id));
  }
  const running = await signedContract(t, staff, A.street, team, problems, {});
  if (running) {
    fx.contract.push(running.id);
    await ok('report schedule', staff.put(`/api/funding/contracts/${running.id}/report-schedule`, { frequency: 'quarterly' }));
    await ok('assigning the monitor', staff.post(`/api/funding/contracts/${running.id}/assignees`, { userId: reviewer.id, role: 'monitor' }));
    await ok('assigning the evaluator', staff.post(`/api/funding/contracts/${running.id}/assignees`, { userId: reviewer.id, role: 'evaluator' }));
    const monitoring = await ok<{ reports: { id: string }[] }>('reading the monitoring', staff.get(`/api/funding/contracts/${running.id}/monitoring`));
    fx.report.push(...(monitoring?.reports ?? []).map((r) => r.id));
    const evaluation = await ok<{ id: string }>(
      'evaluating',
      reviewer.agent.post(`/api/funding/contracts/${running.id}/evaluations`, {
        kind: 'mid',
        indicators: [{ achieved: '完成 5200 人次', score: 85 }],
        overallScore: 85,
        summary: '进度正常',
      }),
    );
    if (evaluation) fx.evaluation.push(evaluation.id);
  }
  const foreign = await signedContract(t, w.staffB, B.street, teamB, problems, {});
  if (foreign) fx.contract.push(foreign.id);
  return fx;
}

interface SignedContract {
  id: string;
  milestones: { id: string }[];
}

async function signedContract(t: TestApp, staff: Agent, callRegion: string, organization: Org, problems: string[], terms: Record<string, unknown>): Promise<SignedContract | null> {
  const made = await makeApprovedApplication(t.db, { callRegion, organization });
  const startsOn = addDays(todayInChina(), -130);
  const draft = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300), ...terms });
  if (draft.status !== 200) {
    problems.push(`contract draft: ${draft.status} ${draft.body.slice(0, 300)}`);
    return null;
  }
  const signed = await staff.post(`/api/funding/contracts/${draft.json().id}/sign`);
  if (signed.status !== 200) {
    problems.push(`signing: ${signed.status} ${signed.body.slice(0, 300)}`);
    return null;
  }
  return signed.json();
}

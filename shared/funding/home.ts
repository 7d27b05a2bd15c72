import { z } from 'zod';
import { TRANCHE_TRIGGERS } from './contracts.js';
import { PIPELINE_STEPS } from './pipeline.js';
import { APPLICATION_STATUSES } from './states.js';

/** A centre worker's funding to-dos: screening to decide, panels to close, objections to answer, milestones and reports to accept. */
export const STAFF_TODOS = ['screening', 'panels', 'objections', 'milestones', 'reports'] as const;
export type StaffTodo = (typeof STAFF_TODOS)[number];

/*
 * The funding domain's cards on the home page (server/src/modules/funding/funding.home.ts). Each
 * part of the pipeline adds its cards to the union below.
 */

const ZOverdueReport = z.object({
  reportId: z.string(),
  contractId: z.string(),
  contractTitle: z.string(),
  providerName: z.string(),
  periodNo: z.number(),
  dueOn: z.string(),
});

/** Organisation member: its organisation's progress reports past due (F9). */
const ZOrgReportsOverdue = z.object({
  kind: z.literal('fundingOrgReportsOverdue'),
  organizationId: z.string(),
  count: z.number(),
  reports: z.array(ZOverdueReport),
  link: z.string(),
});

/** Centre worker: progress reports past due in its region, the oldest first (a few; the count is all of them). */
const ZRegionReportsOverdue = z.object({
  kind: z.literal('fundingRegionReportsOverdue'),
  count: z.number(),
  reports: z.array(ZOverdueReport),
  link: z.string(),
});

/** Reviewer: the panels it sits on with their deadlines, and the contracts it monitors or evaluates. */
const ZReviewerWork = z.object({
  kind: z.literal('fundingReviewerWork'),
  panels: z.array(
    z.object({
      panelId: z.string(),
      callId: z.string(),
      callTitle: z.string(),
      reviewDeadline: z.string(),
      /** Whether it has declared its conflicts on this panel (it sees nothing before). */
      declared: z.boolean(),
      assigned: z.number(),
      scored: z.number(),
    }),
  ),
  contracts: z.array(z.object({ contractId: z.string(), title: z.string(), providerName: z.string(), endsOn: z.string(), roles: z.array(z.enum(['monitor', 'evaluator'])) })),
  /** All contracts assigned (the list above shows the nearest ends first, a few). */
  contractCount: z.number(),
});

/** Organisation member: its organisation's applications and where each stands (the latest few; the counts are all). */
const ZOrgApplications = z.object({
  kind: z.literal('fundingOrgApplications'),
  organizationId: z.string(),
  organizationName: z.string(),
  total: z.number(),
  byStatus: z.array(z.object({ status: z.enum(APPLICATION_STATUSES), count: z.number() })),
  items: z.array(
    z.object({ id: z.string(), title: z.string(), status: z.enum(APPLICATION_STATUSES), callTitle: z.string(), callDeadline: z.string(), updatedAt: z.string() }),
  ),
  link: z.string(),
});

/** Organisation member: reports due in the coming weeks (overdue ones are fundingOrgReportsOverdue's). */
const ZOrgReportsDue = z.object({
  kind: z.literal('fundingOrgReportsDue'),
  organizationId: z.string(),
  count: z.number(),
  reports: z.array(ZOverdueReport),
  link: z.string(),
});

/** Organisation member: what its contracts have paid it, and the tranches still to come with what releases each. */
const ZOrgPayments = z.object({
  kind: z.literal('fundingOrgPayments'),
  organizationId: z.string(),
  receivedFen: z.number(),
  pendingFen: z.number(),
  received: z.array(z.object({ contractId: z.string(), contractTitle: z.string(), amountFen: z.number(), paidAt: z.string() })),
  next: z.array(z.object({ contractId: z.string(), contractTitle: z.string(), amountFen: z.number(), releasedBy: z.enum(TRANCHE_TRIGGERS), position: z.number() })),
  link: z.string(),
});

/** Centre worker: its region's calls on the board of pipeline steps (published calls by step; drafts apart). */
const ZCallBoard = z.object({
  kind: z.literal('fundingCallBoard'),
  drafts: z.number(),
  steps: z.array(z.object({ step: z.enum(PIPELINE_STEPS), count: z.number() })),
  link: z.string(),
});

/** Centre worker: what waits for it in its region, each with the list that holds it. */
const ZStaffTodos = z.object({
  kind: z.literal('fundingStaffTodos'),
  items: z.array(z.object({ key: z.enum(STAFF_TODOS), count: z.number(), link: z.string() })),
});

export const ZFundingHomeCard = z.discriminatedUnion('kind', [
  ZOrgReportsOverdue,
  ZRegionReportsOverdue,
  ZReviewerWork,
  ZOrgApplications,
  ZOrgReportsDue,
  ZOrgPayments,
  ZCallBoard,
  ZStaffTodos,
]);
export type TFundingHomeCard = z.infer<typeof ZFundingHomeCard>;

declare module '../home/schemas.js' {
  interface HomeCardRegistry {
    funding: TFundingHomeCard;
  }
}

import { z } from 'zod';
import { defineRoutes, optionalText, pageOf, text, ZIdParams, ZRegionCode } from '../contract.js';
import { ZBusinessDate } from '../dates.js';

/*
 * Monitoring (项目监测, F9) and evaluation (项目评估, F10) of signed contracts: the report schedule and
 * progress reports, third-party site visits, mid-term and final evaluations and the pass line.
 */

export const REPORT_FREQUENCIES = ['monthly', 'quarterly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** pending: owed, nothing sent yet; returned: sent back with a reason, owed again. */
export const REPORT_STATUSES = ['pending', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A period's report is due this many days after the period ends (China dates). */
export const REPORT_GRACE_DAYS = 10;

export const VISIT_RATINGS = ['excellent', 'good', 'fair', 'poor'] as const;
export const EVALUATION_KINDS = ['mid', 'final'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

/** The score an evaluation must reach to pass when the call sets no pass line of its own. */
export const DEFAULT_PASS_LINE = 60;

/** Who a reviewer account is to a contract: its third-party monitor or its evaluator. */
export const ASSIGNEE_ROLES = ['monitor', 'evaluator'] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];
/** The core `assignments` entity type of each assignee role. */
export const ASSIGNMENT_ENTITY: Record<AssigneeRole, string> = { monitor: 'funding.contract.monitor', evaluator: 'funding.contract.evaluator' };

export const MAX_REPORT_ACTIVITIES = 100;
export const MAX_PHOTOS = 20;

// ---------------------------------------------------------------------------------------------
// Rules

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => {
  const at = new Date(Date.UTC(y, m - 1, d));
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
};
/** The calendar date `days` after an ISO date. */
export const addDays = (date: string, days: number) => {
  const [y, m, d] = date.split('-').map(Number);
  return iso(y, m, d + days);
};

export interface ReportPeriod {
  periodNo: number;
  startsOn: string;
  endsOn: string;
  dueOn: string;
}

/**
 * The reporting periods of a contract term: calendar months (or quarters) cut to the term, each
 * report due REPORT_GRACE_DAYS after its period ends. A term starting mid-month makes a short first
 * period, not one that runs across two months, so periods line up with the centre's own months.
 */
export function reportPeriods(startsOn: string, endsOn: string, frequency: ReportFrequency): ReportPeriod[] {
  const months = frequency === 'monthly' ? 1 : 3;
  const out: ReportPeriod[] = [];
  let [y, m] = startsOn.split('-').map(Number);
  if (months === 3) m = Math.floor((m - 1) / 3) * 3 + 1;
  let from = startsOn;
  while (from <= endsOn) {
    const lastOfBlock = iso(y, m + months, 0);
    const to = lastOfBlock < endsOn ? lastOfBlock : endsOn;
    out.push({ periodNo: out.length + 1, startsOn: from, endsOn: to, dueOn: addDays(to, REPORT_GRACE_DAYS) });
    from = addDays(to, 1);
    m += months;
    if (m > 12) {
      y += Math.floor((m - 1) / 12);
      m = ((m - 1) % 12) + 1;
    }
  }
  return out;
}

/** Whether a report is overdue on `today` (a China date): past its due date and not sent (or sent back). */
export const isOverdue = (r: { status: ReportStatus; dueOn: string }, today: string) => (r.status === 'pending' || r.status === 'returned') && r.dueOn < today;

// ---------------------------------------------------------------------------------------------
// Requests

const ZPhotoIds = z.array(z.uuid()).max(MAX_PHOTOS).default([]);

export const ZReportScheduleBody = z.object({ frequency: z.enum(REPORT_FREQUENCIES) });
export type TReportScheduleBody = z.infer<typeof ZReportScheduleBody>;

export const ZAssignBody = z.object({ userId: z.uuid(), role: z.enum(ASSIGNEE_ROLES) });
export type TAssignBody = z.infer<typeof ZAssignBody>;

export const ZReportActivity = z.object({
  date: ZBusinessDate,
  title: text(200).min(1),
  place: text(200).min(1),
  participants: z.number().int().min(0).max(1_000_000),
});

/** POST /funding/reports/:id/submit — a period's report. */
export const ZReportBody = z.object({
  activities: z.array(ZReportActivity).max(MAX_REPORT_ACTIVITIES),
  /** 受益人次: person-times served in the period. */
  beneficiaryCount: z.number().int().min(0).max(100_000_000),
  narrative: text(10_000).min(1),
  /** Core files uploaded first (POST /api/files), images only. */
  photoIds: ZPhotoIds,
});
export type TReportBody = z.infer<typeof ZReportBody>;

export const ZReturnReportBody = z.object({ reason: text(1000).min(1) });
export const ZAcceptReportBody = z.object({ comment: optionalText(1000) });

export const ZVisitBody = z.object({
  visitedOn: ZBusinessDate,
  findings: text(10_000).min(1),
  rating: z.enum(VISIT_RATINGS),
  photoIds: ZPhotoIds,
});
export type TVisitBody = z.infer<typeof ZVisitBody>;

/** One score per indicator of the contract (绩效目标), in the contract's order. */
export const ZIndicatorScore = z.object({ achieved: text(200).min(1), score: z.number().int().min(0).max(100) });

const evaluationFields = {
  indicators: z.array(ZIndicatorScore).max(100),
  overallScore: z.number().int().min(0).max(100),
  summary: text(10_000).min(1),
};
export const ZEvaluationBody = z.object({ kind: z.enum(EVALUATION_KINDS), ...evaluationFields });
export type TEvaluationBody = z.infer<typeof ZEvaluationBody>;
/** A correction is a new version with its reason; the kind stays. */
export const ZCorrectEvaluationBody = z.object({ ...evaluationFields, reason: text(1000).min(1) });
export type TCorrectEvaluationBody = z.infer<typeof ZCorrectEvaluationBody>;

export const ZPassLineBody = z.object({ passLine: z.number().int().min(0).max(100) });

export const ZMonitoredContractQuery = z.object({
  region: ZRegionCode.optional(),
  /** true: only contracts in force that owe a report past its due date (the centre's to-do card links here). */
  overdue: z.enum(['true', 'false']).optional(),
  /** One organisation's contracts (an organisation's to-do card links here). */
  organization: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TMonitoredContractQuery = z.infer<typeof ZMonitoredContractQuery>;

/** GET /funding/reviewers — reviewer accounts a centre worker may pick as expert, monitor or evaluator. */
export const ZReviewerQuery = z.object({
  /** Default: the widest region the caller manages. */
  region: ZRegionCode.optional(),
  /** Part of the display name. */
  q: text(50).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type TReviewerQuery = z.infer<typeof ZReviewerQuery>;

// ---------------------------------------------------------------------------------------------
// Responses

export const ZPhoto = z.object({ id: z.string(), originalName: z.string(), mimeType: z.string(), sizeBytes: z.number() });

export const ZHistoryStep = z.object({ action: z.string(), fromState: z.string().nullable(), toState: z.string(), actorName: z.string(), comment: z.string().nullable(), at: z.string() });

export const ZProgressReport = z.object({
  id: z.string(),
  periodNo: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  dueOn: z.string(),
  status: z.enum(REPORT_STATUSES),
  overdue: z.boolean(),
  activities: z.array(ZReportActivity),
  beneficiaryCount: z.number().nullable(),
  narrative: z.string().nullable(),
  photos: z.array(ZPhoto),
  submittedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  history: z.array(ZHistoryStep),
  abilities: z.object({ submit: z.boolean(), decide: z.boolean() }),
});
export type TProgressReport = z.infer<typeof ZProgressReport>;

export const ZSiteVisit = z.object({
  id: z.string(),
  visitedOn: z.string(),
  findings: z.string(),
  rating: z.enum(VISIT_RATINGS),
  monitorName: z.string(),
  photos: z.array(ZPhoto),
  createdAt: z.string(),
});
export type TSiteVisit = z.infer<typeof ZSiteVisit>;

export const ZEvaluation = z.object({
  id: z.string(),
  contractId: z.string(),
  kind: z.enum(EVALUATION_KINDS),
  version: z.number(),
  indicators: z.array(z.object({ name: z.string(), target: z.string(), unit: z.string().nullable(), achieved: z.string(), score: z.number() })),
  overallScore: z.number(),
  passLine: z.number(),
  passed: z.boolean(),
  summary: z.string(),
  evaluatorName: z.string(),
  correctionReason: z.string().nullable(),
  submittedAt: z.string(),
  /** What the result did to the tranches waiting on it (the first version's; a correction moves no money). */
  paidTrancheIds: z.array(z.string()),
  withheldTrancheIds: z.array(z.string()),
  current: z.boolean(),
});
export type TEvaluation = z.infer<typeof ZEvaluation>;

/** A reviewer account as a picker shows it: no phone, no username. */
export const ZReviewer = z.object({ id: z.string(), displayName: z.string(), regionName: z.string() });

/** A tranche that waits on an evaluation: what the evaluation's result pays, or withholds. */
export const ZEvaluationTranche = z.object({
  position: z.number(),
  kind: z.enum(EVALUATION_KINDS),
  amountFen: z.number(),
  status: z.enum(['pending', 'paid', 'withheld']),
});

export const ZAssignee = z.object({ userId: z.string(), displayName: z.string(), role: z.enum(ASSIGNEE_ROLES) });

export const ZMonitoring = z.object({
  contractId: z.string(),
  title: z.string(),
  contractNumber: z.string().nullable(),
  status: z.string(),
  organizationId: z.string(),
  providerName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  frequency: z.enum(REPORT_FREQUENCIES).nullable(),
  passLine: z.number(),
  indicators: z.array(z.object({ name: z.string(), target: z.string(), unit: z.string().nullable() })),
  reports: z.array(ZProgressReport),
  visits: z.array(ZSiteVisit),
  evaluations: z.array(ZEvaluation),
  assignees: z.array(ZAssignee),
  /** 受益人次 of the accepted reports. */
  beneficiaryCount: z.number(),
  /** The tranches the mid-term and final evaluations release (评估兑现), in payment order. */
  evaluationTranches: z.array(ZEvaluationTranche),
  abilities: z.object({ schedule: z.boolean(), assign: z.boolean(), visit: z.boolean(), evaluate: z.boolean() }),
});
export type TMonitoring = z.infer<typeof ZMonitoring>;

export const ZMonitoredContract = z.object({
  contractId: z.string(),
  title: z.string(),
  contractNumber: z.string().nullable(),
  providerName: z.string(),
  regionCode: z.string(),
  status: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  overdueReports: z.number(),
});

/** What the funding domain may tell another about an organisation's evaluations (its grade evaluation reads them). */
export interface OrganizationEvaluation {
  evaluationId: string;
  contractId: string;
  contractTitle: string;
  kind: EvaluationKind;
  version: number;
  overallScore: number;
  passLine: number;
  passed: boolean;
  submittedAt: string;
}

export const fundingMonitoringRoutes = defineRoutes({
  'GET /funding/monitoring/contracts': { querystring: ZMonitoredContractQuery, response: { 200: pageOf(ZMonitoredContract) } },
  'GET /funding/reviewers': { querystring: ZReviewerQuery, response: { 200: pageOf(ZReviewer) } },
  'GET /funding/contracts/:id/monitoring': { params: ZIdParams, response: { 200: ZMonitoring } },
  'PUT /funding/contracts/:id/report-schedule': { params: ZIdParams, body: ZReportScheduleBody, response: { 200: ZMonitoring } },
  'POST /funding/contracts/:id/assignees': { params: ZIdParams, body: ZAssignBody, response: { 200: ZMonitoring } },
  'POST /funding/contracts/:id/visits': { params: ZIdParams, body: ZVisitBody, response: { 200: ZSiteVisit } },
  'POST /funding/contracts/:id/evaluations': { params: ZIdParams, body: ZEvaluationBody, response: { 200: ZEvaluation } },
  'POST /funding/evaluations/:id/correct': { params: ZIdParams, body: ZCorrectEvaluationBody, response: { 200: ZEvaluation } },
  'PUT /funding/calls/:id/pass-line': { params: ZIdParams, body: ZPassLineBody, response: { 200: ZPassLineBody } },
  'POST /funding/reports/:id/submit': { params: ZIdParams, body: ZReportBody, response: { 200: ZProgressReport } },
  'POST /funding/reports/:id/accept': { params: ZIdParams, body: ZAcceptReportBody, response: { 200: ZProgressReport } },
  'POST /funding/reports/:id/return': { params: ZIdParams, body: ZReturnReportBody, response: { 200: ZProgressReport } },
});

type FundingMonitoringRoutes = typeof fundingMonitoringRoutes;

declare module '../contract.js' {
  interface Api extends FundingMonitoringRoutes {}
}

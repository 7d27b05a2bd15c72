import { z } from 'zod';
import { text } from '../contract.js';
import { ZBusinessInstant } from '../dates.js';

/*
 * Expert review (立项评审, F5): a panel per call, a weighted rubric, conflicts of interest declared
 * before any application is seen, scores hidden from other experts until the panel closes, then the
 * ranking and the funding line.
 */

/** mean: every score counts; trimmed_mean: the highest and the lowest are dropped (one each, ties or not). */
export const AGGREGATIONS = ['mean', 'trimmed_mean'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
/** A trimmed mean of fewer than three scores would drop all of them, or all but one. */
export const TRIMMED_MEAN_MIN_SCORES = 3;

export const PANEL_STATUSES = ['open', 'closed'] as const;
export type PanelStatus = (typeof PANEL_STATUSES)[number];

export const REVIEW_DECISIONS = ['approved', 'not_funded'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** A criterion's score: 0 to its maximum, a whole number or one decimal (7.5), kept in tenths. */
export const SCORE_DECIMALS = 1;
export const toTenths = (score: number) => Math.round(score * 10);
export const fromTenths = (tenths: number) => tenths / 10;

const ZCriterionCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

export const ZCriterion = z.object({
  code: ZCriterionCode,
  name: text(100).min(1),
  /** Its share of the total, in percent: the weights of a rubric add up to 100. */
  weight: z.number().int().min(1).max(100),
  maxScore: z.number().int().min(1).max(100),
});
export type TCriterion = z.infer<typeof ZCriterion>;

export const ZCriteria = z
  .array(ZCriterion)
  .min(1)
  .max(20)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: 'criterion_duplicate' });
      seen.add(c.code);
    });
    const sum = list.reduce((s, c) => s + c.weight, 0);
    if (sum !== 100) ctx.addIssue({ code: 'custom', message: 'weights_sum', params: { sum } });
  });

/** A review deadline: an instant (ISO 8601 with its offset); the server's clock decides. */
const ZInstant = ZBusinessInstant;

export const ZCreatePanelBody = z.object({
  callId: z.uuid(),
  aggregation: z.enum(AGGREGATIONS),
  criteria: ZCriteria,
  reviewDeadline: ZInstant,
  /** Users holding the reviewer role in the call's region; the chair is one of them. */
  expertIds: z.array(z.uuid()).min(1).max(50),
  chairId: z.uuid(),
});
export type TCreatePanelBody = z.infer<typeof ZCreatePanelBody>;

/** Changes before the panel closes; the rubric and the aggregation only while no score is in. */
export const ZUpdatePanelBody = z
  .object({
    aggregation: z.enum(AGGREGATIONS).optional(),
    criteria: ZCriteria.optional(),
    reviewDeadline: ZInstant.optional(),
    addExpertIds: z.array(z.uuid()).max(50).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing_to_change' });
export type TUpdatePanelBody = z.infer<typeof ZUpdatePanelBody>;

export const ZPanelQuery = z.object({ callId: z.uuid() });

export const ZPanelExpert = z.object({
  userId: z.string(),
  displayName: z.string(),
  isChair: z.boolean(),
  declared: z.boolean(),
  assigned: z.number(),
  scored: z.number(),
});

export const ZPanelAssignment = z.object({
  id: z.string(),
  applicationId: z.string(),
  applicationTitle: z.string(),
  organizationName: z.string(),
  expertId: z.string(),
  expertName: z.string(),
  /** Whether a live score is in; its value only once the panel closed. */
  scored: z.boolean(),
  totalScore: z.number().nullable(),
});

export const ZPanelConflict = z.object({ expertId: z.string(), organizationId: z.string(), organizationName: z.string() });

export const ZPanel = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  regionCode: z.string(),
  aggregation: z.enum(AGGREGATIONS),
  criteria: z.array(ZCriterion),
  reviewDeadline: z.string(),
  chairId: z.string(),
  status: z.enum(PANEL_STATUSES),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  experts: z.array(ZPanelExpert),
  assignments: z.array(ZPanelAssignment),
  /** What each expert declared itself tied to: staff see it before assigning, an expert never sees another's. */
  conflicts: z.array(ZPanelConflict),
});
export type TPanel = z.infer<typeof ZPanel>;

export const ZAssignBody = z.object({ applicationId: z.uuid(), expertId: z.uuid() });
export type TAssignBody = z.infer<typeof ZAssignBody>;
export const ZReasonBody = z.object({ reason: text(1000).min(1) });
export const ZCloseBody = z.object({ reason: text(1000).optional() });

// --- The expert's side -------------------------------------------------------------------------

export const ZDeclareConflictsBody = z.object({
  /** Empty: no conflict with any applicant. */
  conflicts: z
    .array(z.object({ organizationId: z.uuid(), tie: text(200).min(1) }))
    .max(50)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.organizationId)) ctx.addIssue({ code: 'custom', path: [i, 'organizationId'], message: 'conflict_duplicate' });
        seen.add(c.organizationId);
      });
    }),
});
export type TDeclareConflictsBody = z.infer<typeof ZDeclareConflictsBody>;

export const ZExpertPanel = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  criteria: z.array(ZCriterion),
  aggregation: z.enum(AGGREGATIONS),
  reviewDeadline: z.string(),
  status: z.enum(PANEL_STATUSES),
  isChair: z.boolean(),
  declaredAt: z.string().nullable(),
  conflicts: z.array(z.object({ organizationId: z.string(), organizationName: z.string(), tie: z.string(), declaredAt: z.string() })),
});
export type TExpertPanel = z.infer<typeof ZExpertPanel>;

/** The organisations that applied, for the expert to declare against (names only, never applications). */
export const ZPanelApplicant = z.object({ organizationId: z.string(), organizationName: z.string() });

export const ZCriterionScore = z.object({
  score: z
    .number()
    .min(0)
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, { message: 'score_decimals' }),
  comment: text(1000).optional(),
});
export type TCriterionScores = Record<string, { tenths: number; comment: string | null }>;

export const ZScoreBody = z.object({
  /** By criterion code: every criterion of the rubric, none other. */
  scores: z.record(ZCriterionCode, ZCriterionScore),
  comment: text(2000).min(1),
});
export type TScoreBody = z.infer<typeof ZScoreBody>;

/**
 * A score the expert is still working on (暂存): any criteria so far, each within the rubric; seen
 * by that expert alone, never counted, and gone once the score is submitted.
 */
export const ZScoreDraftBody = z.object({
  scores: z.record(ZCriterionCode, ZCriterionScore),
  comment: text(2000).optional(),
});
export type TScoreDraftBody = z.infer<typeof ZScoreDraftBody>;

export const ZScoreDraft = z.object({
  scores: z.record(z.string(), z.object({ score: z.number(), comment: z.string().nullable() })),
  comment: z.string().nullable(),
  savedAt: z.string(),
});

export const ZScoreView = z.object({
  expertName: z.string(),
  mine: z.boolean(),
  scores: z.record(z.string(), z.object({ score: z.number(), comment: z.string().nullable() })),
  total: z.number(),
  comment: z.string(),
  submittedAt: z.string(),
});

export const ZScoreHistoryItem = z.object({
  total: z.number(),
  submittedAt: z.string(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
});

export const ZAssignedItem = z.object({
  assignmentId: z.string(),
  applicationId: z.string(),
  panelId: z.string(),
  callTitle: z.string(),
  title: z.string(),
  organizationName: z.string(),
  amountFen: z.number(),
  reviewDeadline: z.string(),
  /** 'to_score' | 'returned' | 'scored' */
  state: z.enum(['to_score', 'returned', 'scored']),
});

export const ZReviewApplication = z.object({
  assignmentId: z.string(),
  applicationId: z.string(),
  panelId: z.string(),
  panelStatus: z.enum(PANEL_STATUSES),
  isChair: z.boolean(),
  criteria: z.array(ZCriterion),
  reviewDeadline: z.string(),
  title: z.string(),
  organizationName: z.string(),
  summary: z.string().nullable(),
  goals: z.string().nullable(),
  activities: z.array(z.unknown()),
  targetBeneficiaries: z.string().nullable(),
  beneficiaryCount: z.number().nullable(),
  indicators: z.array(z.unknown()),
  amountFen: z.number(),
  budgetLines: z.array(z.object({ position: z.number(), item: z.string(), category: z.string().nullable(), amountFen: z.number(), note: z.string().nullable() })),
  /** The expert's own live score, or null. */
  myScore: ZScoreView.nullable(),
  /** The expert's own draft (暂存), while no live score is in. */
  myDraft: ZScoreDraft.nullable(),
  /** The expert's own earlier scores the chair returned. */
  myHistory: z.array(ZScoreHistoryItem),
  /** Every expert's score: empty until the panel closed. */
  panelScores: z.array(ZScoreView),
  /** The other experts' score states, for the chair: who has scored, never what. */
  progress: z.array(z.object({ assignmentId: z.string(), expertName: z.string(), scored: z.boolean() })),
});
export type TReviewApplication = z.infer<typeof ZReviewApplication>;

// --- Results -----------------------------------------------------------------------------------

export const ZRankingItem = z.object({
  applicationId: z.string(),
  title: z.string(),
  organizationName: z.string(),
  amountFen: z.number(),
  scoreCount: z.number(),
  aggregate: z.number().nullable(),
  rank: z.number().nullable(),
  lineDecision: z.enum(REVIEW_DECISIONS),
  decision: z.enum(REVIEW_DECISIONS),
  adjustReason: z.string().nullable(),
  conditions: z.string().nullable(),
});
export const ZRanking = z.object({
  panelId: z.string(),
  budgetFen: z.number(),
  approvedFen: z.number(),
  /** How ties are broken and how the funding line is drawn, in the reader's language. */
  rule: z.string(),
  items: z.array(ZRankingItem),
});
export type TRanking = z.infer<typeof ZRanking>;

export const ZAdjustBody = z.object({ decision: z.enum(REVIEW_DECISIONS), reason: text(1000).min(1) });
export const ZConditionsBody = z.object({ conditions: text(4000).min(1) });
export const ZApplicationIdParams = z.object({ applicationId: z.uuid() });

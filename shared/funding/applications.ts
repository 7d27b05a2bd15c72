import { z } from 'zod';
import { optionalText, pageOf, text } from '../contract.js';
import { ZEligibilityRuleOut, ZFen } from './calls.js';
import { APPLICATION_STATUSES } from './states.js';

/**
 * Activity dates must lie inside the call's year (1 January – 31 December, China dates): the
 * contract term is not known before the contract (F8), and a call funds one year's work.
 */
export const ZActivity = z.object({
  name: text(200).min(1),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  description: optionalText(2000),
});
export type TActivity = z.infer<typeof ZActivity>;

export const ZBudgetLine = z.object({
  item: text(200).min(1),
  category: optionalText(100),
  /** Integer fen, more than zero. */
  amountFen: ZFen.positive(),
  note: optionalText(500),
});
export type TBudgetLine = z.infer<typeof ZBudgetLine>;

/** 绩效目标: what the project promises, measurable. */
export const ZIndicator = z.object({ name: text(200).min(1), target: text(200).min(1), unit: optionalText(50) });
export type TIndicator = z.infer<typeof ZIndicator>;

const draftFields = {
  title: text(200).min(1),
  summary: optionalText(5000),
  goals: optionalText(5000),
  topicId: z.string().uuid().nullable(),
  activities: z.array(ZActivity).max(100),
  targetBeneficiaries: optionalText(1000),
  beneficiaryCount: z.number().int().min(0).max(100_000_000).nullable(),
  indicators: z.array(ZIndicator).max(50),
  answers: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), text(5000)),
  amountFen: ZFen,
  budgetLines: z.array(ZBudgetLine).max(200),
};

/**
 * POST /funding/applications — a draft for the caller's own organisation. `organizationId` may be
 * left out when the caller is a member of one organisation only.
 */
export const ZApplicationBody = z.object({
  callId: z.string().uuid(),
  organizationId: z.string().uuid().optional(),
  ...draftFields,
  activities: draftFields.activities.default([]),
  indicators: draftFields.indicators.default([]),
  answers: draftFields.answers.default({}),
  budgetLines: draftFields.budgetLines.default([]),
  amountFen: ZFen.default(0),
  topicId: draftFields.topicId.default(null),
  beneficiaryCount: draftFields.beneficiaryCount.default(null),
});
export type TApplicationBody = z.infer<typeof ZApplicationBody>;

/** PATCH /funding/applications/:id — while a draft; a list given replaces the whole list. */
export const ZUpdateApplicationBody = z.object(draftFields).partial();
export type TUpdateApplicationBody = z.infer<typeof ZUpdateApplicationBody>;

/**
 * Sorts of an application list; `-` is descending. `organization` orders by the organisation's name
 * in pinyin (as the register does), the way staff look an applicant up.
 */
export const APPLICATION_SORTS = ['-updatedAt', '-submittedAt', 'submittedAt', '-amountFen', 'amountFen', 'organization'] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];

export const ZApplicationListQuery = z.object({
  callId: z.string().uuid().optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  sort: z.enum(APPLICATION_SORTS).default('-updatedAt'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TApplicationListQuery = z.infer<typeof ZApplicationListQuery>;
/** GET /funding/applications/export — the applications the list's filter matches, in its order. */
export const ZApplicationExportQuery = ZApplicationListQuery.omit({ page: true, pageSize: true });
export type TApplicationExportQuery = z.infer<typeof ZApplicationExportQuery>;

export const SCREENING_OUTCOMES = ['pass', 'fail', 'manual'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

/** One rule's result, with its reason in the reader's language, and the staff decision when it was manual. */
export const ZScreeningResult = z.object({
  index: z.number(),
  rule: ZEligibilityRuleOut,
  label: z.string(),
  outcome: z.enum(SCREENING_OUTCOMES),
  reason: z.string(),
  /** For a manual rule: the staff decision (pass or fail), who, when, why; each earlier decision kept in `history`. */
  decision: z
    .object({ outcome: z.enum(['pass', 'fail']), reason: z.string(), by: z.string(), at: z.string() })
    .nullable(),
  history: z.array(z.object({ outcome: z.enum(['pass', 'fail']), reason: z.string(), by: z.string(), at: z.string() })),
});
export type TScreeningResult = z.infer<typeof ZScreeningResult>;

export const ZScreening = z.object({
  screenedAt: z.string(),
  /** pending: a manual rule still awaits a decision. */
  verdict: z.enum(['screened_in', 'screened_out', 'pending']),
  results: z.array(ZScreeningResult),
});
export type TScreening = z.infer<typeof ZScreening>;

const summary = {
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  regionCode: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  title: z.string(),
  amountFen: z.number(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
};
export const ZApplicationListItem = z.object(summary);
export const ZApplicationPage = pageOf(ZApplicationListItem);

/** The same parts as they are sent back (no input transforms in a response). */
const ZActivityOut = z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string(), description: z.string().nullable() });
const ZBudgetLineOut = z.object({ item: z.string(), category: z.string().nullable(), amountFen: z.number(), note: z.string().nullable() });
const ZIndicatorOut = z.object({ name: z.string(), target: z.string(), unit: z.string().nullable() });

export const ZApplicationDetail = z.object({
  ...summary,
  topicId: z.string().nullable(),
  summary: z.string().nullable(),
  goals: z.string().nullable(),
  activities: z.array(ZActivityOut),
  targetBeneficiaries: z.string().nullable(),
  beneficiaryCount: z.number().nullable(),
  indicators: z.array(ZIndicatorOut),
  answers: z.record(z.string(), z.string()),
  budgetLines: z.array(ZBudgetLineOut),
  callDeadline: z.string(),
  callCapFen: z.number().nullable(),
  screening: ZScreening.nullable(),
  history: z.array(
    z.object({ fromState: z.string().nullable(), toState: z.string(), action: z.string(), actorName: z.string(), comment: z.string().nullable(), at: z.string() }),
  ),
  abilities: z.object({ edit: z.boolean(), submit: z.boolean(), withdraw: z.boolean(), decide: z.boolean() }),
});
export type TApplicationDetail = z.infer<typeof ZApplicationDetail>;

/** POST /funding/applications/:id/screening/decide — staff decide one manual rule. */
export const ZScreeningDecisionBody = z.object({
  index: z.number().int().min(0).max(100),
  outcome: z.enum(['pass', 'fail']),
  reason: text(1000).min(1),
});
export type TScreeningDecisionBody = z.infer<typeof ZScreeningDecisionBody>;

export const ZScreenCallResult = z.object({ screened: z.number(), screenedIn: z.number(), screenedOut: z.number(), pending: z.number() });

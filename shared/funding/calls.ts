import { z } from 'zod';
import { optionalText, pageOf, text, ZRegionCode } from '../contract.js';
import { ZBusinessInstant } from '../dates.js';
import { GRADES, LEGAL_FORMS } from '../registry.js';
import { CALL_TYPES, PIPELINE_STEPS } from './pipeline.js';
import { CALL_STATUSES } from './states.js';

/** Money in integer fen (分); never a float. */
export const ZFen = z.number().int().min(0).max(1e13);

/**
 * Eligibility rules as data (F2): the screening (F4) applies each to the applying organisation's
 * registry facts and answers pass, fail or manual (staff decide), with a reason.
 */
export const ZEligibilityRule = z.discriminatedUnion('kind', [
  /** The organisation's legal form is one of these. */
  z.object({ kind: z.literal('legal_form'), in: z.array(z.enum(LEGAL_FORMS)).min(1).max(LEGAL_FORMS.length) }),
  /** The organisation lies in this region's subtree. */
  z.object({ kind: z.literal('region_within'), code: ZRegionCode }),
  /** A valid, unexpired evaluation grade of at least this one. */
  z.object({ kind: z.literal('min_grade'), grade: z.enum(GRADES) }),
  /** Registered (founded) at least this many months before the screening. */
  z.object({ kind: z.literal('registered_for_months'), months: z.number().int().min(1).max(1200) }),
  /** No failed annual inspection (年检): not kept on the platform yet, so always decided by staff. */
  z.object({ kind: z.literal('no_failed_inspection') }),
  /** A condition staff check by hand (its text is shown to applicants). */
  z.object({ kind: z.literal('manual'), text: text(500).min(1) }),
]);
export type TEligibilityRule = z.infer<typeof ZEligibilityRule>;

/** A rule as sent back: the same keys, plain types. */
export const ZEligibilityRuleOut = z.object({
  kind: z.enum(['legal_form', 'region_within', 'min_grade', 'registered_for_months', 'no_failed_inspection', 'manual']),
  in: z.array(z.string()).optional(),
  code: z.string().optional(),
  grade: z.string().optional(),
  months: z.number().optional(),
  text: z.string().optional(),
});
const ZFormQuestionOut = z.object({ key: z.string(), label: z.string(), required: z.boolean(), maxLength: z.number() });
export type EligibilityKind = TEligibilityRule['kind'];

/** An extra question of the application form; the answer is text, keyed by `key`. */
export const ZFormQuestion = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  label: text(200).min(1),
  required: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(5000).default(2000),
});
export type TFormQuestion = z.infer<typeof ZFormQuestion>;

const callFields = {
  callType: z.enum(CALL_TYPES),
  /** Where the call runs; applicants' organisations lie in its subtree unless a rule says otherwise. */
  regionCode: ZRegionCode,
  year: z.number().int().min(2000).max(2100),
  title: text(200).min(1),
  description: optionalText(10000),
  budgetFen: ZFen,
  /** The most one application may ask for; null: up to the budget. */
  capFen: ZFen.positive().nullable().default(null),
  /** Submission closes at this instant (ISO 8601 with offset; shown in China time). */
  deadline: ZBusinessInstant,
  /** Submission opens at this instant; null: when the call is published. */
  opensAt: ZBusinessInstant.nullable().default(null),
  topicIds: z.array(z.string().uuid()).max(50).default([]),
  eligibility: z.array(ZEligibilityRule).max(30).default([]),
  form: z.array(ZFormQuestion).max(30).default([]),
  /** The ledger fund that pays the call's contracts; null: not chosen yet (contracts cannot be signed until it is). */
  fundId: z.uuid().nullable().default(null),
};

/** POST /funding/calls — a draft call; its steps are copied from the region's settings in force. */
export const ZCallBody = z.object(callFields);
export type TCallBody = z.infer<typeof ZCallBody>;

/**
 * PATCH /funding/calls/:id — while the call is a draft. The same fields without their defaults: a
 * field left out stays as it is, never reset to the default.
 */
export const ZUpdateCallBody = z
  .object({
    ...callFields,
    capFen: ZFen.positive().nullable(),
    opensAt: ZBusinessInstant.nullable(),
    topicIds: z.array(z.string().uuid()).max(50),
    eligibility: z.array(ZEligibilityRule).max(30),
    form: z.array(ZFormQuestion).max(30),
    fundId: z.uuid().nullable(),
  })
  .partial();
export type TUpdateCallBody = z.infer<typeof ZUpdateCallBody>;

export const ZReasonBody = z.object({ reason: text(1000).min(1) });
export const ZCommentBody = z.object({ comment: optionalText(1000) });

/** Sorts of a call list: by deadline (default, latest first), by creation, by budget; `-` is descending. */
export const CALL_SORTS = ['-deadline', 'deadline', '-createdAt', 'createdAt', '-budgetFen', 'budgetFen'] as const;
export type CallSort = (typeof CALL_SORTS)[number];

export const ZCallListQuery = z.object({
  region: ZRegionCode.optional(),
  status: z.enum(CALL_STATUSES).optional(),
  callType: z.enum(CALL_TYPES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  sort: z.enum(CALL_SORTS).default('-deadline'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TCallListQuery = z.infer<typeof ZCallListQuery>;
/** GET /funding/calls/export — the calls the list's filter matches, in its order. */
export const ZCallExportQuery = ZCallListQuery.omit({ page: true, pageSize: true });
export type TCallExportQuery = z.infer<typeof ZCallExportQuery>;

/** A rule as the applicant and staff read it, in the reader's language. */
export const ZRuleView = z.object({ rule: ZEligibilityRuleOut, label: z.string() });

const callSummary = {
  id: z.string(),
  callType: z.enum(CALL_TYPES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  year: z.number(),
  title: z.string(),
  budgetFen: z.number(),
  capFen: z.number().nullable(),
  deadline: z.string(),
  opensAt: z.string().nullable(),
  status: z.enum(CALL_STATUSES),
  step: z.enum(PIPELINE_STEPS),
  steps: z.array(z.enum(PIPELINE_STEPS)),
  /** Whether an organisation may submit now (published, at `call`, opened, before the deadline). */
  open: z.boolean(),
  publishedAt: z.string().nullable(),
};

export const ZCallListItem = z.object(callSummary);
export type TCallListItem = z.infer<typeof ZCallListItem>;
export const ZCallPage = pageOf(ZCallListItem);

export const ZCallHistoryEntry = z.object({
  fromState: z.string().nullable(),
  toState: z.string(),
  action: z.string(),
  actorName: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const ZCallDetail = z.object({
  ...callSummary,
  description: z.string().nullable(),
  topics: z.array(z.object({ id: z.string(), title: z.string() })),
  eligibility: z.array(ZRuleView),
  form: z.array(ZFormQuestionOut),
  cancelReason: z.string().nullable(),
  /** The fund that pays the call's contracts, with its figures in fen (staff only); null: none chosen yet. */
  fund: z
    .object({ id: z.string(), name: z.string(), regionCode: z.string(), year: z.number(), budgetFen: z.number(), availableFen: z.number(), committedFen: z.number(), paidFen: z.number() })
    .nullable(),
  createdAt: z.string(),
  /** Each step taken: who, when, why (core workflow history). */
  history: z.array(ZCallHistoryEntry),
  /** Submitted applications per status (staff only; empty for an organisation). */
  applicationCounts: z.record(z.string(), z.number()),
  abilities: z.object({ edit: z.boolean(), publish: z.boolean(), advance: z.boolean(), cancel: z.boolean(), screen: z.boolean(), apply: z.boolean() }),
});
export type TCallDetail = z.infer<typeof ZCallDetail>;

/** The public page of a published call: no people, no applications. */
export const ZPublicCall = z.object({
  ...callSummary,
  description: z.string().nullable(),
  topics: z.array(z.object({ id: z.string(), title: z.string() })),
  eligibility: z.array(ZRuleView),
  form: z.array(ZFormQuestionOut),
});
export type TPublicCall = z.infer<typeof ZPublicCall>;
export const ZPublicCallListItem = z.object(callSummary);
export const ZPublicCallPage = pageOf(ZPublicCallListItem);
export const ZPublicCallListQuery = ZCallListQuery.omit({ status: true });

import { z } from 'zod';
import { optionalText, text } from '../contract.js';

/*
 * Optimisation (项目优化, F7): after approval the organisation revises its proposal under the panel's
 * conditions. Every revision is a new version; any two versions can be compared field by field;
 * staff accept one, which is the proposal the contract uses.
 */

const ZDate = z.iso.date();

export const ZProposalActivity = z.object({
  name: text(200).min(1),
  startsOn: ZDate.nullable().default(null),
  endsOn: ZDate.nullable().default(null),
  description: optionalText(2000),
});
export const ZProposalIndicator = z.object({ name: text(200).min(1), target: text(200).min(1), unit: optionalText(50) });
export const ZProposalBudgetLine = z.object({
  item: text(200).min(1),
  category: optionalText(100),
  amountFen: z.number().int().min(1).max(100_000_000_000),
  note: optionalText(500),
});

/** What a version holds: the proposal as the contract would use it. Money in fen. */
export const ZProposalContent = z.object({
  title: text(200).min(1),
  summary: optionalText(4000),
  goals: optionalText(4000),
  activities: z.array(ZProposalActivity).max(100),
  targetBeneficiaries: optionalText(1000),
  beneficiaryCount: z.number().int().min(0).max(100_000_000).nullable(),
  indicators: z.array(ZProposalIndicator).max(100),
  budgetLines: z.array(ZProposalBudgetLine).min(1).max(200),
  amountFen: z.number().int().min(1).max(100_000_000_000),
});
export type TProposalContent = z.infer<typeof ZProposalContent>;

/** The fields a diff compares one by one (lists are compared item by item). */
export const PROPOSAL_FIELDS = ['title', 'summary', 'goals', 'activities', 'targetBeneficiaries', 'beneficiaryCount', 'indicators', 'budgetLines', 'amountFen'] as const;
export type ProposalField = (typeof PROPOSAL_FIELDS)[number];

export const ZReviseBody = z.object({
  content: ZProposalContent,
  /** What changed and why, in the organisation's words. */
  note: text(2000).min(1),
});
export type TReviseBody = z.infer<typeof ZReviseBody>;

/** A version's content as the API returns it (no input defaults or transforms). */
export const ZProposalContentView = z.object({
  title: z.string(),
  summary: z.string().nullable(),
  goals: z.string().nullable(),
  activities: z.array(z.object({ name: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), description: z.string().nullable() })),
  targetBeneficiaries: z.string().nullable(),
  beneficiaryCount: z.number().nullable(),
  indicators: z.array(z.object({ name: z.string(), target: z.string(), unit: z.string().nullable() })),
  budgetLines: z.array(z.object({ item: z.string(), category: z.string().nullable(), amountFen: z.number(), note: z.string().nullable() })),
  amountFen: z.number(),
});

export const ZProposalVersion = z.object({
  version: z.number(),
  content: ZProposalContentView,
  changedFields: z.array(z.string()),
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  accepted: z.boolean(),
  acceptedAt: z.string().nullable(),
});
export type TProposalVersion = z.infer<typeof ZProposalVersion>;

export const ZProposal = z.object({
  applicationId: z.string(),
  title: z.string(),
  organizationName: z.string(),
  /** The approved amount: a revision may not ask for more. */
  approvedFen: z.number(),
  conditions: z.string().nullable(),
  acceptedVersion: z.number().nullable(),
  versions: z.array(ZProposalVersion),
});
export type TProposal = z.infer<typeof ZProposal>;

export const ZVersionParams = z.object({ applicationId: z.uuid(), version: z.coerce.number().int().min(1).max(10_000) });
export const ZDiffQuery = z.object({ fromVersion: z.coerce.number().int().min(1).max(10_000), toVersion: z.coerce.number().int().min(1).max(10_000) });

/** One changed scalar field, or one changed line of a list. */
export const ZFieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const ZLineChange = z.object({
  /** 'item': matched by its item name; 'position': matched by its place; 'added' / 'removed': no match. */
  match: z.enum(['item', 'position', 'added', 'removed']),
  beforePosition: z.number().nullable(),
  afterPosition: z.number().nullable(),
  changes: z.array(ZFieldChange),
});
export const ZProposalDiff = z.object({
  from: z.number(),
  to: z.number(),
  fields: z.array(ZFieldChange),
  activities: z.array(ZLineChange),
  indicators: z.array(ZLineChange),
  budgetLines: z.array(ZLineChange),
});
export type TProposalDiff = z.infer<typeof ZProposalDiff>;
export type TLineChange = z.infer<typeof ZLineChange>;

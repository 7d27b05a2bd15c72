import { z } from 'zod';
import { optionalText, text, ZRegionCode } from '../contract.js';
import { ZStoredFile } from '../files/schemas.js';
import { MAX_ATTACHMENTS } from '../files/types.js';
import { FILING_KINDS, FILING_STATES, type ChangeableField } from '../registry.js';
import { ZOrganization, ZOrganizationFields, ZUpdateOrganizationBody } from './organizations.js';

export const ZHistoryEntry = z.object({
  id: z.number(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string().nullable(),
  comment: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  /** The step's attachments the reader may download (GET /files/:id), in the order attached. */
  attachments: z.array(ZStoredFile),
  at: z.string(),
});
export type THistoryEntry = z.infer<typeof ZHistoryEntry>;

export const ZFiling = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  kind: z.enum(FILING_KINDS),
  state: z.enum(FILING_STATES),
  /** What was asked for (a change's `changes`, a deregistration's `reason`), personal fields masked. */
  payload: z.record(z.string(), z.unknown()),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TFiling = z.infer<typeof ZFiling>;

export const ZFilingWithHistory = ZFiling.extend({ history: z.array(ZHistoryEntry) });

export const ZCommentBody = z.object({
  comment: optionalText(2000),
  attachmentIds: z.array(z.string().uuid()).max(MAX_ATTACHMENTS).default([]),
});
export const ZRequiredCommentBody = z.object({
  /** Why the filing is returned; the team sees it. */
  comment: text(2000).min(1),
  attachmentIds: z.array(z.string().uuid()).max(MAX_ATTACHMENTS).default([]),
});
/** Approve and withdraw: a comment is optional, and so is the body. */
export const ZDecisionBody = ZCommentBody.default({ comment: null, attachmentIds: [] });
export const ZSubmitFilingBody = ZCommentBody.partial().default({});

export const ZChangeFilingBody = z.object({
  changes: ZOrganizationFields.pick({
    name: true,
    activityContent: true,
    venue: true,
    leaderName: true,
    leaderPhone: true,
    address: true,
    categoryId: true,
  } satisfies Record<ChangeableField, true>)
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: 'required' }),
  comment: optionalText(2000),
});
export const ZDeregisterBody = z.object({ reason: text(2000).min(1) });

/** An official's correction of a filed team: the fields put right, and why (recorded with the filing). */
export const ZCorrectionBody = z.object({
  changes: ZUpdateOrganizationBody.refine((c) => Object.keys(c).length > 0, { message: 'required' }),
  reason: text(500).min(1),
});

/**
 * What was submitted for a first filing (payload.submitted): the reviewer reviews this. Personal
 * fields masked; `digest` tells the server whether the team changed since.
 */
export const ZFilingSnapshot = z.object({
  name: z.string(),
  regionCode: z.string(),
  categoryId: z.string().nullable(),
  leaderName: z.string().nullable(),
  leaderPhone: z.string().nullable(),
  address: z.string().nullable(),
  activityContent: z.string().nullable(),
  venue: z.string().nullable(),
  memberCount: z.number(),
  rosterLeaders: z.array(z.string()),
  digest: z.string(),
});
export type TFilingSnapshot = z.infer<typeof ZFilingSnapshot>;

export const ZFilingListQuery = z.object({
  regionCode: ZRegionCode.optional(),
  state: z.enum(FILING_STATES).optional(),
  kind: z.enum(FILING_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZFilingExportQuery = ZFilingListQuery.omit({ page: true, pageSize: true });
export type TFilingExportQuery = z.infer<typeof ZFilingExportQuery>;

export const ZFilingDetail = z.object({
  filing: ZFiling,
  organization: ZOrganization,
  history: z.array(ZHistoryEntry),
  abilities: z.object({
    approve: z.boolean(),
    /** The reader may review but submitted or edited this filing: another reviewer must approve it. */
    approveRefusedFourEyes: z.boolean(),
    /** The team changed since it was submitted: approval waits for a return and a resubmission. */
    approveRefusedChanged: z.boolean(),
    return: z.boolean(),
    withdraw: z.boolean(),
  }),
});
export type TFilingDetail = z.infer<typeof ZFilingDetail>;

import { z } from 'zod';
import { ZRegionCode } from '../contract.js';
import { ZBusinessDate } from '../dates.js';

export const ZAuditQuery = z.object({
  /** Narrow to this region's subtree (inside the caller's own scope). */
  regionCode: ZRegionCode.optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  /** Part of the actor's username or display name. */
  actor: z.string().trim().max(64).optional(),
  from: ZBusinessDate.optional(),
  to: ZBusinessDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;
export const ZAuditExportQuery = ZAuditQuery.omit({ page: true, pageSize: true });
export type TAuditExportQuery = z.infer<typeof ZAuditExportQuery>;

/** One field of a row's before/after, as the audit page's table shows it (nested fields by dotted path). */
export const ZAuditDiffRow = z.object({
  field: z.string(),
  /** The field's name in the caller's language. */
  label: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  changed: z.boolean(),
});
export type TAuditDiffRow = z.infer<typeof ZAuditDiffRow>;

export const ZAuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  /** The actor's username (null for sign-in attempts and jobs). */
  actorUsername: z.string().nullable(),
  action: z.string(),
  /** The action in the caller's language. */
  actionLabel: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The record's name when the row was written; null for older rows of deleted records. */
  entityName: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  diff: z.array(ZAuditDiffRow),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

/** States of the funding records, shared by the server's checks and the web app's labels. */
export const NEED_SOURCES = ['resident', 'community', 'department', 'organization'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** open: in the pool; merged: a duplicate of another need; in_topic: curated into a topic; closed: not taken up, with a reason. */
export const NEED_STATUSES = ['open', 'merged', 'in_topic', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const CALL_STATUSES = ['draft', 'published', 'completed', 'cancelled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * An application's way through the pipeline. Screening, review, notice and contract each move it on;
 * `withdrawn` is the organisation's own decision before the review.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'withdrawn',
  'screened_out',
  'screened_in',
  'in_review',
  'not_funded',
  'approved',
  'contracted',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

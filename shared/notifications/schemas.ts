import { z } from 'zod';

/**
 * What a notification is about; the web app words each kind (notifications.kinds.* in its
 * catalogues) with the notification's params.
 */
export const NOTIFICATION_KINDS = [
  /** A filed team has no "六个一" report for the month yet (job). Params: organizationName, month. */
  'report.reminder',
  /** An organisation's grade runs out soon (job). Params: organizationName, grade, validUntil. */
  'grade.expiring',
  /** A filing waits for review (to the centre workers of its region). Params: organizationName, filingKind. */
  'filing.submitted',
  /** A filing came back with reasons (to the team's members). Params: organizationName, filingKind, comment. */
  'filing.returned',
  /** A filing was approved (to the team's members). Params: organizationName, filingKind. */
  'filing.approved',
  /** A contract's progress report is past due (job; to the organisation and the centre). Params: contractTitle, organizationName, periodNo, dueOn. */
  'fundingReport.overdue',
  /** A volunteer's shift (or its whole activity) was cancelled (to the volunteers signed up). Params: activityTitle, startsAt (China time), reason. */
  'volunteerShift.cancelled',
  /** A place freed and the volunteer moved up from the waiting list. Params: activityTitle, startsAt (China time), place. */
  'volunteerSignup.promoted',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const ZNotificationParams = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type TNotificationParams = z.infer<typeof ZNotificationParams>;

export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  params: ZNotificationParams,
  /** Where in the web app the work is done. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = z.object({
  /** newest: newest first; unreadFirst: unread ones (newest first), then read ones. */
  order: z.enum(['newest', 'unreadFirst']).default('newest'),
  unreadOnly: z.enum(['true', 'false']).default('false'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  /** Rows the filter matches. */
  total: z.number(),
  /** The caller's unread notifications, whatever the filter. */
  unread: z.number(),
});
export type TNotificationList = z.infer<typeof ZNotificationList>;

export const ZMarkAllReadResult = z.object({ updated: z.number(), unread: z.number() });

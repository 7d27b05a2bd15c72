import { z } from 'zod';
import { optionalText, text, ZRegionCode } from '../contract.js';
import { ZBusinessDate, ZBusinessInstant } from '../dates.js';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, CHECK_METHODS, SHIFT_STATUSES, SIGNUP_STATUSES } from './states.js';

/*
 * Activities, shifts, sign-ups and attendance (V2): the API contract shared by the server and the
 * web app. Times are instants (ISO 8601 with an offset); the web shows them in China time.
 */

/** How long before its start a shift's check-in opens, and how long after its end check-out stays open. */
export const CHECK_IN_OPENS_BEFORE_MS = 30 * 60_000;
export const CHECK_OUT_CLOSES_AFTER_MS = 2 * 3600_000;
/** A confirmed sign-up not checked in this long after its shift ended is a no-show (the job). */
export const NO_SHOW_AFTER_MS = 2 * 3600_000;
export const SHIFT_QUOTA_MAX = 10_000;
/** Sign-ups that hold a place of the quota. */
export const PLACE_HOLDING_STATUSES = ['confirmed', 'checked_in', 'checked_out'] as const;

const required = (max: number) => text(max).min(1);

export const ZActivityBody = z.object({
  title: required(100),
  type: z.enum(ACTIVITY_TYPES),
  place: required(200),
  description: optionalText(2000),
  skillsWanted: z.array(required(30)).max(20).default([]),
  /** The organisation that owns it; none: the centre of `regionCode` owns it (staff only). */
  ownerOrganizationId: z.string().uuid().nullish(),
  teamId: z.string().uuid().nullish(),
  /** Staff: where the activity is (default: the widest region they work in); an organisation's activity is where the organisation is. */
  regionCode: ZRegionCode.nullish(),
});
export type TActivityBody = z.infer<typeof ZActivityBody>;

export const ZActivityPatch = z.object({
  title: required(100).optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  place: required(200).optional(),
  description: optionalText(2000).optional(),
  skillsWanted: z.array(required(30)).max(20).optional(),
  teamId: z.string().uuid().nullable().optional(),
});
export type TActivityPatch = z.infer<typeof ZActivityPatch>;

export const ZReasonBody = z.object({ reason: required(500) });

export const ZActivityListQuery = z.object({
  status: z.enum(ACTIVITY_STATUSES).optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  teamId: z.string().uuid().optional(),
  /** Activities with a shift starting on or after this China date … */
  from: ZBusinessDate.optional(),
  /** … and on or before this one. */
  to: ZBusinessDate.optional(),
  q: text(50).optional(),
  /** nextShift: the earliest open shift still to come (activities with none last, whatever the order). */
  sort: z.enum(['firstShift', 'nextShift', 'createdAt', 'title']).default('firstShift'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TActivityListQuery = z.infer<typeof ZActivityListQuery>;
export const ZActivityExportQuery = ZActivityListQuery.omit({ page: true, pageSize: true });
export type TActivityExportQuery = z.infer<typeof ZActivityExportQuery>;

export const ZShiftBody = z.object({
  startsAt: ZBusinessInstant,
  endsAt: ZBusinessInstant,
  quota: z.number().int().min(1).max(SHIFT_QUOTA_MAX),
});
export type TShiftBody = z.infer<typeof ZShiftBody>;

/** Times change only while nobody has signed up (refused after); the quota may change any time it stays above the places held. */
export const ZShiftPatch = ZShiftBody.partial();
export type TShiftPatch = z.infer<typeof ZShiftPatch>;

export const ZShiftCounts = z.object({ confirmed: z.number(), waiting: z.number(), checkedIn: z.number(), checkedOut: z.number(), noShow: z.number() });

export const ZShift = z.object({
  id: z.string(),
  activityId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  quota: z.number(),
  status: z.enum(SHIFT_STATUSES),
  counts: ZShiftCounts,
});
export type TShift = z.infer<typeof ZShift>;

export const ZActivityAbilities = z.object({ edit: z.boolean(), publish: z.boolean(), close: z.boolean(), cancel: z.boolean(), attendance: z.boolean() });

export const ZActivitySummary = z.object({
  id: z.string(),
  title: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  place: z.string(),
  status: z.enum(ACTIVITY_STATUSES),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  ownerOrganizationId: z.string().nullable(),
  ownerName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  firstShiftAt: z.string().nullable(),
  /** The earliest open shift still to start (what the list shows); null when none is left. */
  nextShiftAt: z.string().nullable(),
  shiftCount: z.number(),
  createdAt: z.string(),
});
export type TActivitySummary = z.infer<typeof ZActivitySummary>;

/** One step of an activity's workflow: who created, published, closed or cancelled it (with the reason), and when. */
export const ZActivityStep = z.object({
  action: z.enum(['create', 'publish', 'close', 'cancel']),
  fromState: z.enum(ACTIVITY_STATUSES).nullable(),
  toState: z.enum(ACTIVITY_STATUSES),
  actorName: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});
export type TActivityStep = z.infer<typeof ZActivityStep>;

export const ZActivity = ZActivitySummary.extend({
  description: z.string().nullable(),
  skillsWanted: z.array(z.string()),
  shifts: z.array(ZShift),
  abilities: ZActivityAbilities,
  /** Oldest first. */
  history: z.array(ZActivityStep),
});
export type TActivity = z.infer<typeof ZActivity>;

export const ZSignupStatus = z.enum(SIGNUP_STATUSES);

/** A volunteer's own sign-up. */
export const ZMySignup = z.object({
  id: z.string(),
  shiftId: z.string(),
  status: ZSignupStatus,
  /** Place in the waiting list (1 = next), when waiting. */
  waitingPosition: z.number().nullable(),
  queuedAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  /** Minutes the hours ledger holds for this attendance (after check-out), and where its approval stands. */
  minutesRecorded: z.number().nullable(),
  hoursState: z.enum(['pending', 'approved', 'rejected', 'reversed']).nullable(),
});
export type TMySignup = z.infer<typeof ZMySignup>;

/** A shift a volunteer may sign up for (or has signed up for), with its activity. */
export const ZOpenShift = z.object({
  shift: ZShift,
  activity: z.object({ id: z.string(), title: z.string(), type: z.enum(ACTIVITY_TYPES), place: z.string(), regionCode: z.string(), ownerName: z.string().nullable() }),
  mySignup: ZMySignup.nullable(),
});
export type TOpenShift = z.infer<typeof ZOpenShift>;

export const ZOpenShiftQuery = z
  .object({
    type: z.enum(ACTIVITY_TYPES).optional(),
    /** Shifts starting on or after this China date … */
    from: ZBusinessDate.optional(),
    /** … and on or before this one. */
    to: ZBusinessDate.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'volunteer_date_range_order' });
export type TOpenShiftQuery = z.infer<typeof ZOpenShiftQuery>;

/** One shift with its activity: the venue's QR screen and the attendance list read it. */
export const ZShiftDetail = z.object({
  shift: ZShift,
  activity: z.object({ id: z.string(), title: z.string(), type: z.enum(ACTIVITY_TYPES), place: z.string(), status: z.enum(ACTIVITY_STATUSES), regionCode: z.string() }),
});
export type TShiftDetail = z.infer<typeof ZShiftDetail>;

/** A team leader's view: the activities of the teams it leads, each with its shifts still to come or recent. */
export const ZLedActivity = z.object({
  activity: ZActivitySummary,
  shifts: z.array(ZShift),
});
export type TLedActivity = z.infer<typeof ZLedActivity>;
export const ZLedTeam = z.object({ id: z.string(), name: z.string() });
export const ZLedActivities = z.object({ teams: z.array(ZLedTeam), items: z.array(ZLedActivity) });
export type TLedActivities = z.infer<typeof ZLedActivities>;

/** A sign-up on a shift's attendance list (staff, the owner, the team leader). */
export const ZShiftSignup = z.object({
  id: z.string(),
  volunteerId: z.string(),
  volunteerNumber: z.string(),
  volunteerName: z.string(),
  status: ZSignupStatus,
  queuedAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkInMethod: z.enum(CHECK_METHODS).nullable(),
  checkedOutAt: z.string().nullable(),
  checkOutMethod: z.enum(CHECK_METHODS).nullable(),
});
export type TShiftSignup = z.infer<typeof ZShiftSignup>;

export const ZShiftQr = z.object({
  code: z.string(),
  /** What the code at the venue encodes: the scan page with the code. */
  url: z.string(),
  svg: z.string(),
  /** When the screen should show the next code (a new one every minute). */
  refreshAt: z.string(),
  /** When this code stops being accepted (the end of the next minute). */
  expiresAt: z.string(),
});
export type TShiftQr = z.infer<typeof ZShiftQr>;

export const ZScanBody = z.object({ code: text(20).min(1) });
export const ZScanResult = z.object({
  /** What the scan did; `already_*` when it repeated an earlier one (nothing changed). */
  action: z.enum(['checked_in', 'checked_out', 'already_checked_in', 'already_checked_out']),
  signup: ZMySignup,
  /** Minutes recorded in the hours ledger at check-out (0 when the rounding rule counts nothing). */
  minutesRecorded: z.number().nullable(),
});
export type TScanResult = z.infer<typeof ZScanResult>;

/** Staff record an attendance at a time they give (default: now). */
export const ZAttendanceBody = z.object({ at: ZBusinessInstant.nullish() });
export type TAttendanceBody = z.infer<typeof ZAttendanceBody>;

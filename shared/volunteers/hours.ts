import { z } from 'zod';
import { optionalText, text, ZRegionCode } from '../contract.js';
import { ZBusinessDate, ZBusinessInstant } from '../dates.js';
import { ACTIVITY_TYPES, HONOUR_KINDS, HOUR_DECISIONS, HOUR_ENTRY_KINDS } from './states.js';

/*
 * The hours ledger, star levels, honours and rankings (V3, V4): the API contract shared by the
 * server and the web app. Minutes are whole minutes after the rounding rule (server
 * hours-rounding.ts: clipped to the shift, down to whole minutes).
 */

export const HOURS_ROUNDING_RULE = {
  stepMinutes: 1,
  /** Shown beside the figures: no national rule fixes a rounding, so the platform states its own. */
  text: '服务时长 = 签退时间 − 签到时间，限于班次时间内，按整分钟向下取整，不足 1 分钟不计，单次不超过班次时长（《志愿服务记录与证明出具办法（试行）》未规定取整规则，本平台统一按此记录）',
} as const;

const required = (max: number) => text(max).min(1);

/** An entry's state: waiting for the owner, approved (counted), rejected, or approved and reversed later. */
export const HOUR_ENTRY_STATES = ['pending', 'approved', 'rejected', 'reversed'] as const;
export type HourEntryState = (typeof HOUR_ENTRY_STATES)[number];

export const ZHourEntry = z.object({
  id: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  volunteerNumber: z.string(),
  kind: z.enum(HOUR_ENTRY_KINDS),
  activityId: z.string().nullable(),
  activityTitle: z.string().nullable(),
  activityType: z.enum(ACTIVITY_TYPES),
  regionCode: z.string(),
  organizationId: z.string().nullable(),
  shiftId: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  minutes: z.number().int(),
  reason: z.string().nullable(),
  reversesId: z.string().nullable(),
  /** Set on an approved entry that a later reversal cancelled. */
  reversedById: z.string().nullable(),
  state: z.enum(HOUR_ENTRY_STATES).nullable(),
  decision: z
    .object({ decision: z.enum(HOUR_DECISIONS), reason: z.string().nullable(), decidedByName: z.string().nullable(), decidedAt: z.string() })
    .nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  abilities: z.object({ decide: z.boolean(), reverse: z.boolean() }),
});
export type THourEntry = z.infer<typeof ZHourEntry>;

/** A manual entry: who served, in which activity (and shift), when, and why it was not recorded at a check-out. */
export const ZManualHoursBody = z.object({
  volunteerId: z.string().uuid(),
  activityId: z.string().uuid(),
  shiftId: z.string().uuid().nullish(),
  startsAt: ZBusinessInstant,
  endsAt: ZBusinessInstant,
  reason: required(500),
});
export type TManualHoursBody = z.infer<typeof ZManualHoursBody>;

export const ZHourDecisionBody = z
  .object({ decision: z.enum(HOUR_DECISIONS), reason: optionalText(500) })
  .superRefine((v, ctx) => {
    if (v.decision === 'rejected' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required' });
  });
export type THourDecisionBody = z.infer<typeof ZHourDecisionBody>;

export const ZReversalBody = z.object({ reason: required(500) });
export type TReversalBody = z.infer<typeof ZReversalBody>;

const listPaging = {
  sort: z.enum(['startsAt', 'createdAt', 'minutes']).default('startsAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export const ZHourEntryListQuery = z.object({
  volunteerId: z.string().uuid().optional(),
  activityId: z.string().uuid().optional(),
  state: z.enum(HOUR_ENTRY_STATES).optional(),
  kind: z.enum(HOUR_ENTRY_KINDS).optional(),
  /** Entries starting on or after this China date … */
  from: ZBusinessDate.optional(),
  /** … and on or before this one. */
  to: ZBusinessDate.optional(),
  regionCode: ZRegionCode.optional(),
  ...listPaging,
});
export type THourEntryListQuery = z.infer<typeof ZHourEntryListQuery>;
export const ZHourEntryExportQuery = ZHourEntryListQuery.omit({ page: true, pageSize: true });
export type THourEntryExportQuery = z.infer<typeof ZHourEntryExportQuery>;

/** The approver's to-do: pending entries of activities it owns. */
export const ZPendingHoursQuery = z.object({ activityId: z.string().uuid().optional(), ...listPaging, sort: z.enum(['startsAt', 'createdAt', 'minutes']).default('createdAt'), order: z.enum(['asc', 'desc']).default('asc') });
export type TPendingHoursQuery = z.infer<typeof ZPendingHoursQuery>;

/** The thresholds that apply to a volunteer and where they come from. */
export const ZStarRule = z.object({
  thresholdHours: z.array(z.number().int()),
  /** The region whose own setting applies; null: the national rule. */
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  source: z.string(),
});
export type TStarRule = z.infer<typeof ZStarRule>;

export const ZVolunteerTotals = z.object({
  volunteerId: z.string(),
  volunteerName: z.string(),
  volunteerNumber: z.string(),
  approvedMinutes: z.number().int(),
  approvedEntries: z.number().int(),
  pendingEntries: z.number().int(),
  stars: z.number().int(),
  /** Hours still needed for the next star; null at five stars. */
  nextStarHours: z.number().nullable(),
  lastServedAt: z.string().nullable(),
  rule: ZStarRule,
  roundingRule: z.string(),
});
export type TVolunteerTotals = z.infer<typeof ZVolunteerTotals>;

export const ZStarSettingsParams = z.object({ code: ZRegionCode });
export const ZStarSettingsBody = z.object({
  thresholdHours: z
    .array(z.number().int().positive().max(100_000))
    .length(5)
    .refine((v) => v.every((h, i) => i === 0 || h > v[i - 1]), { message: 'volunteer_star_thresholds' }),
  source: required(200),
});
export type TStarSettingsBody = z.infer<typeof ZStarSettingsBody>;
export const ZStarSettings = ZStarRule.extend({
  /** Whether the region sets its own (false: the rule shown is inherited). */
  own: z.boolean(),
  /** Volunteers whose star level the change moved (PUT only; 0 on GET). */
  restarred: z.number().int(),
});
export type TStarSettings = z.infer<typeof ZStarSettings>;

export const ZHonour = z.object({
  id: z.string(),
  volunteerId: z.string(),
  kind: z.enum(HONOUR_KINDS),
  title: z.string(),
  awardedOn: z.string(),
  awardedBy: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type THonour = z.infer<typeof ZHonour>;

/** A star award is recorded by the platform when the level is reached; people record honours and incentives. */
export const ZHonourBody = z.object({
  kind: z.enum(['honour', 'incentive']),
  title: required(100),
  awardedOn: ZBusinessDate,
  awardedBy: optionalText(100),
  note: optionalText(500),
});
export type THonourBody = z.infer<typeof ZHonourBody>;

export const ZRankingQuery = z.object({
  regionCode: ZRegionCode.optional(),
  /** A calendar year (China time); none: all time. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TRankingQuery = z.infer<typeof ZRankingQuery>;

export const ZVolunteerRank = z.object({
  rank: z.number().int(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  volunteerNumber: z.string(),
  regionCode: z.string(),
  minutes: z.number().int(),
  stars: z.number().int(),
});
export type TVolunteerRank = z.infer<typeof ZVolunteerRank>;

export const ZTeamRank = z.object({
  rank: z.number().int(),
  teamId: z.string(),
  teamName: z.string(),
  regionCode: z.string(),
  members: z.number().int(),
  minutes: z.number().int(),
});
export type TTeamRank = z.infer<typeof ZTeamRank>;

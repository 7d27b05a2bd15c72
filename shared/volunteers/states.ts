/** The volunteers domain's enumerations (V1–V5), shared by the server and the web app. */

/** A volunteer's record: registered by itself and waiting for the centre's confirmation, or in service. */
export const VOLUNTEER_STATUSES = ['pending', 'active', 'suspended', 'left'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

/** How the record came to be. */
export const VOLUNTEER_SOURCES = ['self', 'staff', 'import'] as const;
export type VolunteerSource = (typeof VOLUNTEER_SOURCES)[number];

/** A team member's place in it; a team's social-worker lead is a staff account, not a member (社工引领义工). */
export const TEAM_ROLES = ['leader', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** What an activity serves: the statistics' "hours by activity type". */
export const ACTIVITY_TYPES = [
  'elderly', // 为老服务
  'children', // 青少年与儿童
  'disability', // 助残
  'charity_supermarket', // 慈善超市
  'community_affairs', // 社区治理与议事
  'environment', // 环境保护
  'culture', // 文体活动
  'safety', // 平安巡逻
  'health', // 医疗健康
  'emergency', // 应急救援
  'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_STATUSES = ['draft', 'published', 'closed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const SHIFT_STATUSES = ['open', 'cancelled'] as const;
export type ShiftStatus = (typeof SHIFT_STATUSES)[number];

/**
 * A sign-up: holding a place (`confirmed`), waiting for one (`waiting`, moved up in order when a
 * place frees), withdrawn, attended (`checked_in`, then `checked_out`), or did not come (`no_show`).
 */
export const SIGNUP_STATUSES = ['confirmed', 'waiting', 'cancelled', 'checked_in', 'checked_out', 'no_show'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** Who recorded an attendance: staff (or the team leader) on the list, or the volunteer scanning the shift's code. */
export const CHECK_METHODS = ['staff', 'qr'] as const;
export type CheckMethod = (typeof CHECK_METHODS)[number];

/** An hours entry: from a shift's check-in/out, entered by hand with a reason, or the reversal of another. */
export const HOUR_ENTRY_KINDS = ['shift', 'manual', 'reversal'] as const;
export type HourEntryKind = (typeof HOUR_ENTRY_KINDS)[number];

/** The activity owner's decision on an entry, once. Only an approved entry counts. */
export const HOUR_DECISIONS = ['approved', 'rejected'] as const;
export type HourDecision = (typeof HOUR_DECISIONS)[number];

/**
 * Cumulative approved hours at which a volunteer reaches one to five stars: 100 / 300 / 600 / 1000 /
 * 1500 hours, the national star rating of 《志愿服务记录办法》(民政部 2012, 民函〔2012〕340号) §十二, kept
 * by 《志愿服务记录与证明出具办法（试行）》(民政部令第67号, 2020). A region may set its own (local rules vary);
 * the nearest region's setting applies.
 */
export const NATIONAL_STAR_THRESHOLD_HOURS = [100, 300, 600, 1000, 1500] as const;

/** The star level (0–5) of a number of approved minutes under thresholds in hours. */
export function starLevel(approvedMinutes: number, thresholdHours: readonly number[]): number {
  let stars = 0;
  for (const hours of thresholdHours) if (approvedMinutes >= hours * 60) stars++;
  return stars;
}

/** "Equivalent working days" of the statistics: 8 hours a day (seed 003: 3,960 hours = 495 working days). */
export const HOURS_PER_WORKING_DAY = 8;

/** Honours and incentives recorded on a volunteer (V4). */
export const HONOUR_KINDS = ['star_award', 'honour', 'incentive'] as const;
export type HonourKind = (typeof HONOUR_KINDS)[number];

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

/**
 * 可服务时间: the half-days of the week and weekday evenings a volunteer offers, as records store them
 * (the codes) and as people read and type them (the labels, e.g. in an export or an import sheet).
 */
export const AVAILABILITY_SLOTS = {
  mon_am: { 'zh-CN': '周一上午', en: 'Mon morning', 'zh-TW': '週一上午' },
  mon_pm: { 'zh-CN': '周一下午', en: 'Mon afternoon', 'zh-TW': '週一下午' },
  tue_am: { 'zh-CN': '周二上午', en: 'Tue morning', 'zh-TW': '週二上午' },
  tue_pm: { 'zh-CN': '周二下午', en: 'Tue afternoon', 'zh-TW': '週二下午' },
  wed_am: { 'zh-CN': '周三上午', en: 'Wed morning', 'zh-TW': '週三上午' },
  wed_pm: { 'zh-CN': '周三下午', en: 'Wed afternoon', 'zh-TW': '週三下午' },
  thu_am: { 'zh-CN': '周四上午', en: 'Thu morning', 'zh-TW': '週四上午' },
  thu_pm: { 'zh-CN': '周四下午', en: 'Thu afternoon', 'zh-TW': '週四下午' },
  fri_am: { 'zh-CN': '周五上午', en: 'Fri morning', 'zh-TW': '週五上午' },
  fri_pm: { 'zh-CN': '周五下午', en: 'Fri afternoon', 'zh-TW': '週五下午' },
  sat_am: { 'zh-CN': '周六上午', en: 'Sat morning', 'zh-TW': '週六上午' },
  sat_pm: { 'zh-CN': '周六下午', en: 'Sat afternoon', 'zh-TW': '週六下午' },
  sun_am: { 'zh-CN': '周日上午', en: 'Sun morning', 'zh-TW': '週日上午' },
  sun_pm: { 'zh-CN': '周日下午', en: 'Sun afternoon', 'zh-TW': '週日下午' },
  weekday_evening: { 'zh-CN': '工作日晚上', en: 'Weekday evenings', 'zh-TW': '工作日晚上' },
} as const satisfies Record<string, Record<'zh-CN' | 'en' | 'zh-TW', string>>;
export type AvailabilitySlot = keyof typeof AVAILABILITY_SLOTS;
export const AVAILABILITY_CODES = Object.keys(AVAILABILITY_SLOTS) as [AvailabilitySlot, ...AvailabilitySlot[]];

/** A slot in a language; a stored value that is no slot (kept from before the list) stays as it is. */
export function availabilityLabel(code: string, locale: 'zh-CN' | 'en' | 'zh-TW'): string {
  return Object.hasOwn(AVAILABILITY_SLOTS, code) ? AVAILABILITY_SLOTS[code as AvailabilitySlot][locale] : code;
}

/** The slot a person typed: its code, or its label in any of the languages (case and spaces aside); null when none. */
export function availabilitySlotOf(typed: string): AvailabilitySlot | null {
  const key = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [code, labels] of Object.entries(AVAILABILITY_SLOTS)) {
    if (code === key || Object.values(labels).some((l) => l.toLowerCase() === key)) return code as AvailabilitySlot;
  }
  return null;
}

/** 登记形式 legal forms (R1). The last two are filed, not registered. */
export const LEGAL_FORMS = [
  'social_group', // 社会团体
  'social_service_agency', // 民办非企业单位 / 社会服务机构
  'foundation', // 基金会
  'community_org', // 社区社会组织（备案）
  'grassroots_team', // 群众活动团队
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const FILED_LEGAL_FORMS: readonly LegalForm[] = ['community_org', 'grassroots_team'];
export const isFiledForm = (f: LegalForm) => FILED_LEGAL_FORMS.includes(f);

/** Record status. Teams move draft → submitted → filed (or returned); registered ones start "registered". */
export const ORG_STATUSES = ['draft', 'submitted', 'returned', 'filed', 'registered', 'suspended', 'dissolved'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];

export const REGISTRATION_LEVELS = ['national', 'province', 'city', 'district', 'street'] as const;
export type RegistrationLevel = (typeof REGISTRATION_LEVELS)[number];

/** 萌芽型 / 成长型 / 支持型 [000]. */
export const DEV_STAGES = ['sprout', 'growing', 'supporting'] as const;
export type DevStage = (typeof DEV_STAGES)[number];

export const GRADES = ['1A', '2A', '3A', '4A', '5A'] as const;
export type Grade = (typeof GRADES)[number];

export const MEMBER_ROLES = ['leader', 'deputy', 'contact', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const AGE_BANDS = ['under_18', '18_34', '35_59', '60_69', '70_79', '80_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const SENIOR_AGE_BANDS: readonly AgeBand[] = ['60_69', '70_79', '80_plus'];

export function ageBandFor(age: number): AgeBand {
  if (age < 18) return 'under_18';
  if (age < 35) return '18_34';
  if (age < 60) return '35_59';
  if (age < 70) return '60_69';
  if (age < 80) return '70_79';
  return '80_plus';
}

/** Filing applications (R2): first filing, a change of filed facts, or deregistration. */
export const FILING_KINDS = ['initial', 'change', 'deregistration'] as const;
export type FilingKind = (typeof FILING_KINDS)[number];

export const FILING_STATES = ['draft', 'submitted', 'returned', 'approved', 'withdrawn'] as const;
export type FilingState = (typeof FILING_STATES)[number];

/** The facts a filed team may ask to change (applied when the change is approved). */
export const CHANGEABLE_FIELDS = [
  'name',
  'activityContent',
  'venue',
  'leaderName',
  'leaderPhone',
  'address',
  'categoryId',
] as const;
export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number];

/** The six items of "六个一" [003]. */
export const SIX_ONES = [
  'responsiblePerson',
  'flag',
  'venuePermit',
  'meetingHeld',
  'trainingHeld',
  'reportForm',
] as const;
export type SixOne = (typeof SIX_ONES)[number];

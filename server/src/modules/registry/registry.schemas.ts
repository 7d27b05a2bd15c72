import { z } from 'zod';
import {
  AGE_BANDS,
  DEV_STAGES,
  FILING_KINDS,
  FILING_STATES,
  GRADES,
  LEGAL_FORMS,
  MEMBER_ROLES,
  ORG_STATUSES,
  REGISTRATION_LEVELS,
} from '../../../../shared/registry.js';
import { ZBusinessDate, ZPastBusinessDate } from '../../../../shared/dates.js';

const ZRegionCode = z.string().regex(/^\d{12}$/);
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v ? v : null));

/*
 * PATCH bodies are `.partial()` of field sets that carry no `.default()`: zod fills a default in
 * for a key that was not sent, so a partial update would reset the field. Create bodies add the
 * defaults on top.
 */

export const ZOrganizationFields = z.object({
  /** Division code of the street or community the organisation belongs to. */
  regionCode: ZRegionCode,
  /** 登记形式. */
  legalForm: z.enum(LEGAL_FORMS),
  /** Full registered or filed name. */
  name: text(100).min(1),
  /** 统一社会信用代码 (registered forms only). */
  uscc: optionalText(18),
  /** Why a code that fails the check is accepted (officials only). */
  usccOverrideReason: optionalText(500),
  registrationLevel: z.enum(REGISTRATION_LEVELS).nullish(),
  categoryId: z.string().uuid().nullish(),
  foundedOn: ZPastBusinessDate.nullish(),
  /** Registered organisations: registered, suspended, dissolved. Teams follow the filing workflow. */
  status: z.enum(ORG_STATUSES).optional(),
  stage: z.enum(DEV_STAGES).nullish(),
  grade: z.enum(GRADES).nullish(),
  gradeValidUntil: ZBusinessDate.nullish(),
  starRating: z.number().int().min(1).max(5).nullish(),
  parentId: z.string().uuid().nullish(),
  leaderName: optionalText(50),
  leaderPhone: optionalText(20),
  leaderIdNumber: optionalText(18),
  address: optionalText(200),
  /** What the team does (one of the filing's "三清"). */
  activityContent: optionalText(2000),
  /** Where it meets (one of the filing's "三清"). */
  venue: optionalText(200),
  businessScope: optionalText(2000),
});
export const ZCreateOrganizationBody = ZOrganizationFields;
export const ZUpdateOrganizationBody = ZOrganizationFields.partial();
export type TCreateOrganizationBody = z.infer<typeof ZCreateOrganizationBody>;
export type TUpdateOrganizationBody = z.infer<typeof ZUpdateOrganizationBody>;

export const ORG_SORTS = ['name', 'updatedAt', 'createdAt', 'foundedOn', 'memberCount'] as const;

export const ZOrganizationListQuery = z.object({
  regionCode: ZRegionCode.optional(),
  /** Substring of the name, or a whole credit code / filing number. */
  q: text(50).optional(),
  legalForm: z.enum(LEGAL_FORMS).optional(),
  categoryId: z.string().uuid().optional(),
  status: z.enum(ORG_STATUSES).optional(),
  stage: z.enum(DEV_STAGES).optional(),
  grade: z.enum(GRADES).optional(),
  /** `org` for organisations, `team` for grassroots teams. */
  kind: z.enum(['org', 'team']).optional(),
  sort: z.enum(ORG_SORTS).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TOrganizationListQuery = z.infer<typeof ZOrganizationListQuery>;

export const ZOrganizationListItem = z.object({
  id: z.string(),
  name: z.string(),
  legalForm: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  status: z.string(),
  stage: z.string().nullable(),
  grade: z.string().nullable(),
  starRating: z.number().nullable(),
  memberCount: z.number(),
  leaderName: z.string().nullable(),
  leaderPhone: z.string().nullable(),
  uscc: z.string().nullable(),
  filingNumber: z.string().nullable(),
  foundedOn: z.string().nullable(),
  updatedAt: z.string(),
});

export const ZOrganizationListPage = z.object({
  items: z.array(ZOrganizationListItem),
  total: z.number(),
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
});

export const ZOrganization = ZOrganizationListItem.extend({
  registrationLevel: z.string().nullable(),
  usccOverrideReason: z.string().nullable(),
  gradeValidUntil: z.string().nullable(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  leaderIdNumber: z.string().nullable(),
  address: z.string().nullable(),
  activityContent: z.string().nullable(),
  venue: z.string().nullable(),
  businessScope: z.string().nullable(),
  filedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const ZHistoryEntry = z.object({
  id: z.number(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string().nullable(),
  comment: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  at: z.string(),
});

export const ZFiling = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  kind: z.enum(FILING_KINDS),
  state: z.enum(FILING_STATES),
  payload: z.record(z.string(), z.unknown()),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const ZOrganizationDetail = z.object({
  organization: ZOrganization,
  abilities: z.object({
    edit: z.boolean(),
    submitFiling: z.boolean(),
    requestChange: z.boolean(),
    requestDeregistration: z.boolean(),
    addMember: z.boolean(),
    submitReport: z.boolean(),
    overrideUscc: z.boolean(),
    /** The fields this user may set on this record now (registry.policy WRITABLE_FIELDS). */
    editableFields: z.array(z.string()),
  }),
  filings: z.array(ZFiling.extend({ history: z.array(ZHistoryEntry) })),
});

const ZMemberFields = z.object({
  name: text(50).min(1),
  phone: optionalText(20),
  idNumber: optionalText(18),
  gender: z.enum(['male', 'female']).nullish(),
  role: z.enum(MEMBER_ROLES),
  ageBand: z.enum(AGE_BANDS).nullish(),
  isPartyMember: z.boolean(),
  joinedOn: ZPastBusinessDate.nullish(),
});
export const ZMemberBody = ZMemberFields.extend({
  role: ZMemberFields.shape.role.default('member'),
  isPartyMember: ZMemberFields.shape.isPartyMember.default(false),
});
export const ZUpdateMemberBody = ZMemberFields.partial();
export type TMemberBody = z.infer<typeof ZMemberBody>;
export type TUpdateMemberBody = z.infer<typeof ZUpdateMemberBody>;

export const ZMember = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  gender: z.string().nullable(),
  role: z.string(),
  ageBand: z.string().nullable(),
  isPartyMember: z.boolean(),
  joinedOn: z.string().nullable(),
});

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const ZCommentBody = z.object({
  comment: optionalText(2000),
  attachmentIds: z.array(z.string().uuid()).max(20).default([]),
});
export const ZRequiredCommentBody = z.object({
  /** Why the filing is returned; the team sees it. */
  comment: text(2000).min(1),
  attachmentIds: z.array(z.string().uuid()).max(20).default([]),
});

export const CHANGEABLE_FIELDS = [
  'name',
  'activityContent',
  'venue',
  'leaderName',
  'leaderPhone',
  'address',
  'categoryId',
] as const;
export const ZChangeFilingBody = z.object({
  changes: ZOrganizationFields.pick({
    name: true,
    activityContent: true,
    venue: true,
    leaderName: true,
    leaderPhone: true,
    address: true,
    categoryId: true,
  })
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: 'required' }),
  comment: optionalText(2000),
});
export const ZDeregisterBody = z.object({ reason: text(2000).min(1) });

export const ZFilingListQuery = z.object({
  regionCode: ZRegionCode.optional(),
  state: z.enum(FILING_STATES).optional(),
  kind: z.enum(FILING_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month_format' });

export const ZReportBody = z.object({
  /** Month reported on, YYYY-MM. */
  month: ZMonth,
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  meetingDate: ZBusinessDate.nullish(),
  trainingTopic: optionalText(200),
  notes: optionalText(2000),
});
export type TReportBody = z.infer<typeof ZReportBody>;

export const ZReport = z.object({
  id: z.string(),
  month: z.string(),
  responsiblePerson: z.boolean(),
  flag: z.boolean(),
  venuePermit: z.boolean(),
  meetingHeld: z.boolean(),
  trainingHeld: z.boolean(),
  reportForm: z.boolean(),
  compliant: z.boolean(),
  meetingDate: z.string().nullable(),
  trainingTopic: z.string().nullable(),
  notes: z.string().nullable(),
  submittedAt: z.string(),
});

export const ZComplianceQuery = z.object({ regionCode: ZRegionCode.optional(), month: ZMonth.optional() });

const ZCategoryFields = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[a-z0-9_]+$/),
  nameZh: text(40).min(1),
  nameEn: text(80).min(1),
  nameZhTw: text(40).min(1),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export const ZCategoryBody = ZCategoryFields.extend({
  sortOrder: ZCategoryFields.shape.sortOrder.default(0),
  active: ZCategoryFields.shape.active.default(true),
});
export const ZUpdateCategoryBody = ZCategoryFields.partial();
export type TCategoryBody = z.infer<typeof ZCategoryBody>;
export type TUpdateCategoryBody = z.infer<typeof ZUpdateCategoryBody>;
export const ZCategory = ZCategoryFields.extend({ id: z.string() });

/** Every PATCH body of the registry: sending a field must be the only way to change it. */
export const UPDATE_BODIES = {
  organization: ZUpdateOrganizationBody,
  member: ZUpdateMemberBody,
  category: ZUpdateCategoryBody,
} as const;

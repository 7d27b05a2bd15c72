import { z } from 'zod';
import { cappedPageOf, optionalText, text, ZRegionCode } from '../contract.js';
import { ZPastBusinessDate } from '../dates.js';
import { DEV_STAGES, GRADES, LEGAL_FORMS, ORG_STATUSES, REGISTRATION_LEVELS } from '../registry.js';

/*
 * PATCH bodies are `.partial()` of field sets that carry no `.default()`: zod fills a default in
 * for a key that was not sent, so a partial update would reset the field. Create bodies add the
 * defaults on top.
 */

const setElsewhere = z.never({ message: 'set_by_own_action' }).optional();

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
  /*
   * Grade, stars and stage are set only through their own actions, which keep their history
   * (shared/registry/grades.ts): sent here, they are refused naming the field, never silently dropped.
   */
  stage: setElsewhere,
  grade: setElsewhere,
  gradeValidUntil: setElsewhere,
  starRating: setElsewhere,
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
  /**
   * `leaderPhone`: each row's leader phone, masked. Asked for only where it is shown (the column
   * picked, a phone's cards): opening a sealed phone is most of a row's cost, and a list need not
   * carry personal data nobody looks at.
   */
  include: z.enum(['leaderPhone']).optional(),
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
  /** The grade's last valid day (five years from its award). */
  gradeValidUntil: z.string().nullable(),
  /** The grade has run out: shown as expired, and it matches no grade filter. */
  gradeExpired: z.boolean(),
  starRating: z.number().nullable(),
  memberCount: z.number(),
  leaderName: z.string().nullable(),
  /** Masked; in a list only with `include=leaderPhone`. */
  leaderPhone: z.string().nullable().optional(),
  uscc: z.string().nullable(),
  filingNumber: z.string().nullable(),
  foundedOn: z.string().nullable(),
  updatedAt: z.string(),
});
export type TOrganizationListItem = z.infer<typeof ZOrganizationListItem>;

export const ZOrganizationListPage = cappedPageOf(ZOrganizationListItem).extend({ page: z.number(), pageSize: z.number() });
export type TOrganizationListPage = z.infer<typeof ZOrganizationListPage>;

export const ZOrganization = ZOrganizationListItem.extend({
  /** Masked. */
  leaderPhone: z.string().nullable(),
  registrationLevel: z.string().nullable(),
  usccOverrideReason: z.string().nullable(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  /** Masked. */
  leaderIdNumber: z.string().nullable(),
  address: z.string().nullable(),
  activityContent: z.string().nullable(),
  venue: z.string().nullable(),
  businessScope: z.string().nullable(),
  filedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TOrganization = z.infer<typeof ZOrganization>;

/** What creating or editing an organisation answers. */
export const ZOrganizationSaved = z.object({ organization: ZOrganization });

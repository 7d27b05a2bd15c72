import { z } from 'zod';
import { cappedPageOf, optionalText, text, ZRegionCode } from '../contract.js';
import { AVAILABILITY_CODES, TEAM_ROLES, VOLUNTEER_SOURCES, VOLUNTEER_STATUSES } from './states.js';

/** Skills are short labels the person picks or types (技能特长). */
const ZLabels = (max: number) => z.array(text(30).min(1)).max(max);
/** 可服务时间: slots of the shared list (AVAILABILITY_SLOTS), by code; each at most once. */
const ZAvailability = z
  .array(z.enum(AVAILABILITY_CODES, { message: 'availability_unknown' }))
  .max(AVAILABILITY_CODES.length)
  .refine((a) => new Set(a).size === a.length, { message: 'availability_repeated' });

const ZVolunteerFields = z.object({
  name: text(50).min(1),
  /** 身份证号 (GB 11643): checked with its check digit; birth date and gender are taken from it. */
  idNumber: text(18).min(1),
  /** A mobile or landline number. */
  phone: text(20).min(1),
  skills: ZLabels(20).default([]),
  availability: ZAvailability.default([]),
  /** A street or a community in the caller's reach. */
  regionCode: ZRegionCode,
});

/** POST /volunteers — staff register a volunteer, active at once. */
export const ZVolunteerBody = ZVolunteerFields;
export type TVolunteerBody = z.infer<typeof ZVolunteerBody>;

/** PATCH /volunteers/:id — staff correct a record; sending a field is the only way to change it. */
export const ZUpdateVolunteerBody = z
  .object({
    name: ZVolunteerFields.shape.name,
    idNumber: ZVolunteerFields.shape.idNumber,
    phone: ZVolunteerFields.shape.phone,
    skills: ZLabels(20),
    availability: ZAvailability,
    regionCode: ZRegionCode,
  })
  .partial()
  .strict();
export type TUpdateVolunteerBody = z.infer<typeof ZUpdateVolunteerBody>;

/** PATCH /volunteers/me — what a volunteer changes of its own record. */
export const ZSelfEditBody = z.object({ phone: ZVolunteerFields.shape.phone, skills: ZLabels(20), availability: ZAvailability }).partial().strict();
export type TSelfEditBody = z.infer<typeof ZSelfEditBody>;

/** Suspend, reactivate, leave: the reason kept in the record's history. */
export const ZVolunteerReasonBody = z.object({ reason: text(500).min(1) });

export const VOLUNTEER_SORTS = ['name', '-registeredAt', 'registeredAt', 'number'] as const;

export const ZVolunteerListQuery = z.object({
  /** Only this region's subtree (default: all the caller reaches). */
  region: ZRegionCode.optional(),
  /** A name, a volunteer number, or the last 4 digits of a phone. */
  q: text(50).optional(),
  status: z.enum(VOLUNTEER_STATUSES).optional(),
  teamId: z.string().uuid().optional(),
  skill: text(30).optional(),
  sort: z.enum(VOLUNTEER_SORTS).default('name'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TVolunteerListQuery = z.infer<typeof ZVolunteerListQuery>;
export const ZVolunteerExportQuery = ZVolunteerListQuery.omit({ page: true, pageSize: true });
export type TVolunteerExportQuery = z.infer<typeof ZVolunteerExportQuery>;

/** A volunteer as lists show it: the ID number and phone masked, never the birth date. */
export const ZVolunteer = z.object({
  id: z.string(),
  /** The public identifier, e.g. 310107015-000123. */
  number: z.string(),
  name: z.string(),
  /** Masked: 310***********1234. */
  idNumber: z.string(),
  /** Masked: 139****1234. */
  phone: z.string().nullable(),
  gender: z.enum(['male', 'female']).nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.array(z.string()),
  status: z.enum(VOLUNTEER_STATUSES),
  source: z.enum(VOLUNTEER_SOURCES),
  registeredAt: z.string(),
});
export type TVolunteer = z.infer<typeof ZVolunteer>;
export const ZVolunteerPage = cappedPageOf(ZVolunteer);

export const ZVolunteerHistoryStep = z.object({
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const ZVolunteerDetail = ZVolunteer.extend({
  confirmedAt: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  /** Whether the record has a sign-in account. */
  hasAccount: z.boolean(),
  teams: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(TEAM_ROLES) })),
  /** Registered, confirmed, suspended, reactivated, left: who, when, why. */
  history: z.array(ZVolunteerHistoryStep),
});
export type TVolunteerDetail = z.infer<typeof ZVolunteerDetail>;

/** GET /volunteers/:id/id-number — the full number, each look recorded. */
export const ZVolunteerIdNumber = z.object({ idNumber: z.string() });

/** POST /volunteers/public/register — a person registers itself from its phone; a centre confirms it. */
export const ZSelfRegisterBody = z.object({
  name: ZVolunteerFields.shape.name,
  idNumber: ZVolunteerFields.shape.idNumber,
  phone: ZVolunteerFields.shape.phone,
  /** The street (or community) it serves in. */
  street: ZRegionCode,
  skills: ZLabels(20).default([]),
  availability: ZAvailability.default([]),
  username: z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._-]+$/),
  password: z.string().min(1).max(200),
});
export type TSelfRegisterBody = z.infer<typeof ZSelfRegisterBody>;
export const ZSelfRegistered = z.object({ id: z.string(), number: z.string(), status: z.enum(VOLUNTEER_STATUSES) });

/** GET /volunteers/public/streets?q= — streets by name, for the registration page. */
export const ZStreetQuery = z.object({ q: text(30).optional() });
export const ZStreetOption = z.object({ code: z.string(), name: z.string(), districtName: z.string().nullable() });
export const ZStreetOptions = z.object({ items: z.array(ZStreetOption) });

// --- Teams -------------------------------------------------------------------------------------

export const ZTeamBody = z.object({
  regionCode: ZRegionCode,
  name: text(50).min(1),
  description: optionalText(1000),
  /** 社工引领义工: a centre staff account of the team's region. */
  socialWorkerId: z.string().uuid().nullish(),
  /** The registry organisation the team belongs to (a 义工服务总站, a 慈善超市…): one in the team's region. */
  organizationId: z.string().uuid().nullish(),
});
export type TTeamBody = z.infer<typeof ZTeamBody>;
export const ZUpdateTeamBody = z
  .object({
    name: ZTeamBody.shape.name,
    description: ZTeamBody.shape.description,
    socialWorkerId: z.string().uuid().nullable(),
    organizationId: z.string().uuid().nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type TUpdateTeamBody = z.infer<typeof ZUpdateTeamBody>;

export const ZTeamListQuery = z.object({
  region: ZRegionCode.optional(),
  q: text(50).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TTeamListQuery = z.infer<typeof ZTeamListQuery>;

export const ZTeam = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  socialWorker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
  active: z.boolean(),
  memberCount: z.number(),
  leaders: z.array(z.object({ volunteerId: z.string(), name: z.string(), number: z.string() })),
});
export type TTeam = z.infer<typeof ZTeam>;
export const ZTeamPage = z.object({ items: z.array(ZTeam), total: z.number() });

export const ZTeamMember = z.object({
  volunteerId: z.string(),
  number: z.string(),
  name: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  role: z.enum(TEAM_ROLES),
  joinedAt: z.string(),
});
export type TTeamMember = z.infer<typeof ZTeamMember>;
export const ZTeamMembers = z.object({ items: z.array(ZTeamMember) });
export const ZTeamMemberBody = z.object({ volunteerId: z.string().uuid(), role: z.enum(TEAM_ROLES).default('member') });
export const ZTeamMemberRoleBody = z.object({ role: z.enum(TEAM_ROLES) });
export const ZTeamMemberParams = z.object({ id: z.string().uuid(), volunteerId: z.string().uuid() });

/** GET /volunteers/social-workers?region= — who may lead a team of the region (社工引领义工): its centre staff, names only. */
export const ZSocialWorkerQuery = z.object({ region: ZRegionCode });
export const ZSocialWorkerOptions = z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string() })) });

// --- Import ------------------------------------------------------------------------------------

export const VOLUNTEER_IMPORT_ON_EXISTING = ['skip', 'update'] as const;
/** Volunteers are imported into this street or community; rows already held (same ID number) are skipped or updated as asked. */
export const ZVolunteerImportQuery = z.object({ regionCode: ZRegionCode, onExisting: z.enum(VOLUNTEER_IMPORT_ON_EXISTING).optional() });
export const ZVolunteerImportExisting = z.object({ row: z.number(), name: z.string(), existingId: z.string(), number: z.string(), existingName: z.string() });
export type TVolunteerImportExisting = z.infer<typeof ZVolunteerImportExisting>;
export const ZVolunteerImportResult = z.object({
  imported: z.number(),
  updated: z.number(),
  skipped: z.number(),
  existing: z.array(ZVolunteerImportExisting),
});
export type TVolunteerImportResult = z.infer<typeof ZVolunteerImportResult>;

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  CHECK_METHODS,
  HONOUR_KINDS,
  HOUR_DECISIONS,
  HOUR_ENTRY_KINDS,
  SHIFT_STATUSES,
  SIGNUP_STATUSES,
  TEAM_ROLES,
  VOLUNTEER_SOURCES,
  VOLUNTEER_STATUSES,
} from '../../../../shared/volunteers/states.js';
import { regions, users } from '../../core/core.tables.js';
import { blindIndexOf, sealedText } from '../../core/sealed-columns.js';

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
const at = (name: string) => timestamp(name, { withTimezone: true });
const regionRef = () =>
  text('region_code')
    .notNull()
    .references(() => regions.code);

/**
 * A volunteer (V1): a real person, named and identified by 身份证号, which is sealed at rest and
 * never leaves the platform; the volunteer number is the public identifier. `userId` is the
 * account that owns the record (the core's own-records scope); staff-registered volunteers may
 * have none.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The public identifier: region code of the registering street + a running number (numbering.ts). */
    number: text('number').notNull(),
    userId: uuid('user_id').references(() => users.id),
    regionCode: regionRef(),
    name: text('name').notNull(),
    /** Pinyin sort key (core/pinyin-key.ts). */
    nameSort: text('name_sort').notNull().default(''),
    idNumber: sealedText('id_number', 'id_number').notNull(),
    idNumberHash: text('id_number_hash').generatedAlwaysAs(sql.raw(blindIndexOf('id_number'))),
    /** From the ID number; personal, never listed. */
    birthDate: date('birth_date'),
    gender: text('gender'),
    phone: sealedText('phone'),
    /** The phone's last 4 digits, in clear as masked phones show them: what staff search by (手机尾号). */
    phoneTail: text('phone_tail'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** When the volunteer can serve, as it says it (weekday slots: ['sat_am', 'sun_pm', …] or free text). */
    availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull().default('pending'),
    source: text('source').notNull(),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    confirmedAt: at('confirmed_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteers_number_unique').on(t.number),
    // One record per person on the platform.
    uniqueIndex('volunteers_id_number_unique').on(t.idNumberHash),
    uniqueIndex('volunteers_user_unique').on(t.userId),
    index('volunteers_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.status),
    index('volunteers_name_sort_idx').on(t.nameSort, t.id),
    index('volunteers_phone_tail_idx').on(t.phoneTail),
    check('volunteers_status', inList('status', VOLUNTEER_STATUSES)),
    check('volunteers_source', inList('source', VOLUNTEER_SOURCES)),
    check('volunteers_name_len', sql`char_length(name) between 1 and 50`),
  ],
);

/** Hands out volunteer numbers per registering region, one after the other. */
export const volunteerNumberCounters = pgTable('volunteer_number_counters', {
  regionCode: text('region_code')
    .primaryKey()
    .references(() => regions.code),
  last: integer('last').notNull().default(0),
});

/** A volunteer team (V1; seed 003: 50+ teams), led by volunteers and, where a social worker leads it, a staff account. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: regionRef(),
    name: text('name').notNull(),
    description: text('description'),
    /** The registry organisation the team belongs to, when it belongs to one (read through registry.service). */
    organizationId: uuid('organization_id'),
    /** 社工引领义工: the social worker (a centre staff account) who leads the team. */
    socialWorkerId: uuid('social_worker_id').references(() => users.id),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_teams_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    uniqueIndex('volunteer_teams_region_name_unique').on(t.regionCode, t.name),
  ],
);

export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => volunteerTeams.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    role: text('role').notNull().default('member'),
    joinedAt: at('joined_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.volunteerId] }),
    index('volunteer_team_members_volunteer_idx').on(t.volunteerId),
    check('volunteer_team_members_role', inList('role', TEAM_ROLES)),
  ],
);

/**
 * A volunteer activity (V2): its owner (a registry organisation, or the centre of its region when
 * none) approves the hours served in it.
 */
export const volunteerActivities = pgTable(
  'volunteer_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: regionRef(),
    ownerOrganizationId: uuid('owner_organization_id'),
    teamId: uuid('team_id').references(() => volunteerTeams.id),
    title: text('title').notNull(),
    type: text('type').notNull(),
    description: text('description'),
    place: text('place').notNull(),
    skillsWanted: text('skills_wanted').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull().default('draft'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_activities_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.status),
    index('volunteer_activities_owner_idx').on(t.ownerOrganizationId),
    index('volunteer_activities_team_idx').on(t.teamId),
    check('volunteer_activities_type', inList('type', ACTIVITY_TYPES)),
    check('volunteer_activities_status', inList('status', ACTIVITY_STATUSES)),
    check('volunteer_activities_title_len', sql`char_length(title) between 1 and 100`),
  ],
);

/** A shift of an activity: a time with a quota. Its QR code is derived from `qrSecret` and the minute (qr.ts). */
export const volunteerShifts = pgTable(
  'volunteer_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => volunteerActivities.id),
    regionCode: regionRef(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    quota: integer('quota').notNull(),
    status: text('status').notNull().default('open'),
    /** Never sent to a client: the code shown at the venue is an HMAC of it and the current minute. */
    qrSecret: text('qr_secret').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_shifts_activity_idx').on(t.activityId, t.startsAt),
    index('volunteer_shifts_region_starts_idx').on(sql`${t.regionCode} text_pattern_ops`, t.startsAt),
    check('volunteer_shifts_time', sql`ends_at > starts_at and ends_at - starts_at <= interval '24 hours'`),
    check('volunteer_shifts_quota', sql`quota between 1 and 10000`),
    check('volunteer_shifts_status', inList('status', SHIFT_STATUSES)),
  ],
);

/**
 * A volunteer's sign-up for a shift. `queuedAt` orders the waiting list; at most one live sign-up
 * per volunteer and shift (a cancelled one may be followed by a new one).
 */
export const volunteerSignups = pgTable(
  'volunteer_signups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => volunteerShifts.id),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull(),
    queuedAt: at('queued_at').notNull().defaultNow(),
    checkedInAt: at('checked_in_at'),
    checkedInBy: uuid('checked_in_by').references(() => users.id),
    checkInMethod: text('check_in_method'),
    checkedOutAt: at('checked_out_at'),
    checkedOutBy: uuid('checked_out_by').references(() => users.id),
    checkOutMethod: text('check_out_method'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteer_signups_live_unique').on(t.shiftId, t.volunteerId).where(sql`status <> 'cancelled'`),
    index('volunteer_signups_shift_idx').on(t.shiftId, t.status, t.queuedAt),
    index('volunteer_signups_volunteer_idx').on(t.volunteerId, t.status),
    // The no-show job's hourly look: only sign-ups still waiting for their volunteer, few whatever the city's size.
    index('volunteer_signups_confirmed_idx').on(t.shiftId).where(sql`status = 'confirmed'`),
    check('volunteer_signups_status', inList('status', SIGNUP_STATUSES)),
    check('volunteer_signups_in_method', sql`check_in_method is null or ${inList('check_in_method', CHECK_METHODS)}`),
    check('volunteer_signups_out_method', sql`check_out_method is null or ${inList('check_out_method', CHECK_METHODS)}`),
    check('volunteer_signups_out_after_in', sql`checked_out_at is null or (checked_in_at is not null and checked_out_at > checked_in_at)`),
  ],
);

/**
 * The hours ledger (V3), append-only: a triggered refusal of UPDATE and DELETE. An entry claims a
 * period of the volunteer's time; a reversal (kind `reversal`, negative minutes) cancels an
 * approved entry once (`reverses_id` unique). `regionCode`, `activityType` and `organizationId`
 * are copied from the activity, so statistics never join back to it.
 */
export const volunteerHourEntries = pgTable(
  'volunteer_hour_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    activityId: uuid('activity_id').references(() => volunteerActivities.id),
    shiftId: uuid('shift_id').references(() => volunteerShifts.id),
    signupId: uuid('signup_id').references(() => volunteerSignups.id),
    activityType: text('activity_type').notNull(),
    /** The recording organisation (谁记录谁证明); null when the centre itself records. */
    organizationId: uuid('organization_id'),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    /** Whole minutes after the rounding rule (hours-rounding.ts); negative only on a reversal. */
    minutes: integer('minutes').notNull(),
    reason: text('reason'),
    reversesId: uuid('reverses_id').references((): any => volunteerHourEntries.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_hour_entries_volunteer_idx').on(t.volunteerId, t.startsAt),
    index('volunteer_hour_entries_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.startsAt),
    index('volunteer_hour_entries_activity_idx').on(t.activityId),
    uniqueIndex('volunteer_hour_entries_reverses_unique').on(t.reversesId),
    // One entry per attendance, however many check-outs race.
    uniqueIndex('volunteer_hour_entries_signup_unique').on(t.signupId).where(sql`kind = 'shift'`),
    check('volunteer_hour_entries_kind', inList('kind', HOUR_ENTRY_KINDS)),
    check('volunteer_hour_entries_type', inList('activity_type', ACTIVITY_TYPES)),
    check('volunteer_hour_entries_period', sql`ends_at > starts_at`),
    check(
      'volunteer_hour_entries_minutes',
      sql`(kind = 'reversal' and minutes < 0 and reverses_id is not null) or (kind <> 'reversal' and minutes > 0 and minutes <= 1440 and reverses_id is null)`,
    ),
    check('volunteer_hour_entries_manual_reason', sql`kind <> 'manual' or (reason is not null and char_length(reason) > 0)`),
  ],
);

/** The owner's decision on an entry, once (append-only). Only approved, unreversed entries count. */
export const volunteerHourDecisions = pgTable(
  'volunteer_hour_decisions',
  {
    entryId: uuid('entry_id')
      .primaryKey()
      .references(() => volunteerHourEntries.id),
    decision: text('decision').notNull(),
    reason: text('reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: at('decided_at').notNull().defaultNow(),
  },
  () => [check('volunteer_hour_decisions_decision', inList('decision', HOUR_DECISIONS))],
);

/**
 * The entries waiting for their owner's decision, kept by triggers (migration 0038): a row is added
 * with each entry that is not a reversal and removed by its decision. A district's ledger holds
 * millions of entries, and finding the undecided ones by the absence of a decision read them all.
 */
export const volunteerHourPending = pgTable(
  'volunteer_hour_pending',
  {
    entryId: uuid('entry_id')
      .primaryKey()
      .references(() => volunteerHourEntries.id),
    regionCode: text('region_code').notNull(),
    organizationId: uuid('organization_id'),
  },
  (t) => [
    // The centre decides the entries no organisation recorded, by region; an organisation its own.
    index('volunteer_hour_pending_centre_idx').on(sql`${t.regionCode} text_pattern_ops`).where(sql`organization_id is null`),
    index('volunteer_hour_pending_organization_idx').on(t.organizationId).where(sql`organization_id is not null`),
  ],
);

/**
 * The period each live entry claims of its volunteer's time. The exclusion constraint (migration)
 * refuses two overlapping live claims of one volunteer, so hours can never be counted twice; a
 * rejected or reversed entry releases its claim (`releasedAt`, set once) — nothing is deleted.
 */
export const volunteerHourClaims = pgTable(
  'volunteer_hour_claims',
  {
    entryId: uuid('entry_id')
      .primaryKey()
      .references(() => volunteerHourEntries.id),
    volunteerId: uuid('volunteer_id').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    releasedAt: at('released_at'),
  },
  () => [check('volunteer_hour_claims_period', sql`ends_at > starts_at`)],
);

/**
 * Each volunteer's running totals and star level, kept by triggers on decisions and reversals in
 * the writer's transaction (so the API, the seed and SQL by hand agree); read in one row.
 */
export const volunteerTotals = pgTable(
  'volunteer_totals',
  {
    volunteerId: uuid('volunteer_id')
      .primaryKey()
      .references(() => volunteers.id),
    regionCode: text('region_code').notNull(),
    approvedMinutes: bigint('approved_minutes', { mode: 'number' }).notNull().default(0),
    /** Approved, unreversed entries: person-times (人次). */
    approvedEntries: integer('approved_entries').notNull().default(0),
    stars: integer('stars').notNull().default(0),
    lastServedAt: at('last_served_at'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_totals_region_minutes_idx').on(sql`${t.regionCode} text_pattern_ops`, t.approvedMinutes),
    check('volunteer_totals_nonnegative', sql`approved_minutes >= 0 and approved_entries >= 0`),
    check('volunteer_totals_stars', sql`stars between 0 and 5`),
  ],
);

/**
 * Approved hours per (region, month, activity type, volunteer team-less) for the statistics: kept
 * by the same triggers, summed on view (a district reads its months, never its entries).
 */
export const volunteerHoursRollup = pgTable(
  'volunteer_hours_rollup',
  {
    regionCode: text('region_code').notNull(),
    month: date('month').notNull(),
    activityType: text('activity_type').notNull(),
    minutes: bigint('minutes', { mode: 'number' }).notNull().default(0),
    personTimes: integer('person_times').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month, t.activityType] })],
);

/** Who served in which month (for "active volunteers" of a period): one row per volunteer and month with approved minutes. */
export const volunteerActiveMonths = pgTable(
  'volunteer_active_months',
  {
    volunteerId: uuid('volunteer_id').notNull(),
    month: date('month').notNull(),
    regionCode: text('region_code').notNull(),
    minutes: bigint('minutes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.volunteerId, t.month] }),
    // A district's months: the region prefix first, so one subtree's rows are read, not a whole month's city.
    index('volunteer_active_months_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.month),
  ],
);

/**
 * Who served in which year: one row per volunteer and China-time year with approved minutes, kept by
 * the same triggers. A year's active volunteers of a district are its rows, counted without a
 * DISTINCT over the months (the statistics page at a million volunteers).
 */
export const volunteerActiveYears = pgTable(
  'volunteer_active_years',
  {
    volunteerId: uuid('volunteer_id').notNull(),
    year: integer('year').notNull(),
    regionCode: text('region_code').notNull(),
    minutes: bigint('minutes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.volunteerId, t.year] }),
    index('volunteer_active_years_region_idx').on(t.year, sql`${t.regionCode} text_pattern_ops`),
  ],
);

/** A region's star thresholds (hours), where it sets its own; the nearest region's apply, else the national rule. */
export const volunteerStarSettings = pgTable(
  'volunteer_star_settings',
  {
    regionCode: text('region_code')
      .primaryKey()
      .references(() => regions.code),
    thresholdHours: integer('threshold_hours').array().notNull(),
    /** The local rule that sets them (文件名称及文号), shown beside the levels. */
    source: text('source').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  () => [check('volunteer_star_settings_five', sql`cardinality(threshold_hours) = 5`)],
);

/** Honours and incentives recorded on a volunteer (V4): a star award, a named honour, an incentive given. */
export const volunteerHonours = pgTable(
  'volunteer_honours',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    volunteerId: uuid('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    awardedOn: date('awarded_on').notNull(),
    awardedBy: text('awarded_by'),
    details: jsonb('details'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_honours_volunteer_idx').on(t.volunteerId),
    check('volunteer_honours_kind', inList('kind', HONOUR_KINDS)),
  ],
);

/*
 * Head counts the statistics read instead of counting people (a district holds tens of thousands
 * of volunteers, a city a million): kept by triggers on volunteers, volunteer_active_months and
 * volunteer_active_years in the writer's transaction (migration 0036), summed on view.
 */

/** Volunteers registered per region and status. */
export const volunteerRegionCounts = pgTable(
  'volunteer_region_counts',
  {
    regionCode: text('region_code').notNull(),
    status: text('status').notNull(),
    volunteers: integer('volunteers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.status] }), index('volunteer_region_counts_prefix_idx').on(sql`${t.regionCode} text_pattern_ops`)],
);

/** Volunteers active (with approved minutes) per region and month. */
export const volunteerActiveMonthCounts = pgTable(
  'volunteer_active_month_counts',
  {
    regionCode: text('region_code').notNull(),
    month: date('month').notNull(),
    volunteers: integer('volunteers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.month] }), index('volunteer_active_month_counts_prefix_idx').on(sql`${t.regionCode} text_pattern_ops`, t.month)],
);

/** Volunteers active per region and year. */
export const volunteerActiveYearCounts = pgTable(
  'volunteer_active_year_counts',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    volunteers: integer('volunteers').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] }), index('volunteer_active_year_counts_prefix_idx').on(t.year, sql`${t.regionCode} text_pattern_ops`)],
);

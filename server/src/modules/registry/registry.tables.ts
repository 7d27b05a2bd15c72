import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { regions, users } from '../../core/core.tables.js';
import { blindIndexOf, sealedJson, sealedText } from '../../core/sealed-columns.js';

const inList = (col: any, values: readonly string[]) =>
  sql.raw(`${col} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** Configurable taxonomy of organisation and team categories (R1). */
export const registryCategories = pgTable('registry_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  nameZhTw: text('name_zh_tw').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Organisations and grassroots teams in one table: they share every list, filter and roll-up. */
export const registryOrganizations = pgTable(
  'registry_organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    legalForm: text('legal_form').notNull(),
    name: text('name').notNull(),
    uscc: text('uscc'),
    usccOverrideReason: text('uscc_override_reason'),
    usccOverrideBy: uuid('uscc_override_by').references(() => users.id),
    registrationLevel: text('registration_level'),
    categoryId: uuid('category_id').references(() => registryCategories.id),
    foundedOn: date('founded_on'),
    status: text('status').notNull(),
    stage: text('stage'),
    grade: text('grade'),
    gradeValidUntil: date('grade_valid_until'),
    starRating: integer('star_rating'),
    parentId: uuid('parent_id').references((): any => registryOrganizations.id),
    leaderName: text('leader_name'),
    // Sealed at rest (core/personal-data.ts); the hash finds every organisation a person leads.
    leaderPhone: sealedText('leader_phone'),
    leaderIdNumber: sealedText('leader_id_number', 'id_number'),
    leaderIdNumberHash: text('leader_id_number_hash').generatedAlwaysAs(sql.raw(blindIndexOf('leader_id_number'))),
    address: text('address'),
    activityContent: text('activity_content'),
    venue: text('venue'),
    businessScope: text('business_scope'),
    filingNumber: text('filing_number').unique(),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    memberCount: integer('member_count').notNull().default(0),
    /** Characters and character pairs of the name (see migration 0003), for short substring searches. */
    nameGrams: text('name_grams')
      .array()
      .generatedAlwaysAs(sql`shuniu_name_grams(name)`),
    /**
     * The name in pinyin, read by words (core/pinyin-key.ts): sorting by name follows it, as Chinese
     * readers expect. Written by the app with every name; a row without it (a database from before,
     * a script's insert) gets it at start-up (db/derived-columns.ts).
     */
    nameSort: text('name_sort'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'registry_org_legal_form',
      inList('legal_form', ['social_group', 'social_service_agency', 'foundation', 'community_org', 'grassroots_team']),
    ),
    check(
      'registry_org_status',
      inList('status', ['draft', 'submitted', 'returned', 'filed', 'registered', 'suspended', 'dissolved']),
    ),
    check('registry_org_star', sql`star_rating is null or star_rating between 1 and 5`),
    check('registry_org_uscc_len', sql`uscc is null or length(uscc) = 18`),
    // Same limit as the API: the name feeds shuniu_name_grams and the pinyin key on every write.
    check('registry_org_name_len', sql`char_length(name) <= 100`),
    index('registry_org_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.id),
    index('registry_org_region_updated_idx').on(sql`${t.regionCode} text_pattern_ops`, t.updatedAt),
    index('registry_org_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('registry_org_name_grams_idx').using('gin', t.nameGrams),
    index('registry_org_updated_idx').on(t.updatedAt, t.id),
    // A street and its communities newest-first (registry.queries.ts says the street as this expression).
    index('registry_org_street_updated_idx').on(sql`left(${t.regionCode}, 9)`, t.updatedAt, t.id),
    // A filter together with a region prefix (equality first, then the prefix range): a street's
    // category list reads the street's rows, not the city's. The (…, updated_at) one serves a wide
    // region's list newest-first without sorting every match.
    index('registry_org_category_region_idx').on(t.categoryId, sql`${t.regionCode} text_pattern_ops`),
    index('registry_org_category_updated_idx').on(t.categoryId, t.updatedAt, t.id),
    index('registry_org_form_region_idx').on(t.legalForm, sql`${t.regionCode} text_pattern_ops`),
    index('registry_org_status_region_idx').on(t.status, sql`${t.regionCode} text_pattern_ops`),
    // The filed teams of a region with their filing time, read without the table (六个一 compliance:
    // which teams owe a report for a month); a city's roll-up took a scan of every record without it.
    index('registry_org_filed_teams_idx')
      .on(sql`${t.regionCode} text_pattern_ops`, t.filedAt, t.id)
      .where(sql`legal_form = 'grassroots_team' and status = 'filed'`),
    index('registry_org_parent_idx').on(t.parentId),
    index('registry_org_leader_id_hash_idx').on(t.leaderIdNumberHash),
    unique('registry_org_uscc_unique').on(t.uscc),
  ],
);

/** Members roster (R3). Phones and ID numbers are stored sealed and only ever presented masked. */
export const registryMembers = pgTable(
  'registry_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => registryOrganizations.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    phone: sealedText('phone'),
    idNumber: sealedText('id_number', 'id_number'),
    idNumberHash: text('id_number_hash').generatedAlwaysAs(sql.raw(blindIndexOf('id_number'))),
    gender: text('gender'),
    role: text('role').notNull().default('member'),
    /** From the ID number when there is one, else as entered. Personal: never listed, only its age band. */
    birthDate: date('birth_date'),
    /** A band entered by hand for someone without a birth date (an import sheet giving only a band), and when. */
    ageBand: text('age_band'),
    ageBandEnteredOn: date('age_band_entered_on'),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    joinedOn: date('joined_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_members_org_idx').on(t.organizationId),
    index('registry_members_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    // The members born in one month (the dashboard counts the month turning 60 today one by one).
    index('registry_members_birth_date_idx').on(t.birthDate),
    check('registry_members_role', inList('role', ['leader', 'deputy', 'contact', 'member'])),
    // One person once per roster; led by the hash, it also finds a person's every membership.
    uniqueIndex('registry_members_id_number_unique').on(t.idNumberHash, t.organizationId),
    check('registry_members_name_len', sql`char_length(name) <= 50`),
  ],
);

/** Filing applications (R2): the workflow entity of team filing. */
export const registryFilings = pgTable(
  'registry_filings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => registryOrganizations.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    /** For a change filing, the proposed field values (personal ones sealed); for deregistration, the reason. */
    payload: sealedJson<Record<string, unknown>>('payload').notNull().default(sql`'{}'::jsonb`),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_filings_region_state_idx').on(sql`${t.regionCode} text_pattern_ops`, t.state),
    index('registry_filings_org_idx').on(t.organizationId),
    check('registry_filings_kind', inList('kind', ['initial', 'change', 'deregistration'])),
    check('registry_filings_state', inList('state', ['draft', 'submitted', 'returned', 'approved', 'withdrawn'])),
  ],
);

/** Per street and year, the last filing number handed out. */
export const registryFilingCounters = pgTable(
  'registry_filing_counters',
  {
    streetCode: text('street_code').notNull(),
    year: integer('year').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
  },
  (t) => [unique('registry_filing_counters_pk').on(t.streetCode, t.year)],
);

/** "六个一" monthly report (R4); one per team and month. */
export const registryMonthlyReports = pgTable(
  'registry_monthly_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => registryOrganizations.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    /** First day of the month reported on. */
    month: date('month').notNull(),
    responsiblePerson: boolean('responsible_person').notNull(),
    flag: boolean('flag').notNull(),
    venuePermit: boolean('venue_permit').notNull(),
    meetingHeld: boolean('meeting_held').notNull(),
    trainingHeld: boolean('training_held').notNull(),
    // The service always sets it from the report; the default only serves rows written before it was asked.
    reportForm: boolean('report_form').notNull().default(true),
    meetingDate: date('meeting_date'),
    trainingTopic: text('training_topic'),
    notes: text('notes'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Who the report names as responsible: a leader on the roster when it was submitted. */
    responsiblePersonName: text('responsible_person_name'),
    /** The team's recorded venue when the permit was confirmed. */
    venue: text('venue'),
    /** 1 for the first submission, +1 for each correction (registry_monthly_report_versions keeps each). */
    version: integer('version').notNull().default(1),
    correctionReason: text('correction_reason'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('registry_monthly_reports_org_month').on(t.organizationId, t.month),
    index('registry_monthly_reports_region_month_idx').on(sql`${t.regionCode} text_pattern_ops`, t.month),
    check('registry_monthly_reports_first_of_month', sql`extract(day from month) = 1`),
    // A meeting held in the month is dated inside it (the API says so first; this keeps imports and seeds honest).
    check(
      'registry_monthly_reports_meeting_in_month',
      sql`meeting_date is null or (meeting_date >= month and meeting_date < month + interval '1 month')`,
    ),
  ],
);

/**
 * Every version of a "六个一" report, the first submission and each correction (append-only: a
 * trigger refuses updates and deletes). The report row is the current version; this is its history.
 */
export const registryMonthlyReportVersions = pgTable(
  'registry_monthly_report_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => registryMonthlyReports.id),
    organizationId: uuid('organization_id').notNull(),
    month: date('month').notNull(),
    version: integer('version').notNull(),
    responsiblePerson: boolean('responsible_person').notNull(),
    flag: boolean('flag').notNull(),
    venuePermit: boolean('venue_permit').notNull(),
    meetingHeld: boolean('meeting_held').notNull(),
    trainingHeld: boolean('training_held').notNull(),
    reportForm: boolean('report_form').notNull(),
    meetingDate: date('meeting_date'),
    trainingTopic: text('training_topic'),
    notes: text('notes'),
    responsiblePersonName: text('responsible_person_name'),
    venue: text('venue'),
    /** Why this version replaced the one before; null for the first. */
    correctionReason: text('correction_reason'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('registry_monthly_report_versions_report_version').on(t.reportId, t.version)],
);

/**
 * The registry's roll-up figures per region and kind of record, kept by triggers on
 * registry_organizations and registry_members (migration registry_rollup), so every writer — the
 * API, imports, the demo seed, jobs, SQL by hand — keeps it right, and a dashboard sums a subtree's
 * rows instead of recounting its records. `members`: roster entries of the organisations counted.
 */
export const registryOrgRollup = pgTable(
  'registry_org_rollup',
  {
    regionCode: text('region_code').notNull(),
    legalForm: text('legal_form').notNull(),
    status: text('status').notNull(),
    categoryId: uuid('category_id'),
    organizations: integer('organizations').notNull().default(0),
    members: integer('members').notNull().default(0),
  },
  (t) => [
    unique('registry_org_rollup_key').on(t.regionCode, t.legalForm, t.status, t.categoryId).nullsNotDistinct(),
    index('registry_org_rollup_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

/**
 * Filed grassroots teams per region and month of filing (China time; null when unknown), kept by
 * triggers like registry_org_rollup: the 六个一 roll-up counts the teams owing a month
 * (reports.ts owesReportSql) from it instead of walking every team of a city.
 */
export const registryFiledTeamMonths = pgTable(
  'registry_filed_team_months',
  {
    regionCode: text('region_code').notNull(),
    filedMonth: date('filed_month'),
    teams: integer('teams').notNull().default(0),
  },
  (t) => [
    unique('registry_filed_team_months_key').on(t.regionCode, t.filedMonth).nullsNotDistinct(),
    index('registry_filed_team_months_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

/**
 * Roster entries per region, kind and status of their organisation, and birth month (or, without a
 * birth date, the band entered), kept by the same triggers: ages change with the day asked, so the
 * summary holds what does not (the birth month) and the dashboard derives who is 60 or over today.
 */
export const registryMemberAgeRollup = pgTable(
  'registry_member_age_rollup',
  {
    regionCode: text('region_code').notNull(),
    legalForm: text('legal_form').notNull(),
    status: text('status').notNull(),
    /** First day of the birth month; null without a birth date. */
    birthMonth: date('birth_month'),
    /** The band entered for a member without a birth date; null otherwise. */
    ageBand: text('age_band'),
    members: integer('members').notNull().default(0),
  },
  (t) => [
    unique('registry_member_age_rollup_key').on(t.regionCode, t.legalForm, t.status, t.birthMonth, t.ageBand).nullsNotDistinct(),
    index('registry_member_age_rollup_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

/*
 * An organisation's standing (issue 8 rules 6–8): each change is a row of its own history, appended
 * and never changed (migration trigger). The organisation's `grade`, `grade_valid_until`,
 * `star_rating` and `stage` are caches of the latest row, written in the same write unit, so the
 * list filters and sorts on them without reading the histories.
 */

/** Evaluation grades awarded (民政部令第39号); registered forms only. */
export const registryGradeAwards = pgTable(
  'registry_grade_awards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => registryOrganizations.id),
    grade: text('grade').notNull(),
    awardedOn: date('awarded_on').notNull(),
    /** Five years on, derived: never typed (shared/registry/grades.ts gradeValidUntil says the same). */
    validUntil: date('valid_until')
      .notNull()
      .generatedAlwaysAs(sql`(awarded_on + interval '5 years')::date`),
    documentNumber: text('document_number'),
    reason: text('reason').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_grade_awards_org_idx').on(t.organizationId, t.awardedOn),
    check('registry_grade_awards_grade', inList('grade', ['1A', '2A', '3A', '4A', '5A'])),
  ],
);

/** Star ratings of grassroots teams (星级团队评比 [003]), one or more per team and year. */
export const registryStarRatings = pgTable(
  'registry_star_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => registryOrganizations.id),
    year: integer('year').notNull(),
    stars: integer('stars').notNull(),
    /** The criteria scores (shared/registry/grades.ts STAR_CRITERIA); null for a rating carried over from before them. */
    scores: jsonb('scores').$type<Record<string, number>>(),
    comment: text('comment'),
    ratedBy: uuid('rated_by').references(() => users.id),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_star_ratings_org_idx').on(t.organizationId, t.year),
    check('registry_star_ratings_stars', sql`stars between 1 and 5`),
  ],
);

/** Development stage changes of organisations (萌芽型/成长型/支持型 [000]): who, when, why. */
export const registryStageChanges = pgTable(
  'registry_stage_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => registryOrganizations.id),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    reason: text('reason').notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_stage_changes_org_idx').on(t.organizationId, t.changedAt),
    check('registry_stage_changes_to', inList('to_stage', ['sprout', 'growing', 'supporting'])),
  ],
);

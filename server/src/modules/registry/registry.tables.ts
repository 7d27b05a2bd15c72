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
    /** The name in pinyin (see migration 0005): sorting by name follows it, as Chinese readers expect. */
    nameSort: text('name_sort').generatedAlwaysAs(sql`shuniu_pinyin_key(name)`),
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
    // Same limit as the API: the name feeds shuniu_name_grams and shuniu_pinyin_key on every write.
    check('registry_org_name_len', sql`char_length(name) <= 100`),
    index('registry_org_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.id),
    index('registry_org_region_updated_idx').on(sql`${t.regionCode} text_pattern_ops`, t.updatedAt),
    index('registry_org_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('registry_org_name_grams_idx').using('gin', t.nameGrams),
    index('registry_org_updated_idx').on(t.updatedAt, t.id),
    index('registry_org_category_idx').on(t.categoryId),
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
    ageBand: text('age_band'),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    joinedOn: date('joined_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('registry_members_org_idx').on(t.organizationId),
    index('registry_members_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
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
    reportForm: boolean('report_form').notNull().default(true),
    meetingDate: date('meeting_date'),
    trainingTopic: text('training_topic'),
    notes: text('notes'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('registry_monthly_reports_org_month').on(t.organizationId, t.month),
    index('registry_monthly_reports_region_month_idx').on(sql`${t.regionCode} text_pattern_ops`, t.month),
    check('registry_monthly_reports_first_of_month', sql`extract(day from month) = 1`),
  ],
);

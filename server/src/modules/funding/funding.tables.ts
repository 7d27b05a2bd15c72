import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CALL_STATUSES, APPLICATION_STATUSES, NEED_SOURCES, NEED_STATUSES } from '../../../../shared/funding/states.js';
import { CALL_TYPES } from '../../../../shared/funding/pipeline.js';
import { regions, users } from '../../core/core.tables.js';

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * The steps a kind of call runs in a region (and the regions below it that set none of their own):
 * the civil-affairs authority's configuration. A call copies them when it is created.
 */
export const fundingStepSettings = pgTable(
  'funding_step_settings',
  {
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    callType: text('call_type').notNull(),
    steps: text('steps').array().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.callType] }), check('funding_step_settings_type', inList('call_type', CALL_TYPES))],
);

/** A topic (课题/服务方向) curated from residents' needs; a call funds one or more topics. */
export const fundingTopics = pgTable(
  'funding_topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    title: text('title').notNull(),
    description: text('description'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('funding_topics_region_idx').on(sql`${t.regionCode} text_pattern_ops`)],
);

/** A need in the pool (需求征集, F1): who raised it, and what became of it. */
export const fundingNeeds = pgTable(
  'funding_needs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    source: text('source').notNull(),
    /** Who raised it, as the submitter names it: a resident group, a community, 区体育局 … */
    sourceName: text('source_name'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    beneficiaries: text('beneficiaries'),
    status: text('status').notNull().default('open'),
    mergedIntoId: uuid('merged_into_id').references((): any => fundingNeeds.id),
    topicId: uuid('topic_id').references(() => fundingTopics.id),
    closeReason: text('close_reason'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('funding_needs_source', inList('source', NEED_SOURCES)),
    check('funding_needs_status', inList('status', NEED_STATUSES)),
    check('funding_needs_merged', sql`(status = 'merged') = (merged_into_id is not null)`),
    check('funding_needs_in_topic', sql`status <> 'in_topic' or topic_id is not null`),
    check('funding_needs_not_self', sql`merged_into_id is null or merged_into_id <> id`),
    index('funding_needs_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.createdAt),
    index('funding_needs_topic_idx').on(t.topicId),
    index('funding_needs_submitter_idx').on(t.submittedBy),
  ],
);

/** A call for proposals (项目征集, F2) of one kind, in one region, with the steps it runs. */
export const fundingCalls = pgTable(
  'funding_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    callType: text('call_type').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** Copied from the region's settings when the call is created, so a later change leaves running calls alone. */
    steps: text('steps').array().notNull(),
    /** The step the call is at. */
    step: text('step').notNull(),
    status: text('status').notNull().default('draft'),
    budgetFen: fen('budget_fen').notNull(),
    /** The most one application may ask for; null: up to the budget. */
    capFen: fen('cap_fen'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    /** Eligibility rules as data (shared/funding contracts): the screening applies them. */
    eligibility: jsonb('eligibility').$type<unknown[]>().notNull().default([]),
    /** Extra questions of the application form. */
    form: jsonb('form').$type<unknown[]>().notNull().default([]),
    /** The ledger fund that pays the contracts (core/ledger). */
    fundId: uuid('fund_id'),
    createdBy: uuid('created_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Why the call was cancelled (also in its workflow history). */
    cancelReason: text('cancel_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('funding_calls_type', inList('call_type', CALL_TYPES)),
    check('funding_calls_status', inList('status', CALL_STATUSES)),
    check('funding_calls_budget', sql`budget_fen >= 0`),
    check('funding_calls_cap', sql`cap_fen is null or (cap_fen > 0 and cap_fen <= budget_fen)`),
    check('funding_calls_year', sql`year between 2000 and 2100`),
    check('funding_calls_opens_before_deadline', sql`opens_at is null or opens_at < deadline`),
    index('funding_calls_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.year),
    index('funding_calls_status_idx').on(t.status, t.deadline),
  ],
);

export const fundingCallTopics = pgTable(
  'funding_call_topics',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => fundingCalls.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => fundingTopics.id),
  },
  (t) => [primaryKey({ columns: [t.callId, t.topicId] }), index('funding_call_topics_topic_idx').on(t.topicId)],
);

/** An organisation's application to a call (申报, F3); after approval, the project. */
export const fundingApplications = pgTable(
  'funding_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => fundingCalls.id),
    /** registry_organizations.id (the foreign key is in the migration: a module's tables import no other's). */
    organizationId: uuid('organization_id').notNull(),
    /** The organisation's region when it applied: the scope of the application. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    topicId: uuid('topic_id').references(() => fundingTopics.id),
    status: text('status').notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary'),
    goals: text('goals'),
    /** [{ name, startsOn, endsOn, description }] */
    activities: jsonb('activities').$type<unknown[]>().notNull().default([]),
    targetBeneficiaries: text('target_beneficiaries'),
    beneficiaryCount: integer('beneficiary_count'),
    /** 绩效目标: [{ name, target, unit }] */
    indicators: jsonb('indicators').$type<unknown[]>().notNull().default([]),
    /** Answers to the call's extra questions. */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    amountFen: fen('amount_fen').notNull().default(0),
    /** The screening's outcome per rule, with reasons the organisation sees. */
    screening: jsonb('screening').$type<unknown[]>(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('funding_applications_status', inList('status', APPLICATION_STATUSES)),
    check('funding_applications_amount', sql`amount_fen >= 0`),
    check('funding_applications_beneficiaries', sql`beneficiary_count is null or beneficiary_count >= 0`),
    check('funding_applications_submitted', sql`status in ('draft', 'withdrawn') or submitted_at is not null`),
    index('funding_applications_call_idx').on(t.callId, t.status),
    index('funding_applications_org_idx').on(t.organizationId, t.createdAt),
    index('funding_applications_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

/** A line of an application's budget, in fen; the lines add up to the amount asked (checked at submit). */
export const fundingBudgetLines = pgTable(
  'funding_budget_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => fundingApplications.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    item: text('item').notNull(),
    category: text('category'),
    amountFen: fen('amount_fen').notNull(),
    note: text('note'),
  },
  (t) => [check('funding_budget_lines_amount', sql`amount_fen > 0`), index('funding_budget_lines_app_idx').on(t.applicationId, t.position)],
);

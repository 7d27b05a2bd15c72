import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { REPORT_FREQUENCIES, REPORT_STATUSES, VISIT_RATINGS, EVALUATION_KINDS } from '../../../../shared/funding/monitoring.js';
import { regions, users } from '../../core/core.tables.js';
import { fundingContracts } from './funding-contracts.tables.js';
import { fundingCalls } from './funding.tables.js';

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** How often a contract's organisation reports (项目监测, F9); its periods are the rows of funding_progress_reports. */
export const fundingReportSchedules = pgTable(
  'funding_report_schedules',
  {
    contractId: uuid('contract_id')
      .primaryKey()
      .references(() => fundingContracts.id, { onDelete: 'cascade' }),
    frequency: text('frequency').notNull(),
    setBy: uuid('set_by').references(() => users.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('funding_report_schedules_frequency', inList('frequency', REPORT_FREQUENCIES))],
);

export type TActivityRecord = { date: string; title: string; place: string; participants: number };

/** One period's progress report: owed from the schedule, sent by the organisation, accepted or returned by the centre. */
export const fundingProgressReports = pgTable(
  'funding_progress_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => fundingContracts.id, { onDelete: 'cascade' }),
    /** The contract's, copied: the scope of the report. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    organizationId: uuid('organization_id').notNull(),
    periodNo: integer('period_no').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** China date; the report is overdue from the day after. */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('pending'),
    activities: jsonb('activities').$type<TActivityRecord[]>().notNull().default([]),
    /** 受益人次 in the period. */
    beneficiaryCount: integer('beneficiary_count'),
    narrative: text('narrative'),
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    returnReason: text('return_reason'),
    /** When the overdue job flagged it (and told the organisation and the centre); once per report. */
    overdueFlaggedAt: timestamp('overdue_flagged_at', { withTimezone: true }),
  },
  (t) => [
    check('funding_progress_reports_status', inList('status', REPORT_STATUSES)),
    check('funding_progress_reports_beneficiaries', sql`beneficiary_count is null or beneficiary_count >= 0`),
    check('funding_progress_reports_period', sql`ends_on >= starts_on and due_on > ends_on`),
    check('funding_progress_reports_sent', sql`status = 'pending' or (submitted_at is not null and beneficiary_count is not null and narrative is not null)`),
    check('funding_progress_reports_returned', sql`status <> 'returned' or return_reason is not null`),
    unique('funding_progress_reports_period_uq').on(t.contractId, t.periodNo),
    index('funding_progress_reports_due_idx').on(t.status, t.dueOn),
    index('funding_progress_reports_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.dueOn),
    index('funding_progress_reports_org_idx').on(t.organizationId, t.dueOn),
  ],
);

/** A third-party monitor's site visit to a contract's project. */
export const fundingSiteVisits = pgTable(
  'funding_site_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => fundingContracts.id, { onDelete: 'cascade' }),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    organizationId: uuid('organization_id').notNull(),
    monitorId: uuid('monitor_id')
      .notNull()
      .references(() => users.id),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    findings: text('findings').notNull(),
    rating: text('rating').notNull(),
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('funding_site_visits_rating', inList('rating', VISIT_RATINGS)), index('funding_site_visits_contract_idx').on(t.contractId, t.visitedOn)],
);

export type TIndicatorResult = { name: string; target: string; unit: string | null; achieved: string; score: number };

/**
 * A mid-term or final evaluation (项目评估, F10). Submitted once; a correction is a new version
 * (with its reason) that supersedes the last, which stays. Only the first version moves money.
 */
export const fundingEvaluations = pgTable(
  'funding_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => fundingContracts.id, { onDelete: 'cascade' }),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    organizationId: uuid('organization_id').notNull(),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    evaluatorId: uuid('evaluator_id')
      .notNull()
      .references(() => users.id),
    indicators: jsonb('indicators').$type<TIndicatorResult[]>().notNull(),
    overallScore: integer('overall_score').notNull(),
    /** The call's pass line when this was submitted. */
    passLine: integer('pass_line').notNull(),
    passed: boolean('passed').notNull(),
    summary: text('summary').notNull(),
    correctionReason: text('correction_reason'),
    /** Set on the version a correction replaced. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    /** The tranches the first version paid or withheld: { paid: [...], withheld: [...] }. */
    released: jsonb('released').$type<{ paid: string[]; withheld: string[] }>().notNull().default({ paid: [], withheld: [] }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('funding_evaluations_kind', inList('kind', EVALUATION_KINDS)),
    check('funding_evaluations_score', sql`overall_score between 0 and 100 and pass_line between 0 and 100`),
    check('funding_evaluations_passed', sql`passed = (overall_score >= pass_line)`),
    check('funding_evaluations_correction', sql`(version = 1) = (correction_reason is null)`),
    unique('funding_evaluations_version_uq').on(t.contractId, t.kind, t.version),
    // One current evaluation of each kind: two evaluators racing to submit cannot both succeed.
    uniqueIndex('funding_evaluations_current_uq').on(t.contractId, t.kind).where(sql`superseded_at is null`),
    index('funding_evaluations_org_idx').on(t.organizationId, t.submittedAt),
  ],
);

/** A call's evaluation pass line (default DEFAULT_PASS_LINE when the call has no row). */
export const fundingEvaluationSettings = pgTable(
  'funding_evaluation_settings',
  {
    callId: uuid('call_id')
      .primaryKey()
      .references(() => fundingCalls.id, { onDelete: 'cascade' }),
    passLine: integer('pass_line').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('funding_evaluation_settings_pass_line', sql`pass_line between 0 and 100`)],
);

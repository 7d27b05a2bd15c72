import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { AGGREGATIONS, PANEL_STATUSES, REVIEW_DECISIONS, type TCriterion, type TCriterionScores } from '../../../../shared/funding/review.js';
import { OBJECTION_DECISIONS, type TNoticeEntry } from '../../../../shared/funding/notice.js';
import type { TProposalContent } from '../../../../shared/funding/optimisation.js';
import { regions, users } from '../../core/core.tables.js';
import { sealedText } from '../../core/sealed-columns.js';
import { fundingApplications, fundingCalls } from './funding.tables.js';

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** A call's review panel (立项评审, F5): its rubric, how scores are combined, and its deadline. */
export const fundingPanels = pgTable(
  'funding_panels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => fundingCalls.id),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    aggregation: text('aggregation').notNull(),
    /** [{ key, name, weight, maxScore }]: weights add up to 100 (checked by the contract). */
    criteria: jsonb('criteria').$type<TCriterion[]>().notNull(),
    reviewDeadline: timestamp('review_deadline', { withTimezone: true }).notNull(),
    chairId: uuid('chair_id')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull().default('open'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    closeReason: text('close_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('funding_panels_call_uq').on(t.callId),
    check('funding_panels_aggregation', inList('aggregation', AGGREGATIONS)),
    check('funding_panels_status', inList('status', PANEL_STATUSES)),
    check('funding_panels_closed', sql`(status = 'closed') = (closed_at is not null)`),
    index('funding_panels_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

/** An expert on a panel; `declaredAt` is when it first declared its conflicts (none, or some). */
export const fundingPanelExperts = pgTable(
  'funding_panel_experts',
  {
    panelId: uuid('panel_id')
      .notNull()
      .references(() => fundingPanels.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    declaredAt: timestamp('declared_at', { withTimezone: true }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.panelId, t.userId] }), index('funding_panel_experts_user_idx').on(t.userId)],
);

/** An organisation an expert declared itself tied to: it is never assigned that organisation's applications. */
export const fundingExpertConflicts = pgTable(
  'funding_expert_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => fundingPanels.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id').notNull(),
    tie: text('tie').notNull(),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_expert_conflicts_uq').on(t.panelId, t.userId, t.organizationId)],
);

/**
 * One expert's work on one application. The core `assignments` row (entity `funding.application`)
 * is what opens the application to the expert; it exists exactly while `removedAt` is null.
 */
export const fundingReviewAssignments = pgTable(
  'funding_review_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => fundingPanels.id, { onDelete: 'cascade' }),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => fundingApplications.id),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => users.id),
    assignedBy: uuid('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedReason: text('removed_reason'),
    /** The expert's draft (暂存): the criteria scored so far (tenths), its comment; never counted, cleared on submission. */
    draftScores: jsonb('draft_scores').$type<TCriterionScores>(),
    draftComment: text('draft_comment'),
    draftSavedAt: timestamp('draft_saved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('funding_review_assignments_live_uq').on(t.applicationId, t.expertId).where(sql`removed_at is null`),
    index('funding_review_assignments_panel_idx').on(t.panelId),
    index('funding_review_assignments_expert_idx').on(t.expertId),
  ],
);

/**
 * A score an expert submitted. Scores are never changed: the chair's return marks one returned
 * (with the reason) and the expert submits a new one, so the history stays. Each criterion's
 * score is kept in tenths (one decimal allowed), the weighted total in hundredths of a point.
 */
export const fundingReviewScores = pgTable(
  'funding_review_scores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => fundingReviewAssignments.id, { onDelete: 'cascade' }),
    scores: jsonb('scores').$type<TCriterionScores>().notNull(),
    totalHundredths: integer('total_hundredths').notNull(),
    comment: text('comment').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnedBy: uuid('returned_by').references(() => users.id),
    returnReason: text('return_reason'),
  },
  (t) => [
    // At most one live (not returned) score per assignment.
    uniqueIndex('funding_review_scores_live_uq').on(t.assignmentId).where(sql`returned_at is null`),
    check('funding_review_scores_total', sql`total_hundredths between 0 and 10000`),
  ],
);

/**
 * The panel's outcome for one application once it closed: aggregate, rank, decision (and a
 * staff adjustment, with its reason), and the conditions the approved proposal is revised under.
 */
export const fundingReviewResults = pgTable(
  'funding_review_results',
  {
    applicationId: uuid('application_id')
      .primaryKey()
      .references(() => fundingApplications.id),
    panelId: uuid('panel_id')
      .notNull()
      .references(() => fundingPanels.id),
    scoreCount: integer('score_count').notNull(),
    /** The aggregate in hundredths of a point (rounded for display; the ranking compares exactly). */
    aggregateHundredths: integer('aggregate_hundredths'),
    rank: integer('rank'),
    decision: text('decision').notNull(),
    /** What the funding line decided, before any adjustment. */
    lineDecision: text('line_decision').notNull(),
    adjustReason: text('adjust_reason'),
    conditions: text('conditions'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('funding_review_results_decision', inList('decision', REVIEW_DECISIONS)),
    check('funding_review_results_line', inList('line_decision', REVIEW_DECISIONS)),
    index('funding_review_results_panel_idx').on(t.panelId, t.rank),
  ],
);

/** The public notice of a call's results (项目公示, F6) and its objection period in working days. */
export const fundingNotices = pgTable(
  'funding_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => fundingCalls.id),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** What was published: approved projects, with no personal data. */
    entries: jsonb('entries').$type<TNoticeEntry[]>().notNull(),
    objectionDays: integer('objection_days').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    /** The China date of publication; the period counts from the next working day. */
    publishedOn: date('published_on', { mode: 'string' }).notNull(),
    /** The last day objections are taken (China date, inclusive). */
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    publishedBy: uuid('published_by').references(() => users.id),
    fixedAt: timestamp('fixed_at', { withTimezone: true }),
    fixedBy: uuid('fixed_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('funding_notices_call_uq').on(t.callId),
    check('funding_notices_days', sql`objection_days between 1 and 30`),
    check('funding_notices_ends', sql`ends_on > published_on`),
    index('funding_notices_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

/** An objection lodged by anyone during the notice period, and the centre's answer. */
export const fundingObjections = pgTable(
  'funding_objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => fundingNotices.id),
    /** The project objected to, when the objector names one. */
    applicationId: uuid('application_id').references(() => fundingApplications.id),
    name: text('name').notNull(),
    /** A phone or an address: personal data, sealed at rest, masked in lists, never in the audit log. */
    contact: sealedText('contact').notNull(),
    text: text('text').notNull(),
    lodgedAt: timestamp('lodged_at', { withTimezone: true }).notNull().defaultNow(),
    decision: text('decision'),
    answer: text('answer'),
    withdrewApproval: boolean('withdrew_approval').notNull().default(false),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    check('funding_objections_decision', sql`decision is null or ${inList('decision', OBJECTION_DECISIONS)}`),
    check('funding_objections_answered', sql`(decision is null) = (answered_at is null) and (decision is null) = (answer is null)`),
    index('funding_objections_notice_idx').on(t.noticeId, t.lodgedAt),
  ],
);

/**
 * A version of an approved proposal (项目优化, F7). Version 1 is the application as approved; each
 * revision adds the next. One version at most is accepted: the proposal the contract uses.
 */
export const fundingProposalVersions = pgTable(
  'funding_proposal_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => fundingApplications.id),
    version: integer('version').notNull(),
    content: jsonb('content').$type<TProposalContent>().notNull(),
    /** The fields this version changed from the one before (empty for version 1). */
    changedFields: text('changed_fields').array().notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('funding_proposal_versions_uq').on(t.applicationId, t.version),
    uniqueIndex('funding_proposal_versions_accepted_uq').on(t.applicationId).where(sql`accepted_at is not null`),
    check('funding_proposal_versions_version', sql`version >= 1`),
  ],
);

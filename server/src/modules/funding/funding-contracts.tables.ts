import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CONTRACT_STATUSES } from '../../../../shared/funding/contracts.js';
import type { TProposalContent } from '../../../../shared/funding/optimisation.js';
import { regions, users } from '../../core/core.tables.js';
import { fundingApplications, fundingCalls } from './funding.tables.js';

const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * A contract (项目签约, F8) between the purchaser (the call's region) and the organisation of an approved
 * application; a renewal (F11) points at the contract it continues.
 */
export const fundingContracts = pgTable(
  'funding_contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => fundingApplications.id),
    callId: uuid('call_id')
      .notNull()
      .references(() => fundingCalls.id),
    /** registry_organizations.id (its foreign key is in the migration). */
    organizationId: uuid('organization_id').notNull(),
    /** The organisation's region: the scope of the contract. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** The purchaser as printed: 某某区民政局 / 某某街道办事处. */
    purchaserName: text('purchaser_name').notNull(),
    providerName: text('provider_name').notNull(),
    title: text('title').notNull(),
    /** What the organisation undertakes: the accepted proposal (F7) as it stood at signing. */
    content: jsonb('content').$type<TProposalContent>().notNull(),
    amountFen: fen('amount_fen').notNull(),
    /** ledger_funds.id the contract is committed on and paid from: the call's, or next year's for a renewal (FK in the migration). */
    fundId: uuid('fund_id'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** 财政部令第102号: a term over one year only for stable, recurring services (up to three), with the reason. */
    recurringService: boolean('recurring_service').notNull().default(false),
    recurringReason: text('recurring_reason'),
    status: text('status').notNull().default('draft'),
    /** The contract this one renews (F11). */
    previousContractId: uuid('previous_contract_id').references((): any => fundingContracts.id),
    contractNumber: text('contract_number').unique(),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by').references(() => users.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    terminationReason: text('termination_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('funding_contracts_status', sql.raw(`status in (${CONTRACT_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
    check('funding_contracts_amount', sql`amount_fen > 0`),
    check('funding_contracts_term', sql`ends_on >= starts_on`),
    check(
      'funding_contracts_term_length',
      sql`ends_on < starts_on + (case when recurring_service then interval '3 years' else interval '1 year' end)`,
    ),
    check('funding_contracts_recurring_reason', sql`not recurring_service or recurring_reason is not null`),
    check('funding_contracts_signed', sql`status = 'draft' or signed_at is not null`),
    // One first contract per approved application; renewals continue it, one per contract renewed.
    uniqueIndex('funding_contracts_application_uq').on(t.applicationId).where(sql`previous_contract_id is null`),
    check('funding_contracts_terminated', sql`(status = 'terminated') = (terminated_at is not null and termination_reason is not null)`),
    unique('funding_contracts_previous_uq').on(t.previousContractId),
    index('funding_contracts_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.startsOn),
    index('funding_contracts_org_idx').on(t.organizationId),
    index('funding_contracts_call_idx').on(t.callId),
  ],
);

/** A milestone the organisation reports and the centre accepts; a tranche may wait on it. */
export const fundingMilestones = pgTable(
  'funding_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => fundingContracts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status').notNull().default('pending'),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [
    check('funding_milestones_status', sql`status in ('pending', 'submitted', 'accepted', 'rejected')`),
    unique('funding_milestones_position_uq').on(t.contractId, t.position),
  ],
);

/**
 * A payment tranche (e.g. 30/40/30) and what releases it: the signing, an accepted milestone, or a
 * passed mid-term / final evaluation (评估兑现, seed 002). Paid through the ledger, keyed by the tranche.
 */
export const fundingTranches = pgTable(
  'funding_tranches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => fundingContracts.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    amountFen: fen('amount_fen').notNull(),
    /** 'signing' | 'milestone' | 'mid_evaluation' | 'final_evaluation' */
    releasedBy: text('released_by').notNull(),
    milestoneId: uuid('milestone_id').references(() => fundingMilestones.id),
    /** pending → paid, or withheld (an evaluation failed; the commitment is released). */
    status: text('status').notNull().default('pending'),
    /** The ledger journal that paid it, or released it back to the fund. */
    journalId: uuid('journal_id'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    check('funding_tranches_amount', sql`amount_fen > 0`),
    check('funding_tranches_released_by', sql`released_by in ('signing', 'milestone', 'mid_evaluation', 'final_evaluation')`),
    check('funding_tranches_milestone', sql`(released_by = 'milestone') = (milestone_id is not null)`),
    check('funding_tranches_status', sql`status in ('pending', 'paid', 'withheld')`),
    check('funding_tranches_decided', sql`status = 'pending' or (journal_id is not null and decided_at is not null)`),
    unique('funding_tranches_position_uq').on(t.contractId, t.position),
    index('funding_tranches_contract_idx').on(t.contractId),
  ],
);

/** Per purchaser region and year, the last contract number handed out (like the filing counters). */
export const fundingContractCounters = pgTable(
  'funding_contract_counters',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { LedgerAccountRole, LedgerFundKind } from '../../../../shared/ledger/enums.js';
import { regions, users } from '../core.tables.js';

/**
 * The fund ledger (F12): money of every domain that moves it — funding first, charity donations,
 * aid and pairings later. Double entry in integer fen: a journal's entries sum to zero, journals and
 * entries are never changed (a correction is a reversing journal), and `ledger_balances`, kept by
 * a trigger in the writer's own transaction, refuses a non-negative account below zero. The
 * triggers and checks drizzle cannot express are at the end of the migration that made these tables.
 */
export const ledgerFunds = pgTable(
  'ledger_funds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    year: integer('year').notNull(),
    /** special_fund (a street's 150万 a year), seed_fund, charity … (shared/ledger/enums.ts). */
    kind: text('kind').$type<LedgerFundKind>().notNull(),
    /** As people say it, in Chinese: 东城区2026年公益创投专项资金. */
    name: text('name').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_funds_name_unique').on(t.regionCode, t.year, t.name),
    index('ledger_funds_region_idx').on(t.regionCode, t.year),
    check('ledger_funds_year', sql`${t.year} between 2000 and 2100`),
  ],
);

/**
 * An account of one fund. `source` is where appropriated money comes from (the treasury, a donor):
 * outside the fund, so it alone may go negative — its balance is minus what came in. `available`,
 * `committed` are the fund's own; `payee` (owner: the organisation paid) is money gone out.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fundId: uuid('fund_id').notNull().references(() => ledgerFunds.id),
    role: text('role').$type<LedgerAccountRole>().notNull(),
    /** Whose account, for a payee or a donor ('organization' + its id); null for the fund's own. */
    ownerType: text('owner_type'),
    ownerId: text('owner_id'),
    allowNegative: boolean('allow_negative').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_accounts_owner_unique').on(t.fundId, t.role, t.ownerType, t.ownerId).nullsNotDistinct(),
    check('ledger_accounts_owner_pair', sql`(${t.ownerType} is null) = (${t.ownerId} is null)`),
    // Only money from outside the fund may be "below zero": what it has given.
    check('ledger_accounts_negative_only_external', sql`not ${t.allowNegative} or ${t.role} in ('source', 'donor')`),
  ],
);

/** One posting: a business event (a tranche paid, a contract committed), posted once by its key. */
export const ledgerJournals = pgTable(
  'ledger_journals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fundId: uuid('fund_id').notNull().references(() => ledgerFunds.id),
    /** The caller's name for the event ('funding.tranche:<id>:pay'): the same event is posted once. */
    key: text('key').notNull(),
    reason: text('reason').notNull(),
    /** The record behind it ('funding.tranche', its id), for reading the ledger by record. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    /** The journal this one undoes; unique, so a journal is reversed at most once. */
    reversesJournalId: uuid('reverses_journal_id').references((): AnyPgColumn => ledgerJournals.id),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('ledger_journals_key_unique').on(t.key),
    unique('ledger_journals_reverses_unique').on(t.reversesJournalId),
    index('ledger_journals_fund_idx').on(t.fundId, t.at),
    index('ledger_journals_source_idx').on(t.sourceType, t.sourceId),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    journalId: uuid('journal_id').notNull().references(() => ledgerJournals.id),
    accountId: uuid('account_id').notNull().references(() => ledgerAccounts.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('ledger_entries_journal_idx').on(t.journalId),
    index('ledger_entries_account_idx').on(t.accountId),
    check('ledger_entries_non_zero', sql`${t.amountFen} <> 0`),
  ],
);

/**
 * Each account's balance, one indexed read: kept by the trigger on ledger_entries in the writer's
 * transaction (the row lock serialises writers of one account), refused below zero by the CHECK.
 */
export const ledgerBalances = pgTable(
  'ledger_balances',
  {
    accountId: uuid('account_id').primaryKey().references(() => ledgerAccounts.id),
    fundId: uuid('fund_id').notNull().references(() => ledgerFunds.id),
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
    allowNegative: boolean('allow_negative').notNull(),
  },
  (t) => [
    index('ledger_balances_fund_idx').on(t.fundId),
    check('ledger_balances_non_negative', sql`${t.allowNegative} or ${t.balanceFen} >= 0`),
  ],
);

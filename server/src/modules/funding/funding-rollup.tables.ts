import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';

const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * The funding dashboard's figures per (region, year, call type), kept by row triggers on calls,
 * applications, contracts, tranches and progress reports (migration funding_rollup) in the writer's
 * own transaction, like registry_org_rollup: a region's dashboard sums its subtree's rows instead of
 * recounting 50,000 projects. Year and call type are the call's; the region is each record's own
 * (a call's for calls and budgets, the organisation's for applications, contracts, payments and
 * beneficiaries).
 *  - calls, budget_fen: published or completed calls and their budgets
 *  - applications: submitted (not draft, not withdrawn); approved: approved or contracted
 *  - contracts: signed ever (signed, completed, terminated); committed_fen: what signed and completed
 *    contracts commit, and of a terminated one what was paid before it ended
 *  - paid_fen: paid tranches; beneficiaries: 受益人次 of accepted progress reports
 */
export const fundingRollup = pgTable(
  'funding_rollup',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    callType: text('call_type').notNull(),
    calls: integer('calls').notNull().default(0),
    budgetFen: fen('budget_fen').notNull().default(0),
    applications: integer('applications').notNull().default(0),
    approved: integer('approved').notNull().default(0),
    contracts: integer('contracts').notNull().default(0),
    committedFen: fen('committed_fen').notNull().default(0),
    paidFen: fen('paid_fen').notNull().default(0),
    beneficiaries: fen('beneficiaries').notNull().default(0),
  },
  (t) => [
    unique('funding_rollup_key').on(t.regionCode, t.year, t.callType),
    index('funding_rollup_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  ],
);

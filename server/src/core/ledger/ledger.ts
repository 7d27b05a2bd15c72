import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { LEDGER_MAX_FEN, type LedgerAccountRole, type LedgerFundKind } from '../../../../shared/ledger/enums.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, invalidField, notFound } from '../../errors.js';
import type { Ctx } from '../actor.js';
import { writeAudit } from '../audit.js';
import { dbErrorFacts, UNIQUE_VIOLATION } from '../db-errors.js';
import { mutate, type WriteCtx } from '../write-unit.js';
import { ledgerAccounts, ledgerBalances, ledgerEntries, ledgerFunds, ledgerJournals } from './ledger.tables.js';

/*
 * The fund ledger (F12), for every domain that moves money. Each verb is one journal posted once
 * by the caller's key, inside the caller's write unit when it has one (a tranche paid and its
 * ledger journal commit or roll back together). The database holds the rules: a journal sums to
 * zero, a non-negative account never goes below zero, nothing posted changes; this module turns
 * its refusals into 409s a person can read.
 */

export type LedgerFund = typeof ledgerFunds.$inferSelect;
export type LedgerJournal = typeof ledgerJournals.$inferSelect;

export interface Owner {
  type: string;
  id: string;
}

export interface LedgerLine {
  accountId: string;
  /** Integer fen: positive into the account, negative out of it. */
  amountFen: number;
}

export interface PostInput {
  /** Names the business event ('funding.tranche:<id>:pay'): a second post of the same key is refused. */
  key: string;
  reason: string;
  /** The record behind the posting, for reading the ledger by record. */
  source?: { type: string; id: string } | null;
  lines: readonly LedgerLine[];
}

export interface OpenFundInput {
  regionCode: string;
  year: number;
  kind: LedgerFundKind;
  name: string;
  /** Appropriated when the fund opens (source → available); 0 or absent: nothing yet. */
  appropriationFen?: number;
  reason?: string;
}

export interface FundSummary {
  /** Everything appropriated or donated into the fund, net of reversals. */
  budgetFen: number;
  availableFen: number;
  committedFen: number;
  paidFen: number;
}

/** Roles outside the fund: their balance is minus what they gave, and only they may go negative. */
const EXTERNAL_ROLES: readonly LedgerAccountRole[] = ['source', 'donor'];
const KEY_MAX = 240;
const REASON_MAX = 500;

// ---------------------------------------------------------------------------------------------
// Reads

export async function findFund(db: DbOrTx, fundId: string): Promise<LedgerFund | undefined> {
  const [fund] = await db.select().from(ledgerFunds).where(eq(ledgerFunds.id, fundId));
  return fund;
}

/** One account's balance in fen: one primary-key read of ledger_balances. */
export async function balance(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db.select({ fen: ledgerBalances.balanceFen }).from(ledgerBalances).where(eq(ledgerBalances.accountId, accountId));
  if (!row) throw notFound('ledger_account');
  return row.fen;
}

/** A fund's figures from its balance rows (a handful per fund, by index): never a sum over its entries. */
export async function fundSummary(db: DbOrTx, fundId: string): Promise<FundSummary> {
  const rows = await db
    .select({ role: ledgerAccounts.role, fen: sql<string>`sum(${ledgerBalances.balanceFen})` })
    .from(ledgerBalances)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerBalances.accountId))
    .where(eq(ledgerBalances.fundId, fundId))
    .groupBy(ledgerAccounts.role);
  const by = (roles: readonly LedgerAccountRole[]) => rows.filter((r) => roles.includes(r.role)).reduce((sum, r) => sum + Number(r.fen), 0);
  return {
    budgetFen: 0 - by(EXTERNAL_ROLES),
    availableFen: by(['available']),
    committedFen: by(['committed']),
    paidFen: by(['payee']),
  };
}

/** The fund's account of a role (and owner, for a payee or donor), or undefined when none was opened. */
export async function findAccount(db: DbOrTx, fundId: string, role: LedgerAccountRole, owner?: Owner | null): Promise<string | undefined> {
  const [row] = await db
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(
      and(
        eq(ledgerAccounts.fundId, fundId),
        eq(ledgerAccounts.role, role),
        owner ? eq(ledgerAccounts.ownerType, owner.type) : isNull(ledgerAccounts.ownerType),
        owner ? eq(ledgerAccounts.ownerId, owner.id) : isNull(ledgerAccounts.ownerId),
      ),
    );
  return row?.id;
}

export async function findJournalByKey(db: DbOrTx, key: string): Promise<LedgerJournal | undefined> {
  const [row] = await db.select().from(ledgerJournals).where(eq(ledgerJournals.key, key));
  return row;
}

/** A fund's journals, newest first, each with its lines and the role of each line's account. */
export async function fundJournals(db: DbOrTx, fundId: string, limit: number) {
  const journals = await db.select().from(ledgerJournals).where(eq(ledgerJournals.fundId, fundId)).orderBy(desc(ledgerJournals.at), desc(ledgerJournals.id)).limit(limit);
  if (journals.length === 0) return [];
  const lines = await db
    .select({ journalId: ledgerEntries.journalId, accountId: ledgerEntries.accountId, amountFen: ledgerEntries.amountFen, role: ledgerAccounts.role, ownerType: ledgerAccounts.ownerType, ownerId: ledgerAccounts.ownerId })
    .from(ledgerEntries)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(inArray(ledgerEntries.journalId, journals.map((j) => j.id)))
    .orderBy(ledgerEntries.id);
  return journals.map((j) => ({ ...j, lines: lines.filter((l) => l.journalId === j.id) }));
}

// ---------------------------------------------------------------------------------------------
// Writes

/** A fund with its own accounts (source, available, committed), and its first appropriation if given. */
export async function openFund(ctx: Ctx, input: OpenFundInput) {
  const appropriation = input.appropriationFen ?? 0;
  if (appropriation !== 0) checkAmount('appropriationFen', appropriation, { positive: true });
  return mutate(ctx, async (w) => {
    const [taken] = await w.db
      .select({ id: ledgerFunds.id })
      .from(ledgerFunds)
      .where(and(eq(ledgerFunds.regionCode, input.regionCode), eq(ledgerFunds.year, input.year), eq(ledgerFunds.name, input.name)));
    if (taken) throw invalidField('name', 'ledger_fund_name_taken');
    const [fund] = await w.db
      .insert(ledgerFunds)
      .values({ regionCode: input.regionCode, year: input.year, kind: input.kind, name: input.name, createdBy: w.actor.id || null })
      .returning();
    await w.db.insert(ledgerAccounts).values([
      { fundId: fund.id, role: 'source', allowNegative: true },
      { fundId: fund.id, role: 'available' },
      { fundId: fund.id, role: 'committed' },
    ]);
    await writeAudit(w, {
      action: 'ledger.fund.open',
      entityType: 'ledger_fund',
      entityId: fund.id,
      entityName: fund.name,
      regionCode: fund.regionCode,
      after: { regionCode: fund.regionCode, year: fund.year, kind: fund.kind, name: fund.name },
    });
    if (appropriation > 0) {
      await appropriate(w, { fundId: fund.id, amountFen: appropriation, key: `ledger.fund:${fund.id}:open`, reason: input.reason ?? `${fund.name}拨款` });
    }
    return fund;
  });
}

/**
 * Posts one journal. Refused with nothing written: lines that do not sum to zero, a zero or unsafe
 * amount, accounts of two funds, a key posted before (409 ledger_already_posted), or a line that
 * would take a non-negative account below zero (409 ledger_insufficient_funds, naming the fund).
 */
export async function post(ctx: Ctx, input: PostInput): Promise<LedgerJournal> {
  return mutate(ctx, (w) => postJournal(w, input, null));
}

async function postJournal(w: WriteCtx, input: PostInput, reverses: LedgerJournal | null): Promise<LedgerJournal> {
  const key = input.key.trim();
  const reason = input.reason.trim();
  // Named journalKey: `key` is another domain's word (a form question's code) in the shared field labels.
  if (!key || key.length > KEY_MAX) throw invalidField('journalKey', 'ledger_key');
  if (!reason || reason.length > REASON_MAX) throw invalidField('reason', 'required');
  if (input.lines.length < 2) throw invalidField('lines', 'ledger_unbalanced');
  input.lines.forEach((line, i) => checkAmount(`lines.${i}.amountFen`, line.amountFen));
  if (input.lines.reduce((sum, l) => sum + l.amountFen, 0) !== 0) throw invalidField('lines', 'ledger_unbalanced');

  const ids = [...new Set(input.lines.map((l) => l.accountId))];
  const accounts = await w.db.select().from(ledgerAccounts).where(inArray(ledgerAccounts.id, ids));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  input.lines.forEach((line, i) => {
    if (!byId.has(line.accountId)) throw invalidField(`lines.${i}.accountId`, 'ledger_account_unknown');
  });
  const fundId = accounts[0].fundId;
  input.lines.forEach((line, i) => {
    if (byId.get(line.accountId)!.fundId !== fundId) throw invalidField(`lines.${i}.accountId`, 'ledger_other_fund');
  });
  const fund = (await findFund(w.db, fundId))!;
  if (await findJournalByKey(w.db, key)) throw alreadyPosted(key);

  let journal: LedgerJournal;
  try {
    [journal] = await w.db
      .insert(ledgerJournals)
      .values({
        fundId,
        key,
        reason,
        sourceType: input.source?.type ?? null,
        sourceId: input.source?.id ?? null,
        reversesJournalId: reverses?.id ?? null,
        actorId: w.actor.id || null,
        actorName: w.actor.displayName,
      })
      .returning();
    // One order for every writer: two journals touching the same accounts lock their balance rows
    // in the same order, so concurrent postings wait for each other instead of deadlocking.
    const lines = [...input.lines].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.amountFen - b.amountFen));
    await w.db.insert(ledgerEntries).values(lines.map((l) => ({ journalId: journal.id, accountId: l.accountId, amountFen: l.amountFen })));
  } catch (error) {
    throw ledgerRefusal(error, key, fund) ?? error;
  }

  await writeAudit(w, {
    action: reverses ? 'ledger.reverse' : 'ledger.post',
    entityType: 'ledger_journal',
    entityId: journal.id,
    entityName: fund.name,
    regionCode: fund.regionCode,
    after: {
      fundId,
      key,
      reason,
      sourceType: journal.sourceType,
      sourceId: journal.sourceId,
      reversesJournalId: journal.reversesJournalId,
      lines: input.lines.map((l) => {
        const a = byId.get(l.accountId)!;
        return { accountId: a.id, role: a.role, ownerType: a.ownerType, ownerId: a.ownerId, amountFen: l.amountFen };
      }),
    },
  });
  return journal;
}

/**
 * Undoes a journal with one that posts its lines the other way (entries never change). A journal
 * is reversed at most once (the unique reverses_journal_id answers a race), and a reversal is not
 * itself reversed: the event is posted again under a new key instead.
 */
export async function reverse(ctx: Ctx, journalId: string, reason: string): Promise<LedgerJournal> {
  return mutate(ctx, async (w) => {
    const [original] = await w.db.select().from(ledgerJournals).where(eq(ledgerJournals.id, journalId));
    if (!original) throw notFound('ledger_journal');
    if (original.reversesJournalId) throw new AppError('ledger_reversal_of_reversal');
    const lines = await w.db.select({ accountId: ledgerEntries.accountId, amountFen: ledgerEntries.amountFen }).from(ledgerEntries).where(eq(ledgerEntries.journalId, journalId));
    return postJournal(
      w,
      { key: `${original.key}:reverse`, reason, source: original.sourceType && original.sourceId ? { type: original.sourceType, id: original.sourceId } : null, lines: lines.map((l) => ({ accountId: l.accountId, amountFen: -l.amountFen })) },
      original,
    );
  });
}

export interface MoveInput {
  fundId: string;
  amountFen: number;
  key: string;
  reason: string;
  source?: { type: string; id: string } | null;
}

/** Money appropriated into the fund: source → available. */
export async function appropriate(ctx: Ctx, input: MoveInput) {
  return move(ctx, input, { role: 'source' }, { role: 'available' });
}

/** A gift into the fund (charity): the donor's account → available; the donor's balance is minus what it gave. */
export async function receiveDonation(ctx: Ctx, input: MoveInput & { donor: Owner }) {
  return move(ctx, input, { role: 'donor', owner: input.donor }, { role: 'available' });
}

/**
 * Money set aside for a contract: available → committed (keyed by the contract). With
 * `commitment` (the contract: { type: 'funding.contract', id }) it goes to that contract's own
 * committed account, so the database itself refuses to pay or release more than the contract
 * was given; without it, to the fund's general committed account.
 */
export async function commit(ctx: Ctx, input: MoveInput & { commitment?: Owner }) {
  return move(ctx, input, { role: 'available' }, { role: 'committed', owner: input.commitment });
}

/** A tranche paid to its payee: committed → payee (keyed by the tranche, so it is paid once). */
export async function disburse(ctx: Ctx, input: MoveInput & { payee: Owner; commitment?: Owner }) {
  return move(ctx, input, { role: 'committed', owner: input.commitment }, { role: 'payee', owner: input.payee });
}

/** What a contract will not pay back to the fund: committed → available. */
export async function releaseCommitment(ctx: Ctx, input: MoveInput & { commitment?: Owner }) {
  return move(ctx, input, { role: 'committed', owner: input.commitment }, { role: 'available' });
}

interface AccountRef {
  role: LedgerAccountRole;
  owner?: Owner;
}

async function move(ctx: Ctx, input: MoveInput, from: AccountRef, to: AccountRef) {
  checkAmount('amountFen', input.amountFen, { positive: true });
  return mutate(ctx, async (w) => {
    const fund = await findFund(w.db, input.fundId);
    if (!fund) throw notFound('ledger_fund');
    const [fromId, toId] = [await accountFor(w, fund.id, from), await accountFor(w, fund.id, to)];
    return postJournal(w, { key: input.key, reason: input.reason, source: input.source, lines: [{ accountId: fromId, amountFen: -input.amountFen }, { accountId: toId, amountFen: input.amountFen }] }, null);
  });
}

/**
 * The fund's account of a role. An owner's account (a payee, a donor, a contract's commitment) is
 * opened on first use; concurrent first uses open one. The fund's own accounts came with it.
 */
async function accountFor(w: WriteCtx, fundId: string, ref: AccountRef): Promise<string> {
  const found = await findAccount(w.db, fundId, ref.role, ref.owner);
  if (found) return found;
  if (!ref.owner) throw notFound('ledger_account');
  await w.db
    .insert(ledgerAccounts)
    .values({ fundId, role: ref.role, ownerType: ref.owner?.type ?? null, ownerId: ref.owner?.id ?? null, allowNegative: ref.role === 'donor' })
    .onConflictDoNothing();
  return (await findAccount(w.db, fundId, ref.role, ref.owner))!;
}

// ---------------------------------------------------------------------------------------------
// Refusals

function checkAmount(field: string, fen: number, opts: { positive?: boolean } = {}) {
  if (!Number.isSafeInteger(fen)) throw invalidField(field, 'ledger_amount_integer');
  if (fen === 0 || (opts.positive && fen < 0)) throw invalidField(field, opts.positive ? 'ledger_amount_positive' : 'ledger_amount_non_zero');
  if (Math.abs(fen) > LEDGER_MAX_FEN) throw invalidField(field, 'ledger_amount_too_large', { max: LEDGER_MAX_FEN });
}

const alreadyPosted = (key: string) => new AppError('ledger_already_posted', { key });

/** What the database's refusal of a posting means for the caller; null for anything else. */
function ledgerRefusal(error: unknown, key: string, fund: LedgerFund): AppError | null {
  const facts = dbErrorFacts(error);
  if (!facts) return null;
  if (facts.code === UNIQUE_VIOLATION && (facts.constraint === 'ledger_journals_key_unique' || facts.constraint === 'ledger_journals_reverses_unique')) {
    return alreadyPosted(key);
  }
  if (facts.constraint === 'ledger_balances_non_negative') return new AppError('ledger_insufficient_funds', { fund: fund.name });
  return null;
}

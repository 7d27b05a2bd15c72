import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import { secondConnection } from '../../../test/test-db.js';
import { rowsOf, type Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { makeRegionTree, type RegionTree } from '../../modules/regions/regions.factories.js';
import { systemCtx } from '../write-unit.js';
import {
  appropriate,
  balance,
  commit,
  disburse,
  findAccount,
  findJournalByKey,
  fundSummary,
  openFund,
  post,
  receiveDonation,
  releaseCommitment,
  reverse,
  type LedgerJournal,
} from './ledger.js';

let t: TestApp;
let A: RegionTree;
let second: Database | null;
let serial = 0;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  second = await secondConnection(t.database, 10);
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const ctx = () => systemCtx(t.db, 'ledger-test');
const newFund = (appropriationFen = 0, name = `种子基金${++serial}`) => openFund(ctx(), { regionCode: A.street, year: 2026, kind: 'seed_fund', name, appropriationFen });

/** What a refused call threw: its code, or the error itself when it was not an AppError. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code === 'validation' ? `validation:${e.fields[0]?.field}:${e.fields[0]?.problem}` : e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function count(query: ReturnType<typeof sql>) {
  return Number(rowsOf<{ n: string }>(await t.db.execute(query))[0].n);
}

/** The fund's figures recomputed from its entries, independent of ledger_balances. */
async function recount(fundId: string) {
  const rows = rowsOf<{ role: string; fen: string }>(
    await t.db.execute(sql`select a.role, coalesce(sum(e.amount_fen), 0) as fen from ledger_accounts a left join ledger_entries e on e.account_id = a.id where a.fund_id = ${fundId} group by a.role`),
  );
  const by = (roles: string[]) => rows.filter((r) => roles.includes(r.role)).reduce((s, r) => s + Number(r.fen), 0);
  return { budgetFen: 0 - by(['source', 'donor']), availableFen: by(['available']), committedFen: by(['committed']), paidFen: by(['payee']) };
}

async function checkInvariants(fundId: string) {
  const summary = await fundSummary(t.db, fundId);
  expect(summary).toEqual(await recount(fundId));
  expect(summary.budgetFen).toBe(summary.availableFen + summary.committedFen + summary.paidFen);
  expect(await count(sql`select count(*) as n from (select journal_id from ledger_entries group by journal_id having sum(amount_fen) <> 0 or count(*) < 2) x`)).toBe(0);
  expect(await count(sql`select count(*) as n from ledger_balances where not allow_negative and balance_fen < 0`)).toBe(0);
  // The kept balance of every account is the sum of its entries.
  expect(
    await count(sql`select count(*) as n from ledger_balances b where b.balance_fen <> coalesce((select sum(amount_fen) from ledger_entries e where e.account_id = b.account_id), 0)`),
  ).toBe(0);
  return summary;
}

describe('ledger verbs', () => {
  it('open, appropriate, commit, disburse and release keep budget = available + committed + paid', async () => {
    const fund = await newFund(30_000_000);
    expect(await fundSummary(t.db, fund.id)).toEqual({ budgetFen: 30_000_000, availableFen: 30_000_000, committedFen: 0, paidFen: 0 });
    await commit(ctx(), { fundId: fund.id, amountFen: 10_000_000, key: `c:${fund.id}:1`, reason: '合同签订', source: { type: 'funding.contract', id: 'c1' } });
    await disburse(ctx(), { fundId: fund.id, amountFen: 3_000_000, key: `t:${fund.id}:1`, reason: '首期拨付', payee: { type: 'organization', id: 'org-1' } });
    await releaseCommitment(ctx(), { fundId: fund.id, amountFen: 1_000_000, key: `r:${fund.id}:1`, reason: '结余退回' });
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 30_000_000, availableFen: 21_000_000, committedFen: 6_000_000, paidFen: 3_000_000 });
    const payee = (await findAccount(t.db, fund.id, 'payee', { type: 'organization', id: 'org-1' }))!;
    expect(await balance(t.db, payee)).toBe(3_000_000);
  });

  it('keeps each contract commitment apart: a contract never pays or releases more than it was given', async () => {
    const fund = await newFund(1000);
    const [a, b] = [{ type: 'funding.contract', id: 'contract-a' }, { type: 'funding.contract', id: 'contract-b' }];
    await commit(ctx(), { fundId: fund.id, amountFen: 300, key: `ca:${fund.id}`, reason: '合同甲', commitment: a });
    await commit(ctx(), { fundId: fund.id, amountFen: 500, key: `cb:${fund.id}`, reason: '合同乙', commitment: b });
    const payee = { type: 'organization', id: 'org-a' };
    expect(await refusal(disburse(ctx(), { fundId: fund.id, amountFen: 301, key: `pa:${fund.id}`, reason: '拨付', payee, commitment: a }))).toBe('ledger_insufficient_funds');
    await disburse(ctx(), { fundId: fund.id, amountFen: 300, key: `pa:${fund.id}`, reason: '拨付', payee, commitment: a });
    expect(await refusal(releaseCommitment(ctx(), { fundId: fund.id, amountFen: 1, key: `ra:${fund.id}`, reason: '结余', commitment: a }))).toBe('ledger_insufficient_funds');
    await releaseCommitment(ctx(), { fundId: fund.id, amountFen: 200, key: `rb:${fund.id}`, reason: '结余', commitment: b });
    expect(await balance(t.db, (await findAccount(t.db, fund.id, 'committed', b))!)).toBe(300);
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1000, availableFen: 400, committedFen: 300, paidFen: 300 });
  });

  it('takes donations from a donor account that alone may go below zero', async () => {
    const fund = await openFund(ctx(), { regionCode: A.street, year: 2026, kind: 'charity', name: `慈善资金${++serial}` });
    const donor = { type: 'donor', id: 'donor-1' };
    await receiveDonation(ctx(), { fundId: fund.id, amountFen: 5000, key: `gift:${fund.id}:1`, reason: '个人捐赠', donor });
    await receiveDonation(ctx(), { fundId: fund.id, amountFen: 2500, key: `gift:${fund.id}:2`, reason: '个人捐赠', donor });
    expect(await balance(t.db, (await findAccount(t.db, fund.id, 'donor', donor))!)).toBe(-7500);
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 7500, availableFen: 7500, committedFen: 0, paidFen: 0 });
  });

  it('posts a key once: the second post is a 409 and changes nothing', async () => {
    const fund = await newFund(1000);
    await commit(ctx(), { fundId: fund.id, amountFen: 500, key: `once:${fund.id}`, reason: '合同' });
    const before = await fundSummary(t.db, fund.id);
    expect(await refusal(commit(ctx(), { fundId: fund.id, amountFen: 100, key: `once:${fund.id}`, reason: '合同' }))).toBe('ledger_already_posted');
    expect(await fundSummary(t.db, fund.id)).toEqual(before);
  });

  it('refuses to take a fund below zero, naming the fund, and writes nothing', async () => {
    const fund = await newFund(1000, '五里桥街道种子基金测试');
    const journals = await count(sql`select count(*) as n from ledger_journals where fund_id = ${fund.id}`);
    try {
      await commit(ctx(), { fundId: fund.id, amountFen: 1001, key: `over:${fund.id}`, reason: '合同' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('ledger_insufficient_funds');
      expect((e as AppError).params).toEqual({ fund: '五里桥街道种子基金测试' });
    }
    expect(await count(sql`select count(*) as n from ledger_journals where fund_id = ${fund.id}`)).toBe(journals);
    expect(await findJournalByKey(t.db, `over:${fund.id}`)).toBeUndefined();
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1000, availableFen: 1000, committedFen: 0, paidFen: 0 });
  });

  it('refuses amounts that are not safe non-zero integers, and unbalanced or cross-fund lines, naming the field', async () => {
    const fund = await newFund(1000);
    const other = await newFund(1000);
    const available = (await findAccount(t.db, fund.id, 'available'))!;
    const committed = (await findAccount(t.db, fund.id, 'committed'))!;
    const elsewhere = (await findAccount(t.db, other.id, 'committed'))!;
    const move = (amountFen: number) => commit(ctx(), { fundId: fund.id, amountFen, key: `bad:${++serial}`, reason: '合同' });
    expect(await refusal(move(0))).toBe('validation:amountFen:ledger_amount_positive');
    expect(await refusal(move(-5))).toBe('validation:amountFen:ledger_amount_positive');
    expect(await refusal(move(1.5))).toBe('validation:amountFen:ledger_amount_integer');
    expect(await refusal(move(2 ** 53))).toBe('validation:amountFen:ledger_amount_integer');
    const lines = (a: number, b: number, to = committed) => [{ accountId: available, amountFen: a }, { accountId: to, amountFen: b }];
    expect(await refusal(post(ctx(), { key: `bad:${++serial}`, reason: '调整', lines: lines(-10, 9) }))).toBe('validation:lines:ledger_unbalanced');
    expect(await refusal(post(ctx(), { key: `bad:${++serial}`, reason: '调整', lines: lines(0, 0) }))).toBe('validation:lines.0.amountFen:ledger_amount_non_zero');
    expect(await refusal(post(ctx(), { key: `bad:${++serial}`, reason: '调整', lines: lines(-10, 10, elsewhere) }))).toBe('validation:lines.1.accountId:ledger_other_fund');
    expect(await refusal(post(ctx(), { key: `bad:${++serial}`, reason: '调整', lines: [{ accountId: available, amountFen: -10 }] }))).toBe('validation:lines:ledger_unbalanced');
    expect(await refusal(post(ctx(), { key: '  ', reason: '调整', lines: lines(-10, 10) }))).toBe('validation:journalKey:ledger_key');
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1000, availableFen: 1000, committedFen: 0, paidFen: 0 });
  });

  it('reverses a journal once, and never a reversal', async () => {
    const fund = await newFund(1000);
    const j = await commit(ctx(), { fundId: fund.id, amountFen: 400, key: `rev:${fund.id}`, reason: '合同' });
    const r = await reverse(ctx(), j.id, '录入错误');
    expect(r.reversesJournalId).toBe(j.id);
    expect(await refusal(reverse(ctx(), j.id, '再次冲正'))).toBe('ledger_already_posted');
    expect(await refusal(reverse(ctx(), r.id, '冲正冲正'))).toBe('ledger_reversal_of_reversal');
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1000, availableFen: 1000, committedFen: 0, paidFen: 0 });
  });

  it('writes an audit row for each posting, under the fund region', async () => {
    const fund = await newFund(700);
    const rows = rowsOf<{ action: string; region_code: string }>(
      await t.db.execute(sql`select action, region_code from audit_log where entity_type in ('ledger_fund', 'ledger_journal') and (entity_id = ${fund.id} or after->>'fundId' = ${fund.id}) order by id`),
    );
    expect(rows).toEqual([
      { action: 'ledger.fund.open', region_code: A.street },
      { action: 'ledger.post', region_code: A.street },
    ]);
  });
});

describe('the database holds the rules', () => {
  it('refuses UPDATE and DELETE of journals, entries and accounts, and a balance written by hand', async () => {
    const fund = await newFund(1000);
    const j = (await findJournalByKey(t.db, `ledger.fund:${fund.id}:open`))!;
    const statements = [
      sql`update ledger_journals set reason = 'x' where id = ${j.id}`,
      sql`delete from ledger_journals where id = ${j.id}`,
      sql`update ledger_entries set amount_fen = amount_fen * 2 where journal_id = ${j.id}`,
      sql`delete from ledger_entries where journal_id = ${j.id}`,
      sql`update ledger_accounts set allow_negative = true where fund_id = ${fund.id} and role = 'available'`,
      sql`update ledger_balances set balance_fen = balance_fen + 100 where fund_id = ${fund.id}`,
      sql`delete from ledger_balances where fund_id = ${fund.id}`,
    ];
    for (const statement of statements) await expect(t.db.execute(statement)).rejects.toThrow();
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1000, availableFen: 1000, committedFen: 0, paidFen: 0 });
  });

  it('refuses a plain SQL posting that would go negative, and one that does not balance', async () => {
    const fund = await newFund(1000);
    const available = (await findAccount(t.db, fund.id, 'available'))!;
    const committed = (await findAccount(t.db, fund.id, 'committed'))!;
    const byHand = (key: string, a: number, b: number) =>
      t.db.transaction(async (tx) => {
        const [{ id }] = rowsOf<{ id: string }>(await tx.execute(sql`insert into ledger_journals (fund_id, key, reason, actor_name) values (${fund.id}, ${key}, '手工', 'sql') returning id`));
        await tx.execute(sql`insert into ledger_entries (journal_id, account_id, amount_fen) values (${id}, ${available}, ${a}), (${id}, ${committed}, ${b})`);
      });
    await expect(byHand(`sql:${fund.id}:1`, -1001, 1001)).rejects.toThrow();
    await expect(byHand(`sql:${fund.id}:2`, -100, 99)).rejects.toThrow();
    await byHand(`sql:${fund.id}:3`, -100, 100);
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1000, availableFen: 900, committedFen: 100, paidFen: 0 });
  });
});

describe('concurrency', () => {
  /** Each call its own write unit, alternating between two pools on PostgreSQL so they truly race. */
  const racer = (i: number) => systemCtx(second && i % 2 ? second.db : t.db, 'ledger-race');

  it('50 concurrent releases of one tranche pay it exactly once', async () => {
    const fund = await newFund(1_000_000);
    await commit(ctx(), { fundId: fund.id, amountFen: 1_000_000, key: `contract:${fund.id}`, reason: '合同' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        disburse(racer(i), { fundId: fund.id, amountFen: 300_000, key: `funding.tranche:${fund.id}:pay`, reason: '首期拨付', payee: { type: 'organization', id: 'org-race' } }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as AppError).code).toBe('ledger_already_posted');
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1_000_000, availableFen: 0, committedFen: 700_000, paidFen: 300_000 });
  });

  it('50 concurrent releases of different tranches never pay more than was committed', async () => {
    const fund = await newFund(1_000_000);
    await commit(ctx(), { fundId: fund.id, amountFen: 1_000_000, key: `contract:${fund.id}`, reason: '合同' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        disburse(racer(i), { fundId: fund.id, amountFen: 300_000, key: `funding.tranche:${fund.id}:${i}:pay`, reason: '拨付', payee: { type: 'organization', id: `org-${i % 3}` } }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as AppError).code).toBe('ledger_insufficient_funds');
    expect(await checkInvariants(fund.id)).toEqual({ budgetFen: 1_000_000, availableFen: 0, committedFen: 100_000, paidFen: 900_000 });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: any sequence of operations, valid or not, leaves every fund balanced to the fen.

type Op =
  | { op: 'appropriate' | 'commit' | 'release'; amount: number }
  | { op: 'disburse'; amount: number; payee: number }
  | { op: 'reverse'; pick: number }
  | { op: 'repeat'; pick: number };

const amount = fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.constantFrom(0, -1, 0.5, Number.MAX_SAFE_INTEGER + 2));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('appropriate' as const, 'commit' as const, 'release' as const), amount }),
  fc.record({ op: fc.constant('disburse' as const), amount, payee: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('repeat' as const), pick: fc.nat() }),
);

interface Posted {
  journal: LedgerJournal;
  from: string;
  to: string;
  amount: number;
  reversed: boolean;
  isReversal: boolean;
  op: Exclude<Op['op'], 'reverse' | 'repeat'>;
}

describe('property', () => {
  it('after any generated sequence, every fund balances, no account is below zero, and the model agrees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 18 }), async (ops) => {
        const fund = await newFund();
        const model: Record<string, number> = { source: 0, available: 0, committed: 0, payee0: 0, payee1: 0 };
        const posted: Posted[] = [];
        const external = (account: string) => account === 'source';
        const enough = (from: string, fen: number) => external(from) || model[from] >= fen;
        const moveFor = (op: Op & { amount: number }): [string, string] => {
          if (op.op === 'appropriate') return ['source', 'available'];
          if (op.op === 'commit') return ['available', 'committed'];
          if (op.op === 'release') return ['committed', 'available'];
          return ['committed', `payee${(op as { payee: number }).payee}`];
        };
        for (const [i, op] of ops.entries()) {
          const key = `prop:${fund.id}:${i}`;
          if (op.op === 'reverse' || op.op === 'repeat') {
            if (posted.length === 0) continue;
            const target = posted[op.pick % posted.length];
            if (op.op === 'repeat') {
              const again = verb(target.op, fund.id, target.journal.key, target.amount, target.to);
              expect(await refusal(again)).toBe('ledger_already_posted');
              continue;
            }
            const expected = target.isReversal ? 'ledger_reversal_of_reversal' : target.reversed ? 'ledger_already_posted' : enough(target.to, target.amount) ? 'ok' : 'ledger_insufficient_funds';
            const outcome = await reverse(ctx(), target.journal.id, '冲正').then(
              (journal) => ({ journal }),
              async (e) => ({ refused: await refusal(Promise.reject(e)) }),
            );
            if ('journal' in outcome) {
              expect(expected).toBe('ok');
              model[target.to] -= target.amount;
              model[target.from] += target.amount;
              target.reversed = true;
              posted.push({ ...target, journal: outcome.journal, from: target.to, to: target.from, reversed: false, isReversal: true });
            } else expect(outcome.refused).toBe(expected);
            continue;
          }
          const [from, to] = moveFor(op);
          const valid = Number.isSafeInteger(op.amount) && op.amount > 0;
          const expected = !valid ? 'validation' : enough(from, op.amount) ? 'ok' : 'ledger_insufficient_funds';
          const outcome = await verb(op.op, fund.id, key, op.amount, to).then(
            (journal) => ({ journal }),
            async (e) => ({ refused: await refusal(Promise.reject(e)) }),
          );
          if ('journal' in outcome) {
            expect(expected).toBe('ok');
            model[from] -= op.amount;
            model[to] += op.amount;
            posted.push({ journal: outcome.journal, from, to, amount: op.amount, reversed: false, isReversal: false, op: op.op });
          } else expect(outcome.refused.split(':')[0]).toBe(expected);
        }
        const summary = await checkInvariants(fund.id);
        expect(summary).toEqual({ budgetFen: 0 - model.source, availableFen: model.available, committedFen: model.committed, paidFen: model.payee0 + model.payee1 });
      }),
      { numRuns: 30 },
    );
  });
});

function verb(op: Posted['op'], fundId: string, key: string, amountFen: number, to: string) {
  const input = { fundId, amountFen, key, reason: '属性测试' };
  if (op === 'appropriate') return appropriate(ctx(), input);
  if (op === 'commit') return commit(ctx(), input);
  if (op === 'release') return releaseCommitment(ctx(), input);
  return disburse(ctx(), { ...input, payee: { type: 'organization', id: to } });
}

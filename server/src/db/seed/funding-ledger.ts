import type { LedgerAccountRole, LedgerFundKind } from '../../../../shared/ledger/enums.js';
import type { ledgerAccounts, ledgerEntries, ledgerFunds, ledgerJournals } from '../../core/ledger/ledger.tables.js';
import type { Rng } from './prng.js';

type FundInsert = typeof ledgerFunds.$inferInsert;
type AccountInsert = typeof ledgerAccounts.$inferInsert;
type JournalInsert = typeof ledgerJournals.$inferInsert;
type EntryInsert = typeof ledgerEntries.$inferInsert;

export interface Actor {
  id: string | null;
  name: string;
}

/**
 * The demo's ledger, posted as the ledger module posts (core/ledger/ledger.ts): the same accounts,
 * journal keys and reasons, each journal two lines summing to zero. Journals are written in time
 * order with each fund's appropriation first, so no balance goes below zero on the way — the
 * database's triggers check every row as it is inserted.
 */
export class SeedLedger {
  readonly funds: FundInsert[] = [];
  readonly accounts: AccountInsert[] = [];
  private readonly journals: { row: JournalInsert; lines: [string, number][] }[] = [];
  private readonly accountIds = new Map<string, string>();

  constructor(private readonly rng: Rng) {}

  openFund(f: { regionCode: string; year: number; kind: LedgerFundKind; name: string; actor: Actor; at: Date }): string {
    const id = this.rng.uuid();
    this.funds.push({ id, regionCode: f.regionCode, year: f.year, kind: f.kind, name: f.name, createdBy: f.actor.id, createdAt: f.at });
    for (const role of ['source', 'available', 'committed'] as const) this.account(id, role, null, f.at);
    return id;
  }

  private account(fundId: string, role: LedgerAccountRole, owner: { type: string; id: string } | null, at: Date): string {
    const key = `${fundId}:${role}:${owner?.type ?? ''}:${owner?.id ?? ''}`;
    let id = this.accountIds.get(key);
    if (!id) {
      id = this.rng.uuid();
      this.accountIds.set(key, id);
      this.accounts.push({ id, fundId, role, ownerType: owner?.type ?? null, ownerId: owner?.id ?? null, allowNegative: role === 'source' || role === 'donor', createdAt: at });
    }
    return id;
  }

  private move(
    fundId: string,
    j: { key: string; reason: string; source?: { type: string; id: string }; actor: Actor; at: Date },
    from: [LedgerAccountRole, { type: string; id: string } | null],
    to: [LedgerAccountRole, { type: string; id: string } | null],
    amountFen: number,
  ): string {
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new Error(`demo ledger: bad amount ${amountFen} for ${j.key}`);
    const id = this.rng.uuid();
    const lines: [string, number][] = [
      [this.account(fundId, from[0], from[1], j.at), -amountFen],
      [this.account(fundId, to[0], to[1], j.at), amountFen],
    ];
    this.journals.push({
      row: { id, fundId, key: j.key, reason: j.reason, sourceType: j.source?.type ?? null, sourceId: j.source?.id ?? null, actorId: j.actor.id, actorName: j.actor.name, at: j.at },
      lines,
    });
    return id;
  }

  appropriate(fundId: string, name: string, amountFen: number, actor: Actor, at: Date) {
    return this.move(fundId, { key: `ledger.fund:${fundId}:open`, reason: `${name}拨款`, actor, at }, ['source', null], ['available', null], amountFen);
  }

  commit(fundId: string, contractId: string, title: string, amountFen: number, actor: Actor, at: Date) {
    const source = { type: 'funding.contract', id: contractId };
    return this.move(fundId, { key: `funding.contract:${contractId}:commit`, reason: `签订合同：${title}`, source, actor, at }, ['available', null], ['committed', null], amountFen);
  }

  pay(fundId: string, t: { id: string; position: number; amountFen: number }, title: string, organizationId: string, actor: Actor, at: Date) {
    const source = { type: 'funding.tranche', id: t.id };
    const reason = `拨付合同款：${title}（第 ${t.position + 1} 期）`;
    return this.move(fundId, { key: `funding.tranche:${t.id}:pay`, reason, source, actor, at }, ['committed', null], ['payee', { type: 'organization', id: organizationId }], t.amountFen);
  }

  release(fundId: string, t: { id: string; position: number; amountFen: number }, title: string, actor: Actor, at: Date) {
    const source = { type: 'funding.tranche', id: t.id };
    const reason = `合同款不予拨付，释放资金：${title}（第 ${t.position + 1} 期）`;
    return this.move(fundId, { key: `funding.tranche:${t.id}:release`, reason, source, actor, at }, ['committed', null], ['available', null], t.amountFen);
  }

  /** Journals in posting order (appropriations first, then by time) and their entries in the same order. */
  rows(): { journals: JournalInsert[]; entries: EntryInsert[] } {
    const order = this.journals
      .map((j, i) => ({ j, i, first: j.row.key.startsWith('ledger.fund:') ? 0 : 1 }))
      .sort((a, b) => a.first - b.first || (a.j.row.at as Date).getTime() - (b.j.row.at as Date).getTime() || a.i - b.i);
    return {
      journals: order.map((o) => o.j.row),
      entries: order.flatMap((o) => o.j.lines.map(([accountId, amountFen]) => ({ journalId: o.j.row.id!, accountId, amountFen }))),
    };
  }
}

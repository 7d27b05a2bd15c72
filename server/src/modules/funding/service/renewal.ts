import { eq } from 'drizzle-orm';
import { addYears, canonicalJson, type TContractDetail, type TRenewContractBody } from '../../../../../shared/funding/contracts.js';
import { PROPOSAL_FIELDS } from '../../../../../shared/funding/optimisation.js';
import type { Ctx } from '../../../core/actor.js';
import { mutate } from '../../../core/write-unit.js';
import { AppError } from '../../../errors.js';
import { organizationPlaces } from '../../registry/registry.service.js';
import { fundingContracts as contracts } from '../funding-contracts.tables.js';
import { fundingCalls as calls } from '../funding.tables.js';
import { checkFund, checkTerms, contractDetail, findContractInScope, insertDraft, purchaserName, splitProportionally, termsOf, type Terms } from './contracts.js';

/*
 * Renewal (F11): next year's contract starts as a copy of the last one and cannot be signed until
 * its content is adjusted (seed 002: 每年续签需调整服务内容; signContract refuses an unchanged one).
 * The detail of a renewal shows what changed, field by field.
 */

const TERM_FIELDS = ['title', 'amountFen', 'startsOn', 'endsOn', 'recurringService', 'recurringReason', 'fundId'] as const;

/** The fields of `after` that differ from `before`: the terms, each field of the content, the schedule. */
export function contractChanges(before: Terms, after: Terms) {
  const changes: { field: string; before: unknown; after: unknown }[] = [];
  const compare = (field: string, a: unknown, b: unknown) => {
    if (canonicalJson(a) !== canonicalJson(b)) changes.push({ field, before: a ?? null, after: b ?? null });
  };
  for (const field of TERM_FIELDS) compare(field, before[field], after[field]);
  for (const field of PROPOSAL_FIELDS) compare(`content.${field}`, before.content[field], after.content[field]);
  compare('milestones', before.milestones, after.milestones);
  compare('tranches', before.tranches, after.tranches);
  return changes;
}

const dayAfter = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Next year's draft from a signed or completed contract: the same parties, content, schedule and
 * fund unless `changes` say otherwise; the term one year from the day after the last one ended, its
 * milestones a year later. One renewal per contract (a second is refused; the database's unique index answers a race).
 */
export async function renew(ctx: Ctx, contractId: string, changes: TRenewContractBody): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const previous = await findContractInScope(w, w.db, contractId, 'funding.contract.manage', true);
    if (previous.status !== 'signed' && previous.status !== 'completed') throw new AppError('contract_not_renewable');
    const [already] = await w.db.select({ id: contracts.id }).from(contracts).where(eq(contracts.previousContractId, contractId));
    if (already) throw new AppError('contract_already_renewed');
    const last = await termsOf(w.db, previous);
    const [call] = await w.db.select().from(calls).where(eq(calls.id, previous.callId));
    if (changes.fundId !== undefined) await checkFund(w, changes.fundId, call.regionCode);
    const amountFen = changes.amountFen ?? last.amountFen;
    const scaled = amountFen === last.amountFen ? last.tranches.map((t) => t.amountFen) : splitProportionally(amountFen, last.tranches.map((t) => t.amountFen));
    const startsOn = changes.startsOn ?? dayAfter(last.endsOn, 1);
    const terms = checkTerms(
      {
        title: changes.title ?? last.title,
        amountFen,
        startsOn,
        endsOn: changes.endsOn ?? dayAfter(addYears(startsOn, 1), -1),
        recurringService: changes.recurringService ?? last.recurringService,
        recurringReason: changes.recurringReason !== undefined ? changes.recurringReason : last.recurringReason,
        fundId: changes.fundId ?? last.fundId,
        content: changes.content ?? last.content,
        milestones: changes.milestones ?? last.milestones.map((m) => ({ title: m.title, dueOn: addYears(m.dueOn, 1) })),
        tranches: changes.tranches ?? last.tranches.map((t, i) => ({ releasedBy: t.releasedBy, milestone: t.milestonePosition, amountFen: scaled[i] })),
      },
      null,
    );
    const provider = (await organizationPlaces(w.db, [previous.organizationId])).get(previous.organizationId);
    const row = await insertDraft(
      w,
      {
        applicationId: previous.applicationId,
        callId: previous.callId,
        organizationId: previous.organizationId,
        regionCode: previous.regionCode,
        purchaserName: await purchaserName(w.db, call.regionCode),
        providerName: provider?.name ?? previous.providerName,
        previousContractId: previous.id,
      },
      terms,
      'funding.contract.renew',
    );
    return contractDetail(w, w.db, row);
  });
}

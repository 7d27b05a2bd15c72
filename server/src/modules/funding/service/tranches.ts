import { and, eq } from 'drizzle-orm';
import type { TContractDetail, TMilestoneReportBody } from '../../../../../shared/funding/contracts.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { revokeDocumentsOf } from '../../../core/documents/documents.js';
import { disburse, releaseCommitment } from '../../../core/ledger/ledger.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { applyTransition } from '../../../core/workflow.js';
import { AppError, notFound } from '../../../errors.js';
import { fundingContracts as contracts, fundingMilestones as milestones, fundingTranches as tranches } from '../funding-contracts.tables.js';
import { CONTRACT_DOCUMENT } from './contract-document.js';
import {
  CONTRACT_WORKFLOW,
  contractDetail,
  contractScope,
  contractWorkflow,
  findContractInScope,
  milestoneWorkflow,
  recordStep,
  type ContractRow,
  type MilestoneRow,
  type MilestoneStatus,
  type TrancheRow,
} from './contracts.js';

/*
 * Payment tranches (评估兑现, seed 002): each is paid by what releases it — the signing, an accepted
 * milestone, a passed evaluation — or withheld when its evaluation fails or the contract ends, its
 * commitment going back to the fund. Every path locks the contract row first and then the
 * tranche, and the ledger's key (`funding.tranche:<id>:pay`) is unique: a tranche is paid once,
 * however many releases race for it.
 */

export const TRANCHE_WORKFLOW = 'funding.tranche';

/** Locks a tranche and reads it again: whatever decided it meanwhile is seen here. */
async function lockPending(w: WriteCtx, trancheId: string) {
  const [row] = await w.db.select().from(tranches).where(eq(tranches.id, trancheId)).for('update');
  return row && row.status === 'pending' ? row : null;
}

/** Pays a pending tranche to the organisation (ledger `disburse`); false when it was decided already. */
export async function payTranche(w: WriteCtx, contract: ContractRow, tranche: Pick<TrancheRow, 'id'>, opts: { evaluationId: string | null }) {
  const row = await lockPending(w, tranche.id);
  if (!row) return false;
  const journal = await disburse(w, {
    fundId: contract.fundId!,
    amountFen: row.amountFen,
    key: `funding.tranche:${row.id}:pay`,
    reason: `拨付合同款：${contract.title}（第 ${row.position + 1} 期）`,
    source: { type: 'funding.tranche', id: row.id },
    payee: { type: 'organization', id: contract.organizationId },
  });
  await w.db
    .update(tranches)
    .set({ status: 'paid', journalId: journal.id, decidedBy: w.actor.id || null, decidedAt: new Date(), details: opts.evaluationId ? { evaluationId: opts.evaluationId } : {} })
    .where(eq(tranches.id, row.id));
  await recordStep(w, TRANCHE_WORKFLOW, { id: row.id, regionCode: contract.regionCode }, 'pending', 'paid', 'pay');
  await writeAudit(w, {
    action: 'funding.tranche.pay',
    entityType: 'funding.tranche',
    entityId: row.id,
    entityName: contract.title,
    regionCode: contract.regionCode,
    before: { status: 'pending' },
    after: { status: 'paid', contractId: contract.id, amountFen: row.amountFen, releasedBy: row.releasedBy, journalId: journal.id, evaluationId: opts.evaluationId },
  });
  return true;
}

/** Withholds a pending tranche and releases its commitment to the fund (ledger `releaseCommitment`). */
export async function withholdTranche(w: WriteCtx, contract: ContractRow, tranche: Pick<TrancheRow, 'id'>, opts: { evaluationId: string | null; reason: string }) {
  const row = await lockPending(w, tranche.id);
  if (!row) return 0;
  const journal = await releaseCommitment(w, {
    fundId: contract.fundId!,
    amountFen: row.amountFen,
    key: `funding.tranche:${row.id}:release`,
    reason: `合同款不予拨付，释放资金：${contract.title}（第 ${row.position + 1} 期）`,
    source: { type: 'funding.tranche', id: row.id },
  });
  await w.db
    .update(tranches)
    .set({
      status: 'withheld',
      journalId: journal.id,
      decidedBy: w.actor.id || null,
      decidedAt: new Date(),
      reason: opts.reason,
      details: opts.evaluationId ? { evaluationId: opts.evaluationId } : {},
    })
    .where(eq(tranches.id, row.id));
  await recordStep(w, TRANCHE_WORKFLOW, { id: row.id, regionCode: contract.regionCode }, 'pending', 'withheld', 'withhold', opts.reason);
  await writeAudit(w, {
    action: 'funding.tranche.withhold',
    entityType: 'funding.tranche',
    entityId: row.id,
    entityName: contract.title,
    regionCode: contract.regionCode,
    before: { status: 'pending' },
    after: {
      status: 'withheld',
      contractId: contract.id,
      amountFen: row.amountFen,
      releasedBy: row.releasedBy,
      journalId: journal.id,
      evaluationId: opts.evaluationId,
      reason: opts.reason,
    },
  });
  return row.amountFen;
}

/** A signed contract whose every tranche is decided is completed (paid and withheld counted in its audit row). */
export async function settleIfDecided(w: WriteCtx, contract: ContractRow) {
  if (contract.status !== 'signed') return false;
  const rows = await w.db.select({ status: tranches.status, amountFen: tranches.amountFen }).from(tranches).where(eq(tranches.contractId, contract.id));
  if (rows.some((r) => r.status === 'pending')) return false;
  const sum = (status: string) => rows.filter((r) => r.status === status).reduce((s, r) => s + r.amountFen, 0);
  await w.db.update(contracts).set({ status: 'completed', completedAt: new Date(), updatedAt: new Date() }).where(eq(contracts.id, contract.id));
  await recordStep(w, CONTRACT_WORKFLOW, contract, 'signed', 'completed', 'complete');
  await writeAudit(w, {
    action: 'funding.contract.complete',
    entityType: 'funding.contract',
    entityId: contract.id,
    entityName: contract.title,
    regionCode: contract.regionCode,
    before: { status: 'signed' },
    after: { status: 'completed', paidFen: sum('paid'), withheldFen: sum('withheld') },
  });
  return true;
}

/**
 * Staff accept a milestone of a signed contract: the tranches waiting on it are paid. A milestone
 * is accepted once (a second acceptance is refused, and pays nothing).
 */
export async function releaseForMilestone(ctx: Ctx, milestoneId: string, comment: string | null = null): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const { contract, milestone } = await findMilestone(w, milestoneId, 'funding.contract.manage');
    if (milestone.status === 'accepted') throw new AppError('milestone_already_accepted');
    await applyTransition(w.db, w, milestoneWorkflow, milestoneEntity(contract, milestone), 'accept', { comment });
    await w.db.update(milestones).set({ status: 'accepted', acceptedBy: w.actor.id || null, acceptedAt: new Date() }).where(eq(milestones.id, milestoneId));
    await recordStep(w, CONTRACT_WORKFLOW, contract, 'signed', 'signed', 'accept_milestone', [milestone.title, comment].filter(Boolean).join('：'));
    await writeAudit(w, {
      action: 'funding.milestone.accept',
      entityType: 'funding.contract',
      entityId: contract.id,
      entityName: contract.title,
      regionCode: contract.regionCode,
      before: { milestoneId, status: milestone.status },
      after: { milestoneId, status: 'accepted', comment },
    });
    const waiting = await w.db.select({ id: tranches.id }).from(tranches).where(and(eq(tranches.milestoneId, milestoneId), eq(tranches.status, 'pending')));
    for (const t of waiting) await payTranche(w, contract, t, { evaluationId: null });
    await settleIfDecided(w, contract);
    return contractDetail(w, w.db, await findContractInScope(w, w.db, contract.id, 'funding.contract.manage'));
  });
}

/** A milestone of a signed contract inside the caller's reach, the contract and then the milestone locked; else 404. */
async function findMilestone(w: WriteCtx, milestoneId: string, permission: 'funding.contract.manage' | 'funding.report.submit') {
  const [found] = await w.db
    .select({ contractId: milestones.contractId })
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .where(and(eq(milestones.id, milestoneId), contractScope(w, permission)));
  if (!found) throw notFound('funding_milestone');
  const contract = await findContractInScope(w, w.db, found.contractId, permission, true);
  if (contract.status !== 'signed') throw new AppError('contract_not_signed');
  const [milestone] = await w.db.select().from(milestones).where(eq(milestones.id, milestoneId)).for('update');
  return { contract, milestone };
}

const milestoneEntity = (contract: ContractRow, milestone: MilestoneRow) => ({
  id: milestone.id,
  state: milestone.status as MilestoneStatus,
  regionCode: contract.regionCode,
  organizationId: contract.organizationId,
});

/**
 * The organisation reports a milestone of its signed contract done, with a note and its files (core
 * uploads, which become the milestone's); staff then accept or reject it. Reported again after a rejection.
 */
export async function reportMilestone(ctx: Ctx, milestoneId: string, input: TMilestoneReportBody): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const { contract, milestone } = await findMilestone(w, milestoneId, 'funding.report.submit');
    if (milestone.status !== 'pending' && milestone.status !== 'rejected') throw new AppError('milestone_not_open');
    const attachmentIds = [...new Set(input.attachmentIds)];
    await applyTransition(w.db, w, milestoneWorkflow, milestoneEntity(contract, milestone), 'report', { comment: input.note, attachmentIds });
    await w.db.update(milestones).set({ status: 'submitted' }).where(eq(milestones.id, milestoneId));
    await recordStep(w, CONTRACT_WORKFLOW, contract, 'signed', 'signed', 'report_milestone', milestone.title);
    await writeAudit(w, {
      action: 'funding.milestone.report',
      entityType: 'funding.contract',
      entityId: contract.id,
      entityName: contract.title,
      regionCode: contract.regionCode,
      before: { milestoneId, status: milestone.status },
      after: { milestoneId, status: 'submitted', note: input.note, attachmentIds },
    });
    return contractDetail(w, w.db, await findContractInScope(w, w.db, contract.id, 'funding.report.submit'));
  });
}

/** Staff send a reported milestone back with the reason; nothing is paid, and the organisation may report it again. */
export async function rejectMilestone(ctx: Ctx, milestoneId: string, reason: string): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const { contract, milestone } = await findMilestone(w, milestoneId, 'funding.contract.manage');
    if (milestone.status !== 'submitted') throw new AppError('milestone_not_reported');
    await applyTransition(w.db, w, milestoneWorkflow, milestoneEntity(contract, milestone), 'reject', { comment: reason });
    await w.db.update(milestones).set({ status: 'rejected' }).where(eq(milestones.id, milestoneId));
    await recordStep(w, CONTRACT_WORKFLOW, contract, 'signed', 'signed', 'reject_milestone', `${milestone.title}：${reason}`);
    await writeAudit(w, {
      action: 'funding.milestone.reject',
      entityType: 'funding.contract',
      entityId: contract.id,
      entityName: contract.title,
      regionCode: contract.regionCode,
      before: { milestoneId, status: milestone.status },
      after: { milestoneId, status: 'rejected', reason },
    });
    return contractDetail(w, w.db, await findContractInScope(w, w.db, contract.id, 'funding.contract.manage'));
  });
}

export interface EvaluationRelease {
  paidTrancheIds: string[];
  withheldTrancheIds: string[];
  contractStatus: string;
}

/**
 * The result of a mid-term or final evaluation (F10, called by monitoring inside its own write
 * unit): passed pays the tranches that wait on it; failed withholds them and releases their
 * commitment to the fund. The caller has already checked that its actor may record the evaluation,
 * so the contract is found by id, not by the actor's scope. Idempotent: a tranche decided before
 * is left as it is.
 */
export async function releaseForEvaluation(ctx: Ctx, contractId: string, kind: 'mid' | 'final', passed: boolean, evaluationId: string): Promise<EvaluationRelease> {
  return mutate(ctx, async (w) => {
    const [contract] = await w.db.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
    if (!contract) throw notFound('funding_contract');
    if (contract.status !== 'signed') throw new AppError('contract_not_signed');
    const waiting = await w.db
      .select({ id: tranches.id })
      .from(tranches)
      .where(and(eq(tranches.contractId, contractId), eq(tranches.releasedBy, `${kind}_evaluation`), eq(tranches.status, 'pending')));
    const paid: string[] = [];
    const withheld: string[] = [];
    for (const t of waiting) {
      if (passed) {
        if (await payTranche(w, contract, t, { evaluationId })) paid.push(t.id);
      } else if (await withholdTranche(w, contract, t, { evaluationId, reason: kind === 'mid' ? '中期评估未通过' : '结项评估未通过' })) {
        withheld.push(t.id);
      }
    }
    if (paid.length || withheld.length) {
      await recordStep(w, CONTRACT_WORKFLOW, contract, 'signed', 'signed', `${kind}_evaluation_${passed ? 'passed' : 'failed'}`, null);
    }
    const completed = await settleIfDecided(w, contract);
    return { paidTrancheIds: paid, withheldTrancheIds: withheld, contractStatus: completed ? 'completed' : contract.status };
  });
}

/**
 * Ends a signed contract early, with a reason: what is unpaid goes back to the fund (each pending
 * tranche withheld, its commitment released) and the printed contract no longer verifies as in force.
 */
export async function terminateContract(ctx: Ctx, id: string, reason: string): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const contract = await findContractInScope(w, w.db, id, 'funding.contract.manage', true);
    if (contract.status !== 'signed') throw new AppError('contract_not_signed');
    await applyTransition(w.db, w, contractWorkflow, { id, state: 'signed', regionCode: contract.regionCode, organizationId: contract.organizationId }, 'terminate', { comment: reason });
    const pending = await w.db.select({ id: tranches.id }).from(tranches).where(and(eq(tranches.contractId, id), eq(tranches.status, 'pending')));
    let releasedFen = 0;
    for (const t of pending) releasedFen += await withholdTranche(w, contract, t, { evaluationId: null, reason: `合同终止：${reason}` });
    await w.db.update(contracts).set({ status: 'terminated', terminatedAt: new Date(), terminationReason: reason, updatedAt: new Date() }).where(eq(contracts.id, id));
    await writeAudit(w, {
      action: 'funding.contract.terminate',
      entityType: 'funding.contract',
      entityId: id,
      entityName: contract.title,
      regionCode: contract.regionCode,
      before: { status: 'signed' },
      after: { status: 'terminated', reason, releasedFen },
    });
    await revokeDocumentsOf(w, { entityType: 'funding.contract', entityId: id, kind: CONTRACT_DOCUMENT, name: contract.title }, 'contract_terminated');
    return contractDetail(w, w.db, await findContractInScope(w, w.db, id, 'funding.contract.manage'));
  });
}

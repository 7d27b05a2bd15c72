import { and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import {
  canonicalJson,
  DEFAULT_TRANCHES,
  fenToChineseCapital,
  splitByPercentages,
  termProblem,
  type ContractSort,
  type ContractStatus,
  type TContractDetail,
  type TContractExportQuery,
  type TContractListQuery,
  type TCreateContractBody,
  type TrancheTrigger,
  type TTrancheInput,
  type TUpdateContractBody,
} from '../../../../../shared/funding/contracts.js';
import type { TProposalContent } from '../../../../../shared/funding/optimisation.js';
import { regionLevel, regionPrefix } from '../../../../../shared/regions.js';
import { todayInChina } from '../../../../../shared/dates.js';
import { can, type Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { workflowHistory } from '../../../core/core.tables.js';
import { commit, findFund, fundSummary } from '../../../core/ledger/ledger.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { applyTransition, defineWorkflow, historiesOf, historyOf, recordStart } from '../../../core/workflow.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { regionNames } from '../../regions/regions.service.js';
import { organizationPlaces } from '../../registry/registry.service.js';
import {
  fundingContractCounters as counters,
  fundingContracts as contracts,
  fundingMilestones as milestones,
  fundingTranches as tranches,
} from '../funding-contracts.tables.js';
import { fundingProposalVersions as proposalVersions } from '../funding-review.tables.js';
import { fundingApplications as apps, fundingBudgetLines as budgetLines, fundingCalls as calls } from '../funding.tables.js';
import { APPLICATION_WORKFLOW, yuan } from './applications.js';
import { contractChanges } from './renewal.js';
import { payTranche, settleIfDecided } from './tranches.js';

/*
 * Contracts (项目签约, F8): drafted from an approved application, edited while a draft, signed —
 * which commits the amount on the fund, numbers the contract and pays any signing tranche — and
 * terminated with a reason (tranches.ts pays and withholds; renewal.ts continues a contract).
 */

export const CONTRACT_WORKFLOW = 'funding.contract';
export type ContractRow = typeof contracts.$inferSelect;
export type MilestoneRow = typeof milestones.$inferSelect;
export type TrancheRow = typeof tranches.$inferSelect;

export const contractWorkflow = defineWorkflow({
  name: CONTRACT_WORKFLOW,
  states: ['draft', 'signed', 'completed', 'terminated'] as ContractStatus[],
  transitions: [
    { action: 'sign', from: ['draft'], to: 'signed', permission: 'funding.contract.manage' },
    { action: 'terminate', from: ['signed'], to: 'terminated', permission: 'funding.contract.manage', commentRequired: true },
  ],
});

export const MILESTONE_WORKFLOW = 'funding.milestone';
export type MilestoneStatus = 'pending' | 'submitted' | 'accepted' | 'rejected';

/**
 * A milestone: the organisation reports it done (a note, its files), staff accept it — which pays
 * the tranches waiting on it — or reject it with a reason, and the organisation reports again.
 * Staff may also accept a milestone nobody reported (they checked it themselves).
 */
export const milestoneWorkflow = defineWorkflow({
  name: MILESTONE_WORKFLOW,
  states: ['pending', 'submitted', 'accepted', 'rejected'] as MilestoneStatus[],
  transitions: [
    { action: 'report', from: ['pending', 'rejected'], to: 'submitted', permission: 'funding.report.submit' },
    { action: 'accept', from: ['pending', 'submitted', 'rejected'], to: 'accepted', permission: 'funding.contract.manage' },
    { action: 'reject', from: ['submitted'], to: 'rejected', permission: 'funding.contract.manage', commentRequired: true },
  ],
});

/** The application's step into a contract, under the application's own workflow name. */
const applicationContracted = defineWorkflow({
  name: APPLICATION_WORKFLOW,
  states: ['approved', 'contracted'],
  transitions: [{ action: 'contract', from: ['approved'], to: 'contracted', permission: 'funding.contract.manage' }],
});

type ContractPermission = 'funding.read' | 'funding.contract.manage' | 'funding.report.submit';

/** Staff and officials reach the contracts of their region's subtree; an organisation its own. */
export function contractScope(ctx: Pick<Ctx, 'actor'>, permission: ContractPermission = 'funding.read'): SQL {
  return scopeWhere(scopeFor(ctx.actor, permission), { region: contracts.regionCode, organization: contracts.organizationId });
}

/** A contract inside the caller's scope (locked for a write), else 404: another's contract does not exist for it. */
export async function findContractInScope(ctx: Pick<Ctx, 'actor'>, db: DbOrTx, id: string, permission: ContractPermission = 'funding.read', lock = false) {
  const query = db.select().from(contracts).where(and(eq(contracts.id, id), contractScope(ctx, permission)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('funding_contract');
  return row;
}

/** The step of a system-driven transition (a completion, a tranche decided by an evaluation): no permission asked. */
export async function recordStep(
  w: WriteCtx,
  workflow: string,
  entity: { id: string; regionCode: string },
  from: string,
  to: string,
  action: string,
  comment: string | null = null,
) {
  await w.db.insert(workflowHistory).values({
    workflow,
    entityId: entity.id,
    fromState: from,
    toState: to,
    action,
    actorId: w.actor.id || null,
    actorName: w.actor.displayName,
    comment,
    regionCode: entity.regionCode,
  });
}

// ---------------------------------------------------------------------------------------------
// The parties and the proposal

/**
 * The purchaser as a contract prints it, from the call's region: a street's 办事处 (a town's 人民政府),
 * a district's or city's 民政局, a province's 民政厅, a community's 居民委员会.
 */
export async function purchaserName(db: DbOrTx, regionCode: string) {
  const name = (await regionNames(db, [regionCode])).get(regionCode) ?? regionCode;
  switch (regionLevel(regionCode)) {
    case 'street':
      return /[镇乡]$/.test(name) ? `${name}人民政府` : `${name}办事处`;
    case 'community':
      return `${name}居民委员会`;
    case 'province':
      return `${name}民政厅`;
    default:
      return `${name}民政局`;
  }
}

/** The proposal the contract uses: the accepted optimisation version (F7), else the application as approved. */
export async function proposalOf(db: DbOrTx, application: typeof apps.$inferSelect): Promise<TProposalContent> {
  const [accepted] = await db
    .select({ content: proposalVersions.content })
    .from(proposalVersions)
    .where(and(eq(proposalVersions.applicationId, application.id), isNotNull(proposalVersions.acceptedAt)));
  if (accepted) return accepted.content;
  const lines = await db.select().from(budgetLines).where(eq(budgetLines.applicationId, application.id)).orderBy(asc(budgetLines.position));
  // Normalised to the proposal's shape: the contract prints and compares these fields one by one.
  const activities = (application.activities ?? []) as Partial<TProposalContent['activities'][number]>[];
  const indicators = (application.indicators ?? []) as Partial<TProposalContent['indicators'][number]>[];
  return {
    title: application.title,
    summary: application.summary,
    goals: application.goals,
    activities: activities.map((a) => ({ name: a.name ?? '', startsOn: a.startsOn ?? null, endsOn: a.endsOn ?? null, description: a.description ?? null })),
    targetBeneficiaries: application.targetBeneficiaries,
    beneficiaryCount: application.beneficiaryCount,
    indicators: indicators.map((i) => ({ name: i.name ?? '', target: i.target ?? '', unit: i.unit ?? null })),
    budgetLines: lines.map((l) => ({ item: l.item, category: l.category, amountFen: l.amountFen, note: l.note })),
    amountFen: application.amountFen,
  };
}

const callReachedContract = (call: { steps: string[]; step: string }) => {
  const at = call.steps.indexOf(call.step);
  const contract = call.steps.indexOf('contract');
  return contract >= 0 && at >= contract;
};

// ---------------------------------------------------------------------------------------------
// Terms: what a draft says, checked as a whole

export interface TermsInput {
  title: string;
  amountFen: number;
  startsOn: string;
  endsOn: string;
  recurringService: boolean;
  recurringReason: string | null;
  fundId: string | null;
  content: TProposalContent;
  milestones: { title: string; dueOn: string }[];
  tranches: TTrancheInput[];
}

/** Terms as stored: tranches with their amounts in fen, milestones by their place in the list. */
export interface Terms extends Omit<TermsInput, 'tranches'> {
  tranches: { amountFen: number; releasedBy: TrancheTrigger; milestonePosition: number | null }[];
}

/**
 * The tranches in fen, checked: given all in fen or all in whole percentages (split with the
 * remainder on the last), adding up to the amount exactly, the last one waiting on the final
 * evaluation (评估兑现, seed 002), each milestone tranche naming a milestone of the contract.
 */
export function resolveTranches(amountFen: number, inputs: readonly TTrancheInput[], milestoneCount: number): Terms['tranches'] {
  const byPercent = inputs.every((t) => t.percent !== undefined && t.amountFen === undefined);
  const byAmount = inputs.every((t) => t.amountFen !== undefined && t.percent === undefined);
  if (!byPercent && !byAmount) throw invalidField('tranches', 'contract_tranche_amount_or_percent');
  let amounts: number[];
  if (byPercent) {
    const total = inputs.reduce((sum, t) => sum + t.percent!, 0);
    if (total !== 100) throw invalidField('tranches', 'contract_tranche_percent_sum', { total });
    amounts = splitByPercentages(amountFen, inputs.map((t) => t.percent!));
    const empty = amounts.findIndex((a) => a <= 0);
    if (empty >= 0) throw invalidField(`tranches.${empty}.percent`, 'contract_tranche_zero');
  } else {
    amounts = inputs.map((t) => t.amountFen!);
    const total = amounts.reduce((a, b) => a + b, 0);
    if (total !== amountFen) throw invalidField('tranches', 'contract_tranche_sum', { total: yuan(total), amount: yuan(amountFen) });
  }
  inputs.forEach((t, i) => {
    const needs = t.releasedBy === 'milestone';
    if (needs ? t.milestone === null || t.milestone >= milestoneCount : t.milestone !== null) {
      throw invalidField(`tranches.${i}.milestone`, 'contract_tranche_milestone');
    }
  });
  const finals = inputs.filter((t) => t.releasedBy === 'final_evaluation').length;
  if (finals !== 1 || inputs[inputs.length - 1].releasedBy !== 'final_evaluation') throw invalidField('tranches', 'contract_tranche_final');
  return inputs.map((t, i) => ({ amountFen: amounts[i], releasedBy: t.releasedBy, milestonePosition: t.milestone }));
}

/** Checks a whole set of terms (term length, milestones inside it, tranches); throws naming the field. */
export function checkTerms(input: TermsInput, maxAmountFen: number | null): Terms {
  if (maxAmountFen !== null && input.amountFen > maxAmountFen) throw invalidField('amountFen', 'contract_amount_over_approved', { max: yuan(maxAmountFen) });
  const term = termProblem(input);
  if (term) throw invalidField(term.field, term.problem);
  input.milestones.forEach((m, i) => {
    if (m.dueOn < input.startsOn || m.dueOn > input.endsOn) throw invalidField(`milestones.${i}.dueOn`, 'contract_milestone_outside_term');
  });
  return { ...input, recurringReason: input.recurringService ? input.recurringReason : null, tranches: resolveTranches(input.amountFen, input.tranches, input.milestones.length) };
}

/** The tranches as a request writes them, from stored terms (to re-check a draft edited in part). */
export const trancheInputsOf = (t: Terms['tranches']): TTrancheInput[] =>
  t.map((x) => ({ releasedBy: x.releasedBy, milestone: x.milestonePosition, amountFen: x.amountFen }));

/**
 * A fund the contract may be paid from: it exists, covers the call's region, and lies inside the
 * actor's own reach — a street's worker does not commit the district's fund it cannot even read.
 */
export async function checkFund(
  ctx: Pick<Ctx, 'actor' | 'db'>,
  fundId: string,
  callRegion: string,
  permission: 'funding.contract.manage' | 'funding.call.manage' = 'funding.contract.manage',
) {
  const fund = await findFund(ctx.db, fundId);
  if (!fund) throw invalidField('fundId', 'contract_fund_unknown');
  if (!callRegion.startsWith(regionPrefix(fund.regionCode))) throw invalidField('fundId', 'contract_fund_region');
  if (!scopeCoversRegion(scopeFor(ctx.actor, permission), fund.regionCode)) throw invalidField('fundId', 'contract_fund_unknown');
  return fund;
}

/** The stored terms of a contract (its milestones and tranches in order). */
export async function termsOf(db: DbOrTx, row: ContractRow): Promise<Terms & { milestoneRows: MilestoneRow[]; trancheRows: TrancheRow[] }> {
  const milestoneRows = await db.select().from(milestones).where(eq(milestones.contractId, row.id)).orderBy(asc(milestones.position));
  const trancheRows = await db.select().from(tranches).where(eq(tranches.contractId, row.id)).orderBy(asc(tranches.position));
  const positionOf = new Map(milestoneRows.map((m) => [m.id, m.position]));
  return {
    title: row.title,
    amountFen: row.amountFen,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    recurringService: row.recurringService,
    recurringReason: row.recurringReason,
    fundId: row.fundId,
    content: row.content,
    milestones: milestoneRows.map((m) => ({ title: m.title, dueOn: m.dueOn })),
    tranches: trancheRows.map((t) => ({ amountFen: t.amountFen, releasedBy: t.releasedBy as TrancheTrigger, milestonePosition: t.milestoneId ? positionOf.get(t.milestoneId)! : null })),
    milestoneRows,
    trancheRows,
  };
}

/** What the audit log keeps of a set of terms. */
export function termsAudit(t: Terms) {
  return {
    title: t.title,
    amountFen: t.amountFen,
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    recurringService: t.recurringService,
    recurringReason: t.recurringReason,
    fundId: t.fundId,
    content: t.content,
    milestones: t.milestones.map((m, position) => ({ position, title: m.title, dueOn: m.dueOn })),
    tranches: t.tranches.map((x, position) => ({ position, amountFen: x.amountFen, releasedBy: x.releasedBy, milestonePosition: x.milestonePosition })),
  };
}

/** Writes a draft's milestones and tranches anew (a draft's are rewritten whole). */
async function writeSchedule(w: WriteCtx, contractId: string, terms: Terms) {
  await w.db.delete(tranches).where(eq(tranches.contractId, contractId));
  await w.db.delete(milestones).where(eq(milestones.contractId, contractId));
  const made = terms.milestones.length
    ? await w.db
        .insert(milestones)
        .values(terms.milestones.map((m, position) => ({ contractId, position, title: m.title, dueOn: m.dueOn })))
        .returning()
    : [];
  const idAt = new Map(made.map((m) => [m.position, m.id]));
  await w.db.insert(tranches).values(
    terms.tranches.map((t, position) => ({
      contractId,
      position,
      amountFen: t.amountFen,
      releasedBy: t.releasedBy,
      milestoneId: t.milestonePosition === null ? null : idAt.get(t.milestonePosition)!,
    })),
  );
}

/** Inserts a draft contract with its schedule (a first contract or a renewal). */
export async function insertDraft(
  w: WriteCtx,
  base: { applicationId: string; callId: string; organizationId: string; regionCode: string; purchaserName: string; providerName: string; previousContractId: string | null },
  terms: Terms,
  action: 'funding.contract.create' | 'funding.contract.renew',
) {
  const [row] = await w.db
    .insert(contracts)
    .values({
      ...base,
      title: terms.title,
      content: terms.content,
      amountFen: terms.amountFen,
      fundId: terms.fundId,
      startsOn: terms.startsOn,
      endsOn: terms.endsOn,
      recurringService: terms.recurringService,
      recurringReason: terms.recurringReason,
      createdBy: w.actor.id || null,
    })
    .returning();
  await writeSchedule(w, row.id, terms);
  await recordStart(w.db, w, CONTRACT_WORKFLOW, { id: row.id, state: 'draft', regionCode: row.regionCode });
  await writeAudit(w, {
    action,
    entityType: 'funding.contract',
    entityId: row.id,
    entityName: row.title,
    regionCode: row.regionCode,
    after: { ...base, ...termsAudit(terms) },
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Drafts the contract of an approved application of a call at its contract step (or later). */
export async function createContract(ctx: Ctx, input: TCreateContractBody): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const [application] = await w.db
      .select()
      .from(apps)
      .where(and(eq(apps.id, input.applicationId), scopeWhere(scopeFor(w.actor, 'funding.contract.manage'), { region: apps.regionCode })))
      .for('update');
    if (!application) throw invalidField('applicationId', 'contract_application_unknown');
    if (application.status !== 'approved') throw new AppError('contract_application_not_approved');
    const [existing] = await w.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.applicationId, application.id), sql`${contracts.previousContractId} is null`));
    if (existing) throw new AppError('contract_exists');
    const [call] = await w.db.select().from(calls).where(eq(calls.id, application.callId));
    if (!callReachedContract(call)) throw new AppError('contract_call_step');

    const content = await proposalOf(w.db, application);
    const approvedFen = application.amountFen;
    const amountFen = input.amountFen ?? Math.min(content.amountFen, approvedFen);
    const terms = checkTerms(
      {
        title: input.title ?? content.title,
        amountFen,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        recurringService: input.recurringService,
        recurringReason: input.recurringReason,
        // The call's fund unless staff chose another for this contract.
        fundId: input.fundId !== undefined ? (await checkFund(w, input.fundId, call.regionCode)).id : call.fundId,
        content,
        milestones: input.milestones,
        tranches: input.tranches ?? DEFAULT_TRANCHES.map((t) => ({ ...t, milestone: null })),
      },
      approvedFen,
    );
    const provider = (await organizationPlaces(w.db, [application.organizationId])).get(application.organizationId);
    const row = await insertDraft(
      w,
      {
        applicationId: application.id,
        callId: call.id,
        organizationId: application.organizationId,
        regionCode: application.regionCode,
        purchaserName: await purchaserName(w.db, call.regionCode),
        providerName: provider?.name ?? '',
        previousContractId: null,
      },
      terms,
      'funding.contract.create',
    );
    return contractDetail(w, w.db, row);
  });
}

/** The largest amount a draft may have: the approved amount of a first contract; a renewal is bounded by its fund. */
async function amountCeiling(db: DbOrTx, row: ContractRow) {
  if (row.previousContractId) return null;
  const [application] = await db.select({ amountFen: apps.amountFen }).from(apps).where(eq(apps.id, row.applicationId));
  return application.amountFen;
}

/**
 * Edits a draft; what the request leaves out stays. A new amount without new tranches splits the
 * amount in the proportions the tranches had (the remainder fen on the last).
 */
export async function updateContract(ctx: Ctx, id: string, input: TUpdateContractBody): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const row = await findContractInScope(w, w.db, id, 'funding.contract.manage', true);
    if (row.status !== 'draft') throw new AppError('contract_not_draft');
    const before = await termsOf(w.db, row);
    const amountFen = input.amountFen ?? before.amountFen;
    let trancheInputs = input.tranches;
    if (!trancheInputs) {
      const scaled = amountFen === before.amountFen ? before.tranches.map((t) => t.amountFen) : splitProportionally(amountFen, before.tranches.map((t) => t.amountFen));
      trancheInputs = before.tranches.map((t, i) => ({ releasedBy: t.releasedBy, milestone: t.milestonePosition, amountFen: scaled[i] }));
    }
    if (input.fundId !== undefined) {
      const [call] = await w.db.select({ regionCode: calls.regionCode }).from(calls).where(eq(calls.id, row.callId));
      await checkFund(w, input.fundId, call.regionCode);
    }
    const recurringService = input.recurringService ?? before.recurringService;
    const after = checkTerms(
      {
        title: input.title ?? before.title,
        amountFen,
        startsOn: input.startsOn ?? before.startsOn,
        endsOn: input.endsOn ?? before.endsOn,
        recurringService,
        recurringReason: input.recurringReason !== undefined ? input.recurringReason : before.recurringReason,
        fundId: input.fundId ?? before.fundId,
        content: input.content ?? before.content,
        milestones: input.milestones ?? before.milestones,
        tranches: trancheInputs,
      },
      await amountCeiling(w.db, row),
    );
    await w.db
      .update(contracts)
      .set({
        title: after.title,
        amountFen: after.amountFen,
        startsOn: after.startsOn,
        endsOn: after.endsOn,
        recurringService: after.recurringService,
        recurringReason: after.recurringReason,
        fundId: after.fundId,
        content: after.content,
        updatedAt: new Date(),
      })
      .where(eq(contracts.id, id));
    await writeSchedule(w, id, after);
    const [a, b] = [termsAudit(before), termsAudit(after)];
    const changed = (Object.keys(b) as (keyof typeof b)[]).filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
    await writeAudit(w, {
      action: 'funding.contract.update',
      entityType: 'funding.contract',
      entityId: id,
      entityName: after.title,
      regionCode: row.regionCode,
      before: Object.fromEntries(changed.map((k) => [k, a[k]])),
      after: Object.fromEntries(changed.map((k) => [k, b[k]])),
    });
    return contractDetail(w, w.db, await findContractInScope(w, w.db, id, 'funding.contract.manage'));
  });
}

/** An amount split in the proportions of `weights`, in whole fen, the remainder on the last part. */
export function splitProportionally(amountFen: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((amountFen * w) / total));
  parts[parts.length - 1] += amountFen - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** Purchaser region and China year: `HT2026-110101001000-0001`, from a counter row (locked by the upsert), never max()+1. */
export async function nextContractNumber(db: DbOrTx, regionCode: string, now = new Date()) {
  const year = Number(todayInChina(now).slice(0, 4));
  const [row] = await db
    .insert(counters)
    .values({ regionCode, year, lastSeq: 1 })
    .onConflictDoUpdate({ target: [counters.regionCode, counters.year], set: { lastSeq: sql`${counters.lastSeq} + 1` } })
    .returning();
  return `HT${year}-${regionCode}-${String(row.lastSeq).padStart(4, '0')}`;
}

/**
 * Signs a draft: the amount is committed on its fund (ledger `commit`, keyed by the contract, so a
 * second signing cannot commit again), the contract gets its number, and any tranche released by
 * the signing is paid. A renewal whose content is the previous contract's is refused (seed 002).
 */
export async function signContract(ctx: Ctx, id: string): Promise<TContractDetail> {
  return mutate(ctx, async (w) => {
    const row = await findContractInScope(w, w.db, id, 'funding.contract.manage', true);
    if (row.status !== 'draft') throw new AppError('contract_not_draft');
    if (row.previousContractId) {
      const [previous] = await w.db.select({ content: contracts.content }).from(contracts).where(eq(contracts.id, row.previousContractId));
      if (canonicalJson(previous.content) === canonicalJson(row.content)) throw new AppError('contract_renewal_unchanged');
    }
    const terms = await termsOf(w.db, row);
    // The draft as it stands now, checked whole (the database checks the tranche sum again at COMMIT).
    checkTerms({ ...terms, tranches: trancheInputsOf(terms.tranches) }, null);
    if (!row.fundId) throw new AppError('contract_no_fund');
    const fund = (await findFund(w.db, row.fundId))!;
    const refuse = (availableFen: number) => new AppError('contract_fund_insufficient', { fund: fund.name, available: yuan(availableFen), amount: yuan(row.amountFen) });
    const { availableFen } = await fundSummary(w.db, fund.id);
    if (availableFen < row.amountFen) throw refuse(availableFen);
    let journalId: string;
    try {
      // In a savepoint: when the database refuses the commit, the unit can still read the fund to say why.
      const journal = await w.db.transaction((savepoint) =>
        commit({ ...w, db: savepoint }, { fundId: fund.id, amountFen: row.amountFen, key: `funding.contract:${id}:commit`, reason: `签订合同：${row.title}`, source: { type: 'funding.contract', id } }),
      );
      journalId = journal.id;
    } catch (error) {
      // Another contract signed on the same fund between the look and the commit took what was left.
      if (error instanceof AppError && error.code === 'ledger_insufficient_funds') throw refuse((await fundSummary(w.db, fund.id)).availableFen);
      throw error;
    }
    const [call] = await w.db.select({ regionCode: calls.regionCode }).from(calls).where(eq(calls.id, row.callId));
    const contractNumber = await nextContractNumber(w.db, call.regionCode);
    await applyTransition(w.db, w, contractWorkflow, { id, state: row.status as ContractStatus, regionCode: row.regionCode, organizationId: row.organizationId }, 'sign');
    const [signed] = await w.db
      .update(contracts)
      .set({ status: 'signed', signedAt: new Date(), signedBy: w.actor.id || null, contractNumber, updatedAt: new Date() })
      .where(eq(contracts.id, id))
      .returning();
    if (!row.previousContractId) {
      const [application] = await w.db.select({ status: apps.status }).from(apps).where(eq(apps.id, row.applicationId)).for('update');
      if (application.status === 'approved') {
        await applyTransition(w.db, w, applicationContracted, { id: row.applicationId, state: 'approved', regionCode: row.regionCode, organizationId: row.organizationId }, 'contract');
        await w.db.update(apps).set({ status: 'contracted', updatedAt: new Date() }).where(eq(apps.id, row.applicationId));
      }
    }
    await writeAudit(w, {
      action: 'funding.contract.sign',
      entityType: 'funding.contract',
      entityId: id,
      entityName: row.title,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status: 'signed', contractNumber, amountFen: row.amountFen, fundId: fund.id, journalId },
    });
    for (const tranche of terms.trancheRows.filter((t) => t.releasedBy === 'signing')) await payTranche(w, signed, tranche, { evaluationId: null });
    await settleIfDecided(w, signed);
    return contractDetail(w, w.db, await findContractInScope(w, w.db, id, 'funding.contract.manage'));
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function getContract(ctx: Ctx, id: string) {
  return contractDetail(ctx, ctx.db, await findContractInScope(ctx, ctx.db, id));
}

const paidFenOf = (rows: { status: string; amountFen: number }[]) => rows.filter((t) => t.status === 'paid').reduce((sum, t) => sum + t.amountFen, 0);

export async function contractDetail(ctx: Pick<Ctx, 'actor'>, db: DbOrTx, row: ContractRow): Promise<TContractDetail> {
  const terms = await termsOf(db, row);
  const [renewal] = await db.select({ id: contracts.id }).from(contracts).where(eq(contracts.previousContractId, row.id));
  let changes: TContractDetail['changes'] = null;
  if (row.previousContractId) {
    const [previous] = await db.select().from(contracts).where(eq(contracts.id, row.previousContractId));
    changes = contractChanges(await termsOf(db, previous), terms);
  }
  const history = await historyOf(db, CONTRACT_WORKFLOW, row.id);
  const milestoneHistories = await historiesOf(db, MILESTONE_WORKFLOW, terms.milestoneRows.map((m) => m.id));
  const manages = can(ctx.actor, 'funding.contract.manage') && scopeCoversRegion(scopeFor(ctx.actor, 'funding.contract.manage'), row.regionCode);
  const reports = scopeFor(ctx.actor, 'funding.report.submit').some((s) => s.kind === 'organization' && s.organizationId === row.organizationId);
  const status = row.status as ContractStatus;
  const inForce = status === 'signed';
  return {
    ...summaryOf(row, paidFenOf(terms.trancheRows)),
    applicationId: row.applicationId,
    content: row.content,
    amountInWords: fenToChineseCapital(row.amountFen),
    fundId: row.fundId,
    recurringService: row.recurringService,
    recurringReason: row.recurringReason,
    signedAt: row.signedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    terminatedAt: row.terminatedAt?.toISOString() ?? null,
    terminationReason: row.terminationReason,
    renewedById: renewal?.id ?? null,
    milestones: terms.milestoneRows.map((m) => ({
      id: m.id,
      position: m.position,
      title: m.title,
      dueOn: m.dueOn,
      status: m.status as MilestoneStatus,
      acceptedAt: m.acceptedAt?.toISOString() ?? null,
      history: (milestoneHistories.get(m.id) ?? []).map((h) => ({
        action: h.action,
        fromState: h.fromState,
        toState: h.toState,
        actorName: h.actorName ?? '',
        comment: h.comment,
        attachments: h.attachments,
        at: h.at.toISOString(),
      })),
      abilities: {
        report: reports && inForce && (m.status === 'pending' || m.status === 'rejected'),
        accept: manages && inForce && m.status !== 'accepted',
        reject: manages && inForce && m.status === 'submitted',
      },
    })),
    tranches: terms.trancheRows.map((t) => ({
      id: t.id,
      position: t.position,
      amountFen: t.amountFen,
      releasedBy: t.releasedBy as TrancheTrigger,
      milestoneId: t.milestoneId,
      status: t.status as TContractDetail['tranches'][number]['status'],
      decidedAt: t.decidedAt?.toISOString() ?? null,
      reason: t.reason,
    })),
    changes,
    history: history.map((h) => ({ action: h.action, fromState: h.fromState, toState: h.toState, actorName: h.actorName ?? '', comment: h.comment, at: h.at.toISOString() })),
    abilities: {
      edit: manages && status === 'draft',
      sign: manages && status === 'draft',
      terminate: manages && status === 'signed',
      renew: manages && (status === 'signed' || status === 'completed') && !renewal,
      print: status !== 'draft',
    },
  };
}

function summaryOf(row: ContractRow, paidFen: number) {
  return {
    id: row.id,
    contractNumber: row.contractNumber,
    status: row.status as ContractStatus,
    title: row.title,
    purchaserName: row.purchaserName,
    providerName: row.providerName,
    organizationId: row.organizationId,
    regionCode: row.regionCode,
    callId: row.callId,
    amountFen: row.amountFen,
    paidFen,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    previousContractId: row.previousContractId,
  };
}

/** The list's filter: scope, status, call, region, organisation, year the term starts, and a search of title, provider and number. */
export function contractFilters(ctx: Pick<Ctx, 'actor'>, q: TContractExportQuery): SQL {
  const parts: SQL[] = [contractScope(ctx)];
  if (q.status) parts.push(eq(contracts.status, q.status));
  if (q.callId) parts.push(eq(contracts.callId, q.callId));
  if (q.region) parts.push(sql`${contracts.regionCode} like ${regionPrefix(q.region) + '%'}`);
  if (q.organization) parts.push(eq(contracts.organizationId, q.organization));
  // A date column's year is the China year it names: no time zone is involved.
  if (q.year) parts.push(and(sql`${contracts.startsOn} >= ${`${q.year}-01-01`}`, sql`${contracts.startsOn} < ${`${q.year + 1}-01-01`}`)!);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(contracts.title, like), ilike(contracts.providerName, like), ilike(contracts.contractNumber, like))!);
  }
  return and(...parts)!;
}

/** Each sort with the id last, so pages never overlap; a draft has no signing date and sorts after the signed ones. */
export const CONTRACT_ORDER: Record<ContractSort, SQL[]> = {
  '-createdAt': [desc(contracts.createdAt), desc(contracts.id)],
  createdAt: [asc(contracts.createdAt), asc(contracts.id)],
  '-signedAt': [sql`${contracts.signedAt} desc nulls last`, desc(contracts.id)],
  signedAt: [sql`${contracts.signedAt} asc nulls last`, asc(contracts.id)],
  '-amountFen': [desc(contracts.amountFen), desc(contracts.id)],
  amountFen: [asc(contracts.amountFen), asc(contracts.id)],
  '-endsOn': [desc(contracts.endsOn), desc(contracts.id)],
  endsOn: [asc(contracts.endsOn), asc(contracts.id)],
};

/** What each contract of `ids` has been paid so far, in fen. */
export async function paidFenByContract(db: DbOrTx, ids: readonly string[]) {
  const paid = ids.length
    ? await db
        .select({ contractId: tranches.contractId, fen: sql<string>`coalesce(sum(${tranches.amountFen}) filter (where ${tranches.status} = 'paid'), 0)` })
        .from(tranches)
        .where(inArray(tranches.contractId, [...ids]))
        .groupBy(tranches.contractId)
    : [];
  return new Map(paid.map((p) => [p.contractId, Number(p.fen)]));
}

export async function listContracts(ctx: Ctx, q: TContractListQuery) {
  const where = contractFilters(ctx, q);
  const [{ total }] = await ctx.db.select({ total: count() }).from(contracts).where(where);
  const rows = await ctx.db
    .select()
    .from(contracts)
    .where(where)
    .orderBy(...CONTRACT_ORDER[q.sort])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const paidBy = await paidFenByContract(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => summaryOf(r, paidBy.get(r.id) ?? 0)), total: Number(total) };
}

/**
 * The contract announcement (合同公告): signed contracts of a region, anyone may read. Purchaser,
 * provider, title, amount and term — organisations and offices, no person.
 */
export async function publicContracts(db: DbOrTx, q: { region?: string; year?: number; page: number; pageSize: number }) {
  const where = and(
    inArray(contracts.status, ['signed', 'completed', 'terminated']),
    q.region ? sql`${contracts.regionCode} like ${regionPrefix(q.region) + '%'}` : undefined,
    q.year ? sql`extract(year from ${contracts.startsOn}) = ${q.year}` : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(contracts).where(where);
  const rows = await db
    .select()
    .from(contracts)
    .where(where)
    .orderBy(desc(contracts.signedAt), desc(contracts.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({
      contractNumber: r.contractNumber!,
      title: r.title,
      purchaserName: r.purchaserName,
      providerName: r.providerName,
      amountFen: r.amountFen,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      signedOn: todayInChina(r.signedAt!),
      status: r.status as ContractStatus,
    })),
    total: Number(total),
  };
}

import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { DEFAULT_PASS_LINE, type OrganizationEvaluation, type TCorrectEvaluationBody, type TEvaluation, type TEvaluationBody } from '../../../../../shared/funding/monitoring.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { users } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { recordStart } from '../../../core/workflow.js';
import { mutate } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { fundingContracts as contracts } from '../funding-contracts.tables.js';
import { fundingEvaluationSettings as passLines, fundingEvaluations as evaluations, type TIndicatorResult } from '../funding-monitoring.tables.js';
import { fundingCalls as calls } from '../funding.tables.js';
import { recordStep, type ContractRow } from './contracts.js';
import { monitoringScope, findMonitoredContract } from './monitoring-scope.js';
import { releaseForEvaluation } from './tranches.js';

/*
 * Evaluation (项目评估, F10): an evaluator assigned to a signed contract scores it against the
 * contract's indicators (绩效目标) with an overall score; at or above the call's pass line it passes.
 * Submitting it pays the tranches that wait on it, or withholds them (tranches.ts
 * releaseForEvaluation), in the same write unit. Submitted once: a correction is a new version with
 * its reason, and moves no money (the ledger's entries stand; see the report in evaluation.test.ts).
 */

export const EVALUATION_WORKFLOW = 'funding.evaluation';
type EvaluationRow = typeof evaluations.$inferSelect;

/** The indicators scored, in the contract's order: one score for each, no more, no fewer. */
function scoreIndicators(contract: ContractRow, input: Pick<TEvaluationBody, 'indicators'>): TIndicatorResult[] {
  const targets = contract.content.indicators;
  if (input.indicators.length !== targets.length) throw invalidField('indicators', 'evaluation_indicator_count', { count: targets.length });
  return targets.map((t, i) => ({ name: t.name, target: t.target, unit: t.unit ?? null, achieved: input.indicators[i].achieved, score: input.indicators[i].score }));
}

/** The call's pass line: funding_evaluation_settings, DEFAULT_PASS_LINE (60) when the call set none. */
export async function passLineOf(db: DbOrTx, callId: string) {
  const [row] = await db.select({ passLine: passLines.passLine }).from(passLines).where(eq(passLines.callId, callId));
  return row?.passLine ?? DEFAULT_PASS_LINE;
}

const auditResult = (row: Pick<EvaluationRow, 'contractId' | 'kind' | 'version' | 'indicators' | 'overallScore' | 'passLine' | 'passed' | 'summary'>) => ({
  contractId: row.contractId,
  kind: row.kind,
  version: row.version,
  indicators: row.indicators,
  overallScore: row.overallScore,
  passLine: row.passLine,
  passed: row.passed,
  summary: row.summary,
});

/** The evaluator submits a contract's mid-term or final evaluation; its result pays or withholds the tranches waiting on it. */
export async function submitEvaluation(ctx: Ctx, contractId: string, input: TEvaluationBody): Promise<TEvaluation> {
  return mutate(ctx, async (w) => {
    const contract = await findMonitoredContract(w, w.db, contractId, 'funding.evaluation.record', { roles: ['evaluator'], lock: true });
    if (contract.status !== 'signed') throw new AppError('contract_not_signed');
    const current = await w.db
      .select({ kind: evaluations.kind })
      .from(evaluations)
      .where(and(eq(evaluations.contractId, contractId), isNull(evaluations.supersededAt)));
    if (current.some((e) => e.kind === input.kind)) throw new AppError('evaluation_submitted');
    if (input.kind === 'mid' && current.some((e) => e.kind === 'final')) throw new AppError('evaluation_after_final');
    const indicators = scoreIndicators(contract, input);
    const passLine = await passLineOf(w.db, contract.callId);
    const passed = input.overallScore >= passLine;
    // The id first: the tranches record which evaluation decided them, and the row is written once, whole.
    const id = randomUUID();
    const release = await releaseForEvaluation(w, contractId, input.kind, passed, id);
    const [row] = await w.db
      .insert(evaluations)
      .values({
        id,
        contractId,
        regionCode: contract.regionCode,
        organizationId: contract.organizationId,
        kind: input.kind,
        version: 1,
        evaluatorId: w.actor.id,
        indicators,
        overallScore: input.overallScore,
        passLine,
        passed,
        summary: input.summary,
        released: { paid: release.paidTrancheIds, withheld: release.withheldTrancheIds },
      })
      .returning();
    await recordStart(w.db, w, EVALUATION_WORKFLOW, { id, state: passed ? 'passed' : 'failed', regionCode: contract.regionCode }, input.summary);
    await writeAudit(w, {
      action: 'funding.evaluation.submit',
      entityType: 'funding.evaluation',
      entityId: id,
      entityName: contract.title,
      regionCode: contract.regionCode,
      after: { ...auditResult(row), paidTrancheIds: release.paidTrancheIds, withheldTrancheIds: release.withheldTrancheIds },
    });
    return (await evaluationViews(w.db, [row]))[0];
  });
}

/**
 * A correction: a new version of the current evaluation, with its reason, by an evaluator of the
 * contract. The version it replaces stays (superseded); the pass line is the one first applied.
 */
export async function correctEvaluation(ctx: Ctx, evaluationId: string, input: TCorrectEvaluationBody): Promise<TEvaluation> {
  return mutate(ctx, async (w) => {
    const [found] = await w.db
      .select({ evaluation: evaluations, contract: contracts })
      .from(evaluations)
      .innerJoin(contracts, eq(contracts.id, evaluations.contractId))
      .where(and(eq(evaluations.id, evaluationId), monitoringScope(w.actor, 'funding.evaluation.record', ['evaluator'])))
      .for('update');
    if (!found) throw notFound('funding_evaluation');
    const { evaluation: old, contract } = found;
    if (old.supersededAt) throw new AppError('evaluation_superseded');
    const indicators = scoreIndicators(contract, input);
    await w.db.update(evaluations).set({ supersededAt: new Date() }).where(eq(evaluations.id, old.id));
    const [row] = await w.db
      .insert(evaluations)
      .values({
        contractId: old.contractId,
        regionCode: old.regionCode,
        organizationId: old.organizationId,
        kind: old.kind,
        version: old.version + 1,
        evaluatorId: w.actor.id,
        indicators,
        overallScore: input.overallScore,
        passLine: old.passLine,
        passed: input.overallScore >= old.passLine,
        summary: input.summary,
        correctionReason: input.reason,
      })
      .returning();
    await recordStep(w, EVALUATION_WORKFLOW, { id: old.id, regionCode: old.regionCode }, old.passed ? 'passed' : 'failed', 'superseded', 'correct', input.reason);
    await recordStart(w.db, w, EVALUATION_WORKFLOW, { id: row.id, state: row.passed ? 'passed' : 'failed', regionCode: row.regionCode }, input.reason);
    await writeAudit(w, {
      action: 'funding.evaluation.correct',
      entityType: 'funding.evaluation',
      entityId: row.id,
      entityName: contract.title,
      regionCode: row.regionCode,
      before: { evaluationId: old.id, version: old.version, overallScore: old.overallScore, passed: old.passed },
      after: { ...auditResult(row), reason: input.reason },
    });
    return (await evaluationViews(w.db, [row]))[0];
  });
}

/** Sets a call's pass line (funding_evaluation_settings); evaluations already submitted keep theirs. */
export async function setPassLine(ctx: Ctx, callId: string, passLine: number) {
  return mutate(ctx, async (w) => {
    const [call] = await w.db
      .select()
      .from(calls)
      .where(and(eq(calls.id, callId), scopeWhere(scopeFor(w.actor, 'funding.monitoring.manage'), { region: calls.regionCode })))
      .for('update');
    if (!call) throw notFound('funding_call');
    const before = await passLineOf(w.db, callId);
    await w.db
      .insert(passLines)
      .values({ callId, passLine, updatedBy: w.actor.id || null })
      .onConflictDoUpdate({ target: passLines.callId, set: { passLine, updatedBy: w.actor.id || null, updatedAt: new Date() } });
    await writeAudit(w, {
      action: 'funding.evaluation.pass_line',
      entityType: 'funding.call',
      entityId: callId,
      entityName: call.title,
      regionCode: call.regionCode,
      before: { passLine: before },
      after: { passLine },
    });
    return { passLine };
  });
}

async function evaluationViews(db: DbOrTx, rows: EvaluationRow[]): Promise<TEvaluation[]> {
  const ids = [...new Set(rows.map((r) => r.evaluatorId))];
  // Every evaluator's name in one statement, not one per evaluator.
  const found = ids.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)) : [];
  const names = new Map(found.map((u) => [u.id, u.displayName]));
  return rows.map((r) => ({
    id: r.id,
    contractId: r.contractId,
    kind: r.kind as TEvaluation['kind'],
    version: r.version,
    indicators: r.indicators,
    overallScore: r.overallScore,
    passLine: r.passLine,
    passed: r.passed,
    summary: r.summary,
    evaluatorName: names.get(r.evaluatorId) ?? '',
    correctionReason: r.correctionReason,
    submittedAt: r.submittedAt.toISOString(),
    paidTrancheIds: r.released.paid,
    withheldTrancheIds: r.released.withheld,
    current: r.supersededAt === null,
  }));
}

/** Every version of a contract's evaluations, the kind's versions in order. */
export async function evaluationsOfContract(db: DbOrTx, contractId: string) {
  const rows = await db.select().from(evaluations).where(eq(evaluations.contractId, contractId)).orderBy(asc(evaluations.kind), asc(evaluations.version));
  return evaluationViews(db, rows);
}

/**
 * An organisation's evaluation results (the current version of each), newest first: what its
 * future grade evaluation and applications read (funding.service.ts exports it).
 */
export async function evaluationsOfOrganization(db: DbOrTx, organizationId: string): Promise<OrganizationEvaluation[]> {
  const rows = await db
    .select({ e: evaluations, title: contracts.title })
    .from(evaluations)
    .innerJoin(contracts, eq(contracts.id, evaluations.contractId))
    .where(and(eq(evaluations.organizationId, organizationId), isNull(evaluations.supersededAt)))
    .orderBy(desc(evaluations.submittedAt), asc(evaluations.kind));
  return rows.map(({ e, title }) => ({
    evaluationId: e.id,
    contractId: e.contractId,
    contractTitle: title,
    kind: e.kind as OrganizationEvaluation['kind'],
    version: e.version,
    overallScore: e.overallScore,
    passLine: e.passLine,
    passed: e.passed,
    submittedAt: e.submittedAt.toISOString(),
  }));
}

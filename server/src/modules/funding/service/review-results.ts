import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ReviewDecision, TRanking } from '../../../../../shared/funding/review.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { applyTransition } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { translate, type Locale } from '../../../i18n/index.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { organizationNames } from '../../registry/registry.service.js';
import {
  fundingNotices as notices,
  fundingPanels as panels,
  fundingReviewAssignments as reviewAssignments,
  fundingReviewResults as results,
  fundingReviewScores as scores,
} from '../funding-review.tables.js';
import { fundingApplications as apps, fundingCalls as calls } from '../funding.tables.js';
import { mayLeaveStep } from './call-steps.js';
import { ensureFirstVersion } from './optimisation.js';
import { panelForStaff, panelWorkflow, points, reviewWorkflow, type PanelRow } from './review-common.js';
import { aggregate, aggregateHundredths, fundingLine, rankCandidates, type Candidate } from './review-ranking.js';

/** Applications the panel decides on when it closes: screened in, or in review. */
const UNDECIDED = ['screened_in', 'in_review'] as const;


/**
 * Closes the panel and draws the results. Without a reason it closes only when every application
 * has an expert and every live assignment is scored; with a reason, the missing scores are
 * recorded as such. Then: aggregate per application, ranking, funding line within the call's
 * budget → approved / not funded, each a workflow step.
 */
export async function closePanel(ctx: Ctx, panelId: string, reason: string | undefined) {
  return mutate(ctx, async (w) => {
    const panel = await panelForStaff(w, w.db, panelId, true);
    if (panel.status !== 'open') throw new AppError('panel_closed');
    const [call] = await w.db.select().from(calls).where(eq(calls.id, panel.callId)).for('update');
    const candidates = await w.db
      .select()
      .from(apps)
      .where(and(eq(apps.callId, call.id), inArray(apps.status, [...UNDECIDED])))
      .for('update');
    const live = await w.db
      .select({ applicationId: reviewAssignments.applicationId, total: scores.totalHundredths })
      .from(reviewAssignments)
      .leftJoin(scores, and(eq(scores.assignmentId, reviewAssignments.id), sql`${scores.returnedAt} is null`))
      .where(and(eq(reviewAssignments.panelId, panelId), sql`${reviewAssignments.removedAt} is null`));
    const totals = new Map<string, number[]>(candidates.map((a) => [a.id, []]));
    let missing = 0;
    for (const a of candidates) if (!live.some((l) => l.applicationId === a.id)) missing++;
    for (const l of live) {
      if (l.total === null) missing++;
      else totals.get(l.applicationId)?.push(l.total);
    }
    const why = reason?.trim() || null;
    if (missing > 0 && !why) throw invalidField('reason', 'scores_missing_reason', { count: missing });
    if (panel.aggregation === 'trimmed_mean') {
      const few = candidates.filter((a) => {
        const n = totals.get(a.id)!.length;
        return n > 0 && n < 3;
      });
      if (few.length) throw new AppError('trimmed_mean_too_few', { count: few.length });
    }

    const ranked = rankCandidates(
      candidates.map((a): Candidate & { app: typeof a } => ({
        applicationId: a.id,
        amountFen: a.amountFen,
        submittedAt: a.submittedAt,
        aggregate: aggregate(panel.aggregation as 'mean' | 'trimmed_mean', totals.get(a.id)!),
        app: a,
      })),
    );
    const line = fundingLine(ranked, call.budgetFen);
    let rank = 0;
    for (const c of ranked) {
      const decision: ReviewDecision = line.approved.has(c.applicationId) ? 'approved' : 'not_funded';
      await w.db.insert(results).values({
        applicationId: c.applicationId,
        panelId,
        scoreCount: totals.get(c.applicationId)!.length,
        aggregateHundredths: aggregateHundredths(c.aggregate),
        rank: c.aggregate ? ++rank : null,
        decision,
        lineDecision: decision,
      });
      // An application still screened in was never assigned, so it has no score and is not funded.
      const status = await moveApplication(w, c.app, decision === 'approved' ? 'approve' : 'not_fund', c.aggregate ? null : why);
      if (status === 'approved') await ensureFirstVersion(w, c.applicationId);
    }
    await applyTransition(w.db, w, panelWorkflow, { id: panelId, state: 'open', regionCode: panel.regionCode }, 'close', { comment: why });
    const [after] = await w.db
      .update(panels)
      .set({ status: 'closed', closedAt: new Date(), closedBy: w.actor.id || null, closeReason: why, updatedAt: new Date() })
      .where(eq(panels.id, panelId))
      .returning();
    await writeAudit(w, {
      action: 'funding.panel.close',
      entityType: 'funding.panel',
      entityId: panelId,
      entityName: call.title,
      regionCode: panel.regionCode,
      after: { reason: why, missingScores: missing, approvedFen: line.approvedFen, approved: line.approved.size, notFunded: ranked.length - line.approved.size },
    });
    return presentRanking(w.locale, w.db, after);
  });
}

type AppRow = typeof apps.$inferSelect;
type ReviewAction = (typeof reviewWorkflow.transitions)[number]['action'];

/** One workflow step of an application, its status updated with it; null: no step. */
async function moveApplication(w: WriteCtx, app: AppRow, action: ReviewAction, comment: string | null) {
  const status = await applyTransition(
    w.db,
    w,
    reviewWorkflow,
    { id: app.id, state: app.status as never, regionCode: app.regionCode, organizationId: app.organizationId },
    action,
    { comment },
  );
  await w.db.update(apps).set({ status, updatedAt: new Date() }).where(eq(apps.id, app.id));
  return status;
}

async function presentRanking(locale: Locale, db: DbOrTx, panel: PanelRow): Promise<TRanking> {
  const [call] = await db.select({ budgetFen: calls.budgetFen }).from(calls).where(eq(calls.id, panel.callId));
  const rows = await db
    .select({ r: results, title: apps.title, organizationId: apps.organizationId, amountFen: apps.amountFen })
    .from(results)
    .innerJoin(apps, eq(apps.id, results.applicationId))
    .where(eq(results.panelId, panel.id))
    .orderBy(sql`${results.rank} asc nulls last`, asc(apps.title));
  const names = await organizationNames(db, rows.map((r) => r.organizationId));
  return {
    panelId: panel.id,
    budgetFen: call.budgetFen,
    approvedFen: rows.filter((r) => r.r.decision === 'approved').reduce((s, r) => s + r.amountFen, 0),
    // The words of review-ranking.ts's TIE_RULE and fundingLine, for the screen in the reader's language.
    rule: translate(locale, 'fundingReview.rankingRule'),
    items: rows.map((r) => ({
      applicationId: r.r.applicationId,
      title: r.title,
      organizationName: names.get(r.organizationId) ?? '',
      amountFen: r.amountFen,
      scoreCount: r.r.scoreCount,
      aggregate: r.r.aggregateHundredths === null ? null : points(r.r.aggregateHundredths),
      rank: r.r.rank,
      lineDecision: r.r.lineDecision as ReviewDecision,
      decision: r.r.decision as ReviewDecision,
      adjustReason: r.r.adjustReason,
      conditions: r.r.conditions,
    })),
  };
}

export async function getRanking(ctx: Ctx, panelId: string) {
  const panel = await panelForStaff(ctx, ctx.db, panelId);
  if (panel.status !== 'closed') throw new AppError('panel_open');
  return presentRanking(ctx.locale, ctx.db, panel);
}

/** The result of an application, in the staff's scope, with its closed panel (locked). */
async function resultForStaff(w: WriteCtx, applicationId: string) {
  const [result] = await w.db.select().from(results).where(eq(results.applicationId, applicationId)).for('update');
  if (!result) throw notFound('funding_application');
  const panel = await panelForStaff(w, w.db, result.panelId, true);
  const [app] = await w.db.select().from(apps).where(eq(apps.id, applicationId)).for('update');
  return { result, panel, app };
}

/** Staff move an application across the funding line, with the reason; the budget still holds. */
export async function adjustDecision(ctx: Ctx, applicationId: string, input: { decision: ReviewDecision; reason: string }) {
  return mutate(ctx, async (w) => {
    const { result, panel, app } = await resultForStaff(w, applicationId);
    const [notice] = await w.db.select({ id: notices.id }).from(notices).where(eq(notices.callId, panel.callId));
    if (notice) throw new AppError('notice_published');
    if (result.decision === input.decision) throw invalidField('decision', 'decision_unchanged');
    if (input.decision === 'approved') {
      const [call] = await w.db.select({ budgetFen: calls.budgetFen }).from(calls).where(eq(calls.id, panel.callId));
      const [sum] = await w.db
        .select({ fen: sql<number>`coalesce(sum(${apps.amountFen}), 0)::bigint` })
        .from(results)
        .innerJoin(apps, eq(apps.id, results.applicationId))
        .where(and(eq(results.panelId, panel.id), eq(results.decision, 'approved')));
      const remaining = call.budgetFen - Number(sum.fen);
      if (app.amountFen > remaining) throw invalidField('decision', 'over_budget', { remaining: (remaining / 100).toFixed(2) });
    }
    const status = await moveApplication(w, app, input.decision === 'approved' ? 'adjust_approve' : 'adjust_not_fund', input.reason);
    await w.db.update(results).set({ decision: input.decision, adjustReason: input.reason, updatedAt: new Date() }).where(eq(results.applicationId, applicationId));
    if (status === 'approved') await ensureFirstVersion(w, applicationId);
    await writeAudit(w, {
      action: 'funding.review.adjust',
      entityType: 'funding.application',
      entityId: applicationId,
      entityName: app.title,
      regionCode: app.regionCode,
      before: { decision: result.decision, status: app.status },
      after: { decision: input.decision, status, reason: input.reason },
    });
    return presentRanking(w.locale, w.db, panel);
  });
}

/** The panel's conditions for an approved application: what its optimisation must satisfy. */
export async function setConditions(ctx: Ctx, applicationId: string, conditions: string) {
  return mutate(ctx, async (w) => {
    const { result, panel, app } = await resultForStaff(w, applicationId);
    if (result.decision !== 'approved') throw invalidField('conditions', 'not_approved');
    await w.db.update(results).set({ conditions, updatedAt: new Date() }).where(eq(results.applicationId, applicationId));
    await writeAudit(w, {
      action: 'funding.review.conditions',
      entityType: 'funding.application',
      entityId: applicationId,
      entityName: app.title,
      regionCode: app.regionCode,
      before: { conditions: result.conditions },
      after: { conditions },
    });
    return presentRanking(w.locale, w.db, panel);
  });
}

// The call leaves `review` only with its panel closed.
mayLeaveStep('review', async (w, call) => {
  const [panel] = await w.db.select({ status: panels.status }).from(panels).where(eq(panels.callId, call.id));
  if (!panel) return { problem: 'review_panel_missing' };
  return panel.status === 'closed' ? null : { problem: 'review_panel_open' };
});

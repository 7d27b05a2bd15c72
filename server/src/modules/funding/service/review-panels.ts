import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TAssignBody, TCreatePanelBody, TUpdatePanelBody } from '../../../../../shared/funding/review.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { assignments } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition, recordStart } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { AppError, invalidField, notFound, type FieldProblem } from '../../../errors.js';
import {
  fundingExpertConflicts as conflicts,
  fundingPanelExperts as experts,
  fundingPanels as panels,
  fundingReviewAssignments as reviewAssignments,
  fundingReviewScores as scores,
} from '../funding-review.tables.js';
import { fundingApplications as apps, fundingCalls as calls } from '../funding.tables.js';
import {
  APPLICATION_ENTITY,
  closeCoreAssignment,
  memberOfOrganization,
  panelForStaff,
  panelWorkflow,
  presentPanel,
  reviewersAmong,
  reviewWorkflow,
  validation,
  type PanelRow,
} from './review-common.js';

/** Steps of its call at which a panel may be set up (during screening, to be ready) or worked. */
const PANEL_SETUP_STEPS = ['screening', 'review'];

async function checkExperts(ctx: Ctx, ids: readonly string[], regionCode: string, field: string) {
  const ok = await reviewersAmong(ctx.db, ids, regionCode);
  const problems: FieldProblem[] = [];
  ids.forEach((id, i) => {
    if (!ok.has(id)) problems.push({ field: `${field}.${i}`, problem: 'not_a_reviewer' });
  });
  if (problems.length) throw validation(problems);
}

/** Sets up a call's review panel: its experts and chair, rubric, aggregation and deadline. */
export async function createPanel(ctx: Ctx, input: TCreatePanelBody) {
  return mutate(ctx, async (w) => {
    const [call] = await w.db
      .select()
      .from(calls)
      .where(and(eq(calls.id, input.callId), scopeWhere(scopeFor(ctx.actor, 'funding.review.manage'), { region: calls.regionCode })))
      .for('update');
    if (!call) throw invalidField('callId', 'reference_unknown');
    if (!call.steps.includes('review') || !PANEL_SETUP_STEPS.includes(call.step)) throw invalidField('callId', 'call_not_at_review', { step: call.step });
    const [existing] = await w.db.select({ id: panels.id }).from(panels).where(eq(panels.callId, call.id));
    if (existing) throw invalidField('callId', 'panel_exists');
    const expertIds = [...new Set(input.expertIds)];
    if (!expertIds.includes(input.chairId)) throw invalidField('chairId', 'chair_not_expert');
    await checkExperts(w, expertIds, call.regionCode, 'expertIds');
    const deadline = new Date(input.reviewDeadline);
    if (deadline.getTime() <= Date.now()) throw invalidField('reviewDeadline', 'review_deadline_past');

    const [panel] = await w.db
      .insert(panels)
      .values({
        callId: call.id,
        regionCode: call.regionCode,
        aggregation: input.aggregation,
        criteria: input.criteria,
        reviewDeadline: deadline,
        chairId: input.chairId,
        createdBy: ctx.actor.id || null,
      })
      .returning();
    await w.db.insert(experts).values(expertIds.map((userId) => ({ panelId: panel.id, userId })));
    await recordStart(w.db, w, panelWorkflow.name, { id: panel.id, state: 'open', regionCode: panel.regionCode });
    await writeAudit(w, {
      action: 'funding.panel.create',
      entityType: 'funding.panel',
      entityId: panel.id,
      entityName: call.title,
      regionCode: call.regionCode,
      after: { callId: call.id, aggregation: panel.aggregation, criteria: panel.criteria, reviewDeadline: deadline.toISOString(), chairId: panel.chairId, expertIds },
    });
    return presentPanel(w.db, panel);
  });
}

async function expertIdsOf(ctx: Ctx, panelId: string) {
  return (await ctx.db.select({ userId: experts.userId }).from(experts).where(eq(experts.panelId, panelId))).map((r) => r.userId);
}

async function hasScores(ctx: Ctx, panelId: string) {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(scores)
    .innerJoin(reviewAssignments, eq(reviewAssignments.id, scores.assignmentId))
    .where(eq(reviewAssignments.panelId, panelId));
  return (row?.n ?? 0) > 0;
}

function assertOpen(panel: PanelRow) {
  if (panel.status !== 'open') throw new AppError('panel_closed');
}

/** Changes an open panel: the deadline, the aggregation, more experts; the rubric only before any score. */
export async function updatePanel(ctx: Ctx, id: string, input: TUpdatePanelBody) {
  return mutate(ctx, async (w) => {
    const panel = await panelForStaff(w, w.db, id, true);
    assertOpen(panel);
    const beforeExperts = await expertIdsOf(w, id);
    if (input.criteria && (await hasScores(w, id))) throw invalidField('criteria', 'rubric_scored');
    if (input.reviewDeadline && new Date(input.reviewDeadline).getTime() <= Date.now()) throw invalidField('reviewDeadline', 'review_deadline_past');
    const added = [...new Set(input.addExpertIds ?? [])].filter((u) => !beforeExperts.includes(u));
    if (added.length) {
      await checkExperts(w, added, panel.regionCode, 'addExpertIds');
      await w.db.insert(experts).values(added.map((userId) => ({ panelId: id, userId })));
    }
    const [after] = await w.db
      .update(panels)
      .set({
        aggregation: input.aggregation ?? panel.aggregation,
        criteria: input.criteria ?? panel.criteria,
        reviewDeadline: input.reviewDeadline ? new Date(input.reviewDeadline) : panel.reviewDeadline,
        updatedAt: new Date(),
      })
      .where(eq(panels.id, id))
      .returning();
    const side = (p: PanelRow, ids: string[]) => ({ aggregation: p.aggregation, criteria: p.criteria, reviewDeadline: p.reviewDeadline.toISOString(), expertIds: ids });
    await writeAudit(w, {
      action: 'funding.panel.update',
      entityType: 'funding.panel',
      entityId: id,
      regionCode: panel.regionCode,
      before: side(panel, beforeExperts),
      after: side(after, [...beforeExperts, ...added]),
    });
    return presentPanel(w.db, after);
  });
}

export async function getPanel(ctx: Ctx, id: string) {
  return presentPanel(ctx.db, await panelForStaff(ctx, ctx.db, id));
}

export async function panelOfCall(ctx: Ctx, callId: string) {
  const [row] = await ctx.db
    .select()
    .from(panels)
    .where(and(eq(panels.callId, callId), scopeWhere(scopeFor(ctx.actor, 'funding.review.manage'), { region: panels.regionCode })));
  if (!row) throw notFound('funding_panel');
  return presentPanel(ctx.db, row);
}

/**
 * Assigns an expert of the panel to a screened-in application of its call: the core assignment
 * opens the application to it. Never one of an organisation the expert declared itself tied to, or
 * holds a grant of (a member of the applicant).
 * The first assignment moves the application into review.
 */
export async function assignExpert(ctx: Ctx, panelId: string, input: TAssignBody) {
  return mutate(ctx, async (w) => {
    const panel = await panelForStaff(w, w.db, panelId, true);
    assertOpen(panel);
    const [call] = await w.db.select().from(calls).where(eq(calls.id, panel.callId));
    if (call.step !== 'review') throw new AppError('call_not_in_review', { step: call.step });
    const [app] = await w.db.select().from(apps).where(and(eq(apps.id, input.applicationId), eq(apps.callId, panel.callId))).for('update');
    if (!app) throw invalidField('applicationId', 'reference_unknown');
    if (app.status !== 'screened_in' && app.status !== 'in_review') throw invalidField('applicationId', 'not_screened_in', { status: app.status });
    const [expert] = await w.db.select().from(experts).where(and(eq(experts.panelId, panelId), eq(experts.userId, input.expertId)));
    if (!expert) throw invalidField('expertId', 'not_on_panel');
    const [conflict] = await w.db
      .select({ id: conflicts.id })
      .from(conflicts)
      .where(and(eq(conflicts.panelId, panelId), eq(conflicts.userId, input.expertId), eq(conflicts.organizationId, app.organizationId)));
    if (conflict) throw invalidField('expertId', 'expert_conflicted');
    if (await memberOfOrganization(w.db, input.expertId, app.organizationId)) throw invalidField('expertId', 'expert_member_of_applicant');
    const [live] = await w.db
      .select({ id: reviewAssignments.id })
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.applicationId, app.id), eq(reviewAssignments.expertId, input.expertId), sql`${reviewAssignments.removedAt} is null`));
    if (live) throw invalidField('expertId', 'already_assigned');

    await w.db.insert(reviewAssignments).values({ panelId, applicationId: app.id, expertId: input.expertId, assignedBy: ctx.actor.id || null });
    await w.db
      .insert(assignments)
      .values({ entityType: APPLICATION_ENTITY, entityId: app.id, userId: input.expertId, assignedBy: ctx.actor.id || null })
      .onConflictDoNothing();
    let status = app.status;
    if (app.status === 'screened_in') {
      status = await applyTransition(w.db, w, reviewWorkflow, { id: app.id, state: 'screened_in', regionCode: app.regionCode, organizationId: app.organizationId }, 'start_review');
      await w.db.update(apps).set({ status, updatedAt: new Date() }).where(eq(apps.id, app.id));
    }
    await writeAudit(w, {
      action: 'funding.review.assign',
      entityType: 'funding.application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      after: { panelId, expertId: input.expertId, status },
    });
    return presentPanel(w.db, panel);
  });
}

/** Removes one assignment, with the reason (recorded); its scores stay in the history. */
export async function removeAssignment(ctx: Ctx, assignmentId: string, reason: string) {
  return mutate(ctx, async (w) => {
    const [row] = await w.db.select().from(reviewAssignments).where(eq(reviewAssignments.id, assignmentId));
    if (!row || row.removedAt) throw notFound('funding_assignment');
    const panel = await panelForStaff(w, w.db, row.panelId, true);
    assertOpen(panel);
    await endAssignments(w, [row], reason);
    return presentPanel(w.db, panel);
  });
}

/** Ends live assignments (a staff decision or a conflict declared): the core assignment goes, the row stays with its reason. */
export async function endAssignments(w: WriteCtx, rows: readonly (typeof reviewAssignments.$inferSelect)[], reason: string) {
  if (!rows.length) return;
  await w.db
    .update(reviewAssignments)
    .set({ removedAt: new Date(), removedReason: reason })
    .where(inArray(reviewAssignments.id, rows.map((r) => r.id)));
  const appRows = await w.db.select({ id: apps.id, title: apps.title, regionCode: apps.regionCode }).from(apps).where(inArray(apps.id, rows.map((r) => r.applicationId)));
  const byId = new Map(appRows.map((a) => [a.id, a]));
  for (const r of rows) {
    await closeCoreAssignment(w.db, r.applicationId, r.expertId);
    const app = byId.get(r.applicationId);
    await writeAudit(w, {
      action: 'funding.review.unassign',
      entityType: 'funding.application',
      entityId: r.applicationId,
      entityName: app?.title ?? null,
      regionCode: app?.regionCode ?? null,
      before: { panelId: r.panelId, expertId: r.expertId },
      after: { reason },
    });
  }
}

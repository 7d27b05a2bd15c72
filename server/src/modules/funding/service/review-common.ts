import { and, eq, inArray, sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { ApplicationStatus } from '../../../../../shared/funding/states.js';
import type { TPanel } from '../../../../../shared/funding/review.js';
import type { Ctx } from '../../../core/actor.js';
import { assignments, userGrants, users } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { defineWorkflow } from '../../../core/workflow.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, notFound, type FieldProblem } from '../../../errors.js';
import { organizationNames } from '../../registry/registry.service.js';
import {
  fundingExpertConflicts as conflicts,
  fundingPanelExperts as experts,
  fundingPanels as panels,
  fundingReviewAssignments as reviewAssignments,
  fundingReviewScores as scores,
} from '../funding-review.tables.js';
import { fundingApplications as apps, fundingCalls as calls } from '../funding.tables.js';

/** The core assignments entity that opens an application to an expert (core/scope-sql.ts assignedTo). */
export const APPLICATION_ENTITY = 'funding.application';

/**
 * An application's way through review, notice and the funding line: the steps of the funding
 * application workflow these parts take (the front's part takes those before).
 */
export const reviewWorkflow = defineWorkflow<ApplicationStatus, 'start_review' | 'approve' | 'not_fund' | 'adjust_approve' | 'adjust_not_fund' | 'withdraw_approval'>({
  name: 'funding.application',
  states: ['screened_in', 'in_review', 'approved', 'not_funded'],
  transitions: [
    { action: 'start_review', from: ['screened_in'], to: 'in_review', permission: 'funding.review.manage' },
    { action: 'approve', from: ['in_review'], to: 'approved', permission: 'funding.review.manage' },
    { action: 'not_fund', from: ['in_review', 'screened_in'], to: 'not_funded', permission: 'funding.review.manage' },
    { action: 'adjust_approve', from: ['not_funded'], to: 'approved', permission: 'funding.review.manage', commentRequired: true },
    { action: 'adjust_not_fund', from: ['approved'], to: 'not_funded', permission: 'funding.review.manage', commentRequired: true },
    { action: 'withdraw_approval', from: ['approved'], to: 'not_funded', permission: 'funding.notice.manage', commentRequired: true },
  ],
});

/** A panel's own way: open until it closes (with the reason for missing scores, if any). */
export const panelWorkflow = defineWorkflow<'open' | 'closed', 'close'>({
  name: 'funding.panel',
  states: ['open', 'closed'],
  transitions: [{ action: 'close', from: ['open'], to: 'closed', permission: 'funding.review.manage' }],
});

/** A public notice's way: published with its objection period, then its results fixed. */
export const noticeWorkflow = defineWorkflow<'published' | 'fixed', 'fix'>({
  name: 'funding.notice',
  states: ['published', 'fixed'],
  transitions: [{ action: 'fix', from: ['published'], to: 'fixed', permission: 'funding.notice.manage' }],
});

export const validation = (problems: FieldProblem[]) => new AppError('validation', {}, problems);

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A panel inside the caller's region scope for staff work, locked when it is to be changed. */
export async function panelForStaff(ctx: Ctx, db: DbOrTx, id: string, lock = false) {
  const where = and(eq(panels.id, id), scopeWhere(scopeFor(ctx.actor, 'funding.review.manage'), { region: panels.regionCode }));
  const q = db.select().from(panels).where(where);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('funding_panel');
  return row;
}

export type PanelRow = typeof panels.$inferSelect;

export async function callOf(db: DbOrTx, callId: string) {
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  return call;
}

/** Whether the panel's review deadline has passed, by the database's clock. */
export async function deadlinePassed(db: DbOrTx, panelId: string) {
  const [row] = await db.select({ passed: sql<boolean>`${panels.reviewDeadline} < now()` }).from(panels).where(eq(panels.id, panelId));
  return !!row?.passed;
}

/**
 * Which of the users may sit on a panel of a call in `regionCode`: those holding the reviewer role
 * with a grant in the same region tree (above the call's region, or inside it).
 */
export async function reviewersAmong(db: DbOrTx, userIds: readonly string[], regionCode: string) {
  if (!userIds.length) return new Set<string>();
  const rows = await db
    .select({ userId: userGrants.userId, regionCode: userGrants.regionCode })
    .from(userGrants)
    .innerJoin(users, eq(users.id, userGrants.userId))
    .where(and(inArray(userGrants.userId, [...userIds]), eq(userGrants.role, 'reviewer'), eq(users.active, true)));
  const prefix = regionPrefix(regionCode);
  return new Set(rows.filter((r) => regionCode.startsWith(regionPrefix(r.regionCode)) || r.regionCode.startsWith(prefix)).map((r) => r.userId));
}

/** The staff view of a panel: experts with their progress, assignments with whether they are scored (values only once closed). */
export async function presentPanel(db: DbOrTx, panel: PanelRow): Promise<TPanel> {
  const call = await callOf(db, panel.callId);
  const expertRows = await db
    .select({ userId: experts.userId, displayName: users.displayName, declaredAt: experts.declaredAt })
    .from(experts)
    .innerJoin(users, eq(users.id, experts.userId))
    .where(eq(experts.panelId, panel.id))
    .orderBy(experts.addedAt, users.displayName);
  const live = await db
    .select({
      id: reviewAssignments.id,
      applicationId: reviewAssignments.applicationId,
      expertId: reviewAssignments.expertId,
      expertName: users.displayName,
      title: apps.title,
      organizationId: apps.organizationId,
      total: scores.totalHundredths,
    })
    .from(reviewAssignments)
    .innerJoin(users, eq(users.id, reviewAssignments.expertId))
    .innerJoin(apps, eq(apps.id, reviewAssignments.applicationId))
    .leftJoin(scores, and(eq(scores.assignmentId, reviewAssignments.id), sql`${scores.returnedAt} is null`))
    .where(and(eq(reviewAssignments.panelId, panel.id), sql`${reviewAssignments.removedAt} is null`))
    .orderBy(apps.title, users.displayName);
  const declared = await db
    .select({ expertId: conflicts.userId, organizationId: conflicts.organizationId })
    .from(conflicts)
    .where(eq(conflicts.panelId, panel.id))
    .orderBy(conflicts.declaredAt);
  const names = await organizationNames(db, [...live.map((a) => a.organizationId), ...declared.map((c) => c.organizationId)]);
  const closed = panel.status === 'closed';
  return {
    id: panel.id,
    callId: panel.callId,
    callTitle: call?.title ?? '',
    regionCode: panel.regionCode,
    aggregation: panel.aggregation as TPanel['aggregation'],
    criteria: panel.criteria,
    reviewDeadline: panel.reviewDeadline.toISOString(),
    chairId: panel.chairId,
    status: panel.status as TPanel['status'],
    closedAt: iso(panel.closedAt),
    closeReason: panel.closeReason,
    experts: expertRows.map((e) => ({
      userId: e.userId,
      displayName: e.displayName,
      isChair: e.userId === panel.chairId,
      declared: e.declaredAt !== null,
      assigned: live.filter((a) => a.expertId === e.userId).length,
      scored: live.filter((a) => a.expertId === e.userId && a.total !== null).length,
    })),
    assignments: live.map((a) => ({
      id: a.id,
      applicationId: a.applicationId,
      applicationTitle: a.title,
      organizationName: names.get(a.organizationId) ?? '',
      expertId: a.expertId,
      expertName: a.expertName,
      scored: a.total !== null,
      totalScore: closed && a.total !== null ? points(a.total) : null,
    })),
    conflicts: declared.map((c) => ({ ...c, organizationName: names.get(c.organizationId) ?? '' })),
  };
}

/**
 * Whether the panel is still open, read under a share lock: a score, a declaration or a return
 * waits for a close in flight (which holds the row for update) and then sees the panel closed.
 */
export async function panelStillOpen(db: DbOrTx, panelId: string) {
  const [row] = await db.select({ status: panels.status }).from(panels).where(eq(panels.id, panelId)).for('share');
  return row?.status === 'open';
}

/**
 * Whether the user holds a grant of the organisation (a member of it): a tie the platform knows
 * without any declaration, so the expert is never assigned, nor reaches, that organisation's applications.
 */
export async function memberOfOrganization(db: DbOrTx, userId: string, organizationId: string) {
  const [row] = await db
    .select({ id: userGrants.id })
    .from(userGrants)
    .where(and(eq(userGrants.userId, userId), eq(userGrants.organizationId, organizationId)))
    .limit(1);
  return !!row;
}

/** SQL: the expert holds no grant of the application's organisation (see memberOfOrganization). */
export function notMemberOfApplicant(expertId: string) {
  return sql`not exists (select 1 from ${userGrants} g where g.user_id = ${expertId} and g.organization_id = ${apps.organizationId})`;
}

/** Removes the core assignment that opens an application to an expert. */
export async function closeCoreAssignment(db: DbOrTx, applicationId: string, expertId: string) {
  await db.delete(assignments).where(and(eq(assignments.entityType, APPLICATION_ENTITY), eq(assignments.entityId, applicationId), eq(assignments.userId, expertId)));
}

/** Hundredths of a point as the screens show it (82.35). */
export const points = (hundredths: number) => hundredths / 100;

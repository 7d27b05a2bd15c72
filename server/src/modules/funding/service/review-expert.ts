import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TDeclareConflictsBody, TExpertPanel, TReviewApplication, TScoreBody, TScoreDraftBody, TCriterionScores } from '../../../../../shared/funding/review.js';
import { fromTenths, toTenths } from '../../../../../shared/funding/review.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { users } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { assignedTo, scopeWhere } from '../../../core/scope-sql.js';
import { mutate } from '../../../core/write-unit.js';
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
import { fundingApplications as apps, fundingBudgetLines as budgetLines, fundingCalls as calls } from '../funding.tables.js';
import { APPLICATION_ENTITY, deadlinePassed, iso, notMemberOfApplicant, panelStillOpen, points, validation, type PanelRow } from './review-common.js';
import { endAssignments } from './review-panels.js';
import { weightedTotal } from './review-ranking.js';

/*
 * The expert's side of the review. An expert reaches a panel only as one of its experts, and an
 * application only through its core assignment (the reviewer role's scope): anything else is a 404.
 * Until it has declared its conflicts for the panel, it sees no application of it.
 */

/** Statuses of an application that was screened in, whatever review did with it since. */
const APPLICANT_STATUSES = ['screened_in', 'in_review', 'approved', 'not_funded', 'contracted'];

async function panelAsExpert(ctx: Ctx, db: DbOrTx, panelId: string) {
  const [row] = await db
    .select({ panel: panels, declaredAt: experts.declaredAt })
    .from(panels)
    .innerJoin(experts, and(eq(experts.panelId, panels.id), eq(experts.userId, ctx.actor.id)))
    .where(eq(panels.id, panelId));
  if (!row) throw notFound('funding_panel');
  return row;
}

async function presentExpertPanel(ctx: Ctx, db: DbOrTx, panel: PanelRow, declaredAt: Date | null): Promise<TExpertPanel> {
  const [call] = await db.select({ title: calls.title }).from(calls).where(eq(calls.id, panel.callId));
  const declared = await db
    .select()
    .from(conflicts)
    .where(and(eq(conflicts.panelId, panel.id), eq(conflicts.userId, ctx.actor.id)))
    .orderBy(asc(conflicts.declaredAt));
  const names = await organizationNames(db, declared.map((c) => c.organizationId));
  return {
    id: panel.id,
    callId: panel.callId,
    callTitle: call?.title ?? '',
    criteria: panel.criteria,
    aggregation: panel.aggregation as TExpertPanel['aggregation'],
    reviewDeadline: panel.reviewDeadline.toISOString(),
    status: panel.status as TExpertPanel['status'],
    isChair: panel.chairId === ctx.actor.id,
    declaredAt: iso(declaredAt),
    conflicts: declared.map((c) => ({ organizationId: c.organizationId, organizationName: names.get(c.organizationId) ?? '', tie: c.tie, declaredAt: c.declaredAt.toISOString() })),
  };
}

export async function myPanels(ctx: Ctx) {
  const rows = await ctx.db
    .select({ panel: panels, declaredAt: experts.declaredAt })
    .from(panels)
    .innerJoin(experts, and(eq(experts.panelId, panels.id), eq(experts.userId, ctx.actor.id)))
    .orderBy(desc(panels.createdAt));
  return { items: await Promise.all(rows.map((r) => presentExpertPanel(ctx, ctx.db, r.panel, r.declaredAt))) };
}

/** The organisations whose applications the panel reviews: what the expert declares its ties against. */
async function applicantOrganizations(db: DbOrTx, callId: string) {
  const rows = await db
    .selectDistinct({ organizationId: apps.organizationId })
    .from(apps)
    .where(and(eq(apps.callId, callId), inArray(apps.status, APPLICANT_STATUSES)));
  const names = await organizationNames(db, rows.map((r) => r.organizationId));
  return rows
    .map((r) => ({ organizationId: r.organizationId, organizationName: names.get(r.organizationId) ?? '' }))
    .sort((a, b) => a.organizationName.localeCompare(b.organizationName, 'zh-CN'));
}

export async function panelApplicants(ctx: Ctx, panelId: string) {
  const { panel } = await panelAsExpert(ctx, ctx.db, panelId);
  return { items: await applicantOrganizations(ctx.db, panel.callId) };
}

/**
 * Records the expert's conflicts for the panel (none, or the applicants it is tied to, with the tie).
 * Declarations add up; an assignment to an organisation it now names is removed, and recorded.
 */
export async function declareConflicts(ctx: Ctx, panelId: string, input: TDeclareConflictsBody) {
  return mutate(ctx, async (w) => {
    const { panel, declaredAt } = await panelAsExpert(w, w.db, panelId);
    if (!(await panelStillOpen(w.db, panelId))) throw new AppError('panel_closed');
    const applicants = new Set((await applicantOrganizations(w.db, panel.callId)).map((a) => a.organizationId));
    const problems: FieldProblem[] = [];
    input.conflicts.forEach((c, i) => {
      if (!applicants.has(c.organizationId)) problems.push({ field: `conflicts.${i}.organizationId`, problem: 'not_an_applicant' });
    });
    if (problems.length) throw validation(problems);

    if (input.conflicts.length) {
      await w.db
        .insert(conflicts)
        .values(input.conflicts.map((c) => ({ panelId, userId: w.actor.id, organizationId: c.organizationId, tie: c.tie })))
        .onConflictDoNothing();
    }
    const now = new Date();
    const stillDeclaredAt = declaredAt ?? now;
    if (!declaredAt) await w.db.update(experts).set({ declaredAt: now }).where(and(eq(experts.panelId, panelId), eq(experts.userId, w.actor.id)));

    const tied = input.conflicts.map((c) => c.organizationId);
    const toRemove = tied.length
      ? (
          await w.db
            .select({ a: reviewAssignments })
            .from(reviewAssignments)
            .innerJoin(apps, eq(apps.id, reviewAssignments.applicationId))
            .where(
              and(
                eq(reviewAssignments.panelId, panelId),
                eq(reviewAssignments.expertId, w.actor.id),
                sql`${reviewAssignments.removedAt} is null`,
                inArray(apps.organizationId, tied),
              ),
            )
        ).map((r) => r.a)
      : [];
    await endAssignments(w, toRemove, 'conflict_declared');
    await writeAudit(w, {
      action: 'funding.review.conflicts_declare',
      entityType: 'funding.panel',
      entityId: panelId,
      regionCode: panel.regionCode,
      after: { expertId: w.actor.id, conflicts: input.conflicts, removedFrom: toRemove.map((a) => a.applicationId) },
    });
    return presentExpertPanel(w, w.db, panel, stillDeclaredAt);
  });
}

/** What the expert reaches: its live assignments on panels it has declared for, inside its assignment scope. */
function reachable(ctx: Ctx) {
  return and(
    eq(reviewAssignments.expertId, ctx.actor.id),
    sql`${reviewAssignments.removedAt} is null`,
    // A member grant given after the assignment closes it too.
    notMemberOfApplicant(ctx.actor.id),
    scopeWhere(scopeFor(ctx.actor, 'funding.review.score'), { region: apps.regionCode, assignedTo: assignedTo(APPLICATION_ENTITY, apps.id) }),
  );
}

export async function myAssignments(ctx: Ctx) {
  const rows = await ctx.db
    .select({
      assignmentId: reviewAssignments.id,
      applicationId: apps.id,
      panelId: panels.id,
      callTitle: calls.title,
      title: apps.title,
      organizationId: apps.organizationId,
      amountFen: apps.amountFen,
      reviewDeadline: panels.reviewDeadline,
      live: sql<boolean>`exists (select 1 from ${scores} s where s.assignment_id = ${reviewAssignments.id} and s.returned_at is null)`,
      returned: sql<boolean>`exists (select 1 from ${scores} s where s.assignment_id = ${reviewAssignments.id} and s.returned_at is not null)`,
    })
    .from(reviewAssignments)
    .innerJoin(apps, eq(apps.id, reviewAssignments.applicationId))
    .innerJoin(panels, eq(panels.id, reviewAssignments.panelId))
    .innerJoin(calls, eq(calls.id, panels.callId))
    .innerJoin(experts, and(eq(experts.panelId, panels.id), eq(experts.userId, reviewAssignments.expertId)))
    // Until the expert has declared its conflicts for a panel, it sees none of that panel's applications.
    .where(and(reachable(ctx), sql`${experts.declaredAt} is not null`))
    // The work still to do first: open panels, the nearest deadline first; then past panels, the latest first.
    .orderBy(sql`${panels.status} = 'open' desc`, sql`case when ${panels.status} = 'open' then ${panels.reviewDeadline} end asc`, desc(panels.reviewDeadline), asc(apps.title));
  const names = await organizationNames(ctx.db, rows.map((r) => r.organizationId));
  return {
    items: rows.map((r) => ({
      assignmentId: r.assignmentId,
      applicationId: r.applicationId,
      panelId: r.panelId,
      callTitle: r.callTitle,
      title: r.title,
      organizationName: names.get(r.organizationId) ?? '',
      amountFen: r.amountFen,
      reviewDeadline: r.reviewDeadline.toISOString(),
      state: r.live ? ('scored' as const) : r.returned ? ('returned' as const) : ('to_score' as const),
    })),
  };
}

/** The expert's assignment of an application, or 404; refused while its conflicts are undeclared. */
async function assignmentOf(ctx: Ctx, db: DbOrTx, applicationId: string, lock = false) {
  const q = db
    .select({ assignment: reviewAssignments, app: apps, panel: panels, declaredAt: experts.declaredAt })
    .from(reviewAssignments)
    .innerJoin(apps, eq(apps.id, reviewAssignments.applicationId))
    .innerJoin(panels, eq(panels.id, reviewAssignments.panelId))
    .innerJoin(experts, and(eq(experts.panelId, panels.id), eq(experts.userId, reviewAssignments.expertId)))
    .where(and(eq(apps.id, applicationId), reachable(ctx)));
  const [row] = lock ? await q.for('update', { of: reviewAssignments }) : await q;
  if (!row) throw notFound('funding_application');
  if (!row.declaredAt) throw new AppError('conflicts_undeclared');
  return row;
}

function draftView(a: typeof reviewAssignments.$inferSelect) {
  return {
    scores: Object.fromEntries(Object.entries(a.draftScores ?? {}).map(([k, v]) => [k, { score: fromTenths(v.tenths), comment: v.comment }])),
    comment: a.draftComment,
    savedAt: a.draftSavedAt!.toISOString(),
  };
}

function scoreView(row: { scores: TCriterionScores; totalHundredths: number; comment: string; submittedAt: Date }, expertName: string, mine: boolean) {
  return {
    expertName,
    mine,
    scores: Object.fromEntries(Object.entries(row.scores).map(([k, v]) => [k, { score: fromTenths(v.tenths), comment: v.comment }])),
    total: points(row.totalHundredths),
    comment: row.comment,
    submittedAt: row.submittedAt.toISOString(),
  };
}

async function presentForExpert(ctx: Ctx, db: DbOrTx, row: Awaited<ReturnType<typeof assignmentOf>>): Promise<TReviewApplication> {
  const { app, panel, assignment } = row;
  const lines = await db.select().from(budgetLines).where(eq(budgetLines.applicationId, app.id)).orderBy(asc(budgetLines.position));
  const names = await organizationNames(db, [app.organizationId]);
  const mine = await db.select().from(scores).where(eq(scores.assignmentId, assignment.id)).orderBy(asc(scores.submittedAt));
  const live = mine.find((s) => !s.returnedAt) ?? null;
  const closed = panel.status === 'closed';
  // Every other expert's score stays out of this response until the panel has closed.
  const panelScores = closed
    ? await db
        .select({ s: scores, expertId: reviewAssignments.expertId, expertName: users.displayName })
        .from(scores)
        .innerJoin(reviewAssignments, eq(reviewAssignments.id, scores.assignmentId))
        .innerJoin(users, eq(users.id, reviewAssignments.expertId))
        .where(and(eq(reviewAssignments.applicationId, app.id), eq(reviewAssignments.panelId, panel.id), sql`${scores.returnedAt} is null`, sql`${reviewAssignments.removedAt} is null`))
        .orderBy(asc(scores.submittedAt))
    : [];
  const isChair = panel.chairId === ctx.actor.id;
  const progress = isChair
    ? await db
        .select({
          assignmentId: reviewAssignments.id,
          expertName: users.displayName,
          scored: sql<boolean>`exists (select 1 from ${scores} s where s.assignment_id = ${reviewAssignments.id} and s.returned_at is null)`,
        })
        .from(reviewAssignments)
        .innerJoin(users, eq(users.id, reviewAssignments.expertId))
        .where(and(eq(reviewAssignments.applicationId, app.id), eq(reviewAssignments.panelId, panel.id), sql`${reviewAssignments.removedAt} is null`))
        .orderBy(asc(users.displayName))
    : [];
  return {
    assignmentId: assignment.id,
    applicationId: app.id,
    panelId: panel.id,
    panelStatus: panel.status as TReviewApplication['panelStatus'],
    isChair,
    criteria: panel.criteria,
    reviewDeadline: panel.reviewDeadline.toISOString(),
    title: app.title,
    organizationName: names.get(app.organizationId) ?? '',
    summary: app.summary,
    goals: app.goals,
    activities: app.activities,
    targetBeneficiaries: app.targetBeneficiaries,
    beneficiaryCount: app.beneficiaryCount,
    indicators: app.indicators,
    amountFen: app.amountFen,
    budgetLines: lines.map((l) => ({ position: l.position, item: l.item, category: l.category, amountFen: l.amountFen, note: l.note })),
    myScore: live ? scoreView(live, ctx.actor.displayName, true) : null,
    myDraft: !live && assignment.draftSavedAt ? draftView(assignment) : null,
    myHistory: mine
      .filter((s) => s.returnedAt)
      .map((s) => ({ total: points(s.totalHundredths), submittedAt: s.submittedAt.toISOString(), returnedAt: iso(s.returnedAt), returnReason: s.returnReason })),
    panelScores: panelScores.map((p) => scoreView(p.s, p.expertName, p.expertId === ctx.actor.id)),
    progress: progress.map((p) => ({ assignmentId: p.assignmentId, expertName: p.expertName, scored: !!p.scored })),
  };
}

export async function reviewApplication(ctx: Ctx, applicationId: string) {
  return presentForExpert(ctx, ctx.db, await assignmentOf(ctx, ctx.db, applicationId));
}

/** Checks a score against the rubric: every criterion (a draft: any of them), none other, each within 0..max. */
function checkScores(criteria: PanelRow['criteria'], input: Pick<TScoreBody, 'scores'>, partial = false): TCriterionScores {
  const problems: FieldProblem[] = [];
  const out: TCriterionScores = {};
  for (const c of criteria) {
    const s = input.scores[c.code];
    if (!s && partial) continue;
    // The criterion is named by its name in the rubric: its code is no word a user knows.
    if (!s) problems.push({ field: `scores.${c.code}`, problem: 'criterion_score_required', params: { criterion: c.name } });
    else if (s.score > c.maxScore) problems.push({ field: `scores.${c.code}.score`, problem: 'criterion_score_too_big', params: { criterion: c.name, maximum: c.maxScore } });
    else out[c.code] = { tenths: toTenths(s.score), comment: s.comment?.trim() || null };
  }
  for (const code of Object.keys(input.scores)) {
    if (!criteria.some((c) => c.code === code)) problems.push({ field: `scores.${code}`, problem: 'criterion_unknown', params: { code } });
  }
  if (problems.length) throw validation(problems);
  return out;
}

/** Submits the expert's score of an assigned application: once, unless the chair returns it. */
export async function submitScore(ctx: Ctx, applicationId: string, input: TScoreBody) {
  return mutate(ctx, async (w) => {
    const row = await assignmentOf(w, w.db, applicationId, true);
    const { panel, app, assignment } = row;
    if (!(await panelStillOpen(w.db, panel.id))) throw new AppError('panel_closed');
    const [call] = await w.db.select({ step: calls.step }).from(calls).where(eq(calls.id, panel.callId));
    if (call.step !== 'review') throw new AppError('call_not_in_review', { step: call.step });
    if (await deadlinePassed(w.db, panel.id)) throw new AppError('review_deadline_passed');
    const [live] = await w.db.select({ id: scores.id }).from(scores).where(and(eq(scores.assignmentId, assignment.id), sql`${scores.returnedAt} is null`));
    if (live) throw new AppError('already_scored');
    const checked = checkScores(panel.criteria, input);
    const total = weightedTotal(panel.criteria, checked);
    await w.db.insert(scores).values({ assignmentId: assignment.id, scores: checked, totalHundredths: total, comment: input.comment });
    await w.db.update(reviewAssignments).set({ draftScores: null, draftComment: null, draftSavedAt: null }).where(eq(reviewAssignments.id, assignment.id));
    await writeAudit(w, {
      action: 'funding.review.score',
      entityType: 'funding.application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      after: { panelId: panel.id, expertId: w.actor.id, total: points(total) },
    });
    const [fresh] = await w.db.select().from(reviewAssignments).where(eq(reviewAssignments.id, assignment.id));
    return presentForExpert(w, w.db, { ...row, assignment: fresh });
  });
}

/**
 * Keeps the expert's unfinished score (暂存) on the server: any criteria so far, checked against
 * the rubric. Only that expert reads it back; the panel's progress and its close count submitted
 * scores alone, so a draft never stands in for a score.
 */
export async function saveScoreDraft(ctx: Ctx, applicationId: string, input: TScoreDraftBody) {
  return mutate(ctx, async (w) => {
    const row = await assignmentOf(w, w.db, applicationId, true);
    const { panel, app, assignment } = row;
    if (!(await panelStillOpen(w.db, panel.id))) throw new AppError('panel_closed');
    const [live] = await w.db.select({ id: scores.id }).from(scores).where(and(eq(scores.assignmentId, assignment.id), sql`${scores.returnedAt} is null`));
    if (live) throw new AppError('already_scored');
    const checked = checkScores(panel.criteria, input, true);
    const [after] = await w.db
      .update(reviewAssignments)
      .set({ draftScores: checked, draftComment: input.comment?.trim() || null, draftSavedAt: new Date() })
      .where(eq(reviewAssignments.id, assignment.id))
      .returning();
    await writeAudit(w, {
      action: 'funding.review.draft',
      entityType: 'funding.application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      after: { panelId: panel.id, expertId: w.actor.id, criteriaFilled: Object.keys(checked).length },
    });
    return presentForExpert(w, w.db, { ...row, assignment: after });
  });
}

/** The chair returns one expert's score for a re-score, with the reason; the score stays in the history. */
export async function returnScore(ctx: Ctx, assignmentId: string, reason: string) {
  return mutate(ctx, async (w) => {
    const [row] = await w.db
      .select({ assignment: reviewAssignments, panel: panels, app: apps })
      .from(reviewAssignments)
      .innerJoin(panels, eq(panels.id, reviewAssignments.panelId))
      .innerJoin(apps, eq(apps.id, reviewAssignments.applicationId))
      .where(and(eq(reviewAssignments.id, assignmentId), eq(panels.chairId, w.actor.id), sql`${reviewAssignments.removedAt} is null`));
    // Only the chair reaches another expert's assignment; to anyone else it does not exist.
    if (!row) throw notFound('funding_assignment');
    if (!(await panelStillOpen(w.db, row.panel.id))) throw new AppError('panel_closed');
    const [live] = await w.db
      .select()
      .from(scores)
      .where(and(eq(scores.assignmentId, assignmentId), sql`${scores.returnedAt} is null`))
      .for('update');
    if (!live) throw new AppError('score_missing');
    await w.db.update(scores).set({ returnedAt: new Date(), returnedBy: w.actor.id, returnReason: reason }).where(eq(scores.id, live.id));
    await writeAudit(w, {
      action: 'funding.review.return',
      entityType: 'funding.application',
      entityId: row.app.id,
      entityName: row.app.title,
      regionCode: row.app.regionCode,
      before: { total: points(live.totalHundredths) },
      after: { expertId: row.assignment.expertId, reason },
    });
    return { ok: true as const };
  });
}

import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import type { TAnswerObjectionBody, TNoticeListQuery, TObjection, TObjectionBody, TPublicNotice } from '../../../../../shared/funding/notice.js';
import { maskContact } from '../../../../../shared/funding/notice.js';
import type { Ctx } from '../../../core/actor.js';
import { recordRead, writeAudit } from '../../../core/audit.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition, recordStart } from '../../../core/workflow.js';
import { mutate } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { addWorkingDays } from '../../calendar/calendar.service.js';
import { organizationNames } from '../../registry/registry.service.js';
import {
  fundingNotices as notices,
  fundingObjections as objections,
  fundingPanels as panels,
  fundingReviewResults as results,
} from '../funding-review.tables.js';
import { fundingApplications as apps, fundingCalls as calls } from '../funding.tables.js';
import { mayLeaveStep } from './call-steps.js';
import { iso, noticeWorkflow, reviewWorkflow } from './review-common.js';
import { serverNow } from './time.js';

/*
 * The public notice (项目公示, F6). Publication fixes what the public sees (approved projects, no
 * person); the objection period is N working days on the working-day calendar, counted from the day
 * after publication, and objections are taken through its last day (China dates). The results are
 * fixed only once the period is over and every objection is answered.
 */

type NoticeRow = typeof notices.$inferSelect;

const today = () => todayInChina(serverNow());

function stateOf(notice: NoticeRow): TPublicNotice['state'] {
  if (notice.fixedAt) return 'fixed';
  return today() <= notice.endsOn ? 'objection_period' : 'awaiting_answers';
}

async function withdrawnOf(db: DbOrTx, notice: NoticeRow) {
  const ids = notice.entries.map((e) => e.applicationId);
  if (!ids.length) return new Set<string>();
  const rows = await db.select({ id: results.applicationId }).from(results).where(and(inArray(results.applicationId, ids), eq(results.decision, 'not_funded')));
  return new Set(rows.map((r) => r.id));
}

async function unansweredCount(db: DbOrTx, noticeId: string) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(objections).where(and(eq(objections.noticeId, noticeId), sql`${objections.decision} is null`));
  return row?.n ?? 0;
}

async function presentPublic(db: DbOrTx, notice: NoticeRow): Promise<TPublicNotice> {
  const [call] = await db.select({ title: calls.title }).from(calls).where(eq(calls.id, notice.callId));
  const withdrawn = await withdrawnOf(db, notice);
  return {
    id: notice.id,
    callId: notice.callId,
    callTitle: call?.title ?? '',
    regionCode: notice.regionCode,
    publishedOn: notice.publishedOn,
    objectionDays: notice.objectionDays,
    endsOn: notice.endsOn,
    state: stateOf(notice),
    entries: notice.entries.map((e) => ({ ...e, withdrawn: withdrawn.has(e.applicationId) })),
  };
}

function presentObjection(o: typeof objections.$inferSelect, titles: Map<string, string>): TObjection {
  return {
    id: o.id,
    applicationId: o.applicationId,
    applicationTitle: o.applicationId ? (titles.get(o.applicationId) ?? null) : null,
    name: o.name,
    contact: maskContact(o.contact),
    text: o.text,
    lodgedAt: o.lodgedAt.toISOString(),
    decision: o.decision as TObjection['decision'],
    answer: o.answer,
    withdrewApproval: o.withdrewApproval,
    answeredAt: iso(o.answeredAt),
  };
}

async function presentDetail(db: DbOrTx, notice: NoticeRow) {
  const list = await db.select().from(objections).where(eq(objections.noticeId, notice.id)).orderBy(asc(objections.lodgedAt));
  const titles = new Map(notice.entries.map((e) => [e.applicationId, e.title]));
  return { ...(await presentPublic(db, notice)), objections: list.map((o) => presentObjection(o, titles)), fixedAt: iso(notice.fixedAt) };
}

async function callForNotice(ctx: Ctx, db: DbOrTx, callId: string, lock = false) {
  const q = db
    .select()
    .from(calls)
    .where(and(eq(calls.id, callId), scopeWhere(scopeFor(ctx.actor, 'funding.notice.manage'), { region: calls.regionCode })));
  const [call] = lock ? await q.for('update') : await q;
  if (!call) throw notFound('funding_call');
  return call;
}

async function noticeOfCall(db: DbOrTx, callId: string, lock = false) {
  const q = db.select().from(notices).where(eq(notices.callId, callId));
  const [notice] = lock ? await q.for('update') : await q;
  return notice ?? null;
}

/** Publishes the call's results: its panel must have closed, and the call be at its notice step. */
export async function publishNotice(ctx: Ctx, callId: string, input: { objectionDays: number }) {
  return mutate(ctx, async (w) => {
    const call = await callForNotice(w, w.db, callId, true);
    if (call.step !== 'notice') throw new AppError('call_not_at_notice', { step: call.step });
    const [panel] = await w.db.select().from(panels).where(eq(panels.callId, callId));
    if (!panel || panel.status !== 'closed') throw new AppError('panel_open');
    if (await noticeOfCall(w.db, callId)) throw new AppError('notice_published');
    const approved = await w.db
      .select({ id: apps.id, title: apps.title, organizationId: apps.organizationId, amountFen: apps.amountFen })
      .from(results)
      .innerJoin(apps, eq(apps.id, results.applicationId))
      .where(and(eq(results.panelId, panel.id), eq(results.decision, 'approved')))
      .orderBy(sql`${results.rank} asc nulls last`, asc(apps.title));
    const names = await organizationNames(w.db, approved.map((a) => a.organizationId));
    const publishedOn = today();
    const endsOn = await addWorkingDays(w.db, publishedOn, input.objectionDays, { field: 'objectionDays' });
    const [notice] = await w.db
      .insert(notices)
      .values({
        callId,
        regionCode: call.regionCode,
        entries: approved.map((a) => ({ applicationId: a.id, organizationName: names.get(a.organizationId) ?? '', title: a.title, amountFen: a.amountFen })),
        objectionDays: input.objectionDays,
        publishedOn,
        endsOn,
        publishedBy: w.actor.id || null,
      })
      .returning();
    await recordStart(w.db, w, noticeWorkflow.name, { id: notice.id, state: 'published', regionCode: notice.regionCode });
    await writeAudit(w, {
      action: 'funding.notice.publish',
      entityType: 'funding.notice',
      entityId: notice.id,
      entityName: call.title,
      regionCode: call.regionCode,
      after: { callId, objectionDays: input.objectionDays, publishedOn, endsOn, projects: approved.length },
    });
    return presentDetail(w.db, notice);
  });
}

export async function getNoticeOfCall(ctx: Ctx, callId: string) {
  await callForNotice(ctx, ctx.db, callId);
  const notice = await noticeOfCall(ctx.db, callId);
  if (!notice) throw notFound('funding_notice');
  return presentDetail(ctx.db, notice);
}

/**
 * The notices in the staff's scope, newest first, with their objection counts: where a centre
 * worker finds the notices still taking objections or waiting for answers. The state filter is
 * the same reading of the China date as stateOf.
 */
export async function listNotices(ctx: Ctx, q: TNoticeListQuery) {
  const day = today();
  const byState = {
    fixed: sql`${notices.fixedAt} is not null`,
    objection_period: and(sql`${notices.fixedAt} is null`, sql`${notices.endsOn} >= ${day}`),
    awaiting_answers: and(sql`${notices.fixedAt} is null`, sql`${notices.endsOn} < ${day}`),
  };
  const where = and(scopeWhere(scopeFor(ctx.actor, 'funding.notice.manage'), { region: notices.regionCode }), q.state ? byState[q.state] : undefined);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(notices).where(where);
  const rows = await ctx.db
    .select({
      notice: notices,
      callTitle: calls.title,
      objections: sql<number>`(select count(*)::int from ${objections} o where o.notice_id = ${notices.id})`,
      unanswered: sql<number>`(select count(*)::int from ${objections} o where o.notice_id = ${notices.id} and o.decision is null)`,
    })
    .from(notices)
    .innerJoin(calls, eq(calls.id, notices.callId))
    .where(where)
    .orderBy(desc(notices.publishedAt), asc(notices.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.notice.id,
      callId: r.notice.callId,
      callTitle: r.callTitle,
      regionCode: r.notice.regionCode,
      publishedOn: r.notice.publishedOn,
      endsOn: r.notice.endsOn,
      state: stateOf(r.notice),
      projects: r.notice.entries.length,
      objections: Number(r.objections),
      unanswered: Number(r.unanswered),
    })),
  };
}

/** An objection in the staff's scope, with its notice; locked for an answer. */
async function objectionForStaff(ctx: Ctx, db: DbOrTx, id: string, lock = false) {
  const q = db
    .select({ o: objections, notice: notices })
    .from(objections)
    .innerJoin(notices, eq(notices.id, objections.noticeId))
    .where(and(eq(objections.id, id), scopeWhere(scopeFor(ctx.actor, 'funding.notice.manage'), { region: notices.regionCode })));
  const [row] = lock ? await q.for('update', { of: objections }) : await q;
  if (!row) throw notFound('funding_objection');
  return row;
}

/** Staff answer an objection; upheld, it may withdraw the approval of the project objected to (recorded as a workflow step). */
export async function answerObjection(ctx: Ctx, id: string, input: TAnswerObjectionBody) {
  return mutate(ctx, async (w) => {
    const { o } = await objectionForStaff(w, w.db, id, true);
    // Under a share lock: a fix in flight (holding the notice for update) is waited for, then seen.
    const [notice] = await w.db.select().from(notices).where(eq(notices.id, o.noticeId)).for('share');
    if (o.decision) throw new AppError('objection_answered');
    if (notice.fixedAt) throw new AppError('notice_fixed');
    if (input.withdrawApproval) {
      if (!o.applicationId) throw invalidField('withdrawApproval', 'objection_names_no_project');
      const [app] = await w.db.select().from(apps).where(eq(apps.id, o.applicationId)).for('update');
      if (!app || app.status !== 'approved') throw invalidField('withdrawApproval', 'not_approved');
      const status = await applyTransition(
        w.db,
        w,
        reviewWorkflow,
        { id: app.id, state: 'approved', regionCode: app.regionCode, organizationId: app.organizationId },
        'withdraw_approval',
        { comment: input.answer },
      );
      await w.db.update(apps).set({ status, updatedAt: new Date() }).where(eq(apps.id, app.id));
      await w.db.update(results).set({ decision: 'not_funded', adjustReason: input.answer, updatedAt: new Date() }).where(eq(results.applicationId, app.id));
    }
    const [after] = await w.db
      .update(objections)
      .set({ decision: input.decision, answer: input.answer, withdrewApproval: input.withdrawApproval, answeredBy: w.actor.id || null, answeredAt: new Date() })
      .where(eq(objections.id, id))
      .returning();
    await writeAudit(w, {
      action: 'funding.objection.answer',
      entityType: 'funding.objection',
      entityId: id,
      regionCode: notice.regionCode,
      after: { decision: input.decision, answer: input.answer, withdrewApproval: input.withdrawApproval, applicationId: o.applicationId },
    });
    return presentObjection(after, new Map(notice.entries.map((e) => [e.applicationId, e.title])));
  });
}

/** The objector's whole contact, for staff who must answer: a recorded read. */
export async function revealObjectionContact(ctx: Ctx, id: string) {
  const { o, notice } = await objectionForStaff(ctx, ctx.db, id);
  await recordRead(ctx, { action: 'funding.objection.reveal', entityType: 'funding.objection', entityId: id, regionCode: notice.regionCode, after: { fields: ['contact'] } });
  return { contact: o.contact };
}

/** Fixes the results: only after the last day of the period, with every objection answered. */
export async function fixResults(ctx: Ctx, callId: string) {
  return mutate(ctx, async (w) => {
    const call = await callForNotice(w, w.db, callId, true);
    const notice = await noticeOfCall(w.db, callId, true);
    if (!notice) throw notFound('funding_notice');
    if (notice.fixedAt) throw new AppError('notice_fixed');
    const problem = await fixProblem(w.db, notice);
    if (problem) throw new AppError(problem.code, problem.params);
    await applyTransition(w.db, w, noticeWorkflow, { id: notice.id, state: 'published', regionCode: notice.regionCode }, 'fix');
    const [after] = await w.db.update(notices).set({ fixedAt: new Date(), fixedBy: w.actor.id || null }).where(eq(notices.id, notice.id)).returning();
    const [{ n: objectionCount }] = await w.db.select({ n: sql<number>`count(*)::int` }).from(objections).where(eq(objections.noticeId, notice.id));
    const withdrawn = await withdrawnOf(w.db, notice);
    await writeAudit(w, {
      action: 'funding.notice.fix',
      entityType: 'funding.notice',
      entityId: notice.id,
      entityName: call.title,
      regionCode: notice.regionCode,
      after: { callId, objections: objectionCount, approved: notice.entries.length - withdrawn.size },
    });
    return presentDetail(w.db, after);
  });
}

async function fixProblem(db: DbOrTx, notice: NoticeRow): Promise<{ code: 'objection_period_open' | 'objections_unanswered'; params: Record<string, unknown> } | null> {
  if (today() <= notice.endsOn) return { code: 'objection_period_open', params: { endsOn: notice.endsOn } };
  const unanswered = await unansweredCount(db, notice.id);
  if (unanswered > 0) return { code: 'objections_unanswered', params: { count: unanswered } };
  return null;
}

// The call leaves `notice` only with its results fixed.
mayLeaveStep('notice', async (w, call) => {
  const notice = await noticeOfCall(w.db, call.id);
  if (!notice) return { problem: 'notice_missing' };
  if (notice.fixedAt) return null;
  const problem = await fixProblem(w.db, notice);
  return problem ? { problem: problem.code, params: problem.params } : { problem: 'notice_not_fixed' };
});

// --- Public ------------------------------------------------------------------------------------

export async function publicNotices(db: DbOrTx) {
  const rows = await db.select().from(notices).orderBy(desc(notices.publishedAt)).limit(100);
  return { items: await Promise.all(rows.map((n) => presentPublic(db, n))) };
}

export async function publicNotice(db: DbOrTx, id: string) {
  const [notice] = await db.select().from(notices).where(eq(notices.id, id));
  if (!notice) throw notFound('funding_notice');
  return presentPublic(db, notice);
}

/** Anyone lodges an objection while the period runs (through its last day, China time). */
export async function lodgeObjection(ctx: Ctx, noticeId: string, input: TObjectionBody) {
  return mutate(ctx, async (w) => {
    const [notice] = await w.db.select().from(notices).where(eq(notices.id, noticeId)).for('share');
    if (!notice) throw notFound('funding_notice');
    if (notice.fixedAt || today() > notice.endsOn) throw new AppError('objection_period_over', { endsOn: notice.endsOn });
    if (input.applicationId && !notice.entries.some((e) => e.applicationId === input.applicationId)) {
      throw invalidField('applicationId', 'not_in_notice');
    }
    const [row] = await w.db
      .insert(objections)
      .values({ noticeId, applicationId: input.applicationId ?? null, name: input.name, contact: input.contact, text: input.objectionText })
      .returning({ id: objections.id, lodgedAt: objections.lodgedAt });
    await writeAudit(w, {
      action: 'funding.objection.lodge',
      entityType: 'funding.objection',
      entityId: row.id,
      regionCode: notice.regionCode,
      after: { noticeId, applicationId: input.applicationId ?? null },
    });
    return { id: row.id, lodgedAt: row.lodgedAt.toISOString(), endsOn: notice.endsOn };
  });
}

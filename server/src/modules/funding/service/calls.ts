import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { CallSort, TCallBody, TCallDetail, TCallExportQuery, TCallListItem, TCallListQuery, TPublicCall, TUpdateCallBody } from '../../../../../shared/funding/calls.js';
import type { CallType, PipelineStep } from '../../../../../shared/funding/pipeline.js';
import type { CallStatus } from '../../../../../shared/funding/states.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import { can, type Ctx } from '../../../core/actor.js';
import { auditExport, writeAudit } from '../../../core/audit.js';
import { scopeCoversRegion, scopeFor, workRegions } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { applyTransition, defineWorkflow, historyOf, recordStart } from '../../../core/workflow.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound, type FieldProblem } from '../../../errors.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import { translate } from '../../../i18n/index.js';
import { getRegion, regionNames } from '../../regions/regions.service.js';
import { findFund, fundSummary } from '../../../core/ledger/ledger.js';
import { checkFund } from './contracts.js';
import { fundingApplications as apps, fundingCalls as calls, fundingCallTopics as callTopics, fundingTopics as topics } from '../funding.tables.js';
import { fundingTopicClosures as closures } from '../funding-front.tables.js';
import { leaveBlocks, runLeaveEffects, type CallRow } from './call-steps.js';
import { ruleLabel, ruleRegionCodes } from './eligibility.js';
import { callScope } from './scope.js';
import { stepsFor } from './settings.js';
import { chinaTime, serverNow } from './time.js';
import type { TEligibilityRule, TFormQuestion } from '../../../../../shared/funding/calls.js';

export const CALL_WORKFLOW = 'funding.call';

/** The call's place as its history shows it: its status, or while published the step it is at. */
const stateOf = (call: Pick<CallRow, 'status' | 'step'>) => (call.status === 'published' ? call.step : call.status);

/** Whether an organisation may submit to the call at `now`. */
export function callOpen(call: Pick<CallRow, 'status' | 'step' | 'opensAt' | 'deadline'>, now = serverNow()) {
  return call.status === 'published' && call.step === 'call' && (!call.opensAt || call.opensAt <= now) && now <= call.deadline;
}

export function callAuditOf(c: CallRow) {
  return {
    id: c.id,
    regionCode: c.regionCode,
    callType: c.callType,
    year: c.year,
    title: c.title,
    description: c.description,
    steps: c.steps,
    step: c.step,
    status: c.status,
    budgetFen: c.budgetFen,
    capFen: c.capFen,
    opensAt: c.opensAt?.toISOString() ?? null,
    deadline: c.deadline.toISOString(),
    eligibility: c.eligibility,
    form: c.form,
    cancelReason: c.cancelReason,
    fundId: c.fundId,
  };
}

/** One step of a call's history (publish, advance, cancel): who, when, why, in the core workflow history. */
async function recordCallStep(w: WriteCtx, call: CallRow, to: string, action: string, comment: string | null, commentRequired = false) {
  const from = stateOf(call);
  const def = defineWorkflow({
    name: CALL_WORKFLOW,
    states: [from, to],
    transitions: [{ action, from: [from], to, permission: 'funding.call.manage', commentRequired }],
  });
  await applyTransition(w.db, w, def, { id: call.id, state: from, regionCode: call.regionCode }, action, { comment });
}

export async function findCallInScope(ctx: Ctx, db: DbOrTx, id: string, permission: 'funding.read' | 'funding.call.manage' = 'funding.read', forUpdate = false) {
  const q = db.select().from(calls).where(and(eq(calls.id, id), callScope(ctx.actor, permission)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('call');
  return row;
}

/**
 * `kept` are the topics the call funds already: a topic closed since stays on its call, but a closed
 * topic is never newly added to one.
 */
async function validateCall(
  ctx: Ctx,
  db: DbOrTx,
  c: { regionCode: string; budgetFen: number; capFen: number | null; deadline: string | Date; opensAt: string | Date | null; topicIds: string[]; form: TFormQuestion[] },
  kept: string[] = [],
) {
  const problems: FieldProblem[] = [];
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'funding.call.manage'), c.regionCode)) problems.push({ field: 'regionCode', problem: 'region_out_of_scope' });
  else if (!(await getRegion(db, c.regionCode))) problems.push({ field: 'regionCode', problem: 'region_unknown' });
  if (c.capFen !== null && c.capFen > c.budgetFen) problems.push({ field: 'capFen', problem: 'cap_over_budget' });
  if (c.opensAt && new Date(c.opensAt) >= new Date(c.deadline)) problems.push({ field: 'opensAt', problem: 'opens_after_deadline' });
  const keys = new Set<string>();
  c.form.forEach((q, i) => {
    if (keys.has(q.key)) problems.push({ field: `form.${i}.key`, problem: 'question_key_taken' });
    keys.add(q.key);
  });
  const wanted = [...new Set(c.topicIds)];
  if (wanted.length) {
    const found = await db
      .select({ id: topics.id, title: topics.title, closedAt: closures.closedAt })
      .from(topics)
      .leftJoin(closures, eq(closures.topicId, topics.id))
      .where(and(inArray(topics.id, wanted), scopeWhere(scopeFor(ctx.actor, 'funding.call.manage'), { region: topics.regionCode })));
    const have = new Map(found.map((t) => [t.id, t]));
    c.topicIds.forEach((id, i) => {
      const topic = have.get(id);
      if (!topic) problems.push({ field: `topicIds.${i}`, problem: 'reference_unknown' });
      else if (topic.closedAt && !kept.includes(id)) problems.push({ field: `topicIds.${i}`, problem: 'topic_closed', params: { title: topic.title } });
    });
  }
  if (problems.length) throw new AppError('validation', {}, problems);
}

async function setTopics(w: WriteCtx, callId: string, topicIds: string[]) {
  await w.db.delete(callTopics).where(eq(callTopics.callId, callId));
  const unique = [...new Set(topicIds)];
  if (unique.length) await w.db.insert(callTopics).values(unique.map((topicId) => ({ callId, topicId })));
}

export async function createCall(ctx: Ctx, input: TCallBody) {
  await validateCall(ctx, ctx.db, input);
  if (input.fundId) await checkFund(ctx, input.fundId, input.regionCode, 'funding.call.manage');
  return mutate(ctx, async (w) => {
    const steps = await stepsFor(w.db, input.regionCode, input.callType);
    const [row] = await w.db
      .insert(calls)
      .values({
        regionCode: input.regionCode,
        callType: input.callType,
        year: input.year,
        title: input.title,
        description: input.description,
        steps,
        step: steps[0],
        status: 'draft',
        budgetFen: input.budgetFen,
        capFen: input.capFen,
        opensAt: input.opensAt ? new Date(input.opensAt) : null,
        deadline: new Date(input.deadline),
        eligibility: input.eligibility,
        form: input.form,
        fundId: input.fundId,
        createdBy: ctx.actor.id || null,
      })
      .returning();
    await setTopics(w, row.id, input.topicIds);
    await recordStart(w.db, ctx, CALL_WORKFLOW, { id: row.id, state: 'draft', regionCode: row.regionCode });
    await writeAudit(w, { action: 'funding.call.create', entityType: 'call', entityId: row.id, entityName: row.title, regionCode: row.regionCode, after: { ...callAuditOf(row), topicIds: input.topicIds } });
    return callDetail(ctx, w.db, row);
  });
}

export async function updateCall(ctx: Ctx, id: string, input: TUpdateCallBody) {
  return mutate(ctx, async (w) => {
    const before = await findCallInScope(ctx, w.db, id, 'funding.call.manage', true);
    if (before.status !== 'draft') throw new AppError('invalid_state', { state: before.status, action: 'edit' });
    const currentTopics = (await w.db.select({ id: callTopics.topicId }).from(callTopics).where(eq(callTopics.callId, id))).map((t) => t.id);
    const merged = {
      regionCode: input.regionCode ?? before.regionCode,
      budgetFen: input.budgetFen ?? before.budgetFen,
      capFen: input.capFen !== undefined ? input.capFen : before.capFen,
      deadline: input.deadline ?? before.deadline,
      opensAt: input.opensAt !== undefined ? input.opensAt : before.opensAt,
      topicIds: input.topicIds ?? currentTopics,
      form: (input.form ?? before.form) as TFormQuestion[],
    };
    await validateCall(ctx, w.db, merged, currentTopics);
    const fundId = input.fundId !== undefined ? input.fundId : before.fundId;
    // A kept fund is checked again when the call moves: it must still cover the call's region.
    if (fundId && (input.fundId !== undefined || input.regionCode)) await checkFund(w, fundId, merged.regionCode, 'funding.call.manage');
    const callType = (input.callType ?? before.callType) as CallType;
    // A draft takes the steps in force where and for what it now is.
    const steps = input.regionCode || input.callType ? await stepsFor(w.db, merged.regionCode, callType) : (before.steps as PipelineStep[]);
    const [after] = await w.db
      .update(calls)
      .set({
        regionCode: merged.regionCode,
        callType,
        year: input.year ?? before.year,
        title: input.title ?? before.title,
        description: input.description !== undefined ? input.description : before.description,
        steps,
        step: steps.includes(before.step as PipelineStep) ? before.step : steps[0],
        budgetFen: merged.budgetFen,
        capFen: merged.capFen,
        opensAt: merged.opensAt ? new Date(merged.opensAt) : null,
        deadline: new Date(merged.deadline),
        eligibility: input.eligibility ?? before.eligibility,
        form: merged.form,
        fundId,
        updatedAt: new Date(),
      })
      .where(eq(calls.id, id))
      .returning();
    if (input.topicIds) await setTopics(w, id, input.topicIds);
    await writeAudit(w, {
      action: 'funding.call.update',
      entityType: 'call',
      entityId: id,
      entityName: after.title,
      regionCode: after.regionCode,
      before: { ...callAuditOf(before), topicIds: currentTopics },
      after: { ...callAuditOf(after), topicIds: merged.topicIds },
    });
    return callDetail(ctx, w.db, after);
  });
}

async function changeCall(w: WriteCtx, before: CallRow, set: Partial<CallRow>, action: 'publish' | 'advance' | 'cancel' | 'complete', comment: string | null) {
  const [after] = await w.db.update(calls).set({ ...set, updatedAt: new Date() }).where(eq(calls.id, before.id)).returning();
  await recordCallStep(w, before, stateOf(after), action, comment, action === 'cancel');
  await writeAudit(w, {
    action: `funding.call.${action}`,
    entityType: 'call',
    entityId: after.id,
    entityName: after.title,
    regionCode: after.regionCode,
    before: { status: before.status, step: before.step },
    after: { status: after.status, step: after.step, comment },
  });
  return after;
}

/** Publishes a draft: submission opens (the step moves to `call`); the deadline must still be ahead. */
export async function publishCall(ctx: Ctx, id: string, comment: string | null) {
  return mutate(ctx, async (w) => {
    const before = await findCallInScope(ctx, w.db, id, 'funding.call.manage', true);
    if (before.status !== 'draft') throw new AppError('invalid_state', { state: before.status, action: 'publish' });
    const now = serverNow();
    if (before.deadline <= now) throw invalidField('deadline', 'deadline_past', { deadline: chinaTime(before.deadline) });
    const after = await changeCall(w, before, { status: 'published', step: 'call', publishedAt: now }, 'publish', comment);
    return callDetail(ctx, w.db, after);
  });
}

/**
 * Moves a published call to its next step, one at a time and only forward. Each step's leave
 * conditions (call-steps.ts) must hold; its leave effects (the screening as the call leaves `call`)
 * run in the same unit. Past the last step the call is completed.
 */
export async function advanceCall(ctx: Ctx, id: string, comment: string | null) {
  return mutate(ctx, async (w) => {
    const before = await findCallInScope(ctx, w.db, id, 'funding.call.manage', true);
    if (before.status !== 'published') throw new AppError('invalid_state', { state: before.status, action: 'advance' });
    const blocks = await leaveBlocks(w, before);
    if (blocks.length) {
      throw new AppError(
        'call_step_blocked',
        { step: translate(ctx.locale, `fundingSteps.${before.step}`) },
        blocks.map((b) => ({ field: 'step', problem: b.problem, params: b.params })),
      );
    }
    await runLeaveEffects(w, before);
    const steps = before.steps as PipelineStep[];
    const next = steps[steps.indexOf(before.step as PipelineStep) + 1];
    const after = next
      ? await changeCall(w, before, { step: next }, 'advance', comment)
      : await changeCall(w, before, { status: 'completed' }, 'complete', comment);
    return callDetail(ctx, w.db, after);
  });
}

export async function cancelCall(ctx: Ctx, id: string, reason: string) {
  return mutate(ctx, async (w) => {
    const before = await findCallInScope(ctx, w.db, id, 'funding.call.manage', true);
    if (before.status !== 'draft' && before.status !== 'published') throw new AppError('invalid_state', { state: before.status, action: 'cancel' });
    const after = await changeCall(w, before, { status: 'cancelled', cancelReason: reason }, 'cancel', reason);
    return callDetail(ctx, w.db, after);
  });
}

function summaryOf(row: CallRow, names: Map<string, string>): TCallListItem {
  return {
    id: row.id,
    callType: row.callType as CallType,
    regionCode: row.regionCode,
    regionName: names.get(row.regionCode) ?? null,
    year: row.year,
    title: row.title,
    budgetFen: row.budgetFen,
    capFen: row.capFen,
    deadline: row.deadline.toISOString(),
    opensAt: row.opensAt?.toISOString() ?? null,
    status: row.status as CallStatus,
    step: row.step as PipelineStep,
    steps: row.steps as PipelineStep[],
    open: callOpen(row),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

async function topicsOf(db: DbOrTx, callId: string) {
  return db
    .select({ id: topics.id, title: topics.title })
    .from(callTopics)
    .innerJoin(topics, eq(topics.id, callTopics.topicId))
    .where(eq(callTopics.callId, callId))
    .orderBy(asc(topics.title));
}

async function publicView(ctx: Pick<Ctx, 'locale'>, db: DbOrTx, row: CallRow) {
  const names = await regionNames(db, [row.regionCode, ...ruleRegionCodes(row.eligibility as TEligibilityRule[])]);
  return {
    ...summaryOf(row, names),
    description: row.description,
    topics: await topicsOf(db, row.id),
    eligibility: (row.eligibility as TEligibilityRule[]).map((rule) => ({ rule, label: ruleLabel(ctx.locale, rule, names) })),
    form: row.form as TFormQuestion[],
  };
}

/** The call's fund by name with its figures (one read of its balance rows). */
async function fundOf(db: DbOrTx, fundId: string | null): Promise<TCallDetail['fund']> {
  const fund = fundId ? await findFund(db, fundId) : undefined;
  if (!fund) return null;
  const figures = await fundSummary(db, fund.id);
  return { id: fund.id, name: fund.name, regionCode: fund.regionCode, year: fund.year, budgetFen: figures.budgetFen, availableFen: figures.availableFen, committedFen: figures.committedFen, paidFen: figures.paidFen };
}

export async function callDetail(ctx: Ctx, db: DbOrTx, row: CallRow): Promise<TCallDetail> {
  const manages = scopeCoversRegion(scopeFor(ctx.actor, 'funding.call.manage'), row.regionCode);
  const screens = scopeCoversRegion(scopeFor(ctx.actor, 'funding.application.screen'), row.regionCode);
  const counts: Record<string, number> = {};
  const regional = scopeFor(ctx.actor, 'funding.read').filter((s) => s.kind === 'region');
  if (regional.length) {
    const rows = await db
      .select({ status: apps.status, n: sql<number>`count(*)::int` })
      .from(apps)
      .where(and(eq(apps.callId, row.id), ne(apps.status, 'draft'), scopeWhere(regional, { region: apps.regionCode })))
      .groupBy(apps.status);
    for (const r of rows) counts[r.status] = r.n;
  }
  const history = await historyOf(db, CALL_WORKFLOW, row.id);
  const canApply = can(ctx.actor, 'funding.application.write') && workRegions(ctx.actor, 'funding.application.write').some((s) => s.kind === 'region');
  return {
    ...(await publicView(ctx, db, row)),
    cancelReason: row.cancelReason,
    fund: scopeCoversRegion(regional, row.regionCode) ? await fundOf(db, row.fundId) : null,
    createdAt: row.createdAt.toISOString(),
    history: history.map((h) => ({ fromState: h.fromState, toState: h.toState, action: h.action, actorName: h.actorName ?? '', comment: h.comment, at: h.at.toISOString() })),
    applicationCounts: counts,
    abilities: {
      edit: manages && row.status === 'draft',
      publish: manages && row.status === 'draft',
      advance: manages && row.status === 'published',
      cancel: manages && (row.status === 'draft' || row.status === 'published'),
      screen: screens && row.status === 'published',
      apply: canApply && callOpen(row),
    },
  };
}

export async function getCall(ctx: Ctx, id: string) {
  return callDetail(ctx, ctx.db, await findCallInScope(ctx, ctx.db, id));
}

function callFilters(q: Omit<TCallListQuery, 'page' | 'pageSize'>): SQL[] {
  const parts: SQL[] = [];
  if (q.region) parts.push(sql`${calls.regionCode} like ${regionPrefix(q.region) + '%'}`);
  if (q.status) parts.push(eq(calls.status, q.status));
  if (q.callType) parts.push(eq(calls.callType, q.callType));
  if (q.year) parts.push(eq(calls.year, q.year));
  return parts;
}

/** Each sort with the id last, so a page boundary never splits equal keys differently between pages. */
const CALL_ORDER: Record<CallSort, SQL[]> = {
  '-deadline': [desc(calls.deadline), desc(calls.id)],
  deadline: [asc(calls.deadline), asc(calls.id)],
  '-createdAt': [desc(calls.createdAt), desc(calls.id)],
  createdAt: [asc(calls.createdAt), asc(calls.id)],
  '-budgetFen': [desc(calls.budgetFen), desc(calls.deadline), desc(calls.id)],
  budgetFen: [asc(calls.budgetFen), desc(calls.deadline), asc(calls.id)],
};

async function pageOfCalls(db: DbOrTx, where: SQL, q: TCallListQuery) {
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(calls).where(where);
  const rows = await db
    .select()
    .from(calls)
    .where(where)
    .orderBy(...CALL_ORDER[q.sort ?? '-deadline'])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const names = await regionNames(db, rows.map((r) => r.regionCode));
  return { items: rows.map((r) => summaryOf(r, names)), total };
}

export async function listCalls(ctx: Ctx, q: TCallListQuery) {
  return pageOfCalls(ctx.db, and(callScope(ctx.actor), ...callFilters(q))!, q);
}

/** Fen as yuan in a sheet cell: a number, so the sheet can sum it (as the dashboard's workbook does). */
export const sheetYuan = (fen: number) => Math.round(fen) / 100;

const CALL_EXPORT_COLUMNS = ['title', 'callType', 'region', 'year', 'status', 'step', 'budget', 'cap', 'opensAt', 'deadline', 'publishedAt', 'topics'] as const;

/** The calls the list's filter matches in the caller's reach, in its order, as a workbook. */
export async function exportCalls(ctx: Ctx, q: TCallExportQuery) {
  const rows = await ctx.db
    .select()
    .from(calls)
    .where(and(callScope(ctx.actor), ...callFilters(q))!)
    .orderBy(...CALL_ORDER[q.sort])
    .limit(EXPORT_LIMIT);
  const names = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  const topicRows = rows.length
    ? await ctx.db
        .select({ callId: callTopics.callId, title: topics.title })
        .from(callTopics)
        .innerJoin(topics, eq(topics.id, callTopics.topicId))
        .where(inArray(callTopics.callId, rows.map((r) => r.id)))
        .orderBy(asc(topics.title))
    : [];
  const t = (key: string) => translate(ctx.locale, key);
  const bytes = await writeSheet(
    t('fundingExport.callsSheet'),
    CALL_EXPORT_COLUMNS.map((key) => ({ key, header: t(`fundingExport.calls.${key}`), width: key === 'title' || key === 'topics' ? 36 : 16 })),
    rows.map((r) => ({
      title: r.title,
      callType: t(`fundingCallType.${r.callType}`),
      region: names.get(r.regionCode) ?? r.regionCode,
      year: r.year,
      status: t(`fundingCallStatus.${r.status}`),
      step: r.status === 'published' ? t(`fundingSteps.${r.step}`) : null,
      budget: sheetYuan(r.budgetFen),
      cap: r.capFen === null ? null : sheetYuan(r.capFen),
      opensAt: r.opensAt ? chinaTime(r.opensAt) : null,
      deadline: chinaTime(r.deadline),
      publishedAt: r.publishedAt ? chinaTime(r.publishedAt) : null,
      topics: topicRows.filter((x) => x.callId === r.id).map((x) => x.title).join('；') || null,
    })),
  );
  await auditExport(ctx, { action: 'funding.call.export', regionCode: q.region ?? null, rows: rows.length, query: { ...q } });
  return bytes;
}

/** Published calls (and those run to their end), for anyone: no people, no applications. */
const PUBLIC = inArray(calls.status, ['published', 'completed']);

export async function listPublicCalls(db: DbOrTx, q: Omit<TCallListQuery, 'status'>) {
  return pageOfCalls(db, and(PUBLIC, ...callFilters(q))!, q as TCallListQuery);
}

export async function getPublicCall(ctx: Pick<Ctx, 'locale'>, db: DbOrTx, id: string): Promise<TPublicCall> {
  const [row] = await db.select().from(calls).where(and(eq(calls.id, id), PUBLIC));
  if (!row) throw notFound('call');
  return publicView(ctx, db, row);
}

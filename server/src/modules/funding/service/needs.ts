import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { TMergeNeedBody, TNeed, TNeedBody, TNeedDetail, TNeedExportQuery, TNeedListQuery } from '../../../../../shared/funding/needs.js';
import { NEED_STATUSES, type CallStatus, type NeedStatus } from '../../../../../shared/funding/states.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { PipelineStep } from '../../../../../shared/funding/pipeline.js';
import type { Ctx } from '../../../core/actor.js';
import { auditExport, writeAudit } from '../../../core/audit.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition, defineWorkflow, historyOf, recordStart } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import type { DbOrTx } from '../../../db/client.js';
import { invalidField, notFound } from '../../../errors.js';
import { translate } from '../../../i18n/index.js';
import { getRegion, regionNames } from '../../regions/regions.service.js';
import { fundingCalls as calls, fundingCallTopics as callTopics, fundingNeeds as needs, fundingTopics as topics } from '../funding.tables.js';
import { assertNeedRegion, needScope } from './scope.js';

type NeedRow = typeof needs.$inferSelect;

export const NEED_WORKFLOW = 'funding.need';

/** A need's way through the pool (需求征集 → 需求梳理), each step in the core workflow history. */
export const needWorkflow = defineWorkflow({
  name: NEED_WORKFLOW,
  states: NEED_STATUSES,
  transitions: [
    { action: 'merge', from: ['open', 'in_topic'], to: 'merged', permission: 'funding.need.curate' },
    { action: 'close', from: ['open', 'in_topic'], to: 'closed', permission: 'funding.need.curate', commentRequired: true },
    { action: 'add_to_topic', from: ['open', 'in_topic'], to: 'in_topic', permission: 'funding.need.curate' },
    { action: 'remove_from_topic', from: ['in_topic'], to: 'open', permission: 'funding.need.curate' },
  ],
});
export type NeedAction = (typeof needWorkflow.transitions)[number]['action'];

/** Records a need's step (who, when, why) and returns its new status. */
export async function needStep(w: WriteCtx, need: NeedRow, action: NeedAction, comment: string | null = null) {
  return applyTransition(w.db, w, needWorkflow, { id: need.id, state: need.status as NeedStatus, regionCode: need.regionCode }, action, { comment });
}

/** The audit record of a need: every column, as stored. */
export function needAuditOf(n: NeedRow) {
  return {
    id: n.id,
    regionCode: n.regionCode,
    source: n.source,
    sourceName: n.sourceName,
    title: n.title,
    description: n.description,
    beneficiaries: n.beneficiaries,
    status: n.status,
    mergedIntoId: n.mergedIntoId,
    topicId: n.topicId,
    closeReason: n.closeReason,
  };
}

/** Calls past draft that fund each topic: what a need's submitter sees became of it. */
export async function callsOfTopics(db: DbOrTx, topicIds: string[]) {
  const out = new Map<string, { id: string; title: string; status: CallStatus; step: PipelineStep; year: number }[]>();
  if (!topicIds.length) return out;
  const rows = await db
    .select({ topicId: callTopics.topicId, id: calls.id, title: calls.title, status: calls.status, step: calls.step, year: calls.year })
    .from(callTopics)
    .innerJoin(calls, eq(calls.id, callTopics.callId))
    .where(and(inArray(callTopics.topicId, [...new Set(topicIds)]), ne(calls.status, 'draft')))
    .orderBy(desc(calls.year), asc(calls.title));
  for (const r of rows) {
    const list = out.get(r.topicId) ?? [];
    list.push({ id: r.id, title: r.title, status: r.status as CallStatus, step: r.step as PipelineStep, year: r.year });
    out.set(r.topicId, list);
  }
  return out;
}

/** Needs with what became of them: the need kept, the topic (the kept need's, for a merged one), its calls. */
export async function presentNeeds(ctx: Ctx, db: DbOrTx, rows: NeedRow[]): Promise<TNeed[]> {
  const keptIds = [...new Set(rows.flatMap((r) => (r.mergedIntoId ? [r.mergedIntoId] : [])))];
  const kept = keptIds.length ? await db.select().from(needs).where(inArray(needs.id, keptIds)) : [];
  const keptById = new Map(kept.map((k) => [k.id, k]));
  const topicOf = (r: NeedRow) => (r.mergedIntoId ? keptById.get(r.mergedIntoId)?.topicId : r.topicId) ?? null;
  const topicIds = [...new Set(rows.map(topicOf).filter((t): t is string => !!t))];
  const topicRows = topicIds.length ? await db.select({ id: topics.id, title: topics.title }).from(topics).where(inArray(topics.id, topicIds)) : [];
  const topicById = new Map(topicRows.map((t) => [t.id, t]));
  const callsBy = await callsOfTopics(db, topicIds);
  const names = await regionNames(db, rows.map((r) => r.regionCode));
  return rows.map((r) => {
    const topicId = topicOf(r);
    const into = r.mergedIntoId ? keptById.get(r.mergedIntoId) : undefined;
    return {
      id: r.id,
      regionCode: r.regionCode,
      regionName: names.get(r.regionCode) ?? null,
      source: r.source as TNeed['source'],
      sourceName: r.sourceName,
      title: r.title,
      description: r.description,
      beneficiaries: r.beneficiaries,
      status: r.status as NeedStatus,
      mergedInto: into ? { id: into.id, title: into.title } : null,
      topic: topicId && topicById.get(topicId) ? { id: topicId, title: topicById.get(topicId)!.title } : null,
      calls: topicId ? (callsBy.get(topicId) ?? []) : [],
      closeReason: r.closeReason,
      mine: !!ctx.actor.id && r.submittedBy === ctx.actor.id,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

export async function findNeedInScope(ctx: Ctx, db: DbOrTx, id: string, forUpdate = false) {
  const q = db.select().from(needs).where(and(eq(needs.id, id), needScope(ctx.actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('need');
  return row;
}

/** A need a curator works on: in a region it reaches as a whole. */
export async function findNeedToCurate(ctx: Ctx, db: DbOrTx, id: string, field?: string, lock = true) {
  const q = db
    .select()
    .from(needs)
    .where(and(eq(needs.id, id), scopeWhere(scopeFor(ctx.actor, 'funding.need.curate'), { region: needs.regionCode })));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw field ? invalidField(field, 'reference_unknown') : notFound('need');
  return row;
}

export async function submitNeed(ctx: Ctx, input: TNeedBody) {
  assertNeedRegion(ctx.actor, input.regionCode);
  if (!(await getRegion(ctx.db, input.regionCode))) throw invalidField('regionCode', 'region_unknown');
  return mutate(ctx, async (w) => {
    const [row] = await w.db
      .insert(needs)
      .values({ ...input, status: 'open', submittedBy: ctx.actor.id || null })
      .returning();
    await recordStart(w.db, ctx, NEED_WORKFLOW, { id: row.id, state: 'open', regionCode: row.regionCode });
    await writeAudit(w, { action: 'funding.need.submit', entityType: 'need', entityId: row.id, entityName: row.title, regionCode: row.regionCode, after: needAuditOf(row) });
    return (await presentNeeds(ctx, w.db, [row]))[0];
  });
}

function needFilters(ctx: Ctx, q: TNeedExportQuery): SQL {
  const parts: SQL[] = [needScope(ctx.actor)];
  if (q.region) parts.push(sql`${needs.regionCode} like ${regionPrefix(q.region) + '%'}`);
  if (q.status) parts.push(eq(needs.status, q.status));
  if (q.source) parts.push(eq(needs.source, q.source));
  if (q.topicId) parts.push(eq(needs.topicId, q.topicId));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(needs.title, like), ilike(needs.description, like), ilike(needs.sourceName, like))!);
  }
  return and(...parts)!;
}

const ORDER = {
  '-createdAt': [desc(needs.createdAt), desc(needs.id)],
  createdAt: [asc(needs.createdAt), asc(needs.id)],
  title: [asc(needs.title), asc(needs.id)],
  status: [asc(needs.status), desc(needs.createdAt), desc(needs.id)],
} as const;

export async function listNeeds(ctx: Ctx, q: TNeedListQuery) {
  const where = needFilters(ctx, q);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(needs).where(where);
  const rows = await ctx.db
    .select()
    .from(needs)
    .where(where)
    .orderBy(...ORDER[q.sort])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await presentNeeds(ctx, ctx.db, rows), total };
}

/** The need with its way through the pool: submitted, put in a topic, merged or closed — who, when, why. */
export async function getNeed(ctx: Ctx, id: string): Promise<TNeedDetail> {
  const row = await findNeedInScope(ctx, ctx.db, id);
  const history = await historyOf(ctx.db, NEED_WORKFLOW, row.id);
  return {
    ...(await presentNeeds(ctx, ctx.db, [row]))[0],
    history: history.map((h) => ({ fromState: h.fromState, toState: h.toState, action: h.action, actorName: h.actorName ?? '', comment: h.comment, at: h.at.toISOString() })),
  };
}

async function updateNeed(
  w: WriteCtx,
  before: NeedRow,
  set: Partial<NeedRow>,
  step: { action: NeedAction; comment: string | null },
  action: string,
  extra: Record<string, unknown> = {},
) {
  await needStep(w, before, step.action, step.comment);
  const [after] = await w.db.update(needs).set({ ...set, updatedAt: new Date() }).where(eq(needs.id, before.id)).returning();
  await writeAudit(w, {
    action,
    entityType: 'need',
    entityId: after.id,
    entityName: after.title,
    regionCode: after.regionCode,
    before: needAuditOf(before),
    after: { ...needAuditOf(after), ...extra },
  });
  return after;
}

/**
 * Merges a duplicate into the need kept. The kept need must not itself be merged, and a need
 * others were merged into cannot be merged away (the database refuses chains as well).
 */
export async function mergeNeed(ctx: Ctx, id: string, body: TMergeNeedBody) {
  return mutate(ctx, async (w) => {
    if (body.intoId === id) throw invalidField('intoId', 'need_merge_self');
    // The need asked about first (404 when out of reach), then the one to keep (a field of the body);
    // then both rows locked in one order, so two merges crossing each other wait rather than chain.
    await findNeedToCurate(ctx, w.db, id, undefined, false);
    await findNeedToCurate(ctx, w.db, body.intoId, 'intoId', false);
    const locked = await w.db.select().from(needs).where(inArray(needs.id, [id, body.intoId])).orderBy(asc(needs.id)).for('update');
    const duplicate = locked.find((n) => n.id === id)!;
    const kept = locked.find((n) => n.id === body.intoId)!;
    if (kept.status === 'merged') throw invalidField('intoId', 'need_merge_into_merged', { title: kept.title });
    if (duplicate.status === 'merged') throw invalidField('intoId', 'need_already_merged');
    const [{ n }] = await w.db.select({ n: sql<number>`count(*)::int` }).from(needs).where(eq(needs.mergedIntoId, duplicate.id));
    if (n > 0) throw invalidField('intoId', 'need_has_merged', { count: n });
    const set = { status: 'merged', mergedIntoId: kept.id, topicId: null, closeReason: null };
    const after = await updateNeed(w, duplicate, set, { action: 'merge', comment: body.reason }, 'funding.need.merge', {
      reason: body.reason,
    });
    return (await presentNeeds(ctx, w.db, [after]))[0];
  });
}

export async function closeNeed(ctx: Ctx, id: string, reason: string) {
  return mutate(ctx, async (w) => {
    const before = await findNeedToCurate(ctx, w.db, id);
    if (before.status === 'merged' || before.status === 'closed') throw invalidField('reason', 'need_not_open', { stateKey: before.status });
    const after = await updateNeed(w, before, { status: 'closed', topicId: null, closeReason: reason }, { action: 'close', comment: reason }, 'funding.need.close');
    return (await presentNeeds(ctx, w.db, [after]))[0];
  });
}

const EXPORT_COLUMNS = ['title', 'status', 'source', 'sourceName', 'region', 'description', 'beneficiaries', 'mergedInto', 'topic', 'calls', 'closeReason', 'createdAt'] as const;

/** The pool as a workbook: what the filter matches in the caller's scope, with what became of each need. */
export async function exportNeeds(ctx: Ctx, q: TNeedExportQuery) {
  const rows = await ctx.db.select().from(needs).where(needFilters(ctx, q)).orderBy(...ORDER[q.sort]).limit(EXPORT_LIMIT);
  const items = await presentNeeds(ctx, ctx.db, rows);
  const t = (key: string) => translate(ctx.locale, key);
  const bytes = await writeSheet(
    t('fundingExport.needsSheet'),
    EXPORT_COLUMNS.map((key) => ({ key, header: t(`fundingExport.needs.${key}`), width: key === 'description' ? 40 : 18 })),
    items.map((n) => ({
      title: n.title,
      status: t(`fundingNeedStatus.${n.status}`),
      source: t(`fundingNeedSource.${n.source}`),
      sourceName: n.sourceName,
      region: n.regionName ?? n.regionCode,
      description: n.description,
      beneficiaries: n.beneficiaries,
      mergedInto: n.mergedInto?.title ?? null,
      topic: n.topic?.title ?? null,
      calls: n.calls.map((c) => c.title).join('；') || null,
      closeReason: n.closeReason,
      createdAt: n.createdAt.slice(0, 10),
    })),
  );
  await auditExport(ctx, { action: 'funding.need.export', regionCode: q.region ?? null, rows: items.length, query: { ...q } });
  return bytes;
}

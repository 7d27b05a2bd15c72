import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { TTopic, TTopicBody, TTopicListQuery, TUpdateTopicBody } from '../../../../../shared/funding/needs.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { resolveRegion, scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { getRegion } from '../../regions/regions.service.js';
import { fundingNeeds as needs, fundingTopics as topics } from '../funding.tables.js';
import { fundingTopicClosures as closures } from '../funding-front.tables.js';
import { callsOfTopics, findNeedToCurate, needAuditOf, needStep } from './needs.js';
import { assertCurates } from './scope.js';

type TopicRow = typeof topics.$inferSelect;

const curated = (ctx: Ctx) => scopeWhere(scopeFor(ctx.actor, 'funding.need.curate'), { region: topics.regionCode });

export async function presentTopics(db: DbOrTx, rows: TopicRow[]): Promise<TTopic[]> {
  const ids = rows.map((r) => r.id);
  const members = ids.length
    ? await db.select({ id: needs.id, title: needs.title, topicId: needs.topicId }).from(needs).where(inArray(needs.topicId, ids)).orderBy(asc(needs.createdAt))
    : [];
  const callsBy = await callsOfTopics(db, ids);
  const closed = ids.length ? await db.select().from(closures).where(inArray(closures.topicId, ids)) : [];
  const closedBy = new Map(closed.map((c) => [c.topicId, c]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    title: r.title,
    description: r.description,
    status: closedBy.has(r.id) ? ('closed' as const) : ('open' as const),
    closeReason: closedBy.get(r.id)?.reason ?? null,
    closedAt: closedBy.get(r.id)?.closedAt.toISOString() ?? null,
    needs: members.filter((m) => m.topicId === r.id).map((m) => ({ id: m.id, title: m.title })),
    calls: callsBy.get(r.id) ?? [],
    createdAt: r.createdAt.toISOString(),
  }));
}

/** A page of the curator's topics: open ones first (newest first), then closed ones; `q` searches title and description. */
export async function listTopics(ctx: Ctx, q: TTopicListQuery) {
  const code = resolveRegion(ctx.actor, 'funding.need.curate', q.region);
  const parts: SQL[] = [curated(ctx), sql`${topics.regionCode} like ${regionPrefix(code) + '%'}`];
  if (q.status === 'open') parts.push(isNull(closures.topicId));
  if (q.status === 'closed') parts.push(isNotNull(closures.topicId));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(topics.title, like), ilike(topics.description, like))!);
  }
  const where = and(...parts)!;
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(topics).leftJoin(closures, eq(closures.topicId, topics.id)).where(where);
  const rows = await ctx.db
    .select({ topic: topics })
    .from(topics)
    .leftJoin(closures, eq(closures.topicId, topics.id))
    .where(where)
    .orderBy(sql`${closures.topicId} is not null`, desc(topics.createdAt), desc(topics.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await presentTopics(ctx.db, rows.map((r) => r.topic)), total };
}

async function closureOf(db: DbOrTx, id: string) {
  const [row] = await db.select().from(closures).where(eq(closures.topicId, id));
  return row ?? null;
}

function topicAuditOf(t: TopicRow) {
  return { id: t.id, regionCode: t.regionCode, title: t.title, description: t.description };
}

/** Renames a topic or rewords its description; its needs and calls follow it (they refer to it, not to its title). */
export async function updateTopic(ctx: Ctx, id: string, input: TUpdateTopicBody) {
  return mutate(ctx, async (w) => {
    const before = await findTopicInScope(ctx, w.db, id, undefined, true);
    const [after] = await w.db
      .update(topics)
      .set({ title: input.title ?? before.title, description: input.description !== undefined ? input.description : before.description, updatedAt: new Date() })
      .where(eq(topics.id, id))
      .returning();
    await writeAudit(w, {
      action: 'funding.topic.update',
      entityType: 'topic',
      entityId: id,
      entityName: after.title,
      regionCode: after.regionCode,
      before: topicAuditOf(before),
      after: topicAuditOf(after),
    });
    return (await presentTopics(w.db, [after]))[0];
  });
}

/** Closes a topic with a reason: it keeps its needs and calls, takes no more needs and is not offered to new calls. */
export async function closeTopic(ctx: Ctx, id: string, reason: string) {
  return mutate(ctx, async (w) => {
    const topic = await findTopicInScope(ctx, w.db, id, undefined, true);
    if (await closureOf(w.db, id)) throw new AppError('invalid_state', { state: 'closed', action: 'close' });
    await w.db.insert(closures).values({ topicId: id, reason, closedBy: ctx.actor.id || null });
    await writeAudit(w, {
      action: 'funding.topic.close',
      entityType: 'topic',
      entityId: id,
      entityName: topic.title,
      regionCode: topic.regionCode,
      after: { id, reason },
    });
    return (await presentTopics(w.db, [topic]))[0];
  });
}

/** A topic in the curator's reach; `field` names the request field when it came from a body. */
export async function findTopicInScope(ctx: Ctx, db: DbOrTx, id: string, field?: string, forUpdate = false) {
  const q = db.select().from(topics).where(and(eq(topics.id, id), curated(ctx)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw field ? invalidField(field, 'reference_unknown') : notFound('topic');
  return row;
}

/** Puts needs into a topic: each open (or in another topic), in the curator's reach; merged and closed needs stay as they are. */
async function addNeeds(ctx: WriteCtx, topic: TopicRow, needIds: string[]) {
  if (needIds.length && (await closureOf(ctx.db, topic.id))) throw invalidField('needIds', 'topic_closed', { title: topic.title });
  for (const [i, id] of [...new Set(needIds)].entries()) {
    const before = await findNeedToCurate(ctx, ctx.db, id, `needIds.${i}`);
    if (before.status === 'merged' || before.status === 'closed') throw invalidField(`needIds.${i}`, 'need_not_open', { title: before.title });
    if (before.topicId === topic.id) continue;
    await needStep(ctx, before, 'add_to_topic', topic.title);
    const [after] = await ctx.db.update(needs).set({ status: 'in_topic', topicId: topic.id, updatedAt: new Date() }).where(eq(needs.id, id)).returning();
    await writeAudit(ctx, {
      action: 'funding.need.topic',
      entityType: 'need',
      entityId: id,
      entityName: after.title,
      regionCode: after.regionCode,
      before: needAuditOf(before),
      after: needAuditOf(after),
    });
  }
}

export async function createTopic(ctx: Ctx, input: TTopicBody) {
  assertCurates(ctx, input.regionCode);
  if (!(await getRegion(ctx.db, input.regionCode))) throw invalidField('regionCode', 'region_unknown');
  return mutate(ctx, async (w) => {
    const [row] = await w.db
      .insert(topics)
      .values({ regionCode: input.regionCode, title: input.title, description: input.description, createdBy: ctx.actor.id || null })
      .returning();
    await writeAudit(w, {
      action: 'funding.topic.create',
      entityType: 'topic',
      entityId: row.id,
      entityName: row.title,
      regionCode: row.regionCode,
      after: { id: row.id, regionCode: row.regionCode, title: row.title, description: row.description },
    });
    await addNeeds(w, row, input.needIds);
    return (await presentTopics(w.db, [row]))[0];
  });
}

export async function addNeedsToTopic(ctx: Ctx, id: string, needIds: string[]) {
  return mutate(ctx, async (w) => {
    const topic = await findTopicInScope(ctx, w.db, id, undefined, true);
    await addNeeds(w, topic, needIds);
    return (await presentTopics(w.db, [topic]))[0];
  });
}

/** Takes a need out of its topic: back in the pool, open. */
export async function removeNeedFromTopic(ctx: Ctx, id: string, needId: string) {
  return mutate(ctx, async (w) => {
    const topic = await findTopicInScope(ctx, w.db, id, undefined, true);
    const before = await findNeedToCurate(ctx, w.db, needId);
    if (before.topicId !== topic.id) throw notFound('need');
    await needStep(w, before, 'remove_from_topic', topic.title);
    const [after] = await w.db.update(needs).set({ status: 'open', topicId: null, updatedAt: new Date() }).where(eq(needs.id, needId)).returning();
    await writeAudit(w, {
      action: 'funding.need.topic',
      entityType: 'need',
      entityId: needId,
      entityName: after.title,
      regionCode: after.regionCode,
      before: needAuditOf(before),
      after: needAuditOf(after),
    });
    return (await presentTopics(w.db, [topic]))[0];
  });
}

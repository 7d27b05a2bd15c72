import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { NotificationKind, TNotificationListQuery, TNotificationParams } from '../../../../shared/notifications/schemas.js';
import type { Ctx } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { leavesReadCaches, mutate, type WriteCtx } from '../../core/write-unit.js';
import { notFound } from '../../errors.js';
import { notifications } from './notifications.tables.js';
import { centreWorkerAccounts, teamMemberAccounts } from './recipients.js';

/** Who hears of an organisation's business: other domains' jobs address the same people. */
export { centreWorkerAccounts, teamMemberAccounts } from './recipients.js';

type Row = typeof notifications.$inferSelect;

export interface Notice {
  kind: NotificationKind;
  params: TNotificationParams;
  link: string | null;
  /** Given when the same notice could be produced again (a reminder re-run): sent once per recipient. */
  dedupeKey?: string | null;
}

/**
 * Sends each notice to its recipients inside the caller's write unit, so a notice exists exactly
 * when the step that caused it committed. The acting user is left out: one's own step needs no
 * notice. Returns how many notifications were created (a key already sent is not sent again).
 */
export async function notifyMany(w: WriteCtx, batch: readonly { recipients: readonly string[]; notice: Notice }[]) {
  const rows = batch.flatMap(({ recipients, notice }) =>
    [...new Set(recipients)]
      .filter((id) => id !== w.actor.id)
      .map((recipientId) => ({ recipientId, kind: notice.kind, params: notice.params, link: notice.link, dedupeKey: notice.dedupeKey ?? null })),
  );
  let created = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await w.db.insert(notifications).values(rows.slice(i, i + 500)).onConflictDoNothing().returning({ id: notifications.id });
    created += inserted.length;
  }
  return created;
}

export const notify = (w: WriteCtx, recipients: readonly string[], notice: Notice) => notifyMany(w, [{ recipients, notice }]);

/** What a filing step tells whom: a submission to the centre workers of the region, a decision to the team. */
export interface FilingFacts {
  filingId: string;
  filingKind: string;
  organizationId: string;
  organizationName: string;
  regionCode: string;
  /** The reviewer's comment (a return's reasons). */
  comment?: string | null;
}

export async function notifyFiling(w: WriteCtx, step: 'submitted' | 'approved' | 'returned', f: FilingFacts) {
  const params = { organizationName: f.organizationName, filingKind: f.filingKind };
  if (step === 'submitted') {
    const staff = (await centreWorkerAccounts(w.db, [f.regionCode])).get(f.regionCode) ?? [];
    return notify(w, staff, { kind: 'filing.submitted', params, link: `/filings/${f.filingId}` });
  }
  const members = (await teamMemberAccounts(w.db, [f.organizationId])).get(f.organizationId) ?? [];
  return notify(w, members, {
    kind: step === 'approved' ? 'filing.approved' : 'filing.returned',
    params: step === 'returned' ? { ...params, comment: f.comment ?? null } : params,
    link: `/registry/${f.organizationId}`,
  });
}

function present(row: Row) {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    params: row.params,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

const mine = (ctx: Ctx) => eq(notifications.recipientId, ctx.actor.id);

/** The caller's notifications, a page of them, with the caller's unread count. */
export async function listMyNotifications(ctx: Ctx, q: TNotificationListQuery) {
  const unreadOnly = q.unreadOnly === 'true';
  const [counts] = await ctx.db
    .select({ all: sql<number>`count(*)::int`, unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int` })
    .from(notifications)
    .where(mine(ctx));
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(unreadOnly ? and(mine(ctx), isNull(notifications.readAt)) : mine(ctx))
    .orderBy(
      ...(q.order === 'unreadFirst' ? [sql`${notifications.readAt} is not null`] : []),
      desc(notifications.createdAt),
      desc(notifications.id),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(present), total: unreadOnly ? counts.unread : counts.all, unread: counts.unread };
}

/** Marks one of the caller's notifications read; someone else's reads as absent (404). */
export async function markRead(ctx: Ctx, id: string) {
  return mutate(ctx, async (w) => {
    // Nothing a cached read shows depends on it.
    leavesReadCaches(w);
    const [row] = await w.db.select().from(notifications).where(and(eq(notifications.id, id), mine(w))).for('update');
    if (!row) throw notFound('notification');
    if (row.readAt) return present(row);
    const [after] = await w.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, id)).returning();
    await writeAudit(w, { action: 'notification.read', entityType: 'notification', entityId: id, before: { readAt: null }, after: { readAt: after.readAt } });
    return present(after);
  });
}

export async function markAllRead(ctx: Ctx) {
  return mutate(ctx, async (w) => {
    leavesReadCaches(w);
    const updated = await w.db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(mine(w), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (updated.length) await writeAudit(w, { action: 'notification.read_all', entityType: 'notification', after: { count: updated.length } });
    return { updated: updated.length, unread: 0 };
  });
}

import { and, isNull, lt } from 'drizzle-orm';
import { writeAudits } from '../../core/audit.js';
import { files } from '../../core/core.tables.js';
import type { FileStore } from '../../core/file-store.js';
import type { Job } from '../../core/jobs/scheduler.js';
import { afterCommit, leavesReadCaches, type WriteCtx } from '../../core/write-unit.js';

/** How long an upload may wait for the step that attaches it (a form left open over a night is fine). */
export const PENDING_FILE_TTL_MS = 24 * 3600_000;

/**
 * Removes uploads no step attached within the TTL: their rows (with an audit row each) in the
 * caller's write unit, their bytes once it has committed. A file attached meanwhile is no longer
 * pending when the delete reaches it, so it is kept.
 */
export async function purgePendingFiles(w: WriteCtx, store: FileStore, now: Date): Promise<{ purged: number }> {
  const removed = await w.db
    .delete(files)
    .where(and(isNull(files.ownerType), lt(files.createdAt, new Date(now.getTime() - PENDING_FILE_TTL_MS))))
    .returning();
  if (removed.length === 0) return { purged: 0 };
  await writeAudits(
    w,
    removed.map((f) => ({ action: 'file.purge', entityType: 'file', entityId: f.id, entityName: f.originalName, regionCode: f.regionCode, before: f })),
  );
  afterCommit(w, async () => {
    for (const f of removed) await store.remove(f.storageKey).catch(() => undefined);
  });
  return { purged: removed.length };
}

/** The hourly purge of uploads left pending (server.ts starts it with the other jobs). */
export function pendingFilesPurgeJob(store: FileStore): Job {
  return {
    name: 'files.purge-pending',
    schedule: { every: 'hours', hours: 1 },
    async run(ctx) {
      // Pending files are their uploaders' alone: no cached read shows them.
      leavesReadCaches(ctx);
      return purgePendingFiles(ctx, store, ctx.now);
    },
  };
}

import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Ctx } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { files } from '../../core/core.tables.js';
import { canReadFile } from '../../core/file-owners.js';
import type { FileStore } from '../../core/file-store.js';
import { homeRegion } from '../../core/scope.js';
import { leavesReadCaches, mutate } from '../../core/write-unit.js';
import { AppError } from '../../errors.js';

export interface IncomingFile {
  originalName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * Stores the bytes, then the row and its audit entry in one transaction. The file is pending: its
 * uploader's alone until a step of some record attaches it (core/file-owners.ts attachFiles). The
 * store is not part of the transaction, so when the row is not written the bytes are removed
 * again: nothing on disk is left that no row points to.
 */
/** How many uploads one account may hold unattached at a time (a filing takes a few; 20 may go on one step). */
export const MAX_PENDING_UPLOADS = 40;

export async function recordUpload(ctx: Ctx, store: FileStore, file: IncomingFile) {
  // Every role that may upload works in some region; the pending file lies in the uploader's
  // widest one (its audit row is listed there) until its owner's region replaces it.
  const regionCode = homeRegion(ctx.actor);
  if (!regionCode) throw new AppError('forbidden');
  // Pending files are kept a day before they are purged: without a cap, one account could fill the disk meanwhile.
  const [pending] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(files)
    .where(and(eq(files.uploadedBy, ctx.actor.id), isNull(files.ownerType)));
  if (pending.n >= MAX_PENDING_UPLOADS) throw new AppError('too_many_pending_uploads', { max: MAX_PENDING_UPLOADS });
  const id = randomUUID();
  const storageKey = `${id.slice(0, 2)}/${id}`;
  await store.put(storageKey, file.bytes);
  try {
    return await mutate(ctx, async (w) => {
      // Nobody but the uploader sees a pending file, and no cached read shows it.
      leavesReadCaches(w);
      const [inserted] = await w.db
        .insert(files)
        .values({
          id,
          storageKey,
          originalName: file.originalName,
          mimeType: file.mimeType,
          sizeBytes: file.bytes.length,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          regionCode,
          uploadedBy: ctx.actor.id,
        })
        .returning();
      await writeAudit(w, { action: 'file.upload', entityType: 'file', entityId: id, entityName: inserted.originalName, regionCode, after: inserted });
      return inserted;
    });
  } catch (error) {
    await store.remove(storageKey).catch(() => undefined);
    throw error;
  }
}

/** The file when the actor may read it (reading its owner, or its own pending upload); null otherwise. */
export async function findReadableFile(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (!row) return null;
  return (await canReadFile(ctx, row)) ? row : null;
}

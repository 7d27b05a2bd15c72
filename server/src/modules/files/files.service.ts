import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import { scopeCovers, scopeFor, type Ctx } from '../../core/actor.js';
import { writeAudit } from '../../core/audit.js';
import { mutate } from '../../core/write-unit.js';
import { files, regions } from '../../core/core.tables.js';
import type { FileStore } from '../../core/file-store.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { invalidField } from '../../errors.js';
import { registryOrganizations } from '../registry/registry.tables.js';

export interface UploadTarget {
  regionCode: string;
  organizationId: string | null;
}

/**
 * Where an upload may be filed. An organisation member's grant covers one organisation, so its
 * uploads must name that organisation; anyone may name an organisation that lies in the region.
 * Checked before the bytes are read, so a refused upload stores nothing.
 */
export async function checkUploadTarget(ctx: Ctx, target: UploadTarget): Promise<void> {
  const slices = scopeFor(ctx.actor, 'file.upload');
  if (!slices.some((s) => target.regionCode.startsWith(s.prefix))) throw invalidField('regionCode', 'region_out_of_scope');
  if (!scopeCovers(slices, target.regionCode, target.organizationId)) {
    throw invalidField('organizationId', target.organizationId ? 'region_out_of_scope' : 'required');
  }
  const [region] = await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.code, target.regionCode));
  if (!region) throw invalidField('regionCode', 'region_unknown');
  if (target.organizationId) {
    const [organization] = await ctx.db
      .select({ regionCode: registryOrganizations.regionCode })
      .from(registryOrganizations)
      .where(eq(registryOrganizations.id, target.organizationId));
    // The file is filed in a region that holds the organisation, so whoever reaches the file's
    // region also reaches the organisation it belongs to.
    if (!organization || !organization.regionCode.startsWith(regionPrefix(target.regionCode))) {
      throw invalidField('organizationId', 'organization_unknown');
    }
  }
}

export interface IncomingFile {
  originalName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * Stores the bytes, then the row and its audit entry in one transaction. The store is not part of
 * the transaction, so when the row is not written the bytes are removed again: nothing on disk is
 * left that no row points to.
 */
export async function recordUpload(ctx: Ctx, store: FileStore, target: UploadTarget, file: IncomingFile) {
  const id = randomUUID();
  const storageKey = `${id.slice(0, 2)}/${id}`;
  await store.put(storageKey, file.bytes);
  try {
    return await mutate(ctx, async (w) => {
    const tx = w.db;
      const [inserted] = await tx
        .insert(files)
        .values({
          id,
          storageKey,
          originalName: file.originalName,
          mimeType: file.mimeType,
          sizeBytes: file.bytes.length,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          regionCode: target.regionCode,
          organizationId: target.organizationId,
          uploadedBy: ctx.actor.id,
        })
        .returning();
      await writeAudit(w, { action: 'file.upload', entityType: 'file', entityId: id, regionCode: inserted.regionCode, after: inserted });
      return inserted;
    });
  } catch (error) {
    await store.remove(storageKey).catch(() => undefined);
    throw error;
  }
}

/** A file inside the actor's read scope, organisation narrowing included; null when out of reach. */
export async function findReadableFile(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(files)
    .where(and(eq(files.id, id), scopeWhere(scopeFor(ctx.actor, 'file.read'), files.regionCode, files.organizationId)));
  return row ?? null;
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { invalidField } from '../errors.js';
import type { Ctx } from './actor.js';
import { writeAudits } from './audit.js';
import { files } from './core.tables.js';
import { scopeCoversRegion, scopeFor } from './scope.js';
import type { WriteCtx } from './write-unit.js';

/*
 * Every file belongs to something: a record of some domain (its owner), or, until it is attached,
 * its uploader alone. Domains declare their owner types here; reading a file is reading its owner,
 * through the domain's own scoped read, so the owner's region, organisation and assignment rules
 * apply to its files unchanged.
 */

export interface FileOwnerType {
  /** Whether the actor may read the owner: the domain's scoped read of the record (false when out of reach). */
  canRead(ctx: Ctx, ownerId: string): Promise<boolean>;
}

export interface FileOwnerDomain {
  domain: string;
  /** Keyed by owner type; a workflow entity's type is its workflow's name ('registry.filing'). */
  owners: Record<string, FileOwnerType>;
}

export function defineFileOwners(domain: string, owners: Record<string, FileOwnerType>): FileOwnerDomain {
  return { domain, owners };
}

/**
 * Files filed under a region before files had owners (migration 0015_file_owners): no record is known to hold
 * them, so only those reaching the whole region with `file.read` (its staff and officials) read them.
 */
export const REGION_OWNER = 'region';

const CORE_OWNERS = defineFileOwners('core', {
  [REGION_OWNER]: { canRead: async (ctx, regionCode) => scopeCoversRegion(scopeFor(ctx.actor, 'file.read'), regionCode) },
});

const ownerTypes = new Map<string, { domain: string; type: FileOwnerType }>();

/** Registers each domain's owner types (registerDomains does, from the manifests); a type claimed twice is a programming error. */
export function registerFileOwners(list: readonly FileOwnerDomain[]) {
  for (const d of [CORE_OWNERS, ...list]) {
    for (const [name, type] of Object.entries(d.owners)) {
      const known = ownerTypes.get(name);
      if (known?.type === type) continue;
      if (known) throw new Error(`file owner type ${name} is declared by ${known.domain} and ${d.domain}`);
      ownerTypes.set(name, { domain: d.domain, type });
    }
  }
}

export function fileOwnerType(name: string): FileOwnerType | undefined {
  return ownerTypes.get(name)?.type;
}

type FileRow = typeof files.$inferSelect;

/**
 * Whether the actor may read the file: a pending one, only its uploader; an attached one, whoever
 * reads its owner. An owner type nobody registers is read by nobody.
 */
export async function canReadFile(ctx: Ctx, file: Pick<FileRow, 'ownerType' | 'ownerId' | 'uploadedBy'>): Promise<boolean> {
  if (file.ownerType === null || file.ownerId === null) return file.uploadedBy !== null && file.uploadedBy === ctx.actor.id;
  const type = fileOwnerType(file.ownerType);
  return type ? type.canRead(ctx, file.ownerId) : false;
}

export interface FileOwner {
  type: string;
  id: string;
  regionCode: string;
  organizationId?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Makes the actor's pending uploads `ids` the owner's, in the caller's write unit, with an audit
 * row each. Refuses the whole list (400 on `attachmentIds`, changing nothing) when any id is not a
 * file, not the actor's, or attached already: one message for all three, so nobody learns from it
 * which ids exist or whose they are.
 */
export async function attachFiles(w: WriteCtx, ids: readonly string[], owner: FileOwner): Promise<FileRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (!fileOwnerType(owner.type)) throw new Error(`file owner type ${owner.type} is not registered`);
  if (!unique.every((id) => UUID.test(id))) throw invalidField('attachmentIds', 'attachment_unavailable');
  const mine = await w.db
    .select({ id: files.id })
    .from(files)
    .where(and(inArray(files.id, unique), isNull(files.ownerType), eq(files.uploadedBy, w.actor.id)))
    .for('update');
  if (mine.length !== unique.length) throw invalidField('attachmentIds', 'attachment_unavailable');
  const attached = await w.db
    .update(files)
    .set({ ownerType: owner.type, ownerId: owner.id, regionCode: owner.regionCode, organizationId: owner.organizationId ?? null, attachedAt: new Date() })
    .where(inArray(files.id, unique))
    .returning();
  await writeAudits(
    w,
    attached.map((f) => ({
      action: 'file.attach',
      entityType: 'file',
      entityId: f.id,
      entityName: f.originalName,
      regionCode: f.regionCode,
      after: { ownerType: f.ownerType, ownerId: f.ownerId, regionCode: f.regionCode, organizationId: f.organizationId },
    })),
  );
  return attached;
}

export interface AttachmentRef {
  id: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
}

/**
 * The files among `ids` that belong to one of the records (names and sizes only, with the owning
 * record), for their readers: one query however many records a page shows.
 */
export async function attachmentsOfOwners(
  db: Ctx['db'],
  ownerType: string,
  ownerIds: readonly string[],
  ids: readonly string[],
): Promise<Map<string, AttachmentRef & { ownerId: string }>> {
  const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
  if (wanted.length === 0 || ownerIds.length === 0) return new Map();
  const rows = await db
    .select({ id: files.id, originalName: files.originalName, mimeType: files.mimeType, sizeBytes: files.sizeBytes, ownerId: files.ownerId })
    .from(files)
    .where(and(inArray(files.id, wanted), eq(files.ownerType, ownerType), inArray(files.ownerId, [...ownerIds])));
  return new Map(rows.map((r) => [r.id, { ...r, ownerId: r.ownerId! }]));
}

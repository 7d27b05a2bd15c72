import { regionPrefix } from '../../../shared/regions.js';
import { auditLog } from './core.tables.js';
import type { Ctx } from './actor.js';
import { homeRegion } from './scope.js';
import { auditSide, declaredEvent } from './audit-events.js';
import { leavesReadCaches, mutate, touch, type WriteCtx } from './write-unit.js';

export interface AuditEntry {
  /** A declared action (core/audit-events.ts); its before/after may hold only the fields it declares. */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** What the audit page shows for the record: an organisation's name, a user's name and username. */
  entityName?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit row in the write unit of the change it records. The row names the regions the
 * unit wrote (a record moved between regions names both in before/after), which is what the unit
 * invalidates after COMMIT. Personal fields are masked or redacted as their event declares; an
 * undeclared action or field is refused (AuditDeclarationError).
 */
export async function writeAudit(w: WriteCtx, entry: AuditEntry) {
  await w.db.insert(auditLog).values(auditRow(w, entry));
}

/** Writes many audit rows in a few multi-row statements (an import of thousands of records). */
export async function writeAudits(w: WriteCtx, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 500) {
    await w.db.insert(auditLog).values(entries.slice(i, i + 500).map((e) => auditRow(w, e)));
  }
}

function auditRow(w: WriteCtx, entry: AuditEntry) {
  const event = declaredEvent(entry.action, entry.entityType);
  // Refused before the unit is told of any region: a refused entry leaves no trace.
  const before = auditSide(event, 'before', entry.before);
  const after = auditSide(event, 'after', entry.after);
  if (!w.unit.leavesCaches) {
    touch(w, entry.regionCode ?? null);
    for (const side of [entry.before, entry.after]) {
      const code = (side as { regionCode?: unknown } | null | undefined)?.regionCode;
      if (typeof code === 'string') touch(w, code);
    }
  }
  return {
    actorId: w.actor.id || null,
    actorName: w.actor.displayName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    entityName: entry.entityName ?? null,
    regionCode: entry.regionCode ?? null,
    before,
    after,
    requestId: w.requestId,
  };
}

/**
 * Records who read something the log must know of (a revealed ID number, a download): a write unit
 * of its own that changes nothing a cached read shows.
 */
export async function recordRead(ctx: Ctx, entry: AuditEntry) {
  await mutate(ctx, async (w) => {
    leavesReadCaches(w);
    await writeAudit(w, entry);
  });
}

/**
 * Records a download of a list: who took which rows out of the platform, under which filter.
 * Exports carry personal data (masked, but still names and roles), so they leave a trail.
 */
export async function auditExport(
  ctx: Ctx,
  entry: {
    action: string;
    regionCode: string | null;
    entityId?: string | null;
    entityName?: string | null;
    rows: number;
    query?: Record<string, unknown>;
  },
) {
  // Filed under the region asked for when the actor reaches it, else under the actor's own: a
  // request for another region's list (which returns nothing) is the asker's record, not theirs.
  const asked = entry.regionCode;
  const reaches = asked !== null && ctx.actor.grants.some((g) => asked.startsWith(regionPrefix(g.regionCode)));
  await recordRead(ctx, {
    action: entry.action,
    entityType: 'export',
    entityId: entry.entityId ?? null,
    entityName: entry.entityName ?? null,
    regionCode: reaches ? asked : homeRegion(ctx.actor),
    after: { rows: entry.rows, query: entry.query ?? {} },
  });
}

import { and, eq, isNull } from 'drizzle-orm';
import { formatVerificationCode, type DocumentKind, type RevocationReason } from '../../../../shared/documents/codes.js';
import type { DbOrTx } from '../../db/client.js';
import { writeAudit } from '../audit.js';
import type { WriteCtx } from '../write-unit.js';
import { issuedDocuments } from './documents.tables.js';
import { newVerificationCode } from './verification-code.js';
import { qrSvg } from './qr-svg.js';

export type DocumentRow = typeof issuedDocuments.$inferSelect;
export type PublicFacts = Record<string, string | number | boolean | null>;

/** The record a document certifies. */
export interface DocumentSubject {
  kind: DocumentKind;
  entityType: string;
  entityId: string;
  regionCode: string;
  /** What the audit log names the record by (a team's name). */
  name?: string | null;
}

const live = (s: Pick<DocumentSubject, 'kind' | 'entityType' | 'entityId'>) =>
  and(
    eq(issuedDocuments.kind, s.kind),
    eq(issuedDocuments.entityType, s.entityType),
    eq(issuedDocuments.entityId, s.entityId),
    isNull(issuedDocuments.revokedAt),
  );

/** Same facts, whatever order the keys came back from jsonb in. */
export function sameFacts(a: PublicFacts, b: PublicFacts) {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * The live document of `subject` when it still says `facts`; else a new one, the old one revoked as
 * superseded. One code per record and kind for as long as what it certifies holds, so a reprint
 * carries the code already on paper. Safe against a concurrent print of the same record: the
 * partial unique index lets one insert through and the other takes the row it made.
 */
export async function issueOrReuse(w: WriteCtx, subject: DocumentSubject, facts: PublicFacts): Promise<{ document: DocumentRow; reused: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [current] = await w.db.select().from(issuedDocuments).where(live(subject)).limit(1);
    if (current && sameFacts(current.publicFacts, facts)) return { document: current, reused: true };
    if (current) await revokeRows(w, [current], 'superseded', subject.name);
    const [created] = await w.db
      .insert(issuedDocuments)
      .values({
        kind: subject.kind,
        entityType: subject.entityType,
        entityId: subject.entityId,
        regionCode: subject.regionCode,
        code: newVerificationCode(),
        publicFacts: facts,
        issuedBy: w.actor.id || null,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) continue; // a concurrent print issued it (or, once in 2^60, the code was taken): look again
    await writeAudit(w, {
      action: 'document.issue',
      entityType: 'document',
      entityId: created.id,
      regionCode: created.regionCode,
      entityName: subject.name ?? null,
      after: { kind: created.kind, code: created.code, entityType: created.entityType, entityId: created.entityId },
    });
    return { document: created, reused: false };
  }
  throw new Error(`could not issue a ${subject.kind} for ${subject.entityType} ${subject.entityId}`);
}

async function revokeRows(w: WriteCtx, rows: DocumentRow[], reason: RevocationReason, name?: string | null) {
  for (const row of rows) {
    const [revoked] = await w.db
      .update(issuedDocuments)
      .set({ revokedAt: new Date(), revokedBy: w.actor.id || null, revokedReason: reason })
      .where(and(eq(issuedDocuments.id, row.id), isNull(issuedDocuments.revokedAt)))
      .returning();
    if (!revoked) continue;
    await writeAudit(w, {
      action: 'document.revoke',
      entityType: 'document',
      entityId: revoked.id,
      regionCode: revoked.regionCode,
      before: { revokedAt: null },
      entityName: name ?? null,
      after: { kind: revoked.kind, code: revoked.code, entityType: revoked.entityType, entityId: revoked.entityId, reason },
    });
  }
}

/**
 * Revokes the live documents of a record (of one kind, or of every kind), inside the write unit of
 * the change that made them untrue. Nothing happens when none is live.
 */
export async function revokeDocumentsOf(
  w: WriteCtx,
  subject: { entityType: string; entityId: string; kind?: DocumentKind; name?: string | null },
  reason: RevocationReason,
) {
  const rows = await w.db
    .select()
    .from(issuedDocuments)
    .where(
      and(
        eq(issuedDocuments.entityType, subject.entityType),
        eq(issuedDocuments.entityId, subject.entityId),
        subject.kind ? eq(issuedDocuments.kind, subject.kind) : undefined,
        isNull(issuedDocuments.revokedAt),
      ),
    )
    .for('update');
  await revokeRows(w, rows, reason, subject.name);
  return rows.length;
}

export async function findDocumentByCode(db: DbOrTx, code: string) {
  const [row] = await db.select().from(issuedDocuments).where(eq(issuedDocuments.code, code)).limit(1);
  return row ?? null;
}

/** Where the printed QR code leads: the public verification page of the web app. */
export const verificationUrl = (publicBaseUrl: string, code: string) => `${publicBaseUrl}/verify/${formatVerificationCode(code)}`;

/** A document as its holder gets it for printing: the facts, the code, the QR code to print. */
export function presentIssued(row: DocumentRow, publicBaseUrl: string, reused: boolean) {
  const url = verificationUrl(publicBaseUrl, row.code);
  return {
    id: row.id,
    kind: row.kind,
    code: formatVerificationCode(row.code),
    facts: row.publicFacts,
    issuedAt: row.issuedAt.toISOString(),
    reused,
    verificationUrl: url,
    qrSvg: qrSvg(url),
  };
}

/** What anyone holding the code may see: the frozen public facts and whether they still hold. */
export function presentVerification(row: DocumentRow) {
  return {
    code: formatVerificationCode(row.code),
    kind: row.kind,
    valid: row.revokedAt === null,
    issuedAt: row.issuedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason,
    facts: row.publicFacts,
  };
}

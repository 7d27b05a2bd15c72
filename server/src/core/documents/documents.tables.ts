import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { DocumentKind, RevocationReason } from '../../../../shared/documents/codes.js';
import { regions, users } from '../core.tables.js';

/**
 * Documents the platform printed with a verification code (certificates, later contracts, permits,
 * receipts). A row is never edited but to revoke it, and never deleted: a trigger in the migration
 * refuses anything else, so a code once printed keeps answering the same facts.
 */
export const issuedDocuments = pgTable(
  'issued_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the document is: 'registry.filing_certificate' (shared/documents/codes.ts). */
    kind: text('kind').$type<DocumentKind>().notNull(),
    /**
     * The verification code, stored as printed (12 symbols, no hyphens): it is on paper for anyone
     * to read and opens only `public_facts`, and a reprint must show the same code again.
     */
    code: text('code').notNull().unique(),
    /** The record it certifies ('organization', …) and its id; no foreign key, as in the audit log. */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    /** Exactly what the public verification page shows, frozen at issue: no personal data. */
    publicFacts: jsonb('public_facts').$type<Record<string, string | number | boolean | null>>().notNull(),
    issuedBy: uuid('issued_by').references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revokedReason: text('revoked_reason').$type<RevocationReason>(),
  },
  (t) => [
    // One live document per record and kind: a reprint reuses it, a second print at the same time
    // meets this index instead of issuing a second code.
    uniqueIndex('issued_documents_live_unique')
      .on(t.kind, t.entityType, t.entityId)
      .where(sql`revoked_at is null`),
    index('issued_documents_entity_idx').on(t.entityType, t.entityId),
    check('issued_documents_code_format', sql`${t.code} ~ '^[0-9A-HJKMNP-TV-Z]{12}$'`),
    check('issued_documents_revocation', sql`(${t.revokedAt} is null) = (${t.revokedReason} is null)`),
  ],
);

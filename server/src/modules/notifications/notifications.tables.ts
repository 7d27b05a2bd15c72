import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../core/core.tables.js';

/**
 * In-app notifications. The text is not stored: `kind` names a message the web app translates
 * with `params`, so a notice reads in the language the recipient uses when reading it.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number | null>>().notNull().default({}),
    /** Where in the web app the work is done (a path such as /filings/…). */
    link: text('link'),
    /**
     * Set by whatever may produce the same notice twice (a reminder job run again for its period):
     * one row per recipient and key. Null for one-off notices (a workflow step happens once).
     */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    unique('notifications_recipient_dedupe_key').on(t.recipientId, t.dedupeKey),
    index('notifications_recipient_created_idx').on(t.recipientId, t.createdAt),
    // The bell's count: a user's unread notices only.
    index('notifications_recipient_unread_idx').on(t.recipientId).where(sql`${t.readAt} is null`),
  ],
);

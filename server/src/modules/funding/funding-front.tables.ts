import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../core/core.tables.js';
import { fundingTopics } from './funding.tables.js';

/**
 * A topic closed by a curator (需求梳理 done, or the direction dropped), with the reason. A closed topic
 * keeps the needs behind it and the calls that fund it, but takes no more needs and is not offered
 * to new calls. Kept apart from funding_topics so a topic's row is only ever its title and text.
 */
export const fundingTopicClosures = pgTable('funding_topic_closures', {
  topicId: uuid('topic_id')
    .primaryKey()
    .references(() => fundingTopics.id),
  reason: text('reason').notNull(),
  closedBy: uuid('closed_by').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
});

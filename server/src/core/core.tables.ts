import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sealedText } from './sealed-columns.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code').references((): any => regions.code),
    name: text('name').notNull(),
    level: text('level').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('regions_code_12_digits', sql`${t.code} ~ '^[0-9]{12}$'`),
    index('regions_parent_idx').on(t.parentCode),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    locale: text('locale'),
    phone: sealedText('phone'),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Region the user administers from; users are listed to officials whose scope covers it. */
    homeRegionCode: text('home_region_code').notNull().references(() => regions.code),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_home_region_idx').on(t.homeRegionCode)],
);

export const userGrants = pgTable(
  'user_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    organizationId: uuid('organization_id'),
    createdAt: createdAt(),
  },
  (t) => [index('user_grants_user_idx').on(t.userId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token, so a leaked table does not leak live sessions. */
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ip: text('ip').notNull(),
    username: text('username').notNull(),
    success: boolean('success').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  // By client for the per-client limit; by username for an account's locks (sign-in, the admin list).
  (t) => [index('login_attempts_ip_at_idx').on(t.ip, t.at), index('login_attempts_username_at_idx').on(t.username, t.at)],
);

/** Append-only: a trigger in the migration refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** The record's name when written (an organisation's name), so the log reads without the record. */
    entityName: text('entity_name'),
    regionCode: text('region_code'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_at_idx').on(t.at),
  ],
);

/** One row per workflow transition, for every workflow in the platform. */
export const workflowHistory = pgTable(
  'workflow_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workflow: text('workflow').notNull(),
    entityId: text('entity_id').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    comment: text('comment'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    regionCode: text('region_code').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('workflow_history_entity_idx').on(t.workflow, t.entityId)],
);

export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** The owner's region once attached; while pending, the uploader's home region. */
    regionCode: text('region_code').notNull().references(() => regions.code),
    /**
     * The organisation of the owner, when it has one (registry_organizations.id; core tables hold no
     * key into a module's table). Null while pending.
     */
    organizationId: uuid('organization_id'),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
    /**
     * What the file belongs to (core/file-owners.ts): a type a domain registers ('registry.filing')
     * and the id of that record. Reading the file is reading its owner. Both null: pending, the
     * uploader's alone until attached, purged when left unattached.
     */
    ownerType: text('owner_type'),
    ownerId: text('owner_id'),
    attachedAt: timestamp('attached_at', { withTimezone: true }),
  },
  (t) => [
    index('files_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    index('files_owner_idx').on(t.ownerType, t.ownerId),
    // The purge of files left pending reads only these.
    index('files_pending_idx').on(t.createdAt).where(sql`${t.ownerType} is null`),
    check('files_owner_whole', sql`(${t.ownerType} is null) = (${t.ownerId} is null) and (${t.ownerType} is null) = (${t.attachedAt} is null)`),
  ],
);

/**
 * Who is assigned to what (a reviewer to an application, an evaluator to an evaluation): the
 * "assigned" kind of scope. One table for every domain, keyed by entity type and id, so a
 * domain's reads say `scopeWhere(slices, { …, assignedTo: assignedTo('funding.application', table.id) })`.
 */
export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    assignedBy: uuid('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assignments_entity_user_uq').on(t.entityType, t.entityId, t.userId),
    index('assignments_user_idx').on(t.userId, t.entityType),
  ],
);

import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER, rowsOf, runMigrations, type Database } from './client.js';

/**
 * Whether the database lacks a migration of the journal. drizzle's migrator applies every migration
 * newer than the newest one recorded in drizzle.__drizzle_migrations; this asks the same question
 * from the journal alone, without reading and hashing every SQL file (close to a megabyte) and
 * without the CREATE SCHEMA / CREATE TABLE IF NOT EXISTS it runs first. Any doubt (no table, an
 * unreadable row) answers yes, and the migrator decides.
 */
export async function isBehindMigrations(database: Database, folder = MIGRATIONS_FOLDER): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const [row] = rowsOf<{ last: string | null }>(await database.db.execute(sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`));
    return row?.last == null || !(Number(row.last) >= newest);
  } catch {
    return true;
  }
}

/** Runs the migrations when the database is behind the journal (a restart usually is not). Says whether it ran them. */
export async function migrateIfBehind(database: Database): Promise<boolean> {
  if (!(await isBehindMigrations(database))) return false;
  await runMigrations(database);
  return true;
}

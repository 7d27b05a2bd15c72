import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DURABLE_START_PARAMS, fsyncTree, SyncingNodeFS } from './pglite-durability.js';

/**
 * The query builder, without a schema object: each domain's tables live in its own module
 * (`*.tables.ts`, found by drizzle.config.ts for migrations) and queries name them directly.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The PGlite instance, when embedded (tests clone it). */
  pglite?: PGlite;
  /** The server's connection string, for connections outside the pool (core/cross-instance-writes.ts). */
  url?: string;
}

export const PGLITE_EXTENSIONS = { pg_trgm, btree_gist };

/**
 * Opens the embedded database: in memory without a `dataDir` (tests: fast, nothing to keep), else
 * on disk with fsync on and every COMMIT's WAL on the disk before it returns (decision 0004).
 * `loadDataDir` fills a new database from a `dumpDataDir()` tarball (a test template, a backup).
 */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File } = {}): Promise<Database> {
  const { dataDir } = options;
  const fresh = dataDir !== undefined && !existsSync(path.join(dataDir, 'PG_VERSION'));
  const client = await PGlite.create({
    dataDir,
    loadDataDir: options.loadDataDir,
    extensions: PGLITE_EXTENSIONS,
    ...(dataDir !== undefined ? { fs: new SyncingNodeFS(dataDir), startParams: [...DURABLE_START_PARAMS] } : {}),
  });
  // PGlite wrote a new data folder (initdb's output, or a backup's) without fsync.
  if (fresh) fsyncTree(dataDir);
  const db = drizzlePglite({ client }) as unknown as Db;
  return { db, engine: 'pglite', pglite: client, close: () => client.close() };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server closes (a restart, a failover, a database dropped under it) is
  // taken out of the pool, and the next query opens another; unheard, the error would end the process.
  pool.on('error', (error: Error & { code?: string }) => {
    console.warn(`an idle database connection was closed by the server (${error.code ?? 'no code'}); the pool opens another when needed`);
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return { db, engine: 'postgres', url, close: () => pool.end() };
}

export async function runMigrations(database: Database): Promise<void> {
  if (database.engine === 'pglite') {
    await migratePglite(database.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePg(database.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Rows of a raw `db.execute(sql…)`; both drivers return them under `rows`. */
export function rowsOf<T = any>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

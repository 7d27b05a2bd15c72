import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../src/db/client.js';
import { PGLITE_TEMPLATE } from './global-setup.js';

/** A fresh, migrated database of its own for one test file. */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return serverDatabase(url, { template: true, pool: 4 });
  const bytes = readFileSync(PGLITE_TEMPLATE);
  return openPglite({ loadDataDir: new Blob([bytes]) });
}

/**
 * Another pool on the same server database, as a second app instance would open (closing it
 * leaves the database); null on the embedded engine, which one process owns.
 */
export async function secondConnection(database: Database, pool = 2): Promise<Database | null> {
  return database.url ? openPostgres(database.url, pool) : null;
}

/** An empty database, no migration applied: in memory, or a new database on the PostgreSQL server. */
export async function emptyDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return serverDatabase(url, { template: false, pool: 2 });
  return openPglite();
}

/**
 * A database of its own on the PostgreSQL server, named with this run's prefix (so the run's
 * clean-up drops it should the test file not), copied from the migrated template or empty, and
 * dropped on close.
 */
async function serverDatabase(url: string, options: { template: boolean; pool: number }): Promise<Database> {
  const template = inject('pgTemplate');
  const name = `${template.replace(/template$/, '')}${options.template ? '' : 'bare_'}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(options.template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openPostgres(dbUrl.toString(), options.pool);
  return {
    ...database,
    async close() {
      await database.close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

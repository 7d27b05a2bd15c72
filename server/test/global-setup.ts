import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openPglite, runMigrations, openPostgres } from '../src/db/client.js';

export const TEMPLATE_DIR = path.resolve('.tmp/test-template');
export const PGLITE_TEMPLATE = path.join(TEMPLATE_DIR, 'pglite.tar.gz');
export const PG_TEMPLATE_DB = 'shuniu_test_template';

/**
 * Migrates once into a template; every test file then starts from a copy of it (a PGlite data
 * dump, or CREATE DATABASE … TEMPLATE on a PostgreSQL server when TEST_DATABASE_URL is set).
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const dbs = await admin.query(`select datname from pg_database where datname like 'shuniu_test_%'`);
    for (const row of dbs.rows) await admin.query(`drop database if exists "${row.datname}" with (force)`);
    await admin.query(`create database ${PG_TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${PG_TEMPLATE_DB}`;
    const db = await openPostgres(templateUrl.toString(), 1);
    await runMigrations(db);
    await db.close();
    return;
  }
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const db = await openPglite();
  await runMigrations(db);
  const dump = await db.pglite!.dumpDataDir('gzip');
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await db.close();
}

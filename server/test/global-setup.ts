import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, runMigrations, openPostgres } from '../src/db/client.js';

export const TEMPLATE_DIR = path.resolve('.tmp/test-template');
export const PGLITE_TEMPLATE = path.join(TEMPLATE_DIR, 'pglite.tar.gz');

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's PostgreSQL template database, and the prefix of every database the run makes. */
    pgTemplate: string;
  }
}

/**
 * A run's databases are named after the process that runs it, so two runs against one server
 * (two terminals, or CI beside a developer) never drop each other's; what a killed run left behind
 * is dropped by the next run on this machine, once its process is gone.
 */
const runPrefix = (pid: number) => `shuniu_test_p${pid}_`;

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function dropDatabases(url: string, which: (name: string) => boolean) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dbs = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'shuniu_test_%'`);
  for (const { datname } of dbs.rows) {
    if (which(datname)) await admin.query(`drop database if exists "${datname}" with (force)`);
  }
  await admin.end();
}

/**
 * Migrates once into a template; every test file then starts from a copy of it (a PGlite data
 * dump, or CREATE DATABASE … TEMPLATE on a PostgreSQL server when TEST_DATABASE_URL is set).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const own = runPrefix(process.pid);
    await dropDatabases(url, (name) => {
      const pid = /^shuniu_test_p(\d+)_/.exec(name)?.[1];
      // Databases named before runs carried a pid, and those of runs whose process is gone.
      return !pid || (!isAlive(Number(pid)) && name !== own);
    });
    const template = `${own}template`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${template}`;
    const db = await openPostgres(templateUrl.toString(), 1);
    await runMigrations(db);
    await db.close();
    project.provide('pgTemplate', template);
    return () => dropDatabases(url, (name) => name.startsWith(own));
  }
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const db = await openPglite();
  await runMigrations(db);
  const dump = await db.pglite!.dumpDataDir('gzip');
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await db.close();
}

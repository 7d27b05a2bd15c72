/**
 * What a restart skips when its work is already done (restart to first response ≤ 5 s): the
 * embedded database's maintenance within its interval, the sealer's scan when nothing is in plain
 * text, and the migrator when the database has the journal's newest migration.
 */
import { sql } from 'drizzle-orm';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDataKey } from '../../test/data-key.js';
import { makeRegionTree } from '../modules/regions/regions.factories.js';
import { makeUser } from '../modules/users/users.factories.js';
import { freshDatabase } from '../../test/test-db.js';
import { isSealed } from '../core/personal-data.js';
import { MIGRATIONS_FOLDER, rowsOf, type Database } from './client.js';
import { EMBEDDED_VACUUM_EVERY_MS, nextMaintenanceDelay, startEmbeddedMaintenance } from './maintenance.js';
import { isBehindMigrations, migrateIfBehind } from './pending-migrations.js';
import { sealPersonalData } from './seal-personal-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'shuniu-start-up-'));
let database: Database;
beforeAll(async () => {
  useTestDataKey();
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});
/** An embedded database that only counts the statements it is given. */
function countingDatabase() {
  const statements: unknown[] = [];
  const database = { engine: 'pglite', db: { execute: async (q: unknown) => (statements.push(q), { rows: [] }) } } as unknown as Database;
  return { database, statements };
}

describe('embedded maintenance at start-up', () => {
  const now = new Date('2026-05-01T12:00:00Z');

  it('is due at once without a last run, or after the interval, else when the interval ends', () => {
    expect(nextMaintenanceDelay(undefined, now)).toBe(0);
    expect(nextMaintenanceDelay(new Date(now.getTime() - EMBEDDED_VACUUM_EVERY_MS - 1), now)).toBe(0);
    expect(nextMaintenanceDelay(new Date(now.getTime() - 3600_000), now)).toBe(EMBEDDED_VACUUM_EVERY_MS - 3600_000);
    // A stamp from the future (a clock set back) is not trusted.
    expect(nextMaintenanceDelay(new Date(now.getTime() + 3600_000), now)).toBe(0);
  });

  it('runs at the first start and stamps it; a restart within the interval skips it', async () => {
    const stampFile = path.join(dir, 'first', 'shuniu-maintenance.json');
    const first = countingDatabase();
    (await startEmbeddedMaintenance(first.database, () => undefined, { stampFile, now: () => now }))();
    expect(first.statements).toHaveLength(1);
    expect(JSON.parse(readFileSync(stampFile, 'utf8'))).toEqual({ lastRun: now.toISOString() });

    const restart = countingDatabase();
    const later = new Date(now.getTime() + EMBEDDED_VACUUM_EVERY_MS / 2);
    (await startEmbeddedMaintenance(restart.database, () => undefined, { stampFile, now: () => later }))();
    expect(restart.statements).toHaveLength(0);

    const muchLater = countingDatabase();
    const overdue = new Date(now.getTime() + EMBEDDED_VACUUM_EVERY_MS + 1);
    (await startEmbeddedMaintenance(muchLater.database, () => undefined, { stampFile, now: () => overdue }))();
    expect(muchLater.statements).toHaveLength(1);
  });

  it('runs when the stamp cannot be read, and without a stamp file at every start', async () => {
    const stampFile = path.join(dir, 'torn.json');
    writeFileSync(stampFile, '{"lastRun": "2026-05');
    const torn = countingDatabase();
    (await startEmbeddedMaintenance(torn.database, () => undefined, { stampFile, now: () => now }))();
    expect(torn.statements).toHaveLength(1);

    const unstamped = countingDatabase();
    (await startEmbeddedMaintenance(unstamped.database, () => undefined))();
    expect(unstamped.statements).toHaveLength(1);
  });

  it('leaves a PostgreSQL server to its own autovacuum', async () => {
    const server = countingDatabase();
    (server.database as { engine: string }).engine = 'postgres';
    (await startEmbeddedMaintenance(server.database, () => undefined))();
    expect(server.statements).toHaveLength(0);
  });
});

describe('the start-up sealer when nothing is left to seal', () => {
  it('answers from one statement, without opening a transaction; a plain value written by hand is still sealed', async () => {
    const A = await makeRegionTree(database.db);
    const user = await makeUser(database.db, [{ role: 'official', regionCode: A.district }]);
    const transaction = vi.spyOn(database.db, 'transaction');
    const execute = vi.spyOn(database.db, 'execute');
    try {
      expect(await sealPersonalData(database.db)).toEqual({ rows: 0, tables: [], duplicates: [] });
      expect(transaction).not.toHaveBeenCalled();
      // The key probe and the check: every start pays two statements, whatever the size of the register.
      expect(execute).toHaveBeenCalledTimes(2);

      await database.db.execute(sql`update users set phone = '13500005678' where id = ${user.id}`);
      expect((await sealPersonalData(database.db, { warn: () => undefined })).rows).toBe(1);
      expect(transaction).toHaveBeenCalledTimes(1);
      const [row] = rowsOf<{ phone: string }>(await database.db.execute(sql`select phone from users where id = ${user.id}`));
      expect(isSealed(row.phone)).toBe(true);
    } finally {
      transaction.mockRestore();
      execute.mockRestore();
    }
  });
});

/** A copy of the migrations whose journal lists one more, newer migration. */
function journalWithNewerMigration() {
  const folder = path.join(dir, 'migrations');
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: 'newer' });
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('the start-up migration check', () => {
  it('finds a migrated database up to date, and runs nothing', async () => {
    expect(await isBehindMigrations(database)).toBe(false);
    expect(await migrateIfBehind(database)).toBe(false);
  });

  it('finds it behind a journal with a newer migration', async () => {
    expect(await isBehindMigrations(database, journalWithNewerMigration())).toBe(true);
  });

  it('finds a database without the migrations record behind (the migrator then decides)', async () => {
    await database.db.execute(sql`drop schema drizzle cascade`);
    expect(await isBehindMigrations(database)).toBe(true);
  });
});

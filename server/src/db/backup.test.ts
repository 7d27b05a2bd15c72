import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertBackupSupported, assertDatabaseClosed, BackupError, createBackup, listBackups, pgliteVersion, restoreBackup } from './backup.js';
import { openPglite, rowsOf, type Database } from './client.js';
import { FIRST_BACKUP_DELAY_MS, nextBackupDelay, startScheduledBackups } from './maintenance.js';
import { hostFsyncCount } from './pglite-durability.js';

let work: string;
let database: Database;
const dataDir = () => path.join(work, 'pglite');
const filesDir = () => path.join(work, 'files');
const backupRoot = () => path.join(work, 'backups');

const names = async (db: Database) => rowsOf<{ name: string }>(await db.db.execute(sql`select name from kept order by name`)).map((r) => r.name);

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'shuniu-backup-'));
  database = await openPglite({ dataDir: dataDir() });
  await database.db.execute(sql`create table kept (name text primary key)`);
  mkdirSync(path.join(filesDir(), 'ab'), { recursive: true });
  writeFileSync(path.join(filesDir(), 'ab', 'first'), 'first file');
});
afterAll(async () => {
  await database?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the embedded database on disk', () => {
  it('runs with fsync on, and a COMMIT reaches the disk through a real fsync', async () => {
    const settings = rowsOf<{ fsync: string; method: string; recycle: string }>(
      await database.db.execute(
        sql`select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method, current_setting('wal_recycle') as recycle`,
      ),
    )[0];
    // wal_recycle off: old WAL is deleted, not kept for reuse with its bytes (decision 0005).
    expect(settings).toEqual({ fsync: 'on', method: 'fsync', recycle: 'off' });
    const before = hostFsyncCount();
    await database.db.execute(sql`insert into kept values ('甲')`);
    expect(hostFsyncCount()).toBeGreaterThan(before);
  });

  it('marks its folder as in use while open, so the command-line tools keep off it', () => {
    expect(() => assertDatabaseClosed(dataDir())).toThrow(BackupError);
  });
});

describe('backup and restore', () => {
  let backupPath: string;

  it('restores exactly what was there when the backup was taken, database and files', async () => {
    await database.db.execute(sql`insert into kept values ('乙'), ('丙')`);
    const backup = await createBackup(database, { root: backupRoot(), filesDir: filesDir(), keep: 14 });
    backupPath = backup.path;
    await database.db.execute(sql`insert into kept values ('after the backup')`);
    writeFileSync(path.join(filesDir(), 'ab', 'later'), 'written after the backup');

    const target = path.join(work, 'restored');
    await restoreBackup(backupPath, { pgliteDir: path.join(target, 'pglite'), filesDir: path.join(target, 'files'), force: false });
    const restored = await openPglite({ dataDir: path.join(target, 'pglite') });
    try {
      expect(await names(restored)).toEqual(['丙', '乙', '甲'].sort());
    } finally {
      await restored.close();
    }
    expect(readdirSync(path.join(target, 'files', 'ab'))).toEqual(['first']);
    expect(readFileSync(path.join(target, 'files', 'ab', 'first'), 'utf8')).toBe('first file');
  });

  it('refuses to restore over an existing database unless forced, and then keeps the old one aside', async () => {
    const target = path.join(work, 'restored');
    const options = { pgliteDir: path.join(target, 'pglite'), filesDir: path.join(target, 'files') };
    await expect(restoreBackup(backupPath, { ...options, force: false })).rejects.toThrow(/--force/);
    const movedAside = await restoreBackup(backupPath, { ...options, force: true });
    expect(movedAside).toHaveLength(2);
    for (const p of movedAside) expect(existsSync(p)).toBe(true);
    expect(existsSync(path.join(options.pgliteDir, 'PG_VERSION'))).toBe(true);
  });

  it("is readable by the server's own user only: folders 0700, files 0600, hard-linked attachments included", async () => {
    const root = path.join(work, 'private');
    const modes = (dir: string): Record<string, string> =>
      Object.fromEntries(
        readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => [p, (statSync(path.join(dir, p)).mode & 0o777).toString(8)]),
      );
    const first = await createBackup(database, { root, filesDir: filesDir(), keep: 3, now: new Date(Date.UTC(2030, 1, 1)) });
    // The second links the attachment from the first instead of copying it.
    const second = await createBackup(database, { root, filesDir: filesDir(), keep: 3, now: new Date(Date.UTC(2030, 1, 2)) });
    expect(statSync(path.join(second.path, 'files', 'ab', 'first')).ino).toBe(statSync(path.join(first.path, 'files', 'ab', 'first')).ino);
    for (const backup of [first, second]) {
      expect((statSync(backup.path).mode & 0o777).toString(8)).toBe('700');
      const found = modes(backup.path);
      expect(Object.keys(found)).toEqual(expect.arrayContaining(['pglite.tar.gz', 'manifest.json', 'files', path.join('files', 'ab', 'first')]));
      for (const [p, mode] of Object.entries(found)) expect(mode, p).toBe(statSync(path.join(backup.path, p)).isDirectory() ? '700' : '600');
    }
    expect((statSync(root).mode & 0o777).toString(8)).toBe('700');
    // The live store keeps its own modes: nothing is linked from it.
    expect(statSync(path.join(filesDir(), 'ab', 'first')).ino).not.toBe(statSync(path.join(first.path, 'files', 'ab', 'first')).ino);
  });

  it('refuses, naming the PGlite version, when PGlite lacks the internals a consistent dump needs', async () => {
    expect(pgliteVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(() => assertBackupSupported(database)).not.toThrow();
    const renamed = { ...database, pglite: { dumpDataDir: () => undefined } as unknown as Database['pglite'] };
    expect(() => assertBackupSupported(renamed)).toThrow(new RegExp(`PGlite ${pgliteVersion().replace(/\./g, '\\.')} has no _runExclusiveTransaction`));
    const root = path.join(work, 'unsupported');
    await expect(createBackup(renamed, { root, keep: 1 })).rejects.toThrow(/_runExclusiveTransaction/);
    // At start-up, where the schedule is set, not at the first backup hours later.
    expect(() => startScheduledBackups(renamed, { root, filesDir: filesDir(), keep: 1, everyHours: 24 }, { info: () => undefined, error: () => undefined })).toThrow(
      /_runExclusiveTransaction/,
    );
    expect(existsSync(root)).toBe(false);
  });

  it('keeps the newest BACKUP_KEEP backups', async () => {
    const root = path.join(work, 'retention');
    const times = [1, 2, 3].map((h) => new Date(Date.UTC(2030, 0, 1, h)));
    for (const now of times) await createBackup(database, { root, filesDir: filesDir(), keep: 2, now });
    expect(listBackups(root).map((b) => b.createdAt)).toEqual(times.slice(1));
    // Only complete backups are listed and counted.
    expect(readdirSync(root).sort()).toEqual(listBackups(root).map((b) => b.name));
  });
});

describe('the backup schedule', () => {
  const hour = 3600_000;
  const now = new Date(Date.UTC(2030, 0, 2));

  it('waits a while after start-up, then takes a backup an interval after the newest one', () => {
    expect(nextBackupDelay(undefined, 24 * hour, now)).toBe(FIRST_BACKUP_DELAY_MS);
    expect(nextBackupDelay(new Date(now.getTime() - 30 * hour), 24 * hour, now)).toBe(FIRST_BACKUP_DELAY_MS);
    expect(nextBackupDelay(new Date(now.getTime() - 4 * hour), 24 * hour, now)).toBe(20 * hour);
  });

  it('takes the backup in the server process when due, and stopping waits for it', async () => {
    const root = path.join(work, 'scheduled');
    const errors: unknown[] = [];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let stop: () => Promise<void>;
    try {
      stop = startScheduledBackups(database, { root, filesDir: filesDir(), keep: 3, everyHours: 24 }, { info: () => undefined, error: (e) => errors.push(e) });
      vi.advanceTimersByTime(FIRST_BACKUP_DELAY_MS);
    } finally {
      vi.useRealTimers();
    }
    await stop();
    expect(errors).toEqual([]);
    expect(listBackups(root)).toHaveLength(1);
  });

  it('takes none when BACKUP_EVERY_HOURS is 0', async () => {
    const root = path.join(work, 'never');
    const stop = startScheduledBackups(database, { root, filesDir: filesDir(), keep: 3, everyHours: 0 }, { info: () => undefined, error: () => undefined });
    await stop();
    expect(existsSync(root)).toBe(false);
  });
});

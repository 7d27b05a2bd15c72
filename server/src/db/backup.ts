import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, copyFile, cp, link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, type Database } from './client.js';
import { fsyncPath, fsyncTree } from './pglite-durability.js';

/**
 * Backups of the embedded database and the attachment files (decision 0004). One backup is a
 * folder named by its UTC time, holding the database as PGlite's `dumpDataDir()` tarball, a copy of
 * the files folder and a manifest; it is written under a `.partial` name and renamed when complete,
 * so a listed backup is always whole.
 */

export const DATABASE_ARCHIVE = 'pglite.tar.gz';
export const FILES_FOLDER = 'files';
export const MANIFEST = 'manifest.json';
const NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z$/;
const PARTIAL_SUFFIX = '.partial';
/** A `.partial` folder older than this is what an interrupted backup left behind. */
const STALE_PARTIAL_MS = 24 * 3600_000;
/**
 * A backup holds every record (identifiers sealed, names and addresses not) and the attachments:
 * only the server's own user may read it, whatever the umask.
 */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

export interface BackupManifest {
  createdAt: string;
  engine: 'pglite';
  database: string;
  /** Null when there was no files folder to copy. */
  files: string | null;
}

export interface BackupInfo {
  name: string;
  path: string;
  createdAt: Date;
}

/** The folder backups go to: BACKUP_DIR, else `backups` beside the embedded database's folder. */
export function backupRootFor(env: { BACKUP_DIR?: string; PGLITE_DIR: string }): string {
  return path.resolve(env.BACKUP_DIR ?? path.join(path.dirname(path.resolve(env.PGLITE_DIR)), 'backups'));
}

const nameFor = (at: Date) => at.toISOString().replace(/:/g, '-');
const dateOf = (name: string) => new Date(name.replace(/T(\d{2})-(\d{2})-(\d{2})/, 'T$1:$2:$3'));

/** Complete backups under `root`, oldest first. */
export function listBackups(root: string): BackupInfo[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && NAME.test(e.name) && existsSync(path.join(root, e.name, MANIFEST)))
    .map((e) => ({ name: e.name, path: path.join(root, e.name), createdAt: dateOf(e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Keeps the newest `keep` backups and removes the rest, and what interrupted backups left. */
export async function pruneBackups(root: string, keep: number, now = new Date()): Promise<string[]> {
  const backups = listBackups(root);
  const removed = backups.slice(0, Math.max(0, backups.length - keep)).map((b) => b.path);
  if (existsSync(root)) {
    for (const e of readdirSync(root, { withFileTypes: true })) {
      if (!e.isDirectory() || !e.name.endsWith(PARTIAL_SUFFIX)) continue;
      const started = dateOf(e.name.slice(0, -PARTIAL_SUFFIX.length));
      if (now.getTime() - started.getTime() > STALE_PARTIAL_MS) removed.push(path.join(root, e.name));
    }
  }
  for (const p of removed) await rm(p, { recursive: true, force: true });
  return removed;
}

/** The installed PGlite's version, for messages about its internals. */
export function pgliteVersion(): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
  } catch {
    // Only the message loses the version.
  }
  return 'unknown';
}

/**
 * A consistent dump needs PGlite's transaction lock, which only its private
 * `_runExclusiveTransaction` offers. Checked where backups are set up (the server's schedule, the
 * command) so that a PGlite upgrade that renames it stops there, loudly, rather than at the first
 * scheduled backup hours later, in a log line.
 */
export function assertBackupSupported(database: Database): void {
  if (database.engine !== 'pglite' || !database.pglite) return;
  const pglite = database.pglite as unknown as Record<string, unknown>;
  const missing = ['_runExclusiveTransaction', 'dumpDataDir'].filter((m) => typeof pglite[m] !== 'function');
  if (missing.length) {
    throw new Error(
      `PGlite ${pgliteVersion()} has no ${missing.join(' or ')}, which the embedded backups rely on to dump the database ` +
        `between two transactions (server/src/db/backup.ts, decision 0004). Adapt createBackup to this PGlite version, ` +
        `or go back to the version in package-lock.json; meanwhile set BACKUP_EVERY_HOURS=0 to start without backups.`,
    );
  }
}

export interface CreateBackupOptions {
  root: string;
  /** The attachment files folder (FILES_DIR); copied after the database, see below. */
  filesDir?: string;
  keep: number;
  now?: Date;
}

/**
 * Writes one backup of a running embedded database and prunes to `keep`. The dump is taken while
 * PGlite runs no other statement or transaction, so it is a consistent image, which a restore opens
 * as PostgreSQL opens a folder after a crash: replaying the WAL since the checkpoint. The files are copied
 * after it: a file is stored before its row is committed and never changed, so every file the
 * dumped database names is in the copy.
 */
export async function createBackup(database: Database, options: CreateBackupOptions): Promise<BackupInfo> {
  if (database.engine !== 'pglite' || !database.pglite) {
    throw new Error('the database is a PostgreSQL server: back it up with pg_dump (see README, Backups)');
  }
  assertBackupSupported(database);
  const at = options.now ?? new Date();
  const name = nameFor(at);
  const partial = path.join(options.root, name + PARTIAL_SUFFIX);
  const final = path.join(options.root, name);
  // A root we create is private too; one that exists (BACKUP_DIR may be a shared mount) is left as it is.
  await mkdir(options.root, { recursive: true, mode: FOLDER_MODE });
  await mkdir(partial, { recursive: true, mode: FOLDER_MODE });
  await chmod(partial, FOLDER_MODE);
  // Backups written before they were private (their files readable by all) become so now.
  for (const earlier of listBackups(options.root)) await chmod(earlier.path, FOLDER_MODE);
  try {
    // Writes the dirty pages out, so a restore does not replay the WAL since the last checkpoint.
    await database.db.execute(sql`checkpoint`);
    const pglite = database.pglite;
    // Under the transaction lock too, so the image falls between transactions, not only statements.
    const archive = await pglite._runExclusiveTransaction(() => pglite.dumpDataDir('gzip'));
    await writeFile(path.join(partial, DATABASE_ARCHIVE), Buffer.from(await archive.arrayBuffer()), { mode: FILE_MODE });
    const hasFiles = options.filesDir !== undefined && existsSync(options.filesDir);
    const previous = listBackups(options.root).at(-1);
    if (hasFiles) await copyFiles(options.filesDir!, path.join(partial, FILES_FOLDER), previous && path.join(previous.path, FILES_FOLDER));
    const manifest: BackupManifest = { createdAt: at.toISOString(), engine: 'pglite', database: DATABASE_ARCHIVE, files: hasFiles ? FILES_FOLDER : null };
    await writeFile(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: FILE_MODE });
    fsyncTree(partial);
    await rename(partial, final);
    fsyncPath(options.root, true);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
  await pruneBackups(options.root, options.keep, at);
  return { name, path: final, createdAt: at };
}

/**
 * Copies the files folder. A stored file never changes (its name is a fresh UUID), so one the
 * previous backup already holds is hard-linked from there: fourteen daily backups of the same
 * attachments take the room of one. Copies take the source's mode and links share the previous
 * backup's (never the live store's: links are made only between backups), so each is made private.
 */
async function copyFiles(from: string, to: string, previous: string | undefined) {
  await mkdir(to, { recursive: true, mode: FOLDER_MODE });
  await chmod(to, FOLDER_MODE);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    const before = previous && path.join(previous, entry.name);
    if (entry.isDirectory()) {
      await copyFiles(source, target, before);
    } else if (entry.isFile()) {
      const same = before !== undefined && existsSync(before) && statSync(before).size === statSync(source).size;
      // A folder on another file system, or one without hard links, gets a copy instead.
      if (!same || !(await link(before, target).then(() => true, () => false))) await copyFile(source, target);
      await chmod(target, FILE_MODE);
    }
  }
}

/**
 * PGlite leaves `postmaster.pid` in its folder while a database is open and removes it when it
 * closes. Two processes on one folder corrupt it, so tools that open the folder themselves refuse
 * while it is there.
 */
export function assertDatabaseClosed(pgliteDir: string) {
  if (existsSync(path.join(pgliteDir, 'postmaster.pid'))) {
    throw new BackupError(
      `${pgliteDir} is in use: the server is running, or it was not stopped cleanly. Stop the server ` +
        `(or, if it crashed, start and stop it once) and try again.`,
    );
  }
}

/** A refusal the command-line tools print as it is, without a stack. */
export class BackupError extends Error {}

export interface RestoreOptions {
  pgliteDir: string;
  filesDir: string;
  /** Move an existing database or files folder aside instead of refusing. */
  force: boolean;
  now?: Date;
}

/**
 * Restores a backup into `pgliteDir` and `filesDir` of a stopped server. An existing target is
 * kept: with `force` it is renamed `<name>.before-restore-<time>`, else the restore refuses.
 * Returns the folders moved aside.
 */
export async function restoreBackup(backupDir: string, options: RestoreOptions): Promise<string[]> {
  const manifestPath = path.join(backupDir, MANIFEST);
  if (!existsSync(manifestPath)) throw new BackupError(`${backupDir} is not a backup (no ${MANIFEST})`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  const archive = await readFile(path.join(backupDir, manifest.database));
  if (existsSync(options.pgliteDir)) assertDatabaseClosed(options.pgliteDir);
  const targets = [options.pgliteDir, options.filesDir].map((p) => path.resolve(p));
  const occupied = targets.filter((p) => existsSync(p) && readdirSync(p).length > 0);
  if (occupied.length && !options.force) {
    throw new BackupError(`${occupied.join(' and ')} already exist${occupied.length === 1 ? 's' : ''}; pass --force to move ${occupied.length === 1 ? 'it' : 'them'} aside and restore`);
  }
  const suffix = `.before-restore-${nameFor(options.now ?? new Date())}`;
  const movedAside: string[] = [];
  for (const target of targets) {
    if (!existsSync(target)) continue;
    if (readdirSync(target).length === 0) {
      await rm(target, { recursive: true });
      continue;
    }
    await rename(target, target + suffix);
    movedAside.push(target + suffix);
  }
  await mkdir(options.pgliteDir, { recursive: true });
  // Opening it unpacks the archive (and proves it opens); closing it stops PostgreSQL cleanly.
  const database = await openPglite({ dataDir: options.pgliteDir, loadDataDir: new Blob([archive]) });
  await database.close();
  if (manifest.files) await cp(path.join(backupDir, manifest.files), options.filesDir, { recursive: true });
  else await mkdir(options.filesDir, { recursive: true });
  fsyncTree(options.filesDir);
  return movedAside;
}

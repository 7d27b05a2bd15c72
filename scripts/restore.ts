/**
 * Restores a backup made by `npm run backup` or by the server into PGLITE_DIR and FILES_DIR, with
 * the server STOPPED. An existing database or files folder is moved aside (`<name>.before-restore-
 * <time>`) only with --force. See README, Backups.
 *
 *   npm run restore -- <backup folder | its name under BACKUP_DIR | latest> [--force]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BackupError, backupRootFor, listBackups, restoreBackup } from '../server/src/db/backup.js';
import { loadEnv } from '../server/src/env.js';

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const which = args.filter((a) => a !== '--force');
  const env = loadEnv();
  if (env.DATABASE_URL) {
    console.error('DATABASE_URL is set: the data is on a PostgreSQL server. Restore it with pg_restore (pg_restore -d "$DATABASE_URL" shuniu.dump) and copy FILES_DIR back.');
    return 2;
  }
  if (which.length !== 1) {
    console.error('usage: npm run restore -- <backup folder | its name under BACKUP_DIR | latest> [--force]');
    return 2;
  }
  const root = backupRootFor(env);
  const backupDir = which[0] === 'latest' ? listBackups(root).at(-1)?.path : [path.resolve(which[0]), path.join(root, which[0])].find((p) => existsSync(p));
  if (!backupDir) throw new BackupError(which[0] === 'latest' ? `no backups in ${root}` : `no backup ${which[0]} (looked in ${root} too)`);
  const pgliteDir = path.resolve(env.PGLITE_DIR);
  const filesDir = path.resolve(env.FILES_DIR);
  const movedAside = await restoreBackup(backupDir, { pgliteDir, filesDir, force });
  console.info(`restored ${backupDir} into ${pgliteDir} and ${filesDir}`);
  for (const p of movedAside) console.info(`the previous contents are kept in ${p}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof BackupError ? `restore refused: ${err.message}` : err);
    process.exit(1);
  },
);

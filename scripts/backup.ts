/**
 * Backs up the embedded database and the attachment files of a STOPPED server (a running server
 * takes its own backups, BACKUP_EVERY_HOURS: PGlite is single-process, so nothing else may open
 * its folder meanwhile). See README, Backups.
 *
 *   npm run backup            → <BACKUP_DIR>/<UTC time>/{pglite.tar.gz, files/, manifest.json}
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { assertDatabaseClosed, BackupError, backupRootFor, createBackup } from '../server/src/db/backup.js';
import { openPglite } from '../server/src/db/client.js';
import { loadEnv } from '../server/src/env.js';

async function main() {
  const env = loadEnv();
  if (env.DATABASE_URL) {
    console.error('DATABASE_URL is set: the data is on a PostgreSQL server. Back it up with pg_dump (pg_dump -Fc "$DATABASE_URL" > shuniu.dump) and copy FILES_DIR.');
    return 2;
  }
  const pgliteDir = path.resolve(env.PGLITE_DIR);
  if (!existsSync(path.join(pgliteDir, 'PG_VERSION'))) throw new BackupError(`no embedded database in ${pgliteDir} (PGLITE_DIR)`);
  assertDatabaseClosed(pgliteDir);
  const database = await openPglite({ dataDir: pgliteDir });
  try {
    const backup = await createBackup(database, { root: backupRootFor(env), filesDir: path.resolve(env.FILES_DIR), keep: env.BACKUP_KEEP });
    console.info(`backup written to ${backup.path} (keeping the newest ${env.BACKUP_KEEP})`);
  } finally {
    await database.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof BackupError ? `backup refused: ${err.message}` : err);
    process.exit(1);
  },
);

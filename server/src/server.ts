import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.js';
import { resolveDataKey } from './core/data-key.js';
import { LocalDiskStore } from './core/file-store.js';
import { usePersonalDataKey } from './core/personal-data.js';
import { openPglite, openPostgres, runMigrations, type Database } from './db/client.js';
import { backupRootFor } from './db/backup.js';
import { startHousekeeping } from './db/housekeeping.js';
import { startEmbeddedMaintenance, startScheduledBackups } from './db/maintenance.js';
import { sealPersonalData } from './db/seal-personal-data.js';
import { seedDemo } from './db/seed/index.js';
import { loadEnv, type Env } from './env.js';

export interface StartOptions {
  port?: number;
  host?: string;
  pgliteDir?: string;
  filesDir?: string;
  databaseUrl?: string;
  seed?: boolean;
  logLevel?: Env['LOG_LEVEL'];
}

/** Opens the database (embedded unless a URL is given), migrates, seeds an empty one, and listens. */
export async function startServer(options: StartOptions = {}) {
  const env = loadEnv({
    ...process.env,
    ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
  });
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL;
  const pgliteDir = path.resolve(options.pgliteDir ?? env.PGLITE_DIR);
  const filesDir = path.resolve(options.filesDir ?? env.FILES_DIR);
  // Before the database opens: a server deployment without its key stops here, having touched nothing.
  const dataKey = resolveDataKey({ dataKey: env.DATA_KEY, databaseUrl, dataDir: path.dirname(pgliteDir) });
  usePersonalDataKey(dataKey.key);
  let database: Database;
  if (databaseUrl) database = await openPostgres(databaseUrl);
  else {
    mkdirSync(pgliteDir, { recursive: true });
    database = await openPglite({ dataDir: pgliteDir });
  }
  await runMigrations(database);
  await sealPersonalData(database.db);
  if (options.seed ?? env.SEED_DEMO === 'true') await seedDemo(database.db);
  const app = await buildApp({
    env,
    database,
    fileStore: new LocalDiskStore(filesDir),
    logger: env.LOG_LEVEL === 'silent' ? false : { level: env.LOG_LEVEL },
    serveWeb: true,
  });
  const stopMaintenance = await startEmbeddedMaintenance(database, (err) => app.log.error({ err }, 'database maintenance failed'));
  const stopHousekeeping = await startHousekeeping(database, (err) => app.log.error({ err }, 'housekeeping failed'));
  const stopBackups = startScheduledBackups(
    database,
    { root: backupRootFor({ BACKUP_DIR: env.BACKUP_DIR, PGLITE_DIR: pgliteDir }), filesDir, keep: env.BACKUP_KEEP, everyHours: env.BACKUP_EVERY_HOURS },
    { info: (msg) => app.log.info(msg), error: (err) => app.log.error({ err }, 'database backup failed') },
  );
  const address = await app.listen({ port: options.port ?? env.PORT, host: options.host ?? env.HOST });
  const port = (app.server.address() as { port: number }).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    address,
    async close() {
      stopMaintenance();
      stopHousekeeping();
      await stopBackups();
      await app.close();
      await database.close();
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  startServer()
    .then((s) => {
      console.info(`Shuniu 枢纽 is serving on ${s.url.replace('127.0.0.1', 'localhost')} (API docs: /api/docs)`);
      const stop = () => s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

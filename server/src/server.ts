import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ClusterRefused, clusterWorkerCount, runPrimary } from './cluster.js';
import { resolveDataKey } from './core/data-key.js';
import { LocalDiskStore } from './core/file-store.js';
import { jobLogTo, startScheduler } from './core/jobs/scheduler.js';
import { usePersonalDataKey } from './core/personal-data.js';
import { openPglite, openPostgres, type Database } from './db/client.js';
import { backupRootFor } from './db/backup.js';
import { housekeepingJob } from './db/housekeeping.js';
import { maintenanceStampFor, startEmbeddedMaintenance, startScheduledBackups } from './db/maintenance.js';
import { migrateIfBehind } from './db/pending-migrations.js';
import { fillDerivedColumns } from './db/derived-columns.js';
import { sealPersonalData } from './db/seal-personal-data.js';
import { seedDemo } from './db/seed/index.js';
import { loadEnv, type Env } from './env.js';
import { dummyPasswordHash } from './modules/users/auth.service.js';
import { readableLogLines } from './plugins/log-lines.js';

export interface StartOptions {
  port?: number;
  host?: string;
  pgliteDir?: string;
  filesDir?: string;
  databaseUrl?: string;
  seed?: boolean;
  logLevel?: Env['LOG_LEVEL'];
}

/** How long each step of start-up took, for the one line the server logs when it is ready. */
class StartupClock {
  private readonly began = performance.now();
  private last = this.began;
  readonly steps: Record<string, number> = {};
  lap(step: string) {
    const now = performance.now();
    this.steps[step] = Math.round(now - this.last);
    this.last = now;
  }
  total() {
    return Math.round(performance.now() - this.began);
  }
}

function resolveStart(options: StartOptions) {
  const env = loadEnv({
    ...process.env,
    ...(options.port !== undefined ? { PORT: String(options.port) } : {}),
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
  });
  return {
    env,
    databaseUrl: options.databaseUrl ?? env.DATABASE_URL,
    pgliteDir: path.resolve(options.pgliteDir ?? env.PGLITE_DIR),
    filesDir: path.resolve(options.filesDir ?? env.FILES_DIR),
  };
}

/**
 * Opens the database (embedded unless a URL is given), migrates, seals personal data left in plain
 * text, and seeds an empty one. Each step does nothing when its work is already done.
 */
async function openPrepared(start: ReturnType<typeof resolveStart>, seed: boolean, clock: StartupClock): Promise<Database> {
  const { databaseUrl, pgliteDir } = start;
  // Before the database opens: a server deployment without its key stops here, having touched nothing.
  const dataKey = resolveDataKey({ dataKey: start.env.DATA_KEY, databaseUrl, dataDir: path.dirname(pgliteDir) });
  usePersonalDataKey(dataKey.key);
  let database: Database;
  if (databaseUrl) database = await openPostgres(databaseUrl);
  else {
    mkdirSync(pgliteDir, { recursive: true });
    database = await openPglite({ dataDir: pgliteDir });
  }
  clock.lap('open');
  try {
    await migrateIfBehind(database);
    clock.lap('migrations');
    await sealPersonalData(database.db);
    clock.lap('seal');
    await fillDerivedColumns(database.db);
    clock.lap('derived');
    if (seed) await seedDemo(database.db);
    clock.lap('seed');
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

function loggerFor(env: Env) {
  if (env.LOG_LEVEL === 'silent') return false;
  const format = env.LOG_FORMAT ?? (process.stdout.isTTY ? 'lines' : 'json');
  return format === 'lines' ? { level: env.LOG_LEVEL, stream: readableLogLines(process.stdout) } : { level: env.LOG_LEVEL };
}

/** Opens the database (embedded unless a URL is given), migrates, seeds an empty one, and listens. */
export async function startServer(options: StartOptions = {}) {
  const clock = new StartupClock();
  // argon2 hashes on libuv's threads: the dummy hash the sign-in route waits for at registration is
  // made while the database opens, not after.
  void dummyPasswordHash().catch(() => undefined);
  const start = resolveStart(options);
  const { env, pgliteDir, filesDir } = start;
  const database = await openPrepared(start, options.seed ?? env.SEED_DEMO === 'true', clock);
  const app = await buildApp({
    env,
    database,
    fileStore: new LocalDiskStore(filesDir),
    logger: loggerFor(env),
    serveWeb: true,
  });
  clock.lap('app');
  const stopMaintenance = await startEmbeddedMaintenance(database, (err) => app.log.error({ err }, 'database maintenance failed'), {
    stampFile: maintenanceStampFor(pgliteDir),
  });
  clock.lap('maintenance');
  // Deadlines, reminders, expiries: each runs once across the instances on this database (core/jobs).
  const jobs = startScheduler({
    db: database.db,
    writes: app.writes,
    jobs: [housekeepingJob, ...app.domains.flatMap((d) => d.jobs?.({ fileStore: app.fileStore }) ?? [])],
    log: jobLogTo(app.log),
  });
  const stopBackups = startScheduledBackups(
    database,
    { root: backupRootFor({ BACKUP_DIR: env.BACKUP_DIR, PGLITE_DIR: pgliteDir }), filesDir, keep: env.BACKUP_KEEP, everyHours: env.BACKUP_EVERY_HOURS },
    { info: (msg) => app.log.info(msg), error: (err) => app.log.error({ err }, 'database backup failed') },
  );
  const address = await app.listen({ port: options.port ?? env.PORT, host: options.host ?? env.HOST });
  clock.lap('listen');
  app.log.info({ startupMs: clock.total(), steps: clock.steps }, `ready in ${clock.total()} ms`);
  const port = (app.server.address() as { port: number }).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    address,
    async close() {
      stopMaintenance();
      await jobs.stop();
      await stopBackups();
      await app.close();
      await database.close();
    },
  };
}

const ENTRY = fileURLToPath(import.meta.url);

/**
 * The command line entry (`node dist/server/server.js`, `tsx server/src/server.ts`): serves from
 * this process, or with CLUSTER_WORKERS forks workers that each run this same file.
 */
export async function main(): Promise<void> {
  const env = loadEnv();
  if (cluster.isPrimary) {
    let workers: number;
    try {
      workers = clusterWorkerCount(env);
    } catch (e) {
      if (!(e instanceof ClusterRefused)) throw e;
      console.error(e.message);
      process.exit(1);
    }
    if (workers > 0) {
      // Migrations, sealing and the demo seed once, here, before any worker starts: workers racing
      // to apply the same migration would fail. Each worker then finds the work done.
      const start = resolveStart({});
      await (await openPrepared(start, env.SEED_DEMO === 'true', new StartupClock())).close();
      const log = { info: (m: string) => console.info(m), error: (m: string) => console.error(m) };
      const address = `http://${env.HOST === '127.0.0.1' ? 'localhost' : env.HOST}:${env.PORT}`;
      process.exit(await runPrimary({ workers, entry: ENTRY, address, log }));
    }
  }
  const s = await startServer();
  if (cluster.isPrimary) console.info(`Shuniu 枢纽 is serving on ${s.url.replace('127.0.0.1', 'localhost')} (API docs: /api/docs)`);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= s.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A worker whose primary is gone has nobody to restart or stop it.
  if (cluster.isWorker) process.on('disconnect', stop);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === ENTRY;
if (isMain) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Env } from './env.js';

/**
 * Several processes serving one port (node:cluster): the primary forks the workers and restarts
 * one that dies; each worker is the ordinary server (server.ts). They share nothing in memory:
 * each keeps its own read caches and learns the others' writes through LISTEN/NOTIFY
 * (core/cross-instance-writes.ts), exactly as separate instances behind a load balancer would.
 * That is why only a PostgreSQL server will do: the embedded database is one process's.
 */

export class ClusterRefused extends Error {}

/** How many workers to fork: 0 serves from this process. Refuses a cluster on the embedded database. */
export function clusterWorkerCount(env: Pick<Env, 'CLUSTER_WORKERS' | 'DATABASE_URL'>, cores = availableParallelism()): number {
  const workers = env.CLUSTER_WORKERS === 'auto' ? cores : env.CLUSTER_WORKERS;
  if (workers === 0) return 0;
  if (!env.DATABASE_URL) {
    throw new ClusterRefused(
      `CLUSTER_WORKERS=${env.CLUSTER_WORKERS} needs a PostgreSQL server (DATABASE_URL): the embedded database (PGlite) ` +
        'is opened by one process only. Unset CLUSTER_WORKERS to serve from this process, or set DATABASE_URL.',
    );
  }
  return workers;
}

/** A worker dying this soon after it was forked counts towards giving up: it would only die again. */
const EARLY_EXIT_MS = 30_000;
const MAX_EARLY_EXITS = 3;

export interface PrimaryOptions {
  workers: number;
  /** The file the workers run: the server entry, which starts a worker's server when not the primary. */
  entry: string;
  /** Where the workers listen, for the start-up line. */
  address: string;
  log: { info: (msg: string) => void; error: (msg: string) => void };
}

/**
 * Forks the workers and keeps them running until SIGTERM or SIGINT, which it passes on to each (each
 * closes its server and pool) before exiting. Resolves with the exit code once every worker is gone.
 */
export function runPrimary({ workers, entry, address, log }: PrimaryOptions): Promise<number> {
  // Workers run the entry as this process does (tsx's loader in development), with stack traces
  // mapped back to server/src when it is the bundle.
  cluster.setupPrimary({ exec: entry, execArgv: [...process.execArgv, '--enable-source-maps'] });
  const forkedAt = new Map<Worker, number>();
  let earlyExits = 0;
  let stopping = false;
  let code = 0;
  const fork = () => forkedAt.set(cluster.fork(), Date.now());
  return new Promise((resolve) => {
    const stop = (exitCode: number) => {
      if (stopping) return;
      stopping = true;
      code = exitCode;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve(code);
    };
    cluster.on('exit', (worker, exitCode, signal) => {
      const started = forkedAt.get(worker) ?? 0;
      forkedAt.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(code);
        return;
      }
      log.error(`worker ${worker.process.pid} exited (${signal ?? `code ${exitCode}`})`);
      if (Date.now() - started < EARLY_EXIT_MS && ++earlyExits >= MAX_EARLY_EXITS) {
        log.error(`${earlyExits} workers exited within ${EARLY_EXIT_MS / 1000} s of starting: stopping (see their errors above)`);
        stop(1);
        return;
      }
      fork();
    });
    process.on('SIGTERM', () => stop(0));
    process.on('SIGINT', () => stop(0));
    for (let i = 0; i < workers; i++) fork();
    log.info(`Shuniu 枢纽 is serving on ${address} from ${workers} worker processes (primary ${process.pid}; API docs: /api/docs)`);
  });
}

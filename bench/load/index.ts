/**
 * Load for the benches from a process of its own. autocannon started inside the bench would share
 * the event loop of the server it measures: every response would be parsed and counted on the same
 * thread that has to answer the next request, so the server's rate and latency would carry the
 * client's work. The bench runs the server; a child process runs the clients, as a load generator
 * on another host would.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadJob {
  /** The server's address, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Requested in turn, one per request, round and round. */
  paths: string[];
  headers?: Record<string, string>;
  connections: number;
  /** Seconds. */
  duration: number;
}

export interface LoadRun {
  /** Milliseconds, one per response, sorted. */
  latencies: number[];
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface LoadGenerator {
  run(job: LoadJob): Promise<LoadRun>;
  close(): void;
}

type Reply = { ready: true } | { id: number; result: LoadRun } | { id: number; error: string };

/** Starts the child (it inherits this process's loader, so it runs under tsx as the bench does). */
export async function startLoadGenerator(): Promise<LoadGenerator> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (r: LoadRun) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load generator exited before it was ready (code ${code})`)));
    child.on('message', (reply: Reply) => {
      if ('ready' in reply) return resolve();
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) pending?.reject(new Error(`load generator: ${reply.error}`));
      else pending?.resolve(reply.result);
    });
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the load generator exited (code ${code})`));
    waiting.clear();
  });
  await ready;
  return {
    run(job) {
      const id = nextId++;
      return new Promise<LoadRun>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, job });
      });
    },
    close() {
      child.disconnect();
      child.kill();
    },
  };
}

/** The q-quantile of sorted values (nearest rank). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Failed requests of a run: non-2xx answers, errors and timeouts. */
export const failuresOf = (run: LoadRun) => run.non2xx + run.errors + run.timeouts;

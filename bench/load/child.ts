/**
 * The load generator's own process (see index.ts): runs each job it is sent with autocannon and
 * answers every response's latency, so the client never runs on the event loop it measures.
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadRun } from './index.js';

async function run(job: LoadJob): Promise<LoadRun> {
  let next = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    headers: job.headers,
    timeout: 30,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: job.paths[next++ % job.paths.length] }) }],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => latencies.push(time));
  const started = performance.now();
  const result = await instance;
  return {
    latencies: latencies.sort((a, b) => a - b),
    seconds: (performance.now() - started) / 1000,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on('message', (message: { id: number; job: LoadJob }) => {
  run(message.job).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.send?.({ ready: true });

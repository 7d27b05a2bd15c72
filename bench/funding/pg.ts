/**
 * The funding figures on a PostgreSQL server with read caches off, under 10 concurrent clients:
 * a fund's balance (GET /api/ledger/funds/:id/balance, p95 ≤ 20 ms) and the city's dashboard with its funding
 * section (GET /api/dashboard/summary?regionCode=上海市, p95 ≤ 300 ms), each beside the plain SQL of
 * the statements the app runs for it (see README.md).
 *
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:funding:pg
 *   (BENCH_DURATION=10 BENCH_CONNECTIONS=10 BENCH_SQL_N=200 BENCH_SCENARIOS=fund-balance,dashboard-city)
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, type App } from '../../server/src/app.js';
import { LocalDiskStore } from '../../server/src/core/file-store.js';
import { openPostgres } from '../../server/src/db/client.js';
import { DEMO_PASSWORD } from '../../server/src/db/seed/users.js';
import { loadEnv } from '../../server/src/env.js';
import { benchDataKey } from '../registry/generate.js';
import { failuresOf, percentile as pct, startLoadGenerator, type LoadGenerator } from '../load/index.js';
import { BENCH_POOL, benchFundingUrl, CITY, ensureFundingBenchData } from './generate.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SQL_N = Number(process.env.BENCH_SQL_N ?? 200);
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const USERNAME = 'mzj.shanghai';
const WATCHDOG_MS = 20 * 60_000;

setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 60000} minutes`);
  process.exit(2);
}, WATCHDOG_MS).unref();

interface Scenario {
  key: string;
  label: string;
  paths: string[];
  targetP95: number;
}
interface Statement {
  text: string;
  values: unknown[];
  name?: string;
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

async function scenarios(client: pg.Client): Promise<Scenario[]> {
  const funds = (await client.query<{ id: string }>(`select id from ledger_funds where region_code like '31%' order by md5(id::text) limit 300`)).rows.map((r) => r.id);
  const all: Scenario[] = [
    { key: 'fund-balance', label: `a fund's balance, ${funds.length} funds`, paths: funds.map((id) => `/api/ledger/funds/${id}/balance`), targetP95: 20 },
    { key: 'dashboard-city', label: 'the dashboard of 上海市 (funding section and the others)', paths: [`/api/dashboard/summary?regionCode=${CITY}`], targetP95: 300 },
    // No funding statement at all: what any signed-in request costs on this machine now (session, CSRF, headers), the floor under the two above.
    { key: 'me', label: 'GET /api/auth/me (session only, reference)', paths: ['/api/auth/me'], targetP95: Infinity },
  ];
  return all.filter((s) => !ONLY || ONLY.includes(s.key));
}

async function signIn(app: App): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: USERNAME, password: DEMO_PASSWORD } });
  const cookie = res.cookies.find((c) => c.name === 'shuniu_sid');
  if (res.statusCode !== 200 || !cookie) throw new Error(`login as ${USERNAME} failed: HTTP ${res.statusCode} ${res.body}`);
  return `shuniu_sid=${cookie.value}`;
}

/** The statements each path runs, taken from the app's own pool while it answers the path alone (session lookup included). */
async function capture(app: App, pool: pg.Pool, cookie: string, s: Scenario): Promise<Statement[][]> {
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  let current: Statement[] | null = null;
  (pool as { query: unknown }).query = (config: unknown, values?: unknown, ...rest: unknown[]) => {
    if (current) {
      const c = (typeof config === 'string' ? { text: config } : config) as { text: string; values?: unknown[]; name?: string };
      current.push({ text: c.text, values: (Array.isArray(values) ? values : c.values) ?? [], name: c.name });
    }
    return original(config, values, ...rest);
  };
  const perPath: Statement[][] = [];
  try {
    for (const p of s.paths) {
      current = [];
      const res = await app.inject({ method: 'GET', url: p, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`GET ${p} → HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
      perPath.push(current);
      current = null;
    }
  } finally {
    (pool as { query: unknown }).query = original;
  }
  return perPath;
}

/** BENCH_EXPLAIN=1: each statement of the first path with its execution time (=full: and its plan). */
async function explainFirst(client: pg.Client, statements: Statement[]) {
  for (const s of statements) {
    const plan = await client.query<{ 'QUERY PLAN': string }>({ text: `explain (analyze, buffers) ${s.text}`, values: s.values });
    const lines = plan.rows.map((r) => r['QUERY PLAN']);
    console.info(`   ${lines.at(-1)?.trim()} | ${s.text.replace(/\s+/g, ' ').slice(0, 140)}`);
    if (process.env.BENCH_EXPLAIN === 'full') console.info(lines.join('\n'));
  }
}

/** The captured statements of each path, one request after another on one connection: the database's share. */
async function plainSql(client: pg.Client, statements: Statement[][]) {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < SQL_N && performance.now() - start < 60_000; i++) {
    const t = performance.now();
    for (const s of statements[i % statements.length]) await client.query({ text: s.text, values: s.values, name: s.name });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), n: times.length };
}

/** The load comes from a child process (bench/load), never from the event loop of the app it measures. */
async function load(loader: LoadGenerator, address: string, paths: string[], cookie: string) {
  const run = await loader.run({ url: address, paths, headers: { cookie }, connections: CONNECTIONS, duration: DURATION_S });
  return {
    p50: pct(run.latencies, 0.5),
    p95: pct(run.latencies, 0.95),
    rps: run.latencies.length / run.seconds,
    failures: failuresOf(run),
  };
}

async function main() {
  console.info('== data');
  await ensureFundingBenchData();
  const url = benchFundingUrl();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const list = await scenarios(client);
  const files = mkdtempSync(path.join(tmpdir(), 'shuniu-bench-files-'));
  // Caches off and no sharing of loads in flight: every request pays its own statements.
  process.env.READ_CACHE = 'off';
  const env = loadEnv({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATABASE_URL: url,
    DATA_KEY: benchDataKey().toString('base64'),
    FILES_DIR: files,
    LIST_CACHE_MS: '0',
    READ_CACHE: 'off',
  });
  const database = await openPostgres(url, BENCH_POOL);
  await database.db.execute(sql`analyze`);
  const app = await buildApp({ env, database, fileStore: new LocalDiskStore(files), serveWeb: false });
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const sizes = (
    await client.query<{ projects: number; entries: number; rollup: number }>(
      `select (select count(*) from funding_applications)::int as projects, (select count(*) from ledger_entries)::int as entries, (select count(*) from funding_rollup)::int as rollup`,
    )
  ).rows[0];
  const results: Record<string, string>[] = [];
  let failed = false;
  const loader = await startLoadGenerator();
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await signIn(app);
    // Every path's statements first, before any load: no request of a run in flight is taken for another's.
    const captured = new Map<string, Statement[][]>();
    for (const s of list) captured.set(s.key, await capture(app, pool, cookie, s));
    console.info(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs: the figures move with whatever else the machine runs`);
    for (const s of list) {
      const statements = captured.get(s.key)!;
      console.info(`\n== ${s.label}: ${statements[0].length} statements a request (READ_CACHE=off, LIST_CACHE_MS=0, as ${USERNAME})`);
      if (process.env.BENCH_EXPLAIN) await explainFirst(client, statements[0]);
      const direct = await plainSql(client, statements);
      console.info(`plain SQL: p50 ${ms(direct.p50)}, p95 ${ms(direct.p95)} (n=${direct.n}, one connection, one request at a time)`);
      const api = await load(loader, address, s.paths, cookie);
      console.info(`app:       p50 ${ms(api.p50)}, p95 ${ms(api.p95)}, ${api.rps.toFixed(0)} req/s, ${api.failures} failures (${CONNECTIONS} clients × ${DURATION_S} s)`);
      const met = api.p95 <= s.targetP95;
      if (api.failures || !met) failed = true;
      results.push({
        scenario: s.label,
        'SQL p50': ms(direct.p50),
        'SQL p95': ms(direct.p95),
        'app p50': ms(api.p50),
        'app p95': ms(api.p95),
        'app req/s': api.rps.toFixed(0),
        target: Number.isFinite(s.targetP95) ? `p95 ≤ ${s.targetP95} ms` : 'reference',
        met: met ? 'yes' : 'NO',
      });
    }
  } finally {
    loader.close();
    await app.close();
    await database.close().catch(() => undefined);
    await client.end();
    rmSync(files, { recursive: true, force: true });
  }
  console.info(
    `\n== results: ${sizes.projects.toLocaleString('en')} projects, ${sizes.entries.toLocaleString('en')} ledger entries, ${sizes.rollup.toLocaleString('en')} roll-up rows; PostgreSQL, ${CONNECTIONS} clients × ${DURATION_S} s, READ_CACHE=off`,
  );
  console.table(results);
  if (failed) {
    console.error('a target was missed or requests failed (see above)');
    process.exitCode = 1;
  }
}

await main();

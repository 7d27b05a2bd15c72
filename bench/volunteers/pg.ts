/**
 * The volunteers figures on a PostgreSQL server with read caches off, under 10 concurrent clients:
 * a volunteer's totals and star level (GET /api/volunteers/:id/totals, p95 ≤ 20 ms) and a district's
 * statistics page (GET /api/volunteers/statistics?region=普陀区&year=2026, p95 ≤ 300 ms), each beside
 * the plain SQL of the statements the app runs for it (see README.md).
 *
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:volunteers:pg
 *   (BENCH_DURATION=10 BENCH_WARMUP=3 BENCH_CONNECTIONS=10 BENCH_SQL_N=200 BENCH_SCENARIOS=volunteer-totals,district-statistics,me)
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
import { BENCH_POOL, benchVolunteersUrl, ensureVolunteersBenchData } from './generate.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SQL_N = Number(process.env.BENCH_SQL_N ?? 200);
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const USERNAME = 'mzj.shanghai';
const DISTRICT = '310107000000'; // 普陀区
const YEAR = 2026;
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const WATCHDOG_MS = 20 * 60_000;

setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 60000} minutes`);
  process.exit(2);
}, WATCHDOG_MS).unref();

interface Statement {
  text: string;
  values: unknown[];
  name?: string;
}
interface Scenario {
  key: string;
  label: string;
  paths: string[];
  targetP95: number;
  /** What to time as the plain SQL when the app has no such route yet: the read the route is meant to make. */
  fallback?: Statement[][];
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

async function scenarios(client: pg.Client): Promise<Scenario[]> {
  // 1,000 volunteers spread over the city (a hash order, not the load order, so the cache is not flattered).
  const ids = (await client.query<{ id: string }>(`select volunteer_id as id from volunteer_totals tablesample system (1) order by md5(volunteer_id::text) limit 1000`)).rows.map(
    (r) => r.id,
  );
  const totalsRead = `select t.volunteer_id, t.approved_minutes, t.approved_entries, t.stars, t.last_served_at, v.name, v.number
                        from volunteer_totals t join volunteers v on v.id = t.volunteer_id where t.volunteer_id = $1`;
  const all: Scenario[] = [
    {
      key: 'volunteer-totals',
      label: `a volunteer's totals and star level, ${ids.length} volunteers`,
      paths: ids.map((id) => `/api/volunteers/${id}/totals`),
      targetP95: 20,
      fallback: ids.map((id) => [{ text: totalsRead, values: [id] }]),
    },
    {
      key: 'district-statistics',
      label: `the statistics page of 普陀区, ${YEAR}`,
      paths: [`/api/volunteers/statistics?region=${DISTRICT}&year=${YEAR}`],
      targetP95: 300,
    },
    // No volunteers statement at all: what any signed-in request costs on this machine now (session, CSRF, headers).
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

class RouteMissing extends Error {}

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
      if (res.statusCode === 404 && /Route GET:.* not found/.test(res.body)) throw new RouteMissing(`GET ${p.split('?')[0]}: no such route yet`);
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
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), p99: pct(times, 0.99), rps: times.length / elapsed, n: times.length };
}

/** The load comes from a child process (bench/load), never from the event loop of the app it measures. */
async function load(loader: LoadGenerator, address: string, paths: string[], cookie: string, duration = DURATION_S) {
  const run = await loader.run({ url: address, paths, headers: { cookie }, connections: CONNECTIONS, duration });
  return {
    p50: pct(run.latencies, 0.5),
    p95: pct(run.latencies, 0.95),
    p99: pct(run.latencies, 0.99),
    rps: run.latencies.length / run.seconds,
    failures: failuresOf(run),
  };
}

async function main() {
  console.info('== data');
  await ensureVolunteersBenchData();
  const url = benchVolunteersUrl();
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
    await client.query<{ volunteers: number; entries: number; size: string }>(
      `select (select count(*) from volunteers)::int as volunteers, (select count(*) from volunteer_hour_entries)::int as entries,
              pg_size_pretty(pg_database_size(current_database())) as size`,
    )
  ).rows[0];
  const results: Record<string, string>[] = [];
  let failed = false;
  const loader = await startLoadGenerator();
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await signIn(app);
    // Every path's statements first, before any load: no request of a run in flight is taken for another's.
    const captured = new Map<string, Statement[][] | RouteMissing>();
    for (const s of list) {
      try {
        captured.set(s.key, await capture(app, pool, cookie, s));
      } catch (error) {
        if (!(error instanceof RouteMissing)) throw error;
        captured.set(s.key, error);
      }
    }
    console.info(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs: the figures move with whatever else the machine runs`);
    for (const s of list) {
      const got = captured.get(s.key)!;
      const missing = got instanceof RouteMissing;
      const statements = missing ? s.fallback : got;
      console.info(
        missing
          ? `\n== ${s.label}: ${got.message}; timing the read it is meant to make (volunteer_totals by key) as plain SQL only`
          : `\n== ${s.label}: ${statements![0].length} statements a request (READ_CACHE=off, LIST_CACHE_MS=0, as ${USERNAME})`,
      );
      if (!statements) {
        failed = true;
        continue;
      }
      // A short load first, as bench/registry does: JIT, the pool and the buffer cache warm before anything is counted.
      if (!missing && WARMUP_S > 0) await load(loader, address, s.paths, cookie, WARMUP_S);
      if (process.env.BENCH_EXPLAIN) await explainFirst(client, statements[0]);
      const direct = await plainSql(client, statements);
      console.info(`plain SQL: p50 ${ms(direct.p50)}, p95 ${ms(direct.p95)}, p99 ${ms(direct.p99)}, ${direct.rps.toFixed(0)} req/s (n=${direct.n}, one connection, one request at a time)`);
      const row: Record<string, string> = {
        scenario: s.label,
        'SQL p50': ms(direct.p50),
        'SQL p95': ms(direct.p95),
        'SQL p99': ms(direct.p99),
        'SQL req/s': direct.rps.toFixed(0),
      };
      if (missing) {
        failed = true;
        results.push({ ...row, 'app p50': 'no route', 'app p95': '', 'app p99': '', 'app req/s': '', target: `p95 ≤ ${s.targetP95} ms`, met: '?' });
        continue;
      }
      const api = await load(loader, address, s.paths, cookie);
      console.info(
        `app:       p50 ${ms(api.p50)}, p95 ${ms(api.p95)}, p99 ${ms(api.p99)}, ${api.rps.toFixed(0)} req/s, ${api.failures} failures (${CONNECTIONS} clients × ${DURATION_S} s)`,
      );
      const met = api.p95 <= s.targetP95;
      if (api.failures || !met) failed = true;
      results.push({
        ...row,
        'app p50': ms(api.p50),
        'app p95': ms(api.p95),
        'app p99': ms(api.p99),
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
    `\n== results: ${sizes.volunteers.toLocaleString('en')} volunteers, ${sizes.entries.toLocaleString('en')} hours entries, database ${sizes.size}; PostgreSQL, ${CONNECTIONS} clients × ${DURATION_S} s, READ_CACHE=off`,
  );
  console.table(results);
  if (failed) {
    console.error('a target was missed, a route is missing or requests failed (see above)');
    process.exitCode = 1;
  }
}

await main();

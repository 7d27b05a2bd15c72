/**
 * The registry's query path on a PostgreSQL server, caches off: each figure beside the plain SQL of
 * the same statements and a bare Fastify + pg route running them (see README.md).
 *
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/shuniu_bench npm run bench:registry:pg
 *   (BENCH_DURATION=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=20 BENCH_SQL_N=200 BENCH_SCENARIOS=list-street,dashboard-city)
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, type App } from '../../server/src/app.js';
import { LocalDiskStore } from '../../server/src/core/file-store.js';
import { openPostgres } from '../../server/src/db/client.js';
import { DEMO_PASSWORD } from '../../server/src/db/seed/users.js';
import { loadEnv } from '../../server/src/env.js';
import { failuresOf, percentile as pct, startLoadGenerator, type LoadGenerator } from '../load/index.js';
import { holdsSealed, startBareServer, type Captured, type Statement } from './bare.js';
import { BENCH_DATABASE_URL, BENCH_POOL, benchDataKey, ensureBenchData } from './generate.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SQL_N = Number(process.env.BENCH_SQL_N ?? 200);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const USERNAME = 'mzj.shanghai';
const CITY = '310000000000';
const WATCHDOG_MS = 20 * 60_000;

setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 60000} minutes`);
  process.exit(2);
}, WATCHDOG_MS).unref();

interface Scenario {
  key: string;
  label: string;
  paths: string[];
  /** The target, for the summary line. */
  target: string;
}

interface Figures {
  p50: number;
  p95: number;
  rps: number;
  n: number;
  failures: number;
}

const ms = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function scenarios(client: pg.Client): Promise<Scenario[]> {
  const categories = (await client.query<{ id: string }>(`select id from registry_categories where code in ('fitness', 'entertainment', 'hobby', 'public_service') order by code`)).rows.map((r) => r.id);
  // Streets of 上海市 that hold generated teams, spread over the districts.
  const streets = (
    await client.query<{ code: string }>(`select code from regions where level = 'street' and code like '31%' order by code`)
  ).rows.map((r) => r.code);
  const ids = (await client.query<{ id: string }>(`select id from registry_organizations where region_code like '31%' order by md5(id::text) limit 200`)).rows.map((r) => r.id);
  const list = (region: string, category: string | null, page: number) =>
    `/api/registry/organizations?regionCode=${region}&pageSize=20&page=${page}${category ? `&categoryId=${category}` : ''}`;
  const filters = [null, ...categories];
  const all: Scenario[] = [
    {
      key: 'list-street',
      label: `list, ${streets.length} streets × ${filters.length} category filters × pages 1–2`,
      paths: streets.flatMap((s) => filters.flatMap((c) => [1, 2].map((p) => list(s, c, p)))),
      target: 'p95 ≤ 50 ms',
    },
    {
      key: 'list-city',
      label: `list, 上海市 × ${filters.length} category filters × pages 1–20`,
      paths: filters.flatMap((c) => range(1, 20).map((p) => list(CITY, c, p))),
      target: 'p95 ≤ 50 ms',
    },
    { key: 'dashboard-street', label: `dashboard, ${streets.length} streets`, paths: streets.map((s) => `/api/dashboard/summary?regionCode=${s}`), target: 'p95 ≤ 100 ms' },
    { key: 'dashboard-city', label: 'dashboard, 上海市', paths: [`/api/dashboard/summary?regionCode=${CITY}`], target: 'p95 ≤ 300 ms' },
    { key: 'by-id', label: `by id, ${ids.length} organisations`, paths: ids.map((id) => `/api/registry/organizations/${id}`), target: '≥ 0.8 of bare' },
    // No registry statement at all: what any signed-in request costs the platform (session, CSRF,
    // headers, validation, logging), the floor under the by-id ratio.
    { key: 'me', label: 'GET /api/auth/me (session only)', paths: ['/api/auth/me'], target: 'reference' },
  ];
  return all.filter((s) => !ONLY || ONLY.includes(s.key));
}

async function signIn(app: App): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: USERNAME, password: DEMO_PASSWORD } });
  const cookie = res.cookies.find((c) => c.name === 'shuniu_sid');
  if (res.statusCode !== 200 || !cookie) throw new Error(`login as ${USERNAME} failed: HTTP ${res.statusCode} ${res.body}`);
  return `shuniu_sid=${cookie.value}`;
}

/**
 * The statements each path runs, taken from the app's own pool while it answers the path alone:
 * the session lookup, the route's queries, whatever else the request does.
 */
async function capture(app: App, pool: pg.Pool, cookie: string, list: Scenario[]): Promise<Captured> {
  const captured: Captured = new Map();
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  let current: Statement[] | null = null;
  (pool as { query: unknown }).query = (config: unknown, values?: unknown, ...rest: unknown[]) => {
    if (current) {
      const c = (typeof config === 'string' ? { text: config } : config) as { text: string; values?: unknown[]; name?: string };
      current.push({ text: c.text, values: (Array.isArray(values) ? values : c.values) ?? [], name: c.name });
    }
    return original(config, values, ...rest);
  };
  try {
    for (const s of list) {
      const perPath: Statement[][] = [];
      for (const p of s.paths) {
        current = [];
        const res = await app.inject({ method: 'GET', url: p, headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`GET ${p} → HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
        perPath.push(current);
        current = null;
      }
      captured.set(s.key, perPath);
      const counts = perPath.map((st) => st.length);
      console.info(`${s.label}: ${s.paths.length} paths, ${Math.min(...counts)}–${Math.max(...counts)} statements a request`);
    }
  } finally {
    (pool as { query: unknown }).query = original;
  }
  return captured;
}

/** BENCH_EXPLAIN=1: each statement of each scenario's first path (BENCH_EXPLAIN_PATH: another), with its time and plan summary. */
async function explainFirst(client: pg.Client, captured: Captured) {
  for (const [key, paths] of captured) {
    console.info(`\n-- ${key}, first path`);
    for (const s of paths[Number(process.env.BENCH_EXPLAIN_PATH ?? 0) % paths.length]) {
      const plan = await client.query<{ 'QUERY PLAN': string }>({ text: `explain (analyze, buffers) ${s.text}`, values: s.values });
      const lines = plan.rows.map((r) => r['QUERY PLAN']);
      console.info(`${lines.at(-1)?.trim()} | ${s.text.replace(/\s+/g, ' ').slice(0, 160)}`);
      if (process.env.BENCH_EXPLAIN === 'full') console.info(lines.join('\n'));
    }
  }
}

/** The captured statements of each path, run one request after another on one connection. */
async function plainSql(client: pg.Client, statements: Statement[][]): Promise<{ p50: number; p95: number; n: number }> {
  const times: number[] = [];
  const slowest: { ms: number; i: number; each: number[] }[] = [];
  const start = performance.now();
  for (let i = 0; i < SQL_N && performance.now() - start < 60_000; i++) {
    const t = performance.now();
    const each: number[] = [];
    for (const s of statements[i % statements.length]) {
      const t1 = performance.now();
      await client.query({ text: s.text, values: s.values, name: s.name });
      each.push(performance.now() - t1);
    }
    times.push(performance.now() - t);
    slowest.push({ ms: times.at(-1)!, i: i % statements.length, each });
  }
  times.sort((a, b) => a - b);
  if (process.env.BENCH_EXPLAIN) {
    slowest.sort((a, b) => b.ms - a.ms);
    for (const s of slowest.slice(0, 3)) console.info(`slow: path ${s.i}, ${ms(s.ms)} (${s.each.map((e) => e.toFixed(1)).join(' + ')})`);
  }
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), n: times.length };
}

interface Run {
  latencies: number[];
  seconds: number;
  failures: number;
}

function load(loader: LoadGenerator, address: string, paths: string[], headers: Record<string, string>, duration = DURATION_S): Promise<Run> {
  return loader
    .run({ url: address, paths, headers, connections: CONNECTIONS, duration })
    .then((run) => ({ latencies: run.latencies, seconds: run.seconds, failures: failuresOf(run) }));
}

function figuresOf(runs: Run[]): Figures {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return { p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), rps: latencies.length / seconds, n: latencies.length, failures: runs.reduce((a, r) => a + r.failures, 0) };
}

/**
 * The app and the bare routes measured in turns (BENCH_ROUNDS of them, the duration split between
 * them, each round starting with the next one), so that a change in the machine's load during a
 * run weighs on all alike.
 */
async function loadInTurns<K extends string>(runners: Record<K, () => Promise<Run>>): Promise<Record<K, Figures>> {
  const names = Object.keys(runners) as K[];
  const runs = new Map<K, Run[]>(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      runs.get(name)!.push(await runners[name]());
    }
  }
  const perTurn = (list: Run[]) => list.map((r) => (r.latencies.length / r.seconds).toFixed(0)).join(', ');
  console.info(`turns, req/s: ${names.map((n) => `${n} ${perTurn(runs.get(n)!)}`).join('; ')}`);
  return Object.fromEntries(names.map((n) => [n, figuresOf(runs.get(n)!)])) as Record<K, Figures>;
}

async function main() {
  if (!BENCH_DATABASE_URL) throw new Error('set BENCH_DATABASE_URL (e.g. postgres://postgres:postgres@127.0.0.1:5432/shuniu_bench)');
  console.info('== data');
  await ensureBenchData();

  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  const list = await scenarios(client);
  const files = mkdtempSync(path.join(tmpdir(), 'shuniu-bench-files-'));
  // Caches off and no sharing of loads in flight: every request pays its own statements.
  process.env.READ_CACHE = 'off';
  const env = loadEnv({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATABASE_URL: BENCH_DATABASE_URL,
    DATA_KEY: benchDataKey().toString('base64'),
    FILES_DIR: files,
    LIST_CACHE_MS: '0',
    READ_CACHE: 'off',
  });
  const database = await openPostgres(BENCH_DATABASE_URL, BENCH_POOL);
  await database.db.execute(sql`analyze`);
  const app = await buildApp({ env, database, fileStore: new LocalDiskStore(files), serveWeb: false });
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const [{ n: orgs }] = (await client.query<{ n: number }>('select count(*)::int as n from registry_organizations')).rows;
  const results: Record<string, string>[] = [];
  let failed = false;
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await signIn(app);
    console.info(`\n== capturing the statements of each path (app on ${address}, READ_CACHE=off, LIST_CACHE_MS=0, as ${USERNAME})`);
    const captured = await capture(app, pool, cookie, list);
    if (process.env.BENCH_EXPLAIN) await explainFirst(client, captured);
    const bare = await startBareServer(BENCH_DATABASE_URL, BENCH_POOL, captured);
    // The scenarios whose answers hold sealed identifiers, from their first path's rows.
    const sealedIn = new Set<string>();
    for (const [key, paths] of captured) {
      for (const st of paths[0]) if (holdsSealed((await client.query({ text: st.text, values: st.values })).rows)) sealedIn.add(key);
    }
    const loader = await startLoadGenerator();
    try {
      for (const s of list) {
        const statements = captured.get(s.key)!;
        const barePaths = s.paths.map((_, i) => `/bare/${s.key}/${i}`);
        console.info(`\n== ${s.label}`);
        const direct = await plainSql(client, statements);
        console.info(`plain SQL: p50 ${ms(direct.p50)}, p95 ${ms(direct.p95)} (n=${direct.n}, one connection, one request at a time)`);
        // Both servers run a few seconds unmeasured first, so neither is measured while its code is still compiled.
        if (WARMUP_S > 0) {
          await load(loader, address, s.paths, { cookie }, WARMUP_S);
          await load(loader, bare.address, barePaths, {}, WARMUP_S);
        }
        const turn = Math.max(1, Math.round(DURATION_S / ROUNDS));
        const app = () => load(loader, address, s.paths, { cookie }, turn);
        const bareRun = () => load(loader, bare.address, barePaths, {}, turn);
        // Where the answers hold sealed identifiers, also the bare route that opens and masks them.
        const opens = sealedIn.has(s.key);
        const openPaths = s.paths.map((_, i) => `/bare-open/${s.key}/${i}`);
        if (opens && WARMUP_S > 0) await load(loader, bare.address, openPaths, {}, WARMUP_S);
        const figures = opens
          ? await loadInTurns({ app, bare: bareRun, 'bare+open': () => load(loader, bare.address, openPaths, {}, turn) })
          : await loadInTurns({ app, bare: bareRun });
        const api = figures.app;
        const floor = figures.bare;
        const opened: Figures | null = (figures as Partial<Record<string, Figures>>)['bare+open'] ?? null;
        console.info(`app:  p50 ${ms(api.p50)}, p95 ${ms(api.p95)}, ${api.rps.toFixed(0)} req/s, ${api.failures} failures`);
        console.info(`bare: p50 ${ms(floor.p50)}, p95 ${ms(floor.p95)}, ${floor.rps.toFixed(0)} req/s, ${floor.failures} failures`);
        if (opened) console.info(`bare+open: p50 ${ms(opened.p50)}, p95 ${ms(opened.p95)}, ${opened.rps.toFixed(0)} req/s, ${opened.failures} failures`);
        if (api.failures || floor.failures || opened?.failures) failed = true;
        results.push({
          scenario: s.label,
          paths: String(s.paths.length),
          'statements/req': (statements.reduce((a, st) => a + st.length, 0) / statements.length).toFixed(1),
          'SQL p50': ms(direct.p50),
          'SQL p95': ms(direct.p95),
          'app p50': ms(api.p50),
          'app p95': ms(api.p95),
          'app req/s': api.rps.toFixed(0),
          'bare p50': ms(floor.p50),
          'bare p95': ms(floor.p95),
          'bare req/s': floor.rps.toFixed(0),
          'app/bare req/s': (api.rps / floor.rps).toFixed(2),
          'app/bare+open req/s': opened ? (api.rps / opened.rps).toFixed(2) : '–',
          target: s.target,
        });
      }
    } finally {
      loader.close();
      await bare.close();
    }
  } finally {
    await app.close();
    await database.close().catch(() => undefined);
    await client.end();
    rmSync(files, { recursive: true, force: true });
  }
  console.info(`\n== results: ${orgs.toLocaleString('en')} organisations, PostgreSQL, ${CONNECTIONS} connections × ${DURATION_S} s each (in ${ROUNDS} turns), READ_CACHE=off`);
  console.info('app and bare share this process (the load comes from a child process) and the machine; compare them with each other, not across runs.');
  console.table(results);
  if (failed) {
    console.error('some requests failed (see above)');
    process.exitCode = 1;
  }
}

await main();

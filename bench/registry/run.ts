/**
 * Registry list/search benchmark: the HTTP API, with and without its list caches, against the very
 * statements the API runs, as plain SQL, on a PGlite database holding the demo seed plus 200,000
 * teams (see generate.ts and README.md).
 *
 *   npm run bench:registry   (BENCH_DURATION=15 BENCH_CONNECTIONS=20 BENCH_SQL_N=300 BENCH_WRITES_PER_S=1 BENCH_MODES=cached,writing,…)
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor, Ctx } from '../../server/src/core/actor.js';
import { buildApp } from '../../server/src/app.js';
import { LocalDiskStore } from '../../server/src/core/file-store.js';
import { NO_READ_CACHES } from '../../server/src/core/write-unit.js';
import { openPglite, rowsOf, type Database } from '../../server/src/db/client.js';
import { startEmbeddedMaintenance } from '../../server/src/db/maintenance.js';
import { DEMO_PASSWORD } from '../../server/src/db/seed/users.js';
import { loadEnv } from '../../server/src/env.js';
import { countOrganizations, findOrganizations } from '../../server/src/modules/registry/registry.queries.js';
import { ZOrganizationListQuery } from '../../shared/registry/organizations.js';
import { failuresOf, percentile as pct, startLoadGenerator } from '../load/index.js';
import { ACTIVITIES, BENCH_DATABASE_URL, DATA_DIR, ensureBenchData } from './generate.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SQL_N = Number(process.env.BENCH_SQL_N ?? 300);
const WRITES_PER_S = Number(process.env.BENCH_WRITES_PER_S ?? 1);
/** No sequential phase runs longer than this, whatever N is. */
const SEQ_BUDGET_MS = 60_000;
/** The whole run is killed after this, so a hung server cannot hang CI. */
const WATCHDOG_MS = 20 * 60_000;
const USERNAME = 'mzj.shanghai';
const REGION = '310000000000';
/**
 * Searches as people type them: every activity word of the generated teams (hundreds to thousands
 * of matches each), short common words (tens of thousands), place names, one team's own name (a
 * handful) and words that match nothing.
 */
const SEARCH_TERMS = [
  ...Object.values(ACTIVITIES).flat(),
  '太极', '合唱', '志愿', '舞', '队', '书画', '长寿路', '五里桥', '延吉', '和平里', '武宁第137', '不存在的团队', '篮球',
];

setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 60000} minutes`);
  process.exit(2);
}, WATCHDOG_MS).unref();

interface Scenario {
  key: string;
  label: string;
  /** Requests rotate through these paths, so no single page is all the run measures. */
  paths: string[];
}

/**
 * cached: as the platform runs; writing: the same while a change is saved every 1/WRITES_PER_S
 * seconds inside the reader's region (上海市), which empties the reader's caches; writing elsewhere:
 * the changes are saved in 北京市东城区, outside it; uncached: LIST_CACHE_MS=0 and READ_CACHE=off (no
 * cached value, and no load shared between concurrent identical requests).
 */
type Mode = 'cached' | 'writing' | 'writing elsewhere' | 'uncached';
const MODES: Mode[] = (['cached', 'writing', 'writing elsewhere', 'uncached'] as const).filter((m) => !process.env.BENCH_MODES || process.env.BENCH_MODES.split(',').includes(m));
/** Signs in the writer of `writing elsewhere`: an official of 东城区. */
const ELSEWHERE_WRITER = { username: 'mzj.dongcheng', regionCode: '110101000000' };

interface ApiFigures {
  p50: number;
  p95: number;
  rps: number;
  n: number;
  seqP50: number;
  seqP95: number;
  failures: number;
}

interface SqlFigures {
  p50: number;
  p95: number;
  pageP50: number;
  countP50: number;
  n: number;
  statements: number;
}

const ms = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function hobbyCategoryId(database: Database): Promise<string> {
  return rowsOf<{ id: string }>(await database.db.execute(sql`select id from registry_categories where code = 'hobby'`))[0].id;
}

function scenarios(categoryId: string): Scenario[] {
  const base = `/api/registry/organizations?regionCode=${REGION}&pageSize=20`;
  return [
    { key: 'list', label: '(a) list 上海市, pages 1–5', paths: range(1, 5).map((p) => `${base}&page=${p}`) },
    {
      key: 'search',
      label: `(b) search, ${SEARCH_TERMS.length} terms × pages 1–2`,
      paths: SEARCH_TERMS.flatMap((t) => [1, 2].map((p) => `${base}&q=${encodeURIComponent(t)}&page=${p}`)),
    },
    {
      key: 'filter',
      label: '(c) teams of 休闲爱好类, pages 1–5',
      paths: range(1, 5).map((p) => `${base}&kind=team&categoryId=${categoryId}&page=${p}`),
    },
  ];
}

async function signInAs(address: string, username: string): Promise<{ cookie: string; csrfToken: string } | null> {
  const login = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('shuniu_sid='));
  if (!login.ok || !cookie) {
    console.error(`login as ${username} failed: HTTP ${login.status} ${await login.text()}`);
    return null;
  }
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function runApi(list: Scenario[], mode: Mode): Promise<Map<string, ApiFigures> | null> {
  const files = mkdtempSync(path.join(tmpdir(), 'shuniu-bench-files-'));
  const env = loadEnv({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    PGLITE_DIR: DATA_DIR,
    FILES_DIR: files,
    ...(mode === 'uncached' ? { LIST_CACHE_MS: '0', READ_CACHE: 'off' } : {}),
  });
  // The caches read it as they are built: off, no load is shared between concurrent requests either.
  if (mode === 'uncached') process.env.READ_CACHE = 'off';
  else delete process.env.READ_CACHE;
  const database = await openPglite({ dataDir: DATA_DIR });
  // As startServer does: the embedded database's VACUUM/ANALYZE at start.
  const stopMaintenance = await startEmbeddedMaintenance(database, (err) => console.error('maintenance:', err));
  const app = await buildApp({ env, database, fileStore: new LocalDiskStore(files), serveWeb: false });
  const results = new Map<string, ApiFigures>();
  // The load comes from a child process (bench/load), never from the event loop of the app it measures.
  const loader = await startLoadGenerator();
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`-- ${mode} (LIST_CACHE_MS=${app.listCacheMs}), app on ${address}`);

    const reader = await signInAs(address, USERNAME);
    if (!reader) return null;
    const { cookie } = reader;
    const writer = mode === 'writing elsewhere' ? await signInAs(address, ELSEWHERE_WRITER.username) : reader;
    if (!writer) return null;
    // A registered organisation: a filed team's facts change only through a change filing.
    const targetList = `/api/registry/organizations?regionCode=${mode === 'writing elsewhere' ? ELSEWHERE_WRITER.regionCode : '310000000000'}&status=registered&pageSize=20`;
    const firstPage = (await (await fetch(`${address}${targetList}`, { headers: { cookie: writer.cookie } })).json()) as { items: { id: string }[] };
    const writeTarget = firstPage.items[firstPage.items.length - 1].id;
    let writes = 0;
    let writeFailures = 0;
    const write = async () => {
      const res = await fetch(`${address}/api/registry/organizations/${writeTarget}`, {
        method: 'PATCH',
        headers: { cookie: writer.cookie, 'x-csrf-token': writer.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ address: `基准测试地址 ${++writes}` }),
      });
      if (!res.ok) {
        // The first refusal says why; the run then counts them.
        if (!writeFailures) console.error(`write refused: HTTP ${res.status} ${(await res.clone().text()).slice(0, 300)}`);
        writeFailures++;
      }
      await res.arrayBuffer();
    };

    for (const s of list) {
      const probe = await fetch(`${address}${s.paths[0]}`, { headers: { cookie } });
      const body = await probe.text();
      if (!probe.ok) {
        console.error(`${s.label}: GET ${s.paths[0]} → HTTP ${probe.status} ${body.slice(0, 300)}; skipped`);
        continue;
      }
      const parsed = JSON.parse(body) as { items: unknown[]; total: number; totalCapped: boolean };
      console.info(`${s.label}: ${s.paths.length} paths; first: ${parsed.items.length} items of ${parsed.total}${parsed.totalCapped ? '+' : ''}`);

      // One request at a time: the per-request cost without queueing.
      const seq: number[] = [];
      const seqStart = performance.now();
      for (let i = 0; i < SQL_N && performance.now() - seqStart < SEQ_BUDGET_MS; i++) {
        const t = performance.now();
        const r = await fetch(`${address}${s.paths[i % s.paths.length]}`, { headers: { cookie } });
        await r.arrayBuffer();
        seq.push(performance.now() - t);
      }
      seq.sort((a, b) => a - b);

      // The caches start empty again for the load run: its first pass over the paths is cold.
      app.writeGeneration.bump();
      const ticker = mode.startsWith('writing') ? setInterval(() => void write(), 1000 / WRITES_PER_S) : null;
      const run = await loader.run({ url: address, paths: s.paths, headers: { cookie }, connections: CONNECTIONS, duration: DURATION_S });
      if (ticker) clearInterval(ticker);
      results.set(s.key, {
        p50: pct(run.latencies, 0.5),
        p95: pct(run.latencies, 0.95),
        rps: run.latencies.length / run.seconds,
        n: run.latencies.length,
        seqP50: pct(seq, 0.5),
        seqP95: pct(seq, 0.95),
        failures: failuresOf(run),
      });
      if (failuresOf(run)) console.error(`${s.label}: ${run.non2xx} non-2xx, ${run.errors} errors, ${run.timeouts} timeouts`);
    }
    if (mode.startsWith('writing')) console.info(`writes during the load runs: ${writes}, failed: ${writeFailures}`);
    if (writeFailures) return null;
  } finally {
    loader.close();
    stopMaintenance();
    await app.close();
    await database.close().catch(() => undefined);
    rmSync(files, { recursive: true, force: true });
  }
  return results;
}

async function benchActor(database: Database): Promise<Actor> {
  const rows = rowsOf<{ id: string; display_name: string; gid: string; role: string; region_code: string; organization_id: string | null }>(
    await database.db.execute(sql`
      select u.id, u.display_name, g.id as gid, g.role, g.region_code, g.organization_id
      from users u join user_grants g on g.user_id = u.id where u.username = ${USERNAME}`),
  );
  return {
    id: rows[0].id,
    username: USERNAME,
    displayName: rows[0].display_name,
    grants: rows.map((r) => ({ id: r.gid, role: r.role as Actor['grants'][number]['role'], regionCode: r.region_code, organizationId: r.organization_id })),
  };
}

interface Statement {
  text: string;
  params: unknown[];
}

/**
 * The statements the list route runs for each path (its count, then its page), captured from the
 * route's own query functions, then run N times in rotation straight on PGlite: no HTTP, no
 * Drizzle, no cache, one at a time.
 */
async function runSql(list: Scenario[]): Promise<Map<string, SqlFigures>> {
  const database = await openPglite({ dataDir: DATA_DIR });
  const pg = database.pglite!;
  const results = new Map<string, SqlFigures>();
  try {
    const ctx: Ctx = { db: database.db, actor: await benchActor(database), locale: 'zh-CN', requestId: 'bench', writes: NO_READ_CACHES };
    const original = pg.query.bind(pg);
    for (const s of list) {
      const pairs: { count: Statement; page: Statement }[] = [];
      for (const p of s.paths) {
        const q = ZOrganizationListQuery.parse(Object.fromEntries(new URL(p, 'http://x').searchParams));
        const captured: Statement[] = [];
        (pg as { query: unknown }).query = (text: string, params: unknown[], options: unknown) => {
          captured.push({ text, params: params ?? [] });
          return original(text, params, options as never);
        };
        try {
          const count = await countOrganizations(ctx, q);
          await findOrganizations(ctx, q, q.pageSize, (q.page - 1) * q.pageSize, count.capped ? Infinity : count.total);
        } finally {
          (pg as { query: unknown }).query = original;
        }
        if (captured.length !== 2) throw new Error(`${p}: expected a count and a page statement, captured ${captured.length}`);
        pairs.push({ count: captured[0], page: captured[1] });
      }
      const times: number[] = [];
      const pageTimes: number[] = [];
      const countTimes: number[] = [];
      const start = performance.now();
      for (let i = 0; i < SQL_N && performance.now() - start < SEQ_BUDGET_MS; i++) {
        const { count, page } = pairs[i % pairs.length];
        const t = performance.now();
        await original(count.text, count.params);
        const t2 = performance.now();
        await original(page.text, page.params);
        const t3 = performance.now();
        times.push(t3 - t);
        countTimes.push(t2 - t);
        pageTimes.push(t3 - t2);
      }
      for (const a of [times, pageTimes, countTimes]) a.sort((x, y) => x - y);
      results.set(s.key, {
        p50: pct(times, 0.5),
        p95: pct(times, 0.95),
        pageP50: pct(pageTimes, 0.5),
        countP50: pct(countTimes, 0.5),
        n: times.length,
        statements: pairs.length * 2,
      });
      const plan = await original<{ 'QUERY PLAN': string }>(`explain ${pairs[0].page.text}`, pairs[0].page.params);
      const scan = plan.rows.map((r) => r['QUERY PLAN'].trim()).filter((l) => /Scan|Sort/.test(l)).slice(0, 3);
      console.info(`${s.label}: plan of the first page: ${scan.join(' | ')}`);
    }
  } finally {
    await database.close();
  }
  return results;
}

async function main() {
  if (BENCH_DATABASE_URL) {
    // On a server the bench is pg.ts: caches off, beside plain SQL and a bare route.
    await import('./pg.js');
    return;
  }
  console.info('== data');
  await ensureBenchData();

  const setup = await openPglite({ dataDir: DATA_DIR });
  const list = scenarios(await hobbyCategoryId(setup));
  await setup.close();

  const api = new Map<Mode, Map<string, ApiFigures> | null>();
  for (const mode of MODES) {
    console.info(`\n== API ${mode} (autocannon: ${CONNECTIONS} connections × ${DURATION_S} s per scenario, loopback, as ${USERNAME})`);
    try {
      api.set(mode, await runApi(list, mode));
    } catch (err) {
      console.error(`API ${mode} phase failed:`, err);
      api.set(mode, null);
    }
  }

  console.info(`\n== plain SQL on PGlite (the route's count + page statements, sequential, N=${SQL_N})`);
  const direct = await runSql(list);

  console.info('\n== results');
  console.info('API p50/p95: every response of the load run (requests rotate through the scenario\'s paths; the caches');
  console.info(`start empty). writing: a change is saved ${WRITES_PER_S}×/s inside 上海市 during the load run; writing elsewhere: in 东城区.`);
  console.info('seq: the same paths one request at a time. SQL: the route\'s own count + page statements run');
  console.info('straight on PGlite, one at a time; what the uncached API does for each request.');
  const rows = list.flatMap((s) =>
    MODES.map((mode) => {
      const a = api.get(mode)?.get(s.key);
      const d = direct.get(s.key)!;
      return {
        scenario: s.label,
        mode,
        'p50': ms(a?.p50),
        'p95': ms(a?.p95),
        'req/s': a ? a.rps.toFixed(0) : 'n/a',
        'requests': a?.n ?? 0,
        'seq p50': ms(a?.seqP50),
        'seq p95': ms(a?.seqP95),
        'SQL p50 (count+page)': mode === 'uncached' ? `${ms(d.p50)} (${ms(d.countP50)} + ${ms(d.pageP50)})` : '',
        'SQL p95': mode === 'uncached' ? ms(d.p95) : '',
        'seq/SQL p50': mode === 'uncached' && a ? `${(a.seqP50 / d.p50).toFixed(1)}×` : '',
      };
    }),
  );
  console.table(rows);
  const missing = [...api.values()].some((m) => !m || m.size < list.length);
  const failed = [...api.values()].some((m) => m && [...m.values()].some((f) => f.failures > 0));
  if (missing || failed) {
    console.error('some API scenarios did not run or answered errors (see messages above)');
    process.exitCode = 1;
  }
}

await main();

/**
 * Registry list/search benchmark: the HTTP API against the same query in plain SQL, on a
 * PGlite database holding the demo seed plus 200,000 teams (see generate.ts and README.md).
 *
 *   npm run bench:registry            (BENCH_DURATION=15 BENCH_CONNECTIONS=20 BENCH_SQL_N=200)
 */
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app.js';
import { LocalDiskStore } from '../../server/src/core/file-store.js';
import { openPglite, type Database } from '../../server/src/db/client.js';
import { DEMO_PASSWORD } from '../../server/src/db/seed/users.js';
import { loadEnv } from '../../server/src/env.js';
import { DATA_DIR, ensureBenchData } from './generate.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SQL_N = Number(process.env.BENCH_SQL_N ?? 200);
/** No single SQL scenario runs longer than this, whatever N is. */
const SQL_BUDGET_MS = 60_000;
/** The whole run is killed after this, so a hung server cannot hang CI. */
const WATCHDOG_MS = 15 * 60_000;
const USERNAME = 'mzj.shanghai';
const REGION = '310000000000';
const SEARCH_TERM = '太极';
/** Same cap as registry.queries.ts COUNT_CAP: the list counts at most 10,001 rows. */
const COUNT_CAP = 10_000;

setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 60000} minutes`);
  process.exit(2);
}, WATCHDOG_MS).unref();

interface Scenario {
  key: string;
  label: string;
  path: string;
  /** Extra WHERE for the SQL equivalent ($1 is the category id). */
  where: string;
}

interface Figures {
  p50: number;
  p95: number;
  p97_5?: number;
  rps?: number;
  n: number;
  /** API only: one request at a time, the fair comparison with sequential SQL. */
  seqP50?: number;
  seqP95?: number;
  /** SQL only: the page query and the capped count apart. */
  listP50?: number;
  countP50?: number;
}

function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

async function hobbyCategoryId(database: Database): Promise<string> {
  const res = (await database.db.execute(sql`select id from registry_categories where code = 'hobby'`)) as any;
  return res.rows[0].id;
}

function scenarios(categoryId: string): Scenario[] {
  const base = `/api/registry/organizations?regionCode=${REGION}`;
  return [
    { key: 'list', label: '(a) list, 上海市, page 1', path: `${base}&page=1&pageSize=20`, where: '' },
    {
      key: 'search',
      label: `(b) search q=${SEARCH_TERM}`,
      path: `${base}&q=${encodeURIComponent(SEARCH_TERM)}&page=1&pageSize=20`,
      where: `and (o.name ilike '%${SEARCH_TERM}%' or o.uscc = '${SEARCH_TERM}' or o.filing_number = '${SEARCH_TERM}')`,
    },
    {
      key: 'filter',
      label: '(c) teams of 休闲爱好类',
      path: `${base}&kind=team&categoryId=${categoryId}&page=1&pageSize=20`,
      where: `and o.legal_form = 'grassroots_team' and o.category_id = '${categoryId}'`,
    },
  ];
}

async function runApi(list: Scenario[]): Promise<Map<string, Figures> | null> {
  const files = mkdtempSync(path.join(tmpdir(), 'shuniu-bench-files-'));
  const env = loadEnv({ ...process.env, LOG_LEVEL: 'silent', SEED_DEMO: 'false', PGLITE_DIR: DATA_DIR, FILES_DIR: files });
  const database = await openPglite({ dataDir: DATA_DIR });
  const app = await buildApp({ env, database, fileStore: new LocalDiskStore(files), serveWeb: false });
  const results = new Map<string, Figures>();
  try {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    console.info(`app listening on ${address} (in-process, PGlite ${DATA_DIR})`);

    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USERNAME, password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('shuniu_sid='));
    if (!login.ok || !cookie) {
      console.error(`login as ${USERNAME} failed: HTTP ${login.status} ${await login.text()}`);
      return null;
    }

    for (const s of list) {
      const probe = await fetch(`${address}${s.path}`, { headers: { cookie } });
      const body = await probe.text();
      if (!probe.ok) {
        console.error(`${s.label}: GET ${s.path} → HTTP ${probe.status} ${body.slice(0, 300)}; skipped`);
        continue;
      }
      const parsed = JSON.parse(body);
      const items = parsed.items ?? parsed.rows ?? parsed.data ?? [];
      console.info(`${s.label}: probe OK, ${Array.isArray(items) ? items.length : '?'} items, total ${JSON.stringify(parsed.total ?? parsed.count ?? '?')}`);

      // One connection, one request at a time: the per-request cost without queueing.
      const seq: number[] = [];
      const seqStart = performance.now();
      for (let i = 0; i < SQL_N && performance.now() - seqStart < SQL_BUDGET_MS; i++) {
        const t = performance.now();
        const r = await fetch(`${address}${s.path}`, { headers: { cookie } });
        await r.arrayBuffer();
        seq.push(performance.now() - t);
      }
      seq.sort((a, b) => a - b);

      const latencies: number[] = [];
      const instance = autocannon({
        url: `${address}${s.path}`,
        connections: CONNECTIONS,
        duration: DURATION_S,
        headers: { cookie },
        timeout: 30,
      });
      instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => latencies.push(time));
      const result = await instance;
      latencies.sort((a, b) => a - b);
      results.set(s.key, {
        p50: result.latency.p50,
        p95: pct(latencies, 0.95),
        p97_5: result.latency.p97_5,
        rps: result.requests.average,
        n: result.requests.total,
        seqP50: pct(seq, 0.5),
        seqP95: pct(seq, 0.95),
      });
      if (result.non2xx || result.errors || result.timeouts) {
        console.error(`${s.label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
    }
  } finally {
    await app.close();
    await database.close().catch(() => undefined);
    rmSync(files, { recursive: true, force: true });
  }
  return results;
}

function listSql(where: string) {
  return `select o.id, o.name, o.legal_form, o.region_code, r.name as region_name, o.category_id, c.name_zh,
                 o.status, o.stage, o.grade, o.star_rating, o.member_count, o.leader_name, o.leader_phone,
                 o.uscc, o.filing_number, o.founded_on, o.updated_at
          from registry_organizations o
          left join regions r on r.code = o.region_code
          left join registry_categories c on c.id = o.category_id
          where o.region_code like '31%' ${where}
          order by o.updated_at desc, o.id desc limit 20`;
}

function countSql(where: string) {
  return `select count(*)::int as n from (select 1 from registry_organizations o where o.region_code like '31%' ${where} limit ${COUNT_CAP + 1}) capped`;
}

async function runSql(list: Scenario[]): Promise<Map<string, Figures>> {
  const database = await openPglite({ dataDir: DATA_DIR });
  const pg = database.pglite!;
  const results = new Map<string, Figures>();
  try {
    for (const s of list) {
      const q1 = listSql(s.where);
      const q2 = countSql(s.where);
      await pg.query(q1);
      await pg.query(q2);
      const times: number[] = [];
      const listTimes: number[] = [];
      const countTimes: number[] = [];
      const start = performance.now();
      for (let i = 0; i < SQL_N && performance.now() - start < SQL_BUDGET_MS; i++) {
        const t = performance.now();
        await pg.query(q1);
        const t2 = performance.now();
        await pg.query(q2);
        const t3 = performance.now();
        times.push(t3 - t);
        listTimes.push(t2 - t);
        countTimes.push(t3 - t2);
      }
      for (const a of [times, listTimes, countTimes]) a.sort((x, y) => x - y);
      results.set(s.key, {
        p50: pct(times, 0.5),
        p95: pct(times, 0.95),
        n: times.length,
        listP50: pct(listTimes, 0.5),
        countP50: pct(countTimes, 0.5),
      });
      const plan = await pg.query<{ 'QUERY PLAN': string }>(`explain ${q1}`);
      const scan = plan.rows.map((r) => r['QUERY PLAN'].trim()).filter((l) => /Scan|Sort|Limit/.test(l)).slice(0, 4);
      console.info(`${s.label}: SQL plan: ${scan.join(' | ')}`);
    }
  } finally {
    await database.close();
  }
  return results;
}

async function main() {
  console.info('== data');
  await ensureBenchData();

  const setup = await openPglite({ dataDir: DATA_DIR });
  const list = scenarios(await hobbyCategoryId(setup));
  await setup.close();

  console.info(`\n== API (autocannon: ${CONNECTIONS} connections × ${DURATION_S} s each, loopback, as ${USERNAME})`);
  let api: Map<string, Figures> | null = null;
  try {
    api = await runApi(list);
  } catch (err) {
    console.error('API phase failed:', err);
  }

  console.info(`\n== plain SQL on PGlite (list + capped count, sequential, N=${SQL_N})`);
  const direct = await runSql(list);

  console.info('\n== results');
  console.info('p50/p95: API = per-request latency under load (p95 computed from every response; autocannon itself');
  console.info('reports p97.5, not p95, shown too); API seq = one request at a time over HTTP (N as for SQL);');
  console.info('SQL = the same list query + its capped count, run back-to-back on PGlite, no HTTP, no concurrency.');
  const rows = list.map((s) => {
    const a = api?.get(s.key);
    const d = direct.get(s.key)!;
    return {
      scenario: s.label,
      'API p50': a ? ms(a.p50) : 'n/a',
      'API p95': a ? ms(a.p95) : 'n/a',
      'API p97.5': a?.p97_5 !== undefined ? ms(a.p97_5) : 'n/a',
      'API req/s': a?.rps !== undefined ? a.rps.toFixed(1) : 'n/a',
      'API requests': a?.n ?? 0,
      'API seq p50': a?.seqP50 !== undefined ? ms(a.seqP50) : 'n/a',
      'API seq p95': a?.seqP95 !== undefined ? ms(a.seqP95) : 'n/a',
      'SQL p50': ms(d.p50),
      'SQL p95': ms(d.p95),
      'SQL page p50': ms(d.listP50 ?? NaN),
      'SQL count p50': ms(d.countP50 ?? NaN),
      'SQL runs': d.n,
      'API seq/SQL p50': a?.seqP50 !== undefined ? `${(a.seqP50 / d.p50).toFixed(1)}×` : 'n/a',
      'API load/SQL p50': a ? `${(a.p50 / d.p50).toFixed(1)}×` : 'n/a',
    };
  });
  console.table(rows);
  if (!api || api.size < list.length) {
    console.error('some API scenarios did not run (see messages above)');
    process.exitCode = 1;
  }
}

await main();

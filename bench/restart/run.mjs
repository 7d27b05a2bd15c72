#!/usr/bin/env node
/**
 * Restart to first response, as `npm start` gives it on a machine where the demo data is already
 * there: the builds are current, the database is migrated and seeded. Each round starts the
 * server, polls GET /api/health until it answers, then signs in as a demo account and loads the
 * first page of the registry (the first authenticated page), prints both times, and stops it.
 *
 *   node bench/restart/run.mjs [rounds]      (default 5; BENCH_RESTART_CMD=npm to time `npm start` itself)
 *
 * Data: bench/restart/.data (gitignored), seeded by the first start, which is timed apart.
 * The time counts from spawning the process to the response: Node's start, loading the bundle,
 * opening the database, the start-up checks, listening.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.join(ROOT, 'bench/restart/.data');
const ROUNDS = Number(process.argv[2] ?? 5);
const USE_NPM = process.env.BENCH_RESTART_CMD === 'npm';
const POLL_MS = 20;
const GIVE_UP_MS = 120_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The CPU time the server process had used (all its threads), from /proc: on a machine busy with
 * other work the wall-clock figure grows with the load, this one hardly at all. Null off Linux.
 */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function waitForHealth(base, child, started) {
  while (performance.now() - started < GIVE_UP_MS) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return performance.now();
    } catch {
      // Not listening yet.
    }
    await sleep(POLL_MS);
  }
  throw new Error(`no answer from ${base}/api/health within ${GIVE_UP_MS / 1000} s`);
}

async function firstPage(base) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zx.changshou', password: 'Shuniu@2026' }),
  });
  if (!login.ok) throw new Error(`sign-in refused: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(`${base}/api/registry/organizations?page=1&pageSize=20`, { headers: { cookie } });
  if (!page.ok) throw new Error(`first page refused: ${page.status} ${await page.text()}`);
  await page.json();
  return performance.now();
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

async function round(label) {
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DIR: path.join(DATA, 'pglite'),
    FILES_DIR: path.join(DATA, 'files'),
    BACKUP_DIR: path.join(DATA, 'backups'),
    LOG_LEVEL: 'info',
  };
  const [cmd, args] = USE_NPM ? ['npm', ['start', '--silent']] : [process.execPath, [path.join(ROOT, 'scripts/start.mjs')]];
  const started = performance.now();
  // Its own process group: `npm start` runs node under a shell, and SIGTERM must reach the server.
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], detached: USE_NPM });
  // The server's own account of its start-up steps (its "ready in" log line).
  let steps = '';
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.includes('"startupMs"')) continue;
      const { startupMs, steps: s } = JSON.parse(line);
      steps = `server says ${startupMs} ms: ${Object.entries(s).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    }
  });
  try {
    const health = await waitForHealth(`http://127.0.0.1:${port}`, child, started);
    const cpu = USE_NPM ? null : cpuSeconds(child.pid);
    // A refused sign-in (a broken working tree) still leaves the restart figure worth printing.
    const page = await firstPage(`http://127.0.0.1:${port}`).catch((e) => e);
    const s = (t) => ((t - started) / 1000).toFixed(2);
    const pageText = page instanceof Error ? `first page failed: ${page.message.slice(0, 200)}` : `signed-in first page ${s(page)} s`;
    const cpuText = cpu === null ? '' : `, ${cpu.toFixed(2)} s of CPU until then`;
    console.info(`${label}: health ${s(health)} s${cpuText}, ${pageText} (${steps})`);
    return { health: (health - started) / 1000, page: page instanceof Error ? NaN : (page - started) / 1000 };
  } finally {
    if (USE_NPM) {
      process.kill(-child.pid, 'SIGTERM');
      await stop(child);
    } else await stop(child);
  }
}

mkdirSync(DATA, { recursive: true });
// The builds first (not timed: a restart finds them current).
const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!existsSync(path.join(DATA, 'pglite', 'PG_VERSION'))) await round('first start (migrations and demo seed)');

const rounds = [];
for (let i = 1; i <= ROUNDS; i++) rounds.push(await round(`restart ${i}`));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const worst = (xs) => (xs.length ? Math.max(...xs) : NaN);
const pages = rounds.map((r) => r.page).filter((p) => !Number.isNaN(p));
console.info(
  `restart to first response (${USE_NPM ? 'npm start' : 'node scripts/start.mjs'}, ${ROUNDS} rounds): ` +
    `health median ${median(rounds.map((r) => r.health)).toFixed(2)} s, worst ${worst(rounds.map((r) => r.health)).toFixed(2)} s; ` +
    `signed-in first page median ${median(pages).toFixed(2)} s, worst ${worst(pages).toFixed(2)} s ` +
    `(target ≤ 5 s)`,
);

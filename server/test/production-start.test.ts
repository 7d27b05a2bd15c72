/**
 * `npm start` as production runs it: the build stamps that decide what to rebuild (scripts/start.mjs),
 * the compiled server (scripts/build-server.mjs) starting from dist/ with its migrations, and the
 * node:cluster mode (server/src/cluster.ts): refused on the embedded database, two workers on
 * PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/build-server.mjs';
import { ensureBuilt, inputFiles, ROOT, sourceHash, STAMP, TARGETS } from '../../scripts/start.mjs';
import { clusterWorkerCount } from '../src/cluster.js';
import { openPglite } from '../src/db/client.js';
import { maintenanceStampFor } from '../src/db/maintenance.js';
import { parseEnv } from '../src/env.js';
import { TEST_DATA_KEY } from './data-key.js';
import { PGLITE_TEMPLATE } from './global-setup.js';
import { freshDatabase } from './test-db.js';

describe('build stamps', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  const builds: string[] = [];
  // The real targets' inputs; the stand-in builders write entry.js into the real outputs.
  const targets = {
    web: { ...TARGETS.web, entry: 'entry.js' },
    server: { ...TARGETS.server, entry: 'entry.js' },
  };
  const builder = (name: 'web' | 'server') => (r: string) => {
    builds.push(name);
    write(path.relative(root, path.join(r, targets[name].out, 'entry.js')), `built ${name}`);
  };
  const builders = { web: builder('web'), server: builder('server') };
  const run = () => ensureBuilt(['web', 'server'], { root, targets, builders, log: () => undefined });
  const stamped = (out: string) => readFileSync(path.join(root, out, STAMP), 'utf8').trim();

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'shuniu-stamp-'));
    write('web/src/main.tsx', 'app');
    write('web/index.html', '<html>');
    write('web/vite.config.ts', 'config');
    write('shared/roles.ts', 'roles');
    write('shared/roles.test.ts', 'a test');
    write('server/src/server.ts', 'server');
    write('scripts/build-server.mjs', 'build');
    write('tsconfig.json', '{}');
    write('package-lock.json', '{}');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('hashes paths and contents of the inputs, leaving tests out', () => {
    const inputs = ['web/src', 'shared', 'web/index.html', 'web/public'];
    expect(inputFiles(root, inputs)).toEqual(['shared/roles.ts', 'web/index.html', 'web/src/main.tsx']);
    const before = sourceHash(root, inputs);
    write('shared/roles.test.ts', 'another test');
    expect(sourceHash(root, inputs)).toBe(before);
    write('web/src/main.tsx', 'app changed');
    expect(sourceHash(root, inputs)).not.toBe(before);
    write('web/src/main.tsx', 'app');
    expect(sourceHash(root, inputs)).toBe(before);
    // The same bytes under another name are another source.
    rmSync(path.join(root, 'web/src/main.tsx'));
    write('web/src/Main.tsx', 'app');
    expect(sourceHash(root, inputs)).not.toBe(before);
    rmSync(path.join(root, 'web/src/Main.tsx'));
    write('web/src/main.tsx', 'app');
  });

  it('builds what has no stamp, then nothing until a source of that build changes', async () => {
    expect(await run()).toEqual(['web', 'server']);
    expect(stamped('web/dist')).toBe(sourceHash(root, TARGETS.web.inputs));
    expect(stamped('dist/server')).toBe(sourceHash(root, TARGETS.server.inputs));
    expect(await run()).toEqual([]);
    expect(builds).toEqual(['web', 'server']);
  });

  it('rebuilds only the build whose sources changed; a shared file or the lock file rebuilds both', async () => {
    write('web/src/main.tsx', 'app v2');
    expect(await run()).toEqual(['web']);
    write('server/src/server.ts', 'server v2');
    expect(await run()).toEqual(['server']);
    write('shared/roles.ts', 'roles v2');
    expect(await run()).toEqual(['web', 'server']);
    write('package-lock.json', '{"upgraded":true}');
    expect(await run()).toEqual(['web', 'server']);
    expect(await run()).toEqual([]);
  });

  it('rebuilds an output deleted by hand, and never takes a failed build for a current one', async () => {
    rmSync(path.join(root, 'dist/server/entry.js'));
    expect(await run()).toEqual(['server']);
    write('server/src/server.ts', 'server v3');
    const failing = { server: () => Promise.reject(new Error('syntax error')) };
    await expect(ensureBuilt(['server'], { root, targets, builders: failing, log: () => undefined })).rejects.toThrow('syntax error');
    expect(existsSync(path.join(root, 'dist/server', STAMP))).toBe(false);
    expect(await run()).toEqual(['server']);
  });
});

describe('CLUSTER_WORKERS', () => {
  const env = (vars: Record<string, string>) => {
    const parsed = parseEnv(vars);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    return parsed.env;
  };

  it('is off by default, "auto" is one per core, a number is that many', () => {
    const url = { DATABASE_URL: 'postgres://u:p@db:5432/shuniu' };
    expect(clusterWorkerCount(env({}), 8)).toBe(0);
    expect(clusterWorkerCount(env({ CLUSTER_WORKERS: 'off' }), 8)).toBe(0);
    expect(clusterWorkerCount(env({ ...url, CLUSTER_WORKERS: 'auto' }), 8)).toBe(8);
    expect(clusterWorkerCount(env({ ...url, CLUSTER_WORKERS: '3' }), 8)).toBe(3);
    const bad = parseEnv({ CLUSTER_WORKERS: 'many' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringContaining('CLUSTER_WORKERS: give a number of workers')]);
  });

  it('is refused on the embedded database, which one process owns', () => {
    expect(() => clusterWorkerCount(env({ CLUSTER_WORKERS: 'auto' }), 8)).toThrow(/needs a PostgreSQL server \(DATABASE_URL\)/);
  });
});

interface Running {
  exit: Promise<number | null>;
  output: () => string;
  stop: () => Promise<number | null>;
}

function runNode(file: string, env: Record<string, string>): Running {
  let output = '';
  const child = spawn(process.execPath, [file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', BACKUP_EVERY_HOURS: '0', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exit,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function untilHealthy(base: string, server: Running) {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (await Promise.race([server.exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 0))])) break;
    const res = await fetch(`${base}/api/health`).catch(() => null);
    if (res?.ok) return res.json();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the compiled server did not answer:\n${server.output()}`);
}

describe('the compiled server', () => {
  // Inside the repository, so that its imports find node_modules as dist/server/server.js does.
  const outRoot = path.join(ROOT, '.tmp', `test-dist-${process.pid}`);
  const bundle = path.join(outRoot, 'server', 'server.js');
  let work: string;

  beforeAll(async () => {
    await buildServer(ROOT, path.join(outRoot, 'server'));
    work = mkdtempSync(path.join(tmpdir(), 'shuniu-dist-'));
  });
  afterAll(() => {
    rmSync(outRoot, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('carries its migrations beside the bundle', () => {
    expect(existsSync(path.join(outRoot, 'server', 'migrations', 'meta', '_journal.json'))).toBe(true);
  });

  it('refuses CLUSTER_WORKERS on the embedded database before touching it', async () => {
    const pgliteDir = path.join(work, 'refused', 'pglite');
    const server = runNode(bundle, { CLUSTER_WORKERS: '2', PGLITE_DIR: pgliteDir, PORT: String(await freePort()) });
    expect(await server.exit).toBe(1);
    expect(server.output()).toContain('CLUSTER_WORKERS=2 needs a PostgreSQL server (DATABASE_URL)');
    expect(existsSync(pgliteDir)).toBe(false);
  });

  /** The embedded database: one process, on a data folder migrated and maintained already (a restart). */
  async function serveEmbedded(port: number) {
    const pgliteDir = path.join(work, 'pglite');
    const template = await openPglite({ dataDir: pgliteDir, loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
    await template.close();
    // Maintained an hour ago: this start skips the VACUUM and keeps the stamp as it is.
    const stamp = JSON.stringify({ lastRun: new Date(Date.now() - 3600_000).toISOString() });
    writeFileSync(maintenanceStampFor(pgliteDir), stamp);
    const server = runNode(bundle, { PGLITE_DIR: pgliteDir, FILES_DIR: path.join(work, 'files'), PORT: String(port) });
    return {
      server,
      engine: 'pglite',
      workers: 1,
      afterStop: async () => expect(readFileSync(maintenanceStampFor(pgliteDir), 'utf8')).toBe(stamp),
    };
  }

  /** A PostgreSQL server: two node:cluster workers on one port. */
  async function serveCluster(port: number) {
    const database = await freshDatabase();
    const server = runNode(bundle, { DATABASE_URL: database.url!, DATA_KEY: TEST_DATA_KEY.toString('base64'), CLUSTER_WORKERS: '2', PORT: String(port) });
    return { server, engine: 'postgres', workers: 2, afterStop: () => database.close() };
  }

  it('serves from the bundle — the embedded database in one process, PostgreSQL from two workers — and stops on SIGTERM', async () => {
    const port = await freePort();
    const { server, engine, workers, afterStop } = process.env.TEST_DATABASE_URL ? await serveCluster(port) : await serveEmbedded(port);
    const readyPids = () => new Set([...server.output().matchAll(/"pid":(\d+)[^\n]*"msg":"ready in \d+ ms"/g)].map((m) => m[1]));
    try {
      expect(await untilHealthy(`http://127.0.0.1:${port}`, server)).toEqual({ ok: true, engine });
      expect((await fetch(`http://127.0.0.1:${port}/api/auth/me`)).status).toBe(401);
      for (let waited = 0; readyPids().size < workers && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(readyPids().size).toBe(workers);
      if (workers > 1) expect(server.output()).toContain(`from ${workers} worker processes`);
    } finally {
      expect(await server.stop()).toBe(0);
      await afterStop();
    }
  });
});

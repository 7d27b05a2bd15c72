#!/usr/bin/env node
/**
 * `npm start`: brings the two builds up to date, then runs the compiled server in this process.
 *
 * A build is current when the hash of its sources, kept beside its output in `.build-stamp`, is
 * the hash of the sources now; only then is it reused. So a first start builds, a restart after
 * `git pull` rebuilds what changed, and a plain restart builds nothing (and needs neither vite nor
 * esbuild: a production install without devDependencies runs what was built before).
 *
 *   node scripts/start.mjs                   build what is stale, then serve (npm start)
 *   node scripts/start.mjs --build           build what is stale and exit (npm run build)
 *   node scripts/start.mjs --build=web       the web app only (npm run build:web)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = '.build-stamp';

/**
 * What each build is made from, and what proves its output is there. package-lock.json stands for
 * the dependencies (an upgrade rebuilds); tests are left out since no build contains them.
 */
export const TARGETS = {
  web: {
    out: 'web/dist',
    entry: 'index.html',
    inputs: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'shared', 'package-lock.json'],
  },
  server: {
    out: 'dist/server',
    entry: 'server.js',
    inputs: ['server/src', 'shared', 'scripts/build-server.mjs', 'tsconfig.json', 'package-lock.json'],
  },
};

const isTest = (name) => /\.test\.[cm]?[jt]sx?$/.test(name);

/** The files under `inputs` (folders walked, missing ones skipped), as sorted paths relative to `root`. */
export function inputFiles(root, inputs) {
  const files = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && !isTest(e.name)) files.push(child);
    }
  };
  for (const input of inputs) {
    const abs = path.join(root, input);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) walk(input);
    else files.push(input);
  }
  return [...new Set(files)].sort();
}

/** One hash of the inputs' paths and contents: renaming, adding or removing a file changes it too. */
export function sourceHash(root, inputs) {
  const hash = createHash('sha256');
  for (const file of inputFiles(root, inputs)) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Whether the build of `target` is there and was made from sources hashing to `hash`. */
export function isCurrent(root, target, hash) {
  const out = path.join(root, target.out);
  if (!existsSync(path.join(out, target.entry))) return false;
  const stamp = path.join(out, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash;
}

function buildWeb(root) {
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the web app did not build (vite exited with ${result.status ?? result.signal})`);
}

async function buildServerAt(root) {
  const { buildServer } = await import('./build-server.mjs');
  await buildServer(root);
}

const BUILDERS = { web: buildWeb, server: buildServerAt };

/**
 * Builds each named target whose stamp does not match its sources, and stamps it. The stamp is
 * removed first, so a build that fails half-way is never taken for a current one.
 * Returns the names of the targets it built.
 */
export async function ensureBuilt(names, { root = ROOT, targets = TARGETS, builders = BUILDERS, log = console.info } = {}) {
  const built = [];
  for (const name of names) {
    const target = targets[name];
    const hash = sourceHash(root, target.inputs);
    if (isCurrent(root, target, hash)) continue;
    const started = Date.now();
    rmSync(path.join(root, target.out, STAMP), { force: true });
    log(`building the ${name === 'web' ? 'web app' : 'server'} (its sources changed since the last build)…`);
    await builders[name](root);
    writeFileSync(path.join(root, target.out, STAMP), `${hash}\n`);
    log(`built the ${name === 'web' ? 'web app' : 'server'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    built.push(name);
  }
  return built;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const buildArg = process.argv.slice(2).find((a) => a === '--build' || a.startsWith('--build='));
  const only = buildArg?.split('=')[1];
  if (only !== undefined && !(only in TARGETS)) {
    console.error(`unknown build "${only}": ${Object.keys(TARGETS).join(' or ')}`);
    process.exit(2);
  }
  try {
    await ensureBuilt(only ? [only] : Object.keys(TARGETS));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
  if (!buildArg) {
    // Stack traces name server/src files rather than lines of the bundle.
    process.setSourceMapsEnabled(true);
    const server = await import(pathToFileURL(path.join(ROOT, TARGETS.server.out, TARGETS.server.entry)).href);
    await server.main();
  }
}

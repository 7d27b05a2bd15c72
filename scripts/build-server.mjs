#!/usr/bin/env node
/**
 * Compiles the server (server/src and the shared/ code it imports) into one ES module,
 * dist/server/server.js, so that production runs plain JavaScript: no TypeScript loader, no
 * devDependency at run time, nothing transpiled at start-up.
 *
 * Packages stay external (PGlite's wasm, argon2's native addon, pg, exceljs…): they are loaded from
 * node_modules as they are. The SQL migrations are copied beside the bundle, where
 * db/client.ts looks for them (`new URL('./migrations', import.meta.url)`); app.ts finds the web
 * app at `../../web/dist` from the bundle as it does from server/src/app.ts (same depth).
 *
 *   node scripts/build-server.mjs        (npm start runs it when the sources changed)
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * server/src/domains.ts finds the domains by reading server/src/modules at run time; the bundle has
 * no such folder, so its loadDomains is made here from the same folder: a static import of each
 * `<name>/<name>.module.ts`, in name order, as the run-time reading would find them.
 */
export function staticDomainsPlugin(root) {
  const modules = path.join(root, 'server/src/modules');
  return {
    name: 'static-domains',
    setup(b) {
      b.onLoad({ filter: /[\\/]server[\\/]src[\\/]domains\.ts$/ }, () => {
        const names = readdirSync(modules, { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(path.join(modules, d.name, `${d.name}.module.ts`)))
          .map((d) => d.name)
          .sort();
        const imports = names.map((n, i) => `import domain${i} from './modules/${n}/${n}.module.ts';`).join('\n');
        const list = names.map((_, i) => `domain${i}`).join(', ');
        return {
          // The same check as the run-time reading: each folder's manifest names that folder.
          contents: `${imports}\nconst NAMES = ${JSON.stringify(names)};\nexport async function loadDomains() {\n  return [${list}].map((d, i) => {\n    if (!d || d.name !== NAMES[i]) throw new Error(\`modules/\${NAMES[i]}/\${NAMES[i]}.module.ts must export default defineDomain({ name: '\${NAMES[i]}', … })\`);\n    return d;\n  });\n}\n`,
          loader: 'ts',
          resolveDir: path.join(root, 'server/src'),
        };
      });
    },
  };
}

/** Builds into a fresh folder beside the output and swaps it in, so a failed build leaves the last good one whole. */
export async function buildServer(root = ROOT, outDir = path.join(root, 'dist/server')) {
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await build({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'server/src/server.ts')],
      outfile: path.join(staging, 'server.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      packages: 'external',
      sourcemap: 'linked',
      // Stack traces keep the names the code gives (errors in the log point at real functions).
      keepNames: true,
      logLevel: 'warning',
      legalComments: 'none',
      plugins: [staticDomainsPlugin(root)],
    });
    cpSync(path.join(root, 'server/src/db/migrations'), path.join(staging, 'migrations'), { recursive: true });
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(path.dirname(outDir), { recursive: true });
    renameSync(staging, outDir);
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  return outDir;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = Date.now();
  const out = await buildServer();
  console.info(`server built into ${path.relative(ROOT, out)} in ${Date.now() - started} ms`);
}

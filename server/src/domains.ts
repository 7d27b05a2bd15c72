import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DomainModule } from './core/domain.js';

const MODULES = new URL('./modules/', import.meta.url);

/**
 * Every domain of the platform: each folder of server/src/modules with a `<name>.module.ts`, in
 * name order. Found by reading the folder, so a new domain is picked up without editing a list.
 * (The production build, which bundles one file, replaces this function by static imports of the
 * same files: scripts/build-server.mjs.)
 */
export async function loadDomains(): Promise<DomainModule[]> {
  const names = readdirSync(fileURLToPath(MODULES), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((name) => readdirSync(fileURLToPath(new URL(`${name}/`, MODULES))).some((f) => f === `${name}.module.ts` || f === `${name}.module.js`))
    .sort();
  const loaded = await Promise.all(names.map((name) => import(new URL(`${name}/${name}.module.js`, MODULES).href)));
  return loaded.map((m, i) => {
    const domain = (m as { default?: DomainModule }).default;
    if (!domain || domain.name !== names[i]) throw new Error(`modules/${names[i]}/${names[i]}.module.ts must export default defineDomain({ name: '${names[i]}', … })`);
    return domain;
  });
}

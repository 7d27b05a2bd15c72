/**
 * The matrix fragments: `modules/<domain>/<domain>.matrix.ts` of every domain that has one (found by
 * reading the folder, like the domains themselves: a new domain adds its fragment and edits no
 * list), plus the routes app.ts registers itself (platform.matrix.ts here).
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MatrixFragment } from './types.js';

const MODULES = new URL('../../src/modules/', import.meta.url);

export interface LoadedFragment {
  /** Where it was found, for messages: "registry", "platform". */
  name: string;
  fragment: MatrixFragment;
}

export async function loadFragments(): Promise<LoadedFragment[]> {
  const found = readdirSync(fileURLToPath(MODULES), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(fileURLToPath(new URL(`${d.name}/${d.name}.matrix.ts`, MODULES))))
    .map((d) => ({ name: d.name, url: new URL(`${d.name}/${d.name}.matrix.ts`, MODULES).href }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  found.push({ name: 'platform', url: new URL('./platform.matrix.ts', import.meta.url).href });
  return Promise.all(
    found.map(async ({ name, url }) => {
      const fragment = ((await import(url)) as { default?: MatrixFragment }).default;
      if (!fragment?.routes) throw new Error(`${name}.matrix.ts must export default defineMatrix({ routes: { … } })`);
      return { name, fragment };
    }),
  );
}

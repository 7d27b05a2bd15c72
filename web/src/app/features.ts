import type { TMe } from '@shared/users/schemas';
import type { DashboardSection, Feature, FeatureHeaderItem, FeatureNavEntry, FeatureRoute, HomeCardComponents } from './feature';

/**
 * Every feature of the web app, found by folder: web/src/features/<name>/feature.tsx. Adding a
 * domain adds a folder; nothing here, in App.tsx, the menu, the home page or the dashboard changes.
 */
const modules = import.meta.glob<{ feature?: Feature }>('../features/*/feature.tsx', { eager: true });

/** Mistakes in what the features declare, found once at start: they would show as missing pages or cards. */
export function assemble(found: Record<string, { feature?: Feature }>): Feature[] {
  const features: Feature[] = [];
  const problems: string[] = [];
  const seen = { route: new Map<string, string>(), nav: new Map<string, string>(), card: new Map<string, string>(), section: new Map<string, string>(), root: new Map<string, string>() };
  const claim = (kind: keyof typeof seen, key: string, owner: string) => {
    const other = seen[kind].get(key);
    if (other) problems.push(`${kind} ${key} is declared by ${other} and ${owner}`);
    else seen[kind].set(key, owner);
  };
  for (const [path, module] of Object.entries(found).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = /features\/([^/]+)\/feature\.tsx$/.exec(path)?.[1] ?? path;
    const f = module.feature;
    if (!f) {
      problems.push(`${path} exports no \`feature\``);
      continue;
    }
    // One domain, one word, one folder: the folder, the feature and its query keys share the name.
    if (f.name !== folder) problems.push(`${path} declares feature "${f.name}"; its folder says "${folder}"`);
    if (f.queryKeys && f.queryKeys.all[0] !== f.name) problems.push(`${f.name}: query keys start with "${f.queryKeys.all[0]}", not "${f.name}"`);
    for (const r of f.routes ?? []) claim('route', r.path, f.name);
    for (const n of f.nav ?? []) claim('nav', n.path, f.name);
    for (const kind of Object.keys(f.homeCards ?? {})) claim('card', kind, f.name);
    for (const s of f.dashboardSections ?? []) claim('section', s.key, f.name);
    features.push(f);
  }
  if (problems.length) throw new Error(`web features:\n  ${problems.join('\n  ')}`);
  return features;
}

export const FEATURES: readonly Feature[] = assemble(modules);

const byOrder = <T extends { order: number }>(a: T, b: T) => a.order - b.order;

export const ROUTES: readonly FeatureRoute[] = FEATURES.flatMap((f) => f.routes ?? []);

/** Side-menu entries, in menu order; an entry shows only if /api/auth/me lists its permission. */
export const NAV: readonly FeatureNavEntry[] = FEATURES.flatMap((f) => f.nav ?? []).sort(byOrder);

/** The side-menu entries this user is offered. */
export const navFor = (me: TMe): FeatureNavEntry[] => NAV.filter((n) => me.permissions.includes(n.permission) && (n.visible?.(me) ?? true));

/**
 * The paths of entries whose `useVisible` hook says no. NAV is fixed at start, so the hooks run in
 * the same order on every render.
 */
export function useHiddenNav(): ReadonlySet<string> {
  const hidden = new Set<string>();
  for (const n of NAV) if (n.useVisible && !n.useVisible()) hidden.add(n.path);
  return hidden;
}

export const HEADER_ITEMS: readonly FeatureHeaderItem[] = FEATURES.flatMap((f) => f.header ?? []).sort(byOrder);

/** The component for each home card kind, whichever feature renders it. */
export const HOME_CARDS: HomeCardComponents = Object.assign({}, ...FEATURES.map((f) => f.homeCards ?? {}));

export const DASHBOARD_SECTIONS: readonly DashboardSection[] = FEATURES.flatMap((f) => f.dashboardSections ?? []).sort(byOrder);

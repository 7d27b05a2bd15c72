import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Permission } from '@shared/permissions';
import type { THomeCard } from '@shared/home/schemas';
import type { TSummary } from '@shared/dashboard/schemas';
import type { TMe } from '@shared/users/schemas';

/**
 * Where a route renders:
 * - `app`: signed in, inside the side menu and header (AppLayout);
 * - `bare`: signed in, alone on the page (a sheet to print);
 * - `public`: for anyone, signed in or not (sign-in, what a printed QR code opens).
 */
export type RouteLayout = 'app' | 'bare' | 'public';

export type FeatureRoute =
  | { path: string; layout: 'app' | 'bare'; permission: Permission; element: ComponentType }
  | { path: string; layout: 'public'; permission?: never; element: ComponentType };

/** A side-menu entry: shown when the user holds its permission (and `visible` says yes), menus sorted by `order`. */
export interface FeatureNavEntry {
  path: string;
  labelKey: string;
  permission: Permission;
  /**
   * A further condition on the signed-in user, for a page that means nothing to some holders of the
   * permission (a region roll-up to a member whose grant is narrowed to its own organisation).
   */
  visible?: (me: TMe) => boolean;
  /**
   * A hook saying whether to show it, for a condition only the server knows (a volunteer who leads a
   * team): called on every render of the menu, so it must be cheap (a cached query).
   */
  useVisible?: () => boolean;
  icon: ReactNode;
  order: number;
}

/** Something a feature puts in the header, next to the language switcher, for holders of its permission. */
export interface FeatureHeaderItem {
  key: string;
  permission: Permission;
  component: ComponentType;
  order: number;
}

export type HomeCardKind = THomeCard['kind'];
export type HomeCardOf<K extends HomeCardKind> = Extract<THomeCard, { kind: K }>;
/** The components that render the home cards a feature's domain returns, by card kind. */
export type HomeCardComponents = { [K in HomeCardKind]?: ComponentType<{ card: HomeCardOf<K> }> };

/**
 * A part of the dashboard page: it draws the figures GET /api/dashboard/summary returns under
 * `sections[key]` (the server domain's name; the server leaves out what the reader may not see).
 * `component` declares the section's own type (shared/<domain>/dashboard.ts).
 */
export interface DashboardSection {
  key: string;
  order: number;
  component: ComponentType<{ section: never; region: TSummary['region'] }>;
}

/**
 * The query keys a feature caches under. Every key starts with the feature's name (`all`), so
 * `invalidateQueries({ queryKey: keys.all })` refreshes the whole domain and two features never
 * share a cache entry.
 */
export type QueryKeys<Name extends string> = { all: readonly [Name] } & Record<
  string,
  readonly unknown[] | ((...args: never[]) => readonly unknown[])
>;

/**
 * One domain of the web app: a folder web/src/features/<name>/ whose feature.tsx exports
 * `feature = defineFeature({...})`. App.tsx, the side menu, the header, the home page and the
 * dashboard assemble what the features declare (app/features.ts); translations are the folder's
 * i18n/<locale>.json, merged at start (i18n/index.ts).
 */
export interface Feature<Name extends string = string> {
  name: Name;
  routes?: FeatureRoute[];
  nav?: FeatureNavEntry[];
  header?: FeatureHeaderItem[];
  queryKeys?: QueryKeys<Name>;
  homeCards?: HomeCardComponents;
  dashboardSections?: DashboardSection[];
}

export function defineFeature<const Name extends string>(feature: Feature<Name>): Feature<Name> {
  return feature;
}

/** A component whose code is fetched on first render; `preload()` fetches it earlier, e.g. alongside the data it shows. */
export type PreloadableComponent<P> = LazyExoticComponent<ComponentType<P>> & { preload: () => Promise<unknown> };

/**
 * React.lazy for a named export: `lazyNamed(() => import('./Page'), 'Page')`. Once the module is
 * loaded (by `preload()` or an earlier render) the component renders without suspending: the
 * factory then returns a thenable that resolves synchronously, which React.lazy accepts.
 */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K): PreloadableComponent<PropsOf<M[K]>> {
  let loaded: M | undefined;
  let pending: Promise<M> | undefined;
  const once = () => (pending ??= load().then((m) => (loaded = m)));
  const component = lazy(() => {
    const m = loaded;
    if (m) return { then: (resolve: (v: { default: ComponentType<any> }) => void) => resolve({ default: m[name] as ComponentType<any> }) } as Promise<{ default: ComponentType<any> }>;
    return once().then((mod) => ({ default: mod[name] as ComponentType<any> }));
  });
  return Object.assign(component, { preload: once }) as PreloadableComponent<PropsOf<M[K]>>;
}

type PropsOf<C> = C extends ComponentType<infer P> ? P : never;

/** Starts fetching a component made by lazyNamed; does nothing for one already in the bundle. */
export function preload(component: ComponentType<any> | undefined): void {
  const p = (component as Partial<PreloadableComponent<unknown>> | undefined)?.preload;
  if (p) void p();
}

/**
 * A part of a large feature (funding's front, review, contracts …): what it adds to the one
 * feature, so parts are built and read apart; the feature spreads its parts' entries.
 */
export type FeaturePart = Pick<Feature, 'routes' | 'nav' | 'homeCards' | 'dashboardSections'>;

export function definePart(part: FeaturePart): FeaturePart {
  return part;
}

/** One feature's entries from its parts. */
export function fromParts(parts: readonly FeaturePart[]): Required<FeaturePart> {
  return {
    routes: parts.flatMap((p) => p.routes ?? []),
    nav: parts.flatMap((p) => p.nav ?? []),
    homeCards: Object.assign({}, ...parts.map((p) => p.homeCards ?? {})),
    dashboardSections: parts.flatMap((p) => p.dashboardSections ?? []),
  };
}

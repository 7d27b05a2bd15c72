import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export const LOCALES = ['zh-CN', 'en', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const catalogues: Record<Locale, Messages> = { 'zh-CN': structuredClone(zhCN), en: structuredClone(en), 'zh-TW': structuredClone(zhTW) };

/** Words by catalogue key (`fields.text`, …): nested like the catalogues. */
export interface Words {
  [key: string]: string | Words;
}
/** A domain's own words for the server's messages: field labels, entity and state names, in each language. */
export type DomainMessages = Partial<Record<Locale, Words>>;

const addedBy = new Map<string, string>();

/**
 * Adds a domain's words to the catalogues (core/domain.ts registers each manifest's `messages`), so
 * a new domain names its fields in three languages without editing this folder. A key another
 * domain already set to other words is a mistake, caught at start-up.
 */
export function addMessages(domain: string, messages: DomainMessages) {
  for (const locale of LOCALES) {
    const merge = (target: Record<string, unknown>, source: Record<string, unknown>, path: string) => {
      for (const [key, value] of Object.entries(source)) {
        const at = `${locale}:${path}${key}`;
        if (value && typeof value === 'object') {
          if (!target[key] || typeof target[key] !== 'object') target[key] = {};
          merge(target[key] as Record<string, unknown>, value as Record<string, unknown>, `${path}${key}.`);
        } else if (target[key] !== undefined && target[key] !== value) {
          throw new Error(`message ${at} of ${domain} is already "${String(target[key])}" (${addedBy.get(at) ?? 'platform'})`);
        } else {
          target[key] = value;
          addedBy.set(at, domain);
        }
      }
    };
    const words = messages[locale];
    if (words) merge(catalogues[locale] as unknown as Record<string, unknown>, words, '');
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const tags = header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (tag === 'zh-tw' || tag === 'zh-hk' || tag === 'zh-hant' || tag.startsWith('zh-hant')) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

const fill = (template: string, params: Record<string, unknown>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));

/** Looks up `a.b.c` in a catalogue and fills `{{name}}` placeholders. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  let node: unknown = catalogues[locale];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return fill(typeof node === 'string' ? node : key, params);
}

/** A catalogue entry that is a string, or undefined; never an inherited property (`constructor`). */
function entry(table: unknown, key: string): string | undefined {
  if (!table || typeof table !== 'object' || !Object.hasOwn(table, key)) return undefined;
  const value = (table as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Database columns (`leader_phone`) name the same fields as request bodies (`leaderPhone`). */
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export interface FieldDescription {
  label: string;
  /** Catalogue keys the label needed but did not find; empty when the label is all words. */
  missing: string[];
}

/**
 * Names the field at `path` in words. Each named segment is looked up under `fields.`; an array
 * index becomes the item ("第 1 条授权", from `fieldPaths.items`, else the generic `fieldPaths.item`);
 * a field inside another is joined with `fieldPaths.within.<parent>` or the generic `fieldPaths.nested`.
 * `grants.0.regionCode` → "第 1 条授权的所属区划"; the empty path is the whole request body.
 */
export function describeField(locale: Locale, path: string): FieldDescription {
  const { fields, fieldPaths } = catalogues[locale];
  const segments = path.split('.').filter((s) => s !== '');
  if (segments.length === 0) segments.push('body');
  const missing: string[] = [];
  let label = '';
  let parentName: string | undefined;
  let afterIndex = false;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) {
      const n = Number(segment) + 1;
      const item = parentName !== undefined ? entry(fieldPaths.items, parentName) : undefined;
      label = item ? fill(item, { n }) : fill(fieldPaths.item, { parent: label || fields.body, n });
      afterIndex = true;
      continue;
    }
    const name = entry(fields, segment) !== undefined ? segment : camel(segment);
    let child = entry(fields, name);
    if (child === undefined) {
      missing.push(`fields.${segment}`);
      child = fieldPaths.unknown;
    }
    if (!label) label = child;
    else {
      const within = !afterIndex && parentName !== undefined ? entry(fieldPaths.within, parentName) : undefined;
      label = fill(within ?? fieldPaths.nested, { parent: label, child });
    }
    parentName = name;
    afterIndex = false;
  }
  return { label, missing };
}

/** The label of the field at `path` in the caller's language (see describeField). */
export function fieldLabel(locale: Locale, path: string): string {
  return describeField(locale, path).label;
}

/** Whether `key` names a message under `problems.` (a schema's custom message, say). */
export function isProblemKey(key: string): boolean {
  return entry(catalogues[DEFAULT_LOCALE].problems, key) !== undefined;
}

export function catalogue(locale: Locale): Messages {
  return catalogues[locale];
}

type Tree = { [key: string]: string | Tree };

/**
 * One domain's words from its parts' catalogues (the manifest takes one). A key two parts set
 * differently is a mistake, refused here as addMessages refuses it between domains.
 */
export function mergeMessages(...parts: DomainMessages[]): DomainMessages {
  const merge = (into: Tree, from: Tree, path: string) => {
    for (const [key, value] of Object.entries(from)) {
      const at = into[key];
      if (typeof value === 'object') merge(typeof at === 'object' ? at : (into[key] = {}), value, `${path}${key}.`);
      else if (at !== undefined && at !== value) throw new Error(`message ${path}${key} is set twice: "${String(at)}" and "${value}"`);
      else into[key] = value;
    }
  };
  const out: Record<string, Tree> = {};
  for (const part of parts) for (const [locale, words] of Object.entries(part)) merge((out[locale] ??= {}), words as Tree, `${locale}:`);
  return out as DomainMessages;
}

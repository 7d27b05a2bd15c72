import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export const LOCALES = ['zh-CN', 'en', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, en, 'zh-TW': zhTW };

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

/** Looks up `a.b.c` in a catalogue and fills `{{name}}` placeholders. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  let node: unknown = catalogues[locale];
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  const template = typeof node === 'string' ? node : key;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}

/** The label of a field: the last named segment of its path, looked up under `fields.`. */
export function fieldLabel(locale: Locale, path: string): string {
  const segments = path.split('.').filter((s) => !/^\d+$/.test(s));
  const last = segments[segments.length - 1] ?? path;
  const label = translate(locale, `fields.${last}`);
  return label === `fields.${last}` ? last : label;
}

export function catalogue(locale: Locale): Messages {
  return catalogues[locale];
}

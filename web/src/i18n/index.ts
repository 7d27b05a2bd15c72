import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN.json';
import en from './en.json';
import zhTW from './zh-TW.json';
import { mergeTranslations } from './merge';

export const LOCALES = ['zh-CN', 'en', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'shuniu.locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function storedLocale(): Locale {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return isLocale(v) ? v : 'zh-CN';
}

export function rememberLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale);
}

/**
 * One namespace: the platform's words here, each feature's in features/<name>/i18n/<locale>.json (and,
 * for a feature built in parts, <part>.<locale>.json beside it), merged key by key
 * (scripts/check-i18n.mjs refuses a key defined twice).
 */
const featureTranslations = import.meta.glob<Record<string, unknown>>('../features/*/i18n/*.json', { eager: true, import: 'default' });
const translationsOf = (locale: Locale, platform: Record<string, unknown>) =>
  mergeTranslations(
    platform,
    Object.entries(featureTranslations)
      .filter(([path]) => path.endsWith(`/${locale}.json`) || path.endsWith(`.${locale}.json`))
      .map(([, dict]) => dict),
  );

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: translationsOf('zh-CN', zhCN) },
    en: { translation: translationsOf('en', en) },
    'zh-TW': { translation: translationsOf('zh-TW', zhTW) },
  },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'zh-CN';
}

export default i18n;

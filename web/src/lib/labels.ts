import type { TFunction } from 'i18next';
import type { TCategory as Category } from '@shared/registry/categories';
import type { Locale } from '../i18n';

/** Label of an enum value, e.g. enumLabel(t, 'legalForm', 'social_group'). Unknown values show raw. */
export function enumLabel(t: TFunction, group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return t(`enums.${group}.${value}`, { defaultValue: value });
}

export function enumOptions(t: TFunction, group: string, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: enumLabel(t, group, v) }));
}

export function categoryName(c: Category, locale: Locale): string {
  if (locale === 'en') return c.nameEn || c.nameZh;
  if (locale === 'zh-TW') return c.nameZhTw || c.nameZh;
  return c.nameZh;
}

export function formatDateTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatDate(v: string | null | undefined): string {
  if (!v) return '—';
  return v.slice(0, 10);
}

export function currentMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The API gives rates as percentages with one decimal (73.6). */
export function percent(rate: number | null | undefined): number {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return 0;
  return Math.round(rate * 10) / 10;
}

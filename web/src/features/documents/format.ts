import type { Locale } from '../../i18n';

const INTL_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-GB', 'zh-TW': 'zh-TW' };

/**
 * A certificate's dates as official documents write them (2024年3月4日 / 4 March 2024), on the
 * calendar of China where the certificate is issued, whatever the reader's clock says.
 */
export function certificateDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return '—';
  // A plain date ('2024-03-04') names a day, not an instant: read it as that day.
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone: day ? 'UTC' : 'Asia/Shanghai' }).format(date);
}

/** 'registry.filing_certificate' → the i18n key part 'registry_filing_certificate' (a dot would nest). */
export const kindKey = (kind: string) => kind.replace(/\./g, '_');

/** The site a printed certificate names for typing a code: the verification address without the code. */
export const verifySite = (verificationUrl: string) => verificationUrl.replace(/\/verify\/[^/]*$/, '/verify');

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import zhTW from 'antd/locale/zh_TW';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import i18n, { rememberLocale, storedLocale, type Locale } from '../i18n';

const ANTD = { 'zh-CN': zhCN, en: enUS, 'zh-TW': zhTW } as const;
const DAYJS = { 'zh-CN': 'zh-cn', en: 'en', 'zh-TW': 'zh-tw' } as const;

interface LocaleValue {
  locale: Locale;
  /** `saved`: the request storing the choice on the account, which the server's texts follow once it lands. */
  setLocale: (l: Locale, saved?: Promise<unknown>) => void;
}
const LocaleContext = createContext<LocaleValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const qc = useQueryClient();

  useEffect(() => {
    dayjs.locale(DAYJS[locale]);
    document.documentElement.lang = locale;
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale]);

  const setLocale = useCallback((l: Locale, saved?: Promise<unknown>) => {
    rememberLocale(l);
    dayjs.locale(DAYJS[l]);
    void i18n.changeLanguage(l);
    setLocaleState(l);
    // Server texts (category names, messages) follow the account's language once saved (else
    // Accept-Language): fetch them again after that, or a refetch racing the save gets the old language.
    void Promise.resolve(saved)
      .catch(() => undefined)
      .then(() => qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' }));
  }, [qc]);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider locale={ANTD[locale]} theme={{ token: { colorPrimary: '#c0392b', borderRadius: 6 } }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleValue {
  const v = useContext(LocaleContext);
  if (!v) throw new Error('useLocale outside LocaleProvider');
  return v;
}

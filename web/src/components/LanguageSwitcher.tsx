import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useLocale } from '../app/locale';
import { useAuth } from '../app/auth';
import { api } from '../api/client';
import type { Locale } from '../i18n';

const OPTIONS: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
  { value: 'zh-TW', label: '繁體中文' },
];

export function LanguageSwitcher() {
  const { locale, setLocale } = useLocale();
  const { me } = useAuth();
  return (
    <Select
      data-testid="language-switcher"
      aria-label="Language"
      value={locale}
      onChange={(l) => setLocale(l, me ? api.put('/auth/locale', { body: { locale: l } }) : undefined)}
      options={OPTIONS}
      prefix={<GlobalOutlined />}
      variant="borderless"
      popupMatchSelectWidth={false}
      style={{ minWidth: 120 }}
    />
  );
}

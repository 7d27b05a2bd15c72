import { useState } from 'react';
import { Button, Checkbox, Popover, Space, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** The registry table's columns, in table order. */
const REGISTRY_COLUMNS = [
  'name',
  'legalForm',
  'region',
  'category',
  'status',
  'stage',
  'grade',
  'memberCount',
  'leaderName',
  'leaderPhone',
  'filingNumber',
  'foundedOn',
  'updatedAt',
] as const;
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number];

/** What a record is called, where it stands and its filing number: always shown. */
const ALWAYS: readonly RegistryColumn[] = ['name', 'status', 'filingNumber'];
/** The default set fits a 1440 px screen beside the side menu without scrolling sideways. */
const DEFAULT: readonly RegistryColumn[] = ['name', 'legalForm', 'region', 'category', 'status', 'grade', 'filingNumber', 'leaderName', 'updatedAt'];

const storageKey = (userId: string) => `shuniu.registry.columns.${userId}`;

function stored(userId: string): RegistryColumn[] | null {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null');
    return Array.isArray(raw) ? REGISTRY_COLUMNS.filter((c) => raw.includes(c)) : null;
  } catch {
    return null;
  }
}

/** The columns this user shows, kept in this browser per user; the columns no one may hide are always in. */
export function useRegistryColumns(userId: string) {
  const [chosen, setChosen] = useState<RegistryColumn[]>(() => stored(userId) ?? [...DEFAULT]);
  const visible = REGISTRY_COLUMNS.filter((c) => ALWAYS.includes(c) || chosen.includes(c));
  const choose = (next: RegistryColumn[]) => {
    setChosen(next);
    try {
      localStorage.setItem(storageKey(userId), JSON.stringify(next));
    } catch {
      // Storage full or refused (private mode): the choice lasts this page only.
    }
  };
  const reset = () => {
    setChosen([...DEFAULT]);
    try {
      localStorage.removeItem(storageKey(userId));
    } catch {
      // As above.
    }
  };
  return { visible, choose, reset };
}

export function RegistryColumnPicker({
  visible,
  onChange,
  onReset,
  labelOf,
}: {
  visible: RegistryColumn[];
  onChange: (next: RegistryColumn[]) => void;
  onReset: () => void;
  labelOf: (c: RegistryColumn) => string;
}) {
  const { t } = useTranslation();
  const content = (
    <Space orientation="vertical" size="small" data-testid="registry-columns-panel">
      <Checkbox.Group
        value={visible}
        onChange={(v) => onChange(v as RegistryColumn[])}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(140px, auto))', gap: 6 }}
        options={REGISTRY_COLUMNS.map((c) => ({ value: c, label: labelOf(c), disabled: ALWAYS.includes(c) }))}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('registry.columnsAlways')}
      </Typography.Text>
      <Button size="small" onClick={onReset} data-testid="registry-columns-reset">
        {t('registry.columnsReset')}
      </Button>
    </Space>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('registry.columns')} content={content}>
      <Button icon={<SettingOutlined />} data-testid="registry-columns">
        {t('registry.columns')}
      </Button>
    </Popover>
  );
}

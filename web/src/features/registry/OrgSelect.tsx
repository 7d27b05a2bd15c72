import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useRegion } from '../../app/region';

/** Searchable organisation picker (server-side search within a region). */
export function OrgSelect({
  value,
  onChange,
  initialLabel,
  excludeId,
  kind,
  regionCode: regionOverride,
  placeholder,
}: {
  value?: string | null;
  onChange?: (v?: string | null) => void;
  initialLabel?: string | null;
  excludeId?: string;
  kind?: 'org' | 'team';
  regionCode?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const { regionCode: current } = useRegion();
  const regionCode = regionOverride ?? current;
  const [q, setQ] = useState('');
  const res = useQuery({
    queryKey: ['registry', 'org-options', regionCode, kind, q],
    queryFn: () => api.get('/registry/organizations', { query: { regionCode, q, pageSize: 20, kind } }),
    enabled: !!regionCode,
  });
  const options = (res.data?.items ?? []).filter((o) => o.id !== excludeId).map((o) => ({ value: o.id, label: o.name }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      loading={res.isFetching}
      placeholder={placeholder ?? t('org.searchPlaceholder')}
      notFoundContent={res.isFetching ? undefined : t('common.empty')}
    />
  );
}

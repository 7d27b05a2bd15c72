import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { registryKeys } from './queries';

/** A volunteer team of the region, searched by name as the user types. */
export function TeamSelect({ region, value, onChange, style }: { region: string | undefined; value?: string; onChange: (v: string | undefined) => void; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = { region, q: q.trim() || undefined, pageSize: 50 };
  const teams = useQuery({ queryKey: registryKeys.teams(query), queryFn: () => api.get('/volunteers/teams', { query }), enabled: !!region, placeholderData: (p) => p });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('volunteers.registry.field.team')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      loading={teams.isFetching}
      options={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
      notFoundContent={t('volunteers.registry.teams.noneFound')}
      style={style}
    />
  );
}

/** An active volunteer of the region to add to a team, searched by name, number or phone tail. */
export function VolunteerPick({ region, value, onChange, exclude }: { region: string; value?: string; onChange?: (v: string) => void; exclude: Set<string> }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = { region, q: q.trim() || undefined, status: 'active' as const, pageSize: 20 };
  const found = useQuery({ queryKey: registryKeys.pick(q, region), queryFn: () => api.get('/volunteers', { query }), placeholderData: (p) => p });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('volunteers.registry.teams.pickVolunteer')}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      options={(found.data?.items ?? []).filter((v) => !exclude.has(v.id)).map((v) => ({ value: v.id, label: `${v.name} · ${v.number}` }))}
      notFoundContent={t('volunteers.registry.teams.noVolunteerFound')}
      data-testid="member-pick"
    />
  );
}

import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { chinaDateTime } from '../shifts/time';
import { hoursKeys } from './queries';

interface PickProps {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
  style?: React.CSSProperties;
  testid?: string;
  allowClear?: boolean;
  /** Shown while the options are not loaded (a prefilled value). */
  initialLabel?: string;
}

/** A volunteer in reach, searched by name, volunteer number or the last four digits of the phone. */
export function VolunteerSelect({ value, onChange, id, style, testid, allowClear, initialLabel }: PickProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = { q: q.trim() || undefined, pageSize: 20 };
  const found = useQuery({ queryKey: [...hoursKeys.all, 'pick-volunteer', query], queryFn: () => api.get('/volunteers', { query }), placeholderData: (p) => p });
  const options = (found.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.name} · ${v.number}` }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      id={id}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('volunteers.hours.pick.volunteer')}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      loading={found.isFetching}
      options={options}
      notFoundContent={t('volunteers.hours.pick.noVolunteer')}
      style={style ?? { width: '100%' }}
      data-testid={testid}
    />
  );
}

/** An activity in reach, searched by title. */
export function ActivitySelect({ value, onChange, id, style, testid, allowClear, initialLabel }: PickProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = { q: q.trim() || undefined, pageSize: 20 };
  const found = useQuery({ queryKey: [...hoursKeys.all, 'pick-activity', query], queryFn: () => api.get('/volunteers/activities', { query }), placeholderData: (p) => p });
  const options = (found.data?.items ?? []).map((a) => ({ value: a.id, label: a.firstShiftAt ? `${a.title}（${chinaDateTime(a.firstShiftAt).slice(0, 10)}）` : a.title }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      id={id}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('volunteers.hours.pick.activity')}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      loading={found.isFetching}
      options={options}
      notFoundContent={t('volunteers.hours.pick.noActivity')}
      style={style ?? { width: '100%' }}
      data-testid={testid}
    />
  );
}

/** One shift of the chosen activity (optional: the manual entry may cover time outside any shift). */
export function ShiftSelect({ activityId, value, onChange, id }: PickProps & { activityId: string | undefined }) {
  const { t } = useTranslation();
  const activity = useQuery({
    queryKey: [...hoursKeys.all, 'pick-shifts', activityId],
    queryFn: () => api.get('/volunteers/activities/:id', { params: { id: activityId! } }),
    enabled: !!activityId,
  });
  return (
    <Select
      id={id}
      allowClear
      disabled={!activityId}
      placeholder={activityId ? t('volunteers.hours.pick.shift') : t('volunteers.hours.pick.activityFirst')}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      loading={activity.isFetching}
      options={(activity.data?.shifts ?? []).map((s) => ({ value: s.id, label: `${chinaDateTime(s.startsAt)} – ${chinaDateTime(s.endsAt).slice(11)}` }))}
      notFoundContent={t('volunteers.hours.pick.noShift')}
      style={{ width: '100%' }}
    />
  );
}

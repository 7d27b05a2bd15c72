import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Input, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TActivityListQuery, TActivitySummary } from '@shared/volunteers/shifts';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';
import { ActivityFormModal } from './ActivityFormModal';
import { ACTIVITY_STATUS_COLOR, shiftsLabel, shiftsOptions } from './labels';
import { shiftKeys } from './queries';
import { chinaDateTime } from './time';

type Sort = `${TActivityListQuery['sort']}:${TActivityListQuery['order']}`;
const SORTS: Sort[] = ['nextShift:asc', 'firstShift:desc', 'firstShift:asc', 'createdAt:desc', 'title:asc'];

/** 志愿活动 (staff, an organisation): its activities, filtered, sorted, exported; new ones start here as drafts. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pager = usePager();
  const [status, setStatus] = useState<TActivityListQuery['status']>();
  const [type, setType] = useState<TActivityListQuery['type']>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('nextShift:asc');
  const [creating, setCreating] = useState(false);
  const [sortBy, order] = sort.split(':') as [TActivityListQuery['sort'], TActivityListQuery['order']];
  const filters = {
    status,
    type,
    q: q.trim() || undefined,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    sort: sortBy,
    order,
  };
  const query = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({ queryKey: shiftKeys.activities(query), queryFn: () => api.get('/volunteers/activities', { query }), placeholderData: (p) => p });
  const narrowed = !!(status || type || filters.q || range);
  const reset = <V,>(set: (v: V) => void) => (v: V) => {
    set(v);
    pager.setPage(1);
  };
  const open = (id: string) => navigate(`/volunteers/activities/${id}`);
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.shifts.activities.title')}
        </Typography.Title>
        <Input.Search allowClear placeholder={t('volunteers.shifts.activities.search')} onSearch={reset(setQ)} style={{ width: 200 }} data-testid="activities-search" />
        <Select allowClear placeholder={t('volunteers.shifts.activity.status')} value={status} onChange={reset(setStatus)} options={shiftsOptions(t, 'activityStatus', ACTIVITY_STATUSES)} style={{ width: 110 }} data-testid="activities-status" />
        <Select allowClear placeholder={t('volunteers.shifts.activity.type')} value={type} onChange={reset(setType)} options={shiftsOptions(t, 'activityType', ACTIVITY_TYPES)} style={{ width: 150 }} />
        <DatePicker.RangePicker
          value={range}
          onChange={reset(setRange)}
          placeholder={[t('volunteers.shifts.activities.from'), t('volunteers.shifts.activities.to')]}
          allowEmpty={[true, true]}
          style={{ width: 240 }}
        />
        <Select<Sort> value={sort} onChange={reset(setSort)} options={SORTS.map((s) => ({ value: s, label: t(`volunteers.shifts.activities.sort.${s.replace(':', '_')}`) }))} style={{ width: 180 }} data-testid="activities-sort" />
        <ExportButton path="/volunteers/activities/export" request={{ query: filters }} fallbackName="volunteer-activities.xlsx" testid="activities-export" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="activity-create">
          {t('volunteers.shifts.activity.create')}
        </Button>
      </div>
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} />}
      <PagedTable<TActivitySummary>
        loading={list.isFetching}
        rows={list.data?.items}
        total={list.data?.total}
        pager={pager}
        empty={t(narrowed ? 'volunteers.shifts.activities.emptyFiltered' : 'volunteers.shifts.activities.empty')}
        onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
        testid="activities-table"
        columns={[
          { title: t('volunteers.shifts.activity.title'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
          { title: t('volunteers.shifts.activity.type'), dataIndex: 'type', render: (v: string) => shiftsLabel(t, 'activityType', v) },
          { title: t('volunteers.shifts.activity.status'), dataIndex: 'status', render: (v: string) => <Tag color={ACTIVITY_STATUS_COLOR[v]}>{shiftsLabel(t, 'activityStatus', v)}</Tag> },
          { title: t('volunteers.shifts.activity.nextShift'), dataIndex: 'nextShiftAt', render: (v: string | null) => (v ? chinaDateTime(v) : '—') },
          { title: t('volunteers.shifts.activity.shiftCount'), dataIndex: 'shiftCount', align: 'right' },
          { title: t('volunteers.shifts.activity.team'), dataIndex: 'teamName', render: (v: string | null) => v ?? '—' },
          { title: t('volunteers.shifts.activity.owner'), key: 'owner', render: (_, r) => r.ownerName ?? t('volunteers.shifts.activity.centreOf', { region: r.regionName ?? r.regionCode }) },
        ]}
      />
      <ActivityFormModal open={creating} onClose={(id) => (setCreating(false), id && open(id))} />
    </Card>
  );
}

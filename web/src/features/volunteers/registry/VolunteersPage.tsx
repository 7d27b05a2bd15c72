import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Input, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { VOLUNTEER_SORTS, type TVolunteer } from '@shared/volunteers/registry';
import type { VolunteerStatus } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { useRegion } from '../../../app/region';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { RegionPicker } from '../../../components/RegionPicker';
import { usePager } from '../../../components/usePager';
import { formatDate } from '../../../lib/labels';
import { SKILL_CHOICES, STATUS_COLOR, statusOptions } from './labels';
import { registryKeys } from './queries';
import { TeamSelect } from './TeamSelect';
import { VolunteerDrawer } from './VolunteerDrawer';
import { VolunteerFormModal } from './VolunteerFormModal';
import { VolunteerImportDialog } from './VolunteerImportDialog';

type Tab = 'all' | 'pending';

/** 志愿者 (V1, staff): the registry of the region — search, filter, confirm self-registrations, import and export. */
export function VolunteersPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { can } = useAuth();
  const { regionCode } = useRegion();
  const manage = can('volunteers.manage');
  // The home page's to-do links here with ?status=pending: open on the 待确认 tab.
  const [tab, setTab] = useState<Tab>(() => (new URLSearchParams(window.location.search).get('status') === 'pending' ? 'pending' : 'all'));
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<VolunteerStatus | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [skill, setSkill] = useState<string | undefined>();
  const [region, setRegion] = useState<string | undefined>();
  const [sort, setSort] = useState<(typeof VOLUNTEER_SORTS)[number]>('name');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const pager = usePager();
  const scope = region ?? regionCode;
  const filters = {
    region: scope,
    q: q.trim() || undefined,
    status: tab === 'pending' ? ('pending' as const) : status,
    teamId,
    skill,
    // The oldest self-registration waits longest: the pending tab shows it first.
    sort: tab === 'pending' ? ('registeredAt' as const) : sort,
  };
  const query = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({
    queryKey: registryKeys.list(query),
    queryFn: () => api.get('/volunteers', { query }),
    enabled: !!regionCode,
    placeholderData: (p) => p,
  });
  const pending = useQuery({
    queryKey: registryKeys.pendingCount(scope),
    queryFn: () => api.get('/volunteers', { query: { region: scope, status: 'pending', pageSize: 1 } }),
    enabled: !!regionCode,
  });
  const pendingCount = pending.data?.total ?? 0;
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    pager.setPage(1);
  };
  const filtered = !!(filters.q || status || teamId || skill || region);

  const table = (
    <>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          placeholder={t('volunteers.registry.list.search')}
          onSearch={filter(setQ)}
          style={{ width: 260 }}
          data-testid="volunteers-search"
        />
        {tab === 'all' && (
          <Select
            allowClear
            placeholder={t('volunteers.registry.field.status')}
            value={status}
            onChange={filter(setStatus)}
            options={statusOptions(t)}
            style={{ width: 120 }}
            data-testid="volunteers-status"
          />
        )}
        <TeamSelect region={scope} value={teamId} onChange={filter(setTeamId)} style={{ width: 180 }} />
        <Select
          allowClear
          showSearch
          placeholder={t('volunteers.registry.field.skill')}
          value={skill}
          onChange={filter(setSkill)}
          options={SKILL_CHOICES.map((s) => ({ value: s, label: s }))}
          style={{ width: 140 }}
        />
        <RegionPicker allowClear value={region} onChange={filter(setRegion)} placeholder={t('volunteers.registry.field.region')} style={{ width: 180 }} />
        {tab === 'all' && (
          <Select
            value={sort}
            onChange={filter(setSort)}
            options={VOLUNTEER_SORTS.map((s) => ({ value: s, label: t(`volunteers.registry.sort.${s}`) }))}
            style={{ width: 150 }}
            aria-label={t('volunteers.registry.list.sortBy')}
          />
        )}
        {manage && <ExportButton path="/volunteers/export" request={{ query: filters }} fallbackName="volunteers.xlsx" testid="volunteers-export" />}
      </div>
      <PagedTable<TVolunteer>
        loading={list.isFetching}
        rows={list.data?.items}
        total={list.data?.total}
        capped={list.data?.totalCapped}
        pager={pager}
        empty={
          tab === 'pending'
            ? t('volunteers.registry.list.pendingEmpty')
            : filtered
              ? t('volunteers.registry.list.emptyFiltered')
              : t('volunteers.registry.list.empty')
        }
        onRow={(r) => ({ onClick: () => navigate(`/volunteers/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('volunteers.registry.field.number'), dataIndex: 'number', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('volunteers.registry.field.name'), dataIndex: 'name', render: (v: string) => <a>{v}</a> },
          { title: t('volunteers.registry.field.idNumber'), dataIndex: 'idNumber' },
          { title: t('volunteers.registry.field.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: t('volunteers.registry.field.region'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
          {
            title: t('volunteers.registry.field.skills'),
            dataIndex: 'skills',
            render: (v: string[]) => (v.length ? v.slice(0, 3).join('、') + (v.length > 3 ? '…' : '') : '—'),
          },
          {
            title: t('volunteers.registry.field.status'),
            dataIndex: 'status',
            render: (v: VolunteerStatus) => <Tag color={STATUS_COLOR[v]}>{t(`volunteers.registry.status.${v}`)}</Tag>,
          },
          { title: t('volunteers.registry.field.source'), dataIndex: 'source', render: (v: string) => t(`volunteers.registry.source.${v}`) },
          { title: t('volunteers.registry.field.registeredAt'), dataIndex: 'registeredAt', render: formatDate },
        ]}
        testid="volunteers-table"
      />
    </>
  );

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.registry.list.title')}
        </Typography.Title>
        {manage && (
          <Space wrap>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="volunteers-import">
              {t('volunteers.registry.import.open')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="volunteer-create">
              {t('volunteers.registry.list.create')}
            </Button>
          </Space>
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as Tab);
          pager.setPage(1);
        }}
        items={[
          { key: 'all', label: t('volunteers.registry.list.tabAll'), children: tab === 'all' ? table : null },
          {
            key: 'pending',
            label: (
              <span data-testid="volunteers-tab-pending">
                {t('volunteers.registry.list.tabPending')} <Badge count={pendingCount} showZero={false} color="orange" />
              </span>
            ),
            children: tab === 'pending' ? table : null,
          },
        ]}
      />
      <VolunteerDrawer id={id} onClose={() => navigate('/volunteers')} />
      <VolunteerFormModal open={creating} onClose={() => setCreating(false)} onCreated={(v) => navigate(`/volunteers/${v.id}`)} />
      <VolunteerImportDialog open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}

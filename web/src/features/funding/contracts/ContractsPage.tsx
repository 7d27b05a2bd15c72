import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Grid, Input, List, Progress, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { todayInChina } from '@shared/dates';
import { CONTRACT_SORTS, CONTRACT_STATUSES, type ContractSort, type ContractStatus, type TContractSummary } from '@shared/funding/contracts';
import { api, download } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { useRegion } from '../../../app/region';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';
import { useApiError } from '../../../components/useApiError';
import { formatFen } from '../shared/money';
import { ContractFormDrawer } from './ContractFormDrawer';
import { CONTRACT_STATUS_COLOR, contractsLabel, contractsOptions } from './labels';
import { contractKeys } from './queries';
import './contracts.css';

const isStatus = (v: string | null): v is ContractStatus => !!v && (CONTRACT_STATUSES as readonly string[]).includes(v);
const isSort = (v: string | null): v is ContractSort => !!v && (CONTRACT_SORTS as readonly string[]).includes(v);
const YEAR_PATTERN = /^20\d\d$/;
/** How many contracts an organisation holds before its list offers search, filters and export. */
const FILTERS_FROM = 5;

/**
 * 项目合同: centre staff's list of their region's contracts (search by title, provider or number;
 * filters by call, status and year; sort; the workbook of what is shown; new drafts from approved
 * applications), and an organisation's own contracts — cards on a phone. The filters live in the
 * address, so a home card's link (?organization=…) opens the list already filtered.
 */
export function ContractsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { can } = useAuth();
  const { regionCode } = useRegion();
  const [params, setParams] = useSearchParams();
  const manages = can('funding.contract.manage');
  const status = isStatus(params.get('status')) ? (params.get('status') as ContractStatus) : undefined;
  const callId = params.get('callId') ?? undefined;
  const organization = params.get('organization') ?? undefined;
  const search = params.get('q')?.trim() || undefined;
  const year = YEAR_PATTERN.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined;
  const sort = isSort(params.get('sort')) ? (params.get('sort') as ContractSort) : '-createdAt';
  const [creating, setCreating] = useState(params.get('new') === '1');
  const [exporting, setExporting] = useState(false);
  const showError = useApiError();
  const pager = usePager();
  const filter = { region: manages ? regionCode : undefined, status, callId, organization, q: search, year, sort };
  const query = { ...filter, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({
    queryKey: contractKeys.list(query),
    queryFn: () => api.get('/funding/contracts', { query }),
    enabled: !manages || !!regionCode,
    placeholderData: (p) => p,
  });
  const calls = useQuery({
    queryKey: contractKeys.calls(regionCode),
    queryFn: () => api.get('/funding/calls', { query: { region: regionCode, pageSize: 100 } }),
    enabled: manages && !!regionCode,
    staleTime: 60_000,
  });
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    pager.setPage(1);
  };
  const open = (id: string) => navigate(`/funding/contracts/${id}`);
  const filtered = !!(status || callId || search || year || organization);
  const empty = filtered ? t('funding.contracts.list.emptyFiltered') : manages ? t('funding.contracts.list.emptyStaff') : t('funding.contracts.list.emptyOrg');
  const exportSheet = async () => {
    setExporting(true);
    try {
      await download('/funding/contracts/export', { query: filter }, t('funding.contracts.list.exportName'));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };
  const thisYear = Number(todayInChina().slice(0, 4));
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i);

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {manages ? t('funding.contracts.list.title') : t('funding.contracts.list.titleOrg')}
        </Typography.Title>
        {manages && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('funding.contracts.list.call')}
            value={callId}
            onChange={(v) => setFilter('callId', v)}
            loading={calls.isLoading}
            options={(calls.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.year} · ${c.title}` }))}
            style={{ width: 260 }}
            data-testid="contracts-call"
          />
        )}
        {manages && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="contract-create">
            {t('funding.contracts.list.create')}
          </Button>
        )}
      </div>
      {/* An organisation with a contract or two needs no search bar; a region's list always has one. */}
      {(manages || filtered || (q.data?.total ?? 0) > FILTERS_FROM) && (
        <div className="page-toolbar contracts-filters">
          <Input.Search
            allowClear
            defaultValue={search}
            placeholder={t('funding.contracts.list.search')}
            onSearch={(v) => setFilter('q', v.trim() || undefined)}
            style={{ width: screens.md ? 280 : '100%' }}
            data-testid="contracts-search"
          />
          <Select
            allowClear
            placeholder={t('funding.contracts.list.status')}
            value={status}
            onChange={(v) => setFilter('status', v)}
            options={contractsOptions(t, 'contractStatus', CONTRACT_STATUSES)}
            style={{ width: 130 }}
            data-testid="contracts-status"
          />
          <Select
            allowClear
            placeholder={t('funding.contracts.list.year')}
            value={year}
            onChange={(v?: number) => setFilter('year', v ? String(v) : undefined)}
            options={years.map((y) => ({ value: y, label: t('funding.contracts.list.yearOption', { year: y }) }))}
            style={{ width: 120 }}
            data-testid="contracts-year"
          />
          <Select
            value={sort}
            onChange={(v: ContractSort) => setFilter('sort', v === '-createdAt' ? undefined : v)}
            options={CONTRACT_SORTS.map((v) => ({ value: v, label: t(`funding.contracts.list.sortBy.${v}`) }))}
            style={{ width: 170 }}
            data-testid="contracts-sort"
          />
          {organization && (
            <Tag closable onClose={() => setFilter('organization', undefined)} data-testid="contracts-organization">
              {t('funding.contracts.list.oneOrganization')}
            </Tag>
          )}
          <span className="grow" />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportSheet} disabled={!q.data?.total} data-testid="contracts-export">
            {t('funding.contracts.list.export')}
          </Button>
        </div>
      )}
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {screens.md ? (
        <PagedTable<TContractSummary>
          loading={q.isFetching}
          rows={q.data?.items}
          total={q.data?.total}
          pager={pager}
          empty={empty}
          onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('funding.contracts.field.contractNumber'), dataIndex: 'contractNumber', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('funding.contracts.noNumber')}</Typography.Text> },
            {
              title: t('funding.contracts.field.title'),
              dataIndex: 'title',
              width: 220,
              render: (v: string, r) => (
                <Space size={4}>
                  <a>{v}</a>
                  {r.previousContractId && <Tag color="purple">{t('funding.contracts.renewal.tag')}</Tag>}
                </Space>
              ),
            },
            { title: t('funding.contracts.field.status'), dataIndex: 'status', render: (v: string) => <Tag color={CONTRACT_STATUS_COLOR[v]}>{contractsLabel(t, 'contractStatus', v)}</Tag> },
            { title: t('funding.contracts.field.provider'), dataIndex: 'providerName', width: 200 },
            { title: t('funding.contracts.field.amount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
            { title: t('funding.contracts.field.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number, r) => <PaidCell paid={v} amount={r.amountFen} /> },
            {
              title: t('funding.contracts.field.term'),
              key: 'term',
              render: (_: unknown, r) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {r.startsOn}
                  <br />~ {r.endsOn}
                </span>
              ),
            },
          ]}
          testid="contracts-table"
        />
      ) : (
        <ContractCards rows={q.data?.items} total={q.data?.total ?? 0} loading={q.isFetching} empty={empty} pager={pager} onOpen={open} />
      )}
      {manages && <ContractFormDrawer open={creating} onClose={(id) => (setCreating(false), id && open(id))} />}
    </Card>
  );
}

function PaidCell({ paid, amount }: { paid: number; amount: number }) {
  return (
    <div style={{ minWidth: 110 }}>
      <div>{formatFen(paid)}</div>
      <Progress percent={amount ? Math.round((paid / amount) * 100) : 0} size="small" showInfo={false} />
    </div>
  );
}

/** The list on a phone: one card per contract, what an organisation leader looks for first. */
function ContractCards({
  rows,
  total,
  loading,
  empty,
  pager,
  onOpen,
}: {
  rows: TContractSummary[] | undefined;
  total: number;
  loading: boolean;
  empty: string;
  pager: ReturnType<typeof usePager>;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (rows && rows.length === 0 && !loading) return <Empty description={empty} />;
  return (
    <List<TContractSummary>
      loading={loading}
      dataSource={rows ?? []}
      rowKey="id"
      pagination={total > pager.pageSize ? { current: pager.page, pageSize: pager.pageSize, total, onChange: pager.onChange, size: 'small' } : false}
      data-testid="contracts-cards"
      renderItem={(r) => (
        <Card size="small" hoverable className="contract-card" onClick={() => onOpen(r.id)}>
          <div className="contract-card-head">
            <Typography.Text strong>{r.title}</Typography.Text>
            <Tag color={CONTRACT_STATUS_COLOR[r.status]}>{contractsLabel(t, 'contractStatus', r.status)}</Tag>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.contractNumber ?? t('funding.contracts.noNumber')} · {r.startsOn} ~ {r.endsOn}
          </Typography.Text>
          <div className="contract-card-money">
            <span>
              {t('funding.contracts.field.amount')} {formatFen(r.amountFen)}
            </span>
            <span>
              {t('funding.contracts.field.paid')} {formatFen(r.paidFen)}
            </span>
          </div>
          <Progress percent={r.amountFen ? Math.round((r.paidFen / r.amountFen) * 100) : 0} size="small" />
        </Card>
      )}
    />
  );
}

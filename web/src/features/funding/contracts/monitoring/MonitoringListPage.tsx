import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Grid, List, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../../../api/client';
import { useAuth } from '../../../../app/auth';
import { useRegion } from '../../../../app/region';
import { PagedTable } from '../../../../components/PagedTable';
import { usePager } from '../../../../components/usePager';
import { CONTRACT_STATUS_COLOR, contractsLabel } from '../labels';
import { contractKeys } from '../queries';
import '../contracts.css';

interface Row {
  id: string;
  title: string;
  contractNumber: string | null;
  providerName: string;
  status: string;
  startsOn: string;
  endsOn: string;
  overdueReports: number;
}

/**
 * 项目监测: the contracts under monitoring — a centre's whole region (overdue reports in red), or
 * what a third-party monitor or evaluator is assigned to, or an organisation's own.
 */
export function MonitoringListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { can } = useAuth();
  const { regionCode } = useRegion();
  const staff = can('funding.monitoring.manage');
  const [params, setParams] = useSearchParams();
  // The to-do cards link here with ?overdue=true (the centre's) or ?organization=… (an organisation's).
  const overdueOnly = params.get('overdue') === 'true';
  const organization = params.get('organization') ?? undefined;
  const pager = usePager();
  const query = { region: staff ? regionCode : undefined, overdue: overdueOnly ? ('true' as const) : undefined, organization, page: pager.page, pageSize: pager.pageSize };
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    pager.setPage(1);
  };
  const q = useQuery({
    queryKey: contractKeys.monitored(query),
    queryFn: () => api.get('/funding/monitoring/contracts', { query }),
    enabled: !staff || !!regionCode,
    placeholderData: (p) => p,
  });
  const rows: Row[] | undefined = q.data?.items.map((r) => ({ ...r, id: r.contractId }));
  const open = (id: string) => navigate(`/funding/monitoring/${id}`);
  const empty = overdueOnly
    ? t('funding.contracts.monitoring.emptyOverdue')
    : staff
      ? t('funding.contracts.monitoring.emptyStaff') : can('funding.visit.record')
        ? t('funding.contracts.monitoring.emptyReviewer')
        : t('funding.contracts.monitoring.emptyOrg');
  const overdueTag = (n: number, r: Row) =>
    n > 0 ? <Tag color="red">{t('funding.contracts.monitoring.overdueCount', { count: n })}</Tag> : r.status === 'signed' ? <Tag>{t('funding.contracts.monitoring.onTime')}</Tag> : '—';

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.contracts.monitoring.title')}
        </Typography.Title>
        {organization && (
          <Tag closable onClose={() => setParam('organization', undefined)} data-testid="monitored-organization">
            {t('funding.contracts.list.oneOrganization')}
          </Tag>
        )}
        <Space size={6}>
          <Switch checked={overdueOnly} onChange={(on) => setParam('overdue', on ? 'true' : undefined)} data-testid="monitored-overdue" />
          <Typography.Text>{t('funding.contracts.monitoring.overdueOnly')}</Typography.Text>
        </Space>
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {screens.md ? (
        <PagedTable<Row>
          loading={q.isFetching}
          rows={rows}
          total={q.data?.total}
          pager={pager}
          empty={empty}
          onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('funding.contracts.field.title'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
            { title: t('funding.contracts.field.contractNumber'), dataIndex: 'contractNumber', render: (v: string | null) => v ?? '—' },
            { title: t('funding.contracts.field.provider'), dataIndex: 'providerName' },
            { title: t('funding.contracts.field.term'), key: 'term', render: (_: unknown, r) => `${r.startsOn} ~ ${r.endsOn}` },
            { title: t('funding.contracts.field.status'), dataIndex: 'status', render: (v: string) => <Tag color={CONTRACT_STATUS_COLOR[v]}>{contractsLabel(t, 'contractStatus', v)}</Tag> },
            { title: t('funding.contracts.monitoring.overdue'), dataIndex: 'overdueReports', render: overdueTag },
          ]}
          testid="monitored-table"
        />
      ) : rows && rows.length === 0 && !q.isFetching ? (
        <Empty description={empty} />
      ) : (
        <List<Row>
          loading={q.isFetching}
          dataSource={rows ?? []}
          rowKey="id"
          pagination={(q.data?.total ?? 0) > pager.pageSize ? { current: pager.page, pageSize: pager.pageSize, total: q.data?.total, onChange: pager.onChange, size: 'small' } : false}
          data-testid="monitored-cards"
          renderItem={(r) => (
            <Card size="small" hoverable className="contract-card" onClick={() => open(r.id)}>
              <div className="contract-card-head">
                <Typography.Text strong>{r.title}</Typography.Text>
                {overdueTag(r.overdueReports, r)}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.providerName} · {r.startsOn} ~ {r.endsOn}
              </Typography.Text>
            </Card>
          )}
        />
      )}
    </Card>
  );
}

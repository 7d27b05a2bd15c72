import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { FILING_KINDS, FILING_STATES } from '@shared/registry';
import { api } from '../../api/client';
import type { Filing, Page } from '../../api/types';
import { useRegion } from '../../app/region';
import { enumLabel, enumOptions, formatDateTime } from '../../lib/labels';
import { StatusTag } from '../registry/StatusTag';
import { FilingDetailDrawer } from './FilingDetailDrawer';
import { tableEmpty } from '../../components/TableEmpty';

export function FilingInboxPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { regionCode } = useRegion();
  const [state, setState] = useState<string>('submitted');
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = { regionCode, state, kind, page, pageSize };
  const q = useQuery({
    queryKey: ['registry', 'filings', query],
    queryFn: () => api.get<Page<Filing>>('/registry/filings', query),
    enabled: !!regionCode,
    placeholderData: (p) => p,
  });

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('filing.inbox')}
        </Typography.Title>
        <Select
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={enumOptions(t, 'filingState', FILING_STATES)}
          style={{ width: 130 }}
        />
        <Select
          allowClear
          placeholder={t('filing.kind')}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={enumOptions(t, 'filingKind', FILING_KINDS)}
          style={{ width: 140 }}
        />
      </div>
      <Table<Filing>
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: tableEmpty(t('filing.inboxEmpty')) }}
        onRow={(r) => ({ onClick: () => navigate(`/filings/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize,
          total: q.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('org.name'), dataIndex: 'organizationName', render: (v: string) => <a>{v}</a> },
          { title: t('filing.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'filingKind', v) },
          { title: t('filing.state'), dataIndex: 'state', render: (v: string) => <StatusTag status={v} group="filingState" /> },
          { title: t('org.region'), dataIndex: 'regionName' },
          { title: t('filing.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
        ]}
        data-testid="filings-table"
      />
      <FilingDetailDrawer id={id} onClose={() => navigate('/filings')} />
    </Card>
  );
}

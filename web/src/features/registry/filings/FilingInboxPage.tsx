import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { FILING_KINDS, FILING_STATES } from '@shared/registry';
import { api } from '../../../api/client';
import type { TFiling as Filing } from '@shared/registry/filings';
import { useRegion } from '../../../app/region';
import { enumLabel, enumOptions, formatDateTime } from '../../../lib/labels';
import { StatusTag } from '../StatusTag';
import { FilingDetailDrawer } from './FilingDetailDrawer';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';

export function FilingInboxPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { regionCode } = useRegion();
  const [state, setState] = useState<string>('submitted');
  const [kind, setKind] = useState<string | undefined>();
  const pager = usePager();
  const query = { regionCode, state, kind, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({
    queryKey: ['registry', 'filings', query],
    queryFn: () => api.get('/registry/filings', { query }),
    enabled: !!regionCode,
    placeholderData: (p) => p,
  });

  // The empty table names the filters, so an empty 已退回 list does not read as "nothing to review".
  const names = { state: enumLabel(t, 'filingState', state), kind: kind ? enumLabel(t, 'filingKind', kind) : '' };
  const empty = kind ? t('filing.inboxEmptyStateKind', names) : state === 'submitted' ? t('filing.inboxEmpty') : t('filing.inboxEmptyState', names);

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
            pager.setPage(1);
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
            pager.setPage(1);
          }}
          options={enumOptions(t, 'filingKind', FILING_KINDS)}
          style={{ width: 140 }}
        />
        <ExportButton path="/registry/filings/export" request={{ query: { regionCode, state, kind } }} fallbackName="filings.xlsx" testid="filings-export" />
      </div>
      <PagedTable<Filing>
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={empty}
        onRow={(r) => ({ onClick: () => navigate(`/filings/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('org.name'), dataIndex: 'organizationName', render: (v: string) => <a>{v}</a> },
          { title: t('filing.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'filingKind', v) },
          { title: t('filing.state'), dataIndex: 'state', render: (v: string) => <StatusTag status={v} group="filingState" /> },
          { title: t('org.region'), dataIndex: 'regionName' },
          { title: t('filing.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
        ]}
        testid="filings-table"
      />
      <FilingDetailDrawer id={id} onClose={() => navigate('/filings')} />
    </Card>
  );
}

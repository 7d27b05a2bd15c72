import { useQuery } from '@tanstack/react-query';
import { Card, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ApplicationStatus } from '@shared/funding/states';
import { api } from '../../../../api/client';
import { useAuth } from '../../../../app/auth';
import { PagedTable } from '../../../../components/PagedTable';
import { usePager } from '../../../../components/usePager';
import { frontLabel } from '../../front/labels';
import { formatFen } from '../../shared/money';
import { reviewKeys } from '../queries';

interface Row {
  id: string;
  title: string;
  organizationName: string;
  callTitle: string;
  amountFen: number;
  status: string;
}

/** 项目优化: the approved projects whose proposals are revised (an organisation sees its own). */
export function ProposalListPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const pager = usePager();
  const [status, setStatus] = useState<ApplicationStatus>('approved');
  const query = { status, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: reviewKeys.proposals(query), queryFn: () => api.get('/funding/applications', { query }), placeholderData: (p) => p });
  const revising = can('funding.proposal.revise');
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.review.optimisation.title')}
        </Typography.Title>
        <Select<ApplicationStatus>
          value={status}
          onChange={(v) => {
            setStatus(v);
            pager.setPage(1);
          }}
          options={(['approved', 'contracted'] as const).map((s) => ({ value: s, label: frontLabel(t, 'appStatus', s) }))}
          style={{ width: 140 }}
        />
      </div>
      <Typography.Paragraph type="secondary">{revising ? t('funding.review.optimisation.explainOrg') : t('funding.review.optimisation.explainStaff')}</Typography.Paragraph>
      <PagedTable<Row>
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={status === 'approved' ? t('funding.review.optimisation.empty') : t('funding.review.optimisation.emptyContracted')}
        testid="proposals-table"
        onRow={(r) => ({ onClick: () => navigate(`/funding/proposals/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('funding.review.assign.application'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
          { title: t('funding.review.organization'), dataIndex: 'organizationName' },
          { title: t('funding.review.optimisation.call'), dataIndex: 'callTitle' },
          { title: t('funding.review.ranking.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
        ]}
      />
    </Card>
  );
}

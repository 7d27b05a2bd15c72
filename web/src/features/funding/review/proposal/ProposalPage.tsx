import { useQuery } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TProposalVersion } from '@shared/funding/optimisation';
import { api, ApiError } from '../../../../api/client';
import { useAuth } from '../../../../app/auth';
import { useApiError } from '../../../../components/useApiError';
import { chinaDateTime } from '../../front/time';
import { formatFen } from '../../shared/money';
import { reviewLabel } from '../labels';
import { reviewKeys, useRefreshFunding } from '../queries';
import { DiffView } from './DiffView';
import { ReviseDrawer } from './ReviseDrawer';

/** One approved project's optimisation: the panel's conditions, the versions, a diff, the accepted version. */
export function ProposalPage() {
  const { t } = useTranslation();
  const { applicationId = '' } = useParams<{ applicationId: string }>();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const q = useQuery({
    queryKey: reviewKeys.proposal(applicationId),
    queryFn: () =>
      api.get('/funding/proposals/:applicationId', { params: { applicationId } }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const [pair, setPair] = useState<[number, number] | null>(null);
  const [revising, setRevising] = useState(false);

  if (q.isLoading) return <Skeleton active />;
  const back = <Breadcrumb items={[{ title: <Link to="/funding/proposals">{t('funding.review.optimisation.title')}</Link> }, { title: q.data?.title ?? '' }]} />;
  if (q.error)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {back}
        <Alert type="error" showIcon title={q.error.message} />
      </Space>
    );
  const p = q.data;
  if (!p)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {back}
        <Alert type="info" showIcon title={t('funding.review.optimisation.notOpen')} />
      </Space>
    );
  const versions = [...p.versions].sort((a, b) => b.version - a.version);
  const latest = versions[0];
  const accepted = p.acceptedVersion !== null;
  const shown: [number, number] | null = pair ?? (versions.length > 1 ? [versions[1].version, latest.version] : null);

  const accept = (v: TProposalVersion) =>
    modal.confirm({
      title: t('funding.review.optimisation.acceptTitle', { version: v.version }),
      content: t('funding.review.optimisation.acceptText'),
      okText: t('funding.review.optimisation.accept'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post('/funding/proposals/:applicationId/versions/:version/accept', { params: { applicationId, version: String(v.version) } });
          void message.success(t('funding.review.optimisation.accepted'));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <Card>
        <Space wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="proposal-title">
            {p.title}
          </Typography.Title>
          {accepted ? (
            <Tag color="green">{t('funding.review.optimisation.acceptedVersion', { version: p.acceptedVersion })}</Tag>
          ) : (
            <Tag color="blue">{t('funding.review.optimisation.inProgress')}</Tag>
          )}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12, marginBottom: 12 }}>
          <Descriptions.Item label={t('funding.review.organization')}>{p.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.optimisation.approvedAmount')}>{formatFen(p.approvedFen)}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.optimisation.latestAmount')}>{formatFen(latest?.content.amountFen)}</Descriptions.Item>
        </Descriptions>
        <Alert
          type={p.conditions ? 'warning' : 'info'}
          showIcon
          data-testid="proposal-conditions"
          title={t('funding.review.optimisation.conditions')}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{p.conditions ?? t('funding.review.optimisation.noConditions')}</span>}
        />
        {can('funding.proposal.revise') && !accepted && (
          <Button type="primary" style={{ marginTop: 12 }} onClick={() => setRevising(true)} data-testid="proposal-revise">
            {t('funding.review.optimisation.revise')}
          </Button>
        )}
      </Card>
      <Card title={t('funding.review.optimisation.versions')}>
        <Table<TProposalVersion>
          rowKey="version"
          size="small"
          pagination={false}
          dataSource={versions}
          scroll={{ x: 'max-content' }}
          data-testid="proposal-versions"
          columns={[
            {
              title: t('funding.review.optimisation.version'),
              dataIndex: 'version',
              render: (v: number, r) => (
                <Space>
                  {t('funding.review.optimisation.versionNo', { version: v })}
                  {r.accepted && <Tag color="green">{t('funding.review.optimisation.acceptedTag')}</Tag>}
                </Space>
              ),
            },
            { title: t('funding.review.optimisation.by'), dataIndex: 'createdByName' },
            { title: t('funding.review.optimisation.at'), dataIndex: 'createdAt', render: chinaDateTime },
            {
              title: t('funding.review.optimisation.changed'),
              dataIndex: 'changedFields',
              render: (f: string[], r) => (r.version === 1 ? t('funding.review.optimisation.original') : f.map((x) => reviewLabel(t, 'proposalField', x)).join('、') || '—'),
            },
            { title: t('funding.review.optimisation.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            { title: t('funding.review.ranking.amount'), key: 'amount', align: 'right', render: (_: unknown, r) => formatFen(r.content.amountFen) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) => (
                <Space>
                  {r.version > 1 && (
                    <Button size="small" onClick={() => setPair([r.version - 1, r.version])}>
                      {t('funding.review.optimisation.compareWithPrevious')}
                    </Button>
                  )}
                  {can('funding.proposal.accept') && !accepted && (
                    <Button size="small" type="primary" onClick={() => accept(r)} data-testid="proposal-accept">
                      {t('funding.review.optimisation.accept')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('funding.review.diff.title')}>
        {shown ? (
          <DiffView applicationId={applicationId} versions={versions} pair={shown} onPair={setPair} />
        ) : (
          <Typography.Text type="secondary">{t('funding.review.diff.onlyOne')}</Typography.Text>
        )}
      </Card>
      {latest && <ReviseDrawer open={revising} onClose={() => setRevising(false)} applicationId={applicationId} latest={latest} approvedFen={p.approvedFen} conditions={p.conditions} />}
    </Space>
  );
}

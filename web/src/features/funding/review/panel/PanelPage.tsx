import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Descriptions, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../../../api/client';
import { chinaDateTime } from '../../front/time';
import { frontLabel } from '../../front/labels';
import { formatFen } from '../../shared/money';
import { reviewLabel } from '../labels';
import { reviewKeys } from '../queries';
import { AssignmentMatrix } from './AssignmentMatrix';
import { PanelProgress } from './PanelProgress';
import { PanelSetupForm } from './PanelSetupForm';
import { RankingTable } from './RankingTable';

/** The steps at which the server lets a panel be set up: during screening (to be ready) and review. */
const SETUP_STEPS = ['screening', 'review'];

/** Staff: one call's review panel — set-up, assignments, progress and closing, then the ranking. */
export function PanelPage() {
  const { t } = useTranslation();
  const { callId = '' } = useParams<{ callId: string }>();
  const call = useQuery({ queryKey: reviewKeys.call(callId), queryFn: () => api.get('/funding/calls/:id', { params: { id: callId } }) });
  const panel = useQuery({
    queryKey: reviewKeys.panelOfCall(callId),
    // No panel yet is an answer, not an error: the page offers to set one up.
    queryFn: () =>
      api.get('/funding/review/panels', { query: { callId } }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const [tab, setTab] = useState<string>();

  if (call.isLoading || panel.isLoading) return <Skeleton active />;
  if (call.error || panel.error || !call.data) return <Alert type="error" showIcon title={(call.error ?? panel.error)?.message ?? t('common.error')} />;
  const c = call.data;
  const p = panel.data;
  const closed = p?.status === 'closed';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/funding/panels">{t('funding.review.calls.title')}</Link> }, { title: c.title }]} />
      <Card>
        <Space align="center" wrap style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="panel-call-title">
            {t('funding.review.panel.title', { call: c.title })}
          </Typography.Title>
          {p && <Tag color={closed ? 'green' : 'blue'}>{reviewLabel(t, 'panelStatus', p.status)}</Tag>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t('funding.review.calls.callType')}>{frontLabel(t, 'callType', c.callType)}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.calls.step')}>{frontLabel(t, 'step', c.step)}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.calls.budget')}>{formatFen(c.budgetFen)}</Descriptions.Item>
          {p && <Descriptions.Item label={t('funding.review.panel.deadline')}>{chinaDateTime(p.reviewDeadline)}</Descriptions.Item>}
        </Descriptions>
        {p?.closedAt && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            title={t('funding.review.panel.closedAt', { at: chinaDateTime(p.closedAt) })}
            description={p.closeReason ? t('funding.review.panel.closedReason', { reason: p.closeReason }) : undefined}
            // The next step is the public notice: the way there from where the worker just finished.
            action={
              c.steps.includes('notice') && c.step === 'notice' ? (
                <Link to={`/funding/notices/${c.id}`}>
                  <Button type="primary" size="small" data-testid="panel-to-notice">
                    {t('funding.review.panel.toNotice')}
                  </Button>
                </Link>
              ) : undefined
            }
          />
        )}
      </Card>
      <Card>
        {!p ? (
          !c.steps.includes('review') ? (
            <Alert type="info" showIcon title={t('funding.review.panel.noReviewStep')} />
          ) : SETUP_STEPS.includes(c.step) ? (
            <PanelSetupForm call={c} panel={null} />
          ) : (
            <Alert type="info" showIcon title={t('funding.review.panel.notYet', { step: frontLabel(t, 'step', c.step) })} />
          )
        ) : (
          <Tabs
            activeKey={tab ?? (closed ? 'ranking' : p.assignments.length ? 'progress' : 'assign')}
            onChange={setTab}
            items={[
              { key: 'setup', label: t('funding.review.panel.tabSetup'), children: <PanelSetupForm call={c} panel={p} /> },
              { key: 'assign', label: t('funding.review.panel.tabAssign'), children: <AssignmentMatrix call={c} panel={p} /> },
              { key: 'progress', label: t('funding.review.panel.tabProgress'), children: <PanelProgress panel={p} /> },
              { key: 'ranking', label: t('funding.review.panel.tabRanking'), disabled: !closed, children: closed ? <RankingTable panel={p} canAdjust={c.step === 'review'} /> : null },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

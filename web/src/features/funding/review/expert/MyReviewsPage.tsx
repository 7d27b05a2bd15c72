import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TExpertPanel } from '@shared/funding/review';
import { api } from '../../../../api/client';
import { chinaDateTime, timeLeft } from '../../front/time';
import { formatFen } from '../../shared/money';
import { ASSIGNMENT_STATE_COLOR, reviewLabel } from '../labels';
import { reviewKeys } from '../queries';
import { ConflictDeclaration } from './ConflictDeclaration';

/** 我的评审: each panel the expert sits on — first its conflict declaration, then what is assigned to it. */
export function MyReviewsPage() {
  const { t } = useTranslation();
  const panels = useQuery({ queryKey: reviewKeys.myPanels, queryFn: () => api.get('/funding/review/my/panels') });
  const assignments = useQuery({ queryKey: reviewKeys.myAssignments, queryFn: () => api.get('/funding/review/my/assignments') });

  if (panels.isLoading) return <Skeleton active />;
  const list = panels.data?.items ?? [];
  const open = list.filter((p) => p.status === 'open');
  const closed = list.filter((p) => p.status !== 'open');
  const itemsOf = (panelId: string) => (assignments.data?.items ?? []).filter((a) => a.panelId === panelId);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="my-reviews">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('funding.review.my.title')}
      </Typography.Title>
      {panels.error && <Alert type="error" showIcon title={panels.error.message} />}
      {list.length === 0 && !panels.error && (
        <Card>
          <Empty description={t('funding.review.my.empty')} />
        </Card>
      )}
      {open.map((p) => (
        <PanelCard key={p.id} panel={p} items={itemsOf(p.id)} loading={assignments.isLoading} />
      ))}
      {open.length === 0 && closed.length > 0 && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.review.my.noOpen')} />
        </Card>
      )}
      {closed.length > 0 && (
        // Past panels are a record to look up, not work: folded so the open ones stay on top.
        <Card title={t('funding.review.my.closedPanels', { count: closed.length })} size="small" data-testid="my-closed-panels">
          <Collapse
            ghost
            items={closed.map((p) => ({
              key: p.id,
              label: (
                <Space wrap size={4}>
                  <span>{p.callTitle}</span>
                  <Typography.Text type="secondary">{t('funding.review.my.closedSummary', { count: itemsOf(p.id).length, at: chinaDateTime(p.reviewDeadline) })}</Typography.Text>
                </Space>
              ),
              children: <AssignmentList items={itemsOf(p.id)} loading={assignments.isLoading} />,
            }))}
          />
        </Card>
      )}
    </Space>
  );
}

function Deadline({ iso }: { iso: string }) {
  const { t } = useTranslation();
  const left = timeLeft(iso);
  return (
    <Typography.Text type={left && left.days < 2 ? 'danger' : 'secondary'}>
      {t('funding.review.my.deadline', { at: chinaDateTime(iso) })}
      {left ? ` · ${t('funding.review.my.left', left)}` : ` · ${t('funding.review.my.passed')}`}
    </Typography.Text>
  );
}

type Item = { assignmentId: string; applicationId: string; title: string; organizationName: string; amountFen: number; state: string };

function PanelCard({ panel, items, loading }: { panel: TExpertPanel; items: Item[]; loading: boolean }) {
  const { t } = useTranslation();
  const declared = !!panel.declaredAt;
  const toDo = items.filter((i) => i.state !== 'scored').length;
  return (
    <Card
      data-testid="my-panel"
      title={
        <Space wrap>
          <span style={{ whiteSpace: 'normal' }}>{panel.callTitle}</span>
          {panel.isChair && <Tag color="gold">{t('funding.review.progress.chair')}</Tag>}
          <Tag color={panel.status === 'closed' ? 'green' : 'blue'}>{reviewLabel(t, 'panelStatus', panel.status)}</Tag>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Deadline iso={panel.reviewDeadline} />
        <Typography.Text type="secondary">
          {t('funding.review.my.rubric', { criteria: panel.criteria.map((c) => `${c.name} ${c.weight}%`).join('、') })}
        </Typography.Text>
        {!declared ? (
          panel.status === 'open' ? (
            <>
              <Typography.Title level={5}>{t('funding.review.conflicts.title')}</Typography.Title>
              <ConflictDeclaration panel={panel} />
            </>
          ) : (
            <Alert type="info" showIcon title={t('funding.review.my.closedUndeclared')} />
          )
        ) : (
          <>
            <Typography.Text type="success">
              {t('funding.review.conflicts.declaredAt', { at: chinaDateTime(panel.declaredAt) })}
              {panel.conflicts.length ? t('funding.review.conflicts.declaredTies', { names: panel.conflicts.map((c) => `${c.organizationName}（${c.tie}）`).join('、') }) : t('funding.review.conflicts.declaredNone')}
            </Typography.Text>
            {panel.status === 'open' && (
              <Collapse
                size="small"
                items={[{ key: 'more', label: t('funding.review.conflicts.addMore'), children: <ConflictDeclaration panel={panel} again /> }]}
              />
            )}
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              {toDo ? t('funding.review.my.assignedToDo', { count: items.length, toDo }) : t('funding.review.my.assigned', { count: items.length })}
            </Typography.Title>
            <AssignmentList items={items} loading={loading} />
          </>
        )}
      </Space>
    </Card>
  );
}

function AssignmentList({ items, loading }: { items: Item[]; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <List
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.review.my.noAssignments')} /> }}
      renderItem={(a) => (
        <List.Item
          data-testid="my-assignment"
          actions={[
            <Link key="open" to={`/funding/my-reviews/${a.applicationId}`}>
              <Button type={a.state === 'scored' ? 'default' : 'primary'} size="small">
                {a.state === 'scored' ? t('funding.review.my.view') : t('funding.review.my.score')}
              </Button>
            </Link>,
          ]}
        >
          <List.Item.Meta
            title={<Link to={`/funding/my-reviews/${a.applicationId}`}>{a.title}</Link>}
            description={
              <Space wrap size={4}>
                <span>{a.organizationName}</span>
                <span>{formatFen(a.amountFen)}</span>
                <Tag color={ASSIGNMENT_STATE_COLOR[a.state]}>{reviewLabel(t, 'assignmentState', a.state)}</Tag>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

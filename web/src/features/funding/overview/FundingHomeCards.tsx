import { Badge, Col, Empty, List, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { AuditOutlined, CalendarOutlined, CheckSquareOutlined, ExclamationCircleOutlined, FileTextOutlined, ProjectOutlined, WalletOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HomeCardOf } from '../../../app/feature';
import { TodoCard } from '../../../components/TodoCard';
import { formatDate, formatDateTime } from '../../../lib/labels';
import { formatFen } from '../shared/money';

/** The funding pipeline's home cards for each role, one component per card kind of GET /api/home. */

const STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'blue',
  withdrawn: 'default',
  screened_out: 'red',
  screened_in: 'cyan',
  in_review: 'purple',
  not_funded: 'red',
  approved: 'green',
  contracted: 'green',
};

/** Reviewer: the open panels it sits on with their deadlines and its progress, and the contracts it monitors or evaluates. */
export function ReviewerWorkCard({ card }: { card: HomeCardOf<'fundingReviewerWork'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string, o?: Record<string, unknown>) => t(`funding.overview.home.reviewer.${key}`, o);
  // An expert goes to its reviews; a monitor or evaluator with no panel to its contracts.
  const action = card.panels.length
    ? { label: k('action'), go: () => navigate('/funding/my-reviews'), primary: card.panels.some((p) => !p.declared || p.scored < p.assigned) }
    : { label: k('monitoringAction'), go: () => navigate('/funding/monitoring') };
  return (
    <TodoCard testid="home-funding-reviewer" icon={<AuditOutlined />} title={k('title')} action={action}>
      {card.panels.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{k('panels')}</Typography.Text>}
          dataSource={card.panels}
          renderItem={(p) => (
            <List.Item>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text>{p.callTitle}</Typography.Text>
                <Space wrap size={8}>
                  <Typography.Text type="secondary">
                    <CalendarOutlined /> {k('deadline', { time: formatDateTime(p.reviewDeadline) })}
                  </Typography.Text>
                  {p.declared ? <Typography.Text type="secondary">{k('progress', { scored: p.scored, assigned: p.assigned })}</Typography.Text> : <Tag color="orange">{k('notDeclared')}</Tag>}
                </Space>
                {p.declared && p.assigned > 0 && <Progress percent={Math.round((p.scored * 100) / p.assigned)} size="small" />}
              </Space>
            </List.Item>
          )}
        />
      )}
      {card.contractCount > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{k('contracts', { count: card.contractCount })}</Typography.Text>}
          dataSource={card.contracts}
          renderItem={(c) => (
            <List.Item onClick={() => navigate(`/funding/monitoring/${c.contractId}`)} style={{ cursor: 'pointer' }}>
              <Space orientation="vertical" size={2}>
                <a>{c.title}</a>
                <Space wrap size={4}>
                  <Typography.Text type="secondary">{c.providerName}</Typography.Text>
                  <Typography.Text type="secondary">{k('endsOn', { date: formatDate(c.endsOn) })}</Typography.Text>
                  {c.roles.map((r) => (
                    <Tag key={r}>{k(r)}</Tag>
                  ))}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
      {card.panels.length === 0 && card.contractCount === 0 && <Typography.Text type="secondary">{k('none')}</Typography.Text>}
    </TodoCard>
  );
}

/** Organisation: its applications and where each stands. */
export function OrgApplicationsCard({ card }: { card: HomeCardOf<'fundingOrgApplications'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string, o?: Record<string, unknown>) => t(`funding.overview.home.applications.${key}`, o);
  const status = (s: string) => t(`funding.overview.appStatus.${s}`);
  return (
    <TodoCard testid="home-funding-applications" icon={<FileTextOutlined />} title={k('title', { name: card.organizationName })} action={{ label: k('action'), go: () => navigate('/funding/applications') }}>
      <Space wrap size={[4, 4]} style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{k('total', { count: card.total })}</Typography.Text>
        {card.byStatus.map((s) => (
          <Tag key={s.status} color={STATUS_COLOR[s.status]}>
            {status(s.status)} {s.count}
          </Tag>
        ))}
      </Space>
      <List
        size="small"
        dataSource={card.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={k('empty')} /> }}
        renderItem={(a) => (
          <List.Item onClick={() => navigate(`/funding/applications/${a.id}`)} style={{ cursor: 'pointer', alignItems: 'flex-start' }}>
            <Space orientation="vertical" size={2} style={{ minWidth: 0, flex: 1 }}>
              <a style={{ wordBreak: 'break-all' }}>{a.title}</a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.callTitle}
                {a.status === 'draft' ? ` · ${k('deadline', { time: formatDateTime(a.callDeadline) })}` : ''}
              </Typography.Text>
            </Space>
            <Tag color={STATUS_COLOR[a.status]} style={{ marginInlineEnd: 0 }}>
              {status(a.status)}
            </Tag>
          </List.Item>
        )}
      />
    </TodoCard>
  );
}

/** Organisation: progress reports coming due (the overdue ones have a card of their own). */
export function OrgReportsDueCard({ card }: { card: HomeCardOf<'fundingOrgReportsDue'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string, o?: Record<string, unknown>) => t(`funding.overview.home.reportsDue.${key}`, o);
  return (
    <TodoCard testid="home-funding-reports-due" icon={<CalendarOutlined />} title={k('title')} action={{ label: k('action'), go: () => navigate(card.link), primary: true }}>
      <Typography.Text>{k('count', { count: card.count })}</Typography.Text>
      <List
        size="small"
        dataSource={card.reports}
        renderItem={(r) => (
          <List.Item onClick={() => navigate(`/funding/monitoring/${r.contractId}`)} style={{ cursor: 'pointer' }}>
            <Typography.Text>{k('item', { title: r.contractTitle, period: r.periodNo, date: formatDate(r.dueOn) })}</Typography.Text>
          </List.Item>
        )}
      />
    </TodoCard>
  );
}

/** Organisation: what its contracts have paid, and the next tranche of each with what releases it. */
export function OrgPaymentsCard({ card }: { card: HomeCardOf<'fundingOrgPayments'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string, o?: Record<string, unknown>) => t(`funding.overview.home.payments.${key}`, o);
  return (
    <TodoCard testid="home-funding-payments" icon={<WalletOutlined />} title={k('title')} action={{ label: k('action'), go: () => navigate('/funding/contracts') }}>
      <Row gutter={[12, 12]}>
        <Col xs={12}>
          <Statistic title={k('received')} value={formatFen(card.receivedFen)} styles={{ content: { fontSize: 20, color: '#389e0d' } }} />
        </Col>
        <Col xs={12}>
          <Statistic title={k('pending')} value={formatFen(card.pendingFen)} styles={{ content: { fontSize: 20 } }} />
        </Col>
      </Row>
      {card.next.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{k('next')}</Typography.Text>}
          dataSource={card.next}
          renderItem={(n) => (
            <List.Item onClick={() => navigate(`/funding/contracts/${n.contractId}`)} style={{ cursor: 'pointer' }}>
              <Typography.Text>
                {k('nextItem', { title: n.contractTitle, n: n.position + 1, amount: formatFen(n.amountFen), when: t(`funding.overview.tranche.${n.releasedBy}`) })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      {card.received.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{k('recent')}</Typography.Text>}
          dataSource={card.received}
          renderItem={(r) => (
            <List.Item onClick={() => navigate(`/funding/contracts/${r.contractId}`)} style={{ cursor: 'pointer' }}>
              <Typography.Text ellipsis style={{ maxWidth: '60%' }}>
                {r.contractTitle}
              </Typography.Text>
              <Typography.Text type="secondary">
                {formatFen(r.amountFen)} · {formatDate(r.paidAt)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </TodoCard>
  );
}

/** Centre staff: the region's published calls by pipeline step, as a board, and its drafts. */
export function CallBoardCard({ card }: { card: HomeCardOf<'fundingCallBoard'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string, o?: Record<string, unknown>) => t(`funding.overview.home.board.${key}`, o);
  const counts = new Map(card.steps.map((s) => [s.step, s.count]));
  const steps = (['needs', 'curation', 'call', 'screening', 'review', 'notice', 'optimisation', 'contract', 'monitoring', 'evaluation'] as const).filter((s) => counts.has(s));
  return (
    <TodoCard testid="home-funding-board" icon={<ProjectOutlined />} title={k('title')} action={{ label: k('action'), go: () => navigate(card.link) }}>
      {steps.length === 0 ? (
        <Typography.Text type="secondary">{k('empty')}</Typography.Text>
      ) : (
        <Row gutter={[8, 8]}>
          {steps.map((s) => (
            <Col key={s} xs={12} sm={8}>
              <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '6px 8px' }} data-testid={`board-${s}`}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`funding.overview.step.${s}`)}
                </Typography.Text>
                <div style={{ fontSize: 20, fontWeight: 600 }}>{counts.get(s)}</div>
              </div>
            </Col>
          ))}
        </Row>
      )}
      {card.drafts > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {k('drafts', { count: card.drafts })}
        </Typography.Text>
      )}
    </TodoCard>
  );
}

/** Centre staff: what waits for it — screening, panels to close, objections, milestones, reports — each opening its list. */
export function StaffTodosCard({ card }: { card: HomeCardOf<'fundingStaffTodos'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string) => t(`funding.overview.home.todos.${key}`);
  return (
    <TodoCard testid="home-funding-todos" icon={<CheckSquareOutlined />} title={k('title')}>
      <List
        size="small"
        dataSource={card.items}
        renderItem={(i) => (
          <List.Item
            onClick={() => navigate(i.link)}
            style={{ cursor: 'pointer' }}
            actions={[<a key="open">{k('open')}</a>]}
            data-testid={`todo-${i.key}`}
          >
            <Space>
              <Badge count={i.count} showZero color={i.count ? '#c0392b' : '#d9d9d9'} overflowCount={999} />
              <Typography.Text>{k(i.key)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </TodoCard>
  );
}

/** Organisation or centre staff: progress reports past due (the monitoring part's cards), the oldest first. */
function ReportsOverdue({ card, scope }: { card: HomeCardOf<'fundingOrgReportsOverdue'> | HomeCardOf<'fundingRegionReportsOverdue'>; scope: 'org' | 'region' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const k = (key: string, o?: Record<string, unknown>) => t(`funding.overview.home.overdue.${key}`, o);
  return (
    <TodoCard testid={`home-funding-overdue-${scope}`} icon={<ExclamationCircleOutlined />} title={k('title')} action={{ label: k('action'), go: () => navigate(card.link), primary: true }}>
      <Typography.Text type="danger">{k(scope, { count: card.count })}</Typography.Text>
      <List
        size="small"
        dataSource={card.reports}
        renderItem={(r) => (
          <List.Item onClick={() => navigate(`/funding/monitoring/${r.contractId}`)} style={{ cursor: 'pointer' }}>
            <Typography.Text>{k('item', { title: r.contractTitle, provider: r.providerName, period: r.periodNo, date: formatDate(r.dueOn) })}</Typography.Text>
          </List.Item>
        )}
      />
    </TodoCard>
  );
}

export const OrgReportsOverdueCard = ({ card }: { card: HomeCardOf<'fundingOrgReportsOverdue'> }) => <ReportsOverdue card={card} scope="org" />;
export const RegionReportsOverdueCard = ({ card }: { card: HomeCardOf<'fundingRegionReportsOverdue'> }) => <ReportsOverdue card={card} scope="region" />;

import { Col, Row, Statistic, Tag, Typography } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  FileDoneOutlined,
  FundOutlined,
  RollbackOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HomeCardOf } from '../../../app/feature';
import { useRegion } from '../../../app/region';
import { TodoCard } from '../../../components/TodoCard';
import { enumLabel, percent } from '../../../lib/labels';

/** The registry's home cards, one component per card kind of GET /api/home. */

/** Centre worker: filings waiting for a decision. */
export function FilingsToReviewCard({ card }: { card: HomeCardOf<'filingsToReview'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard
      testid="home-filings"
      icon={<FileDoneOutlined />}
      title={t('home.filingsToReview.title')}
      action={{ label: t('home.filingsToReview.action'), go: () => navigate(card.link), primary: card.count > 0 }}
    >
      <Statistic value={card.count} styles={{ content: { color: card.count ? '#c0392b' : undefined } }} />
      <Typography.Text type="secondary">
        {card.count ? t('home.filingsToReview.count', { count: card.count }) : t('home.filingsToReview.none')}
      </Typography.Text>
    </TodoCard>
  );
}

/** Centre worker: filed teams without last month's 六个一 report. */
export function OverdueReportsCard({ card }: { card: HomeCardOf<'overdueReports'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard testid="home-overdue" icon={<ClockCircleOutlined />} title={t('home.overdueReports.title')} action={{ label: t('home.overdueReports.action'), go: () => navigate(card.link) }}>
      <Statistic value={card.count} suffix={`/ ${card.teams}`} styles={{ content: { color: card.count ? '#d48806' : undefined } }} />
      <Typography.Text type="secondary">
        {card.count ? t('home.overdueReports.count', { month: card.month, count: card.count, teams: card.teams }) : t('home.overdueReports.none', { month: card.month })}
      </Typography.Text>
    </TodoCard>
  );
}

/** Official: a few of the region's dashboard figures; the button opens the dashboard on that region. */
export function RegionFiguresCard({ card }: { card: HomeCardOf<'regionFigures'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { setRegionCode } = useRegion();
  const open = () => {
    setRegionCode(card.regionCode);
    navigate(card.link);
  };
  const figures = [
    { key: 'organizations', value: card.organizations },
    { key: 'teams', value: card.teams },
    { key: 'members', value: card.members },
    { key: 'filingQueue', value: card.filingQueue },
  ];
  return (
    <TodoCard testid="home-region" icon={<FundOutlined />} title={t('home.regionFigures.title', { region: card.regionName })} action={{ label: t('home.regionFigures.action'), go: open }}>
      <Row gutter={[12, 12]}>
        {figures.map((f) => (
          <Col key={f.key} xs={12}>
            <Statistic title={t(`home.regionFigures.${f.key}`)} value={f.value} />
          </Col>
        ))}
        <Col xs={24}>
          <Statistic title={t('home.regionFigures.compliance', { month: card.complianceMonth })} value={percent(card.complianceRate)} suffix="%" />
        </Col>
      </Row>
    </TodoCard>
  );
}

/** Team member: whether this month's 六个一 report is in. */
export function TeamReportCard({ card }: { card: HomeCardOf<'teamReport'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard
      testid="home-team-report"
      icon={card.submitted ? <CheckCircleOutlined style={{ color: '#52c41a' }} /> : <ExclamationCircleOutlined style={{ color: '#d48806' }} />}
      title={
        <>
          {t('home.teamReport.title')} <Typography.Text type="secondary">· {card.organizationName}</Typography.Text>
        </>
      }
      action={{ label: card.submitted ? t('home.teamReport.view') : t('home.teamReport.action'), go: () => navigate(card.link), primary: !card.submitted }}
    >
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        {card.submitted ? t('home.teamReport.done', { month: card.month }) : t('home.teamReport.pending', { month: card.month })}
      </Typography.Paragraph>
    </TodoCard>
  );
}

/** Team member: a team not filed yet. */
export function TeamFilingCard({ card }: { card: HomeCardOf<'teamFiling'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard
      testid="home-team-filing"
      icon={<TeamOutlined />}
      title={
        <>
          {t('home.teamFiling.title')} <Typography.Text type="secondary">· {card.organizationName}</Typography.Text>
        </>
      }
      action={{ label: t('home.teamFiling.action'), go: () => navigate(card.link), primary: card.status === 'draft' }}
    >
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t(`home.teamFiling.${card.status}`)}</Typography.Paragraph>
    </TodoCard>
  );
}

/** Team member: filings the centre returned, with its reasons. */
export function ReturnedFilingsCard({ card }: { card: HomeCardOf<'returnedFilings'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <TodoCard
      testid="home-returned"
      icon={<RollbackOutlined style={{ color: '#c0392b' }} />}
      title={
        <>
          {t('home.returnedFilings.title')} <Typography.Text type="secondary">· {card.organizationName}</Typography.Text>
        </>
      }
      action={{ label: t('home.returnedFilings.action'), go: () => navigate(card.link), primary: true }}
    >
      <Typography.Paragraph>{t('home.returnedFilings.count', { count: card.filings.length })}</Typography.Paragraph>
      {card.filings.map((f) => (
        <div key={f.id} style={{ marginBottom: 8 }}>
          <Tag>{enumLabel(t, 'filingKind', f.kind)}</Tag>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>
            {f.reason ? t('home.returnedFilings.reason', { reason: f.reason }) : t('home.returnedFilings.noReason')}
          </Typography.Text>
        </div>
      ))}
    </TodoCard>
  );
}

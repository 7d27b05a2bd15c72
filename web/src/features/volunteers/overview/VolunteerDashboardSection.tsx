import { Card, Col, Empty, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TVolunteerDashboard } from '@shared/volunteers/dashboard';
import { hoursOf } from '@shared/volunteers/overview';
import { useAuth } from '../../../app/auth';
import { EChart } from '../../../components/EChart';
import { shiftsLabel } from '../shifts/labels';
import { barHeight, horizontalBars } from './charts';

const STATUS_PIE_COLOR: Record<string, string> = { pending: '#faad14', active: '#52c41a', suspended: '#cf1322', left: '#bfbfbf' };

/** The volunteers' part of a region's dashboard: this year's volunteers and service, hours by activity type. */
export function VolunteerDashboardSection({ section: d }: { section: TVolunteerDashboard }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useAuth();
  const types = useMemo(() => d.byType.filter((x) => x.minutes > 0).sort((a, b) => b.minutes - a.minutes), [d]);
  const option = useMemo(
    () => horizontalBars(types.map((x) => ({ name: shiftsLabel(t, 'activityType', x.activityType), value: hoursOf(x.minutes) })), t('volunteers.overview.statistics.hoursUnit')),
    [types, t],
  );
  const statusPie = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}' },
          data: d.byStatus.filter((x) => x.count > 0).map((x) => ({ name: t(`volunteers.registry.status.${x.status}`), value: x.count, itemStyle: { color: STATUS_PIE_COLOR[x.status] } })),
        },
      ],
    }),
    [d, t],
  );
  const go = can('volunteers.statistics.read') ? () => navigate('/volunteers/statistics') : undefined;
  const cards = [
    { key: 'registered', value: d.registered },
    { key: 'active', value: d.active },
    { key: 'personTimes', value: d.served.personTimes },
    { key: 'hours', value: hoursOf(d.served.minutes) },
    { key: 'workingDays', value: d.workingDays },
  ];
  return (
    <div data-testid="dashboard-volunteers">
      <Typography.Title level={5}>{t('volunteers.overview.dashboard.title', { year: d.year })}</Typography.Title>
      <Row gutter={[12, 12]} className="stat-grid vol-stat-cards">
        {cards.map((c) => (
          <Col key={c.key} xs={12} sm={8} lg={24 / 5} flex="1 1 0">
            <Card size="small" hoverable={!!go} onClick={go}>
              <Statistic title={t(`volunteers.overview.statistics.card.${c.key}`)} value={c.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('volunteers.overview.statistics.byType')}>
            {types.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.overview.dashboard.empty')} /> : <EChart option={option} height={barHeight(types.length)} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('volunteers.overview.dashboard.byStatus')}>
            {d.registered === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <EChart option={statusPie} height={barHeight(types.length)} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

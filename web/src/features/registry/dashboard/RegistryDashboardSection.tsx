import { useMemo } from 'react';
import { Card, Col, Empty, Grid, Progress, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TNamedCount, TRegistryDashboard } from '@shared/registry/dashboard';
import type { EChartsCoreOption } from 'echarts/core';
import { useRegion } from '../../../app/region';
import { EChart } from '../../../components/EChart';
import { tableEmpty } from '../../../components/TableEmpty';
import { enumLabel, percent } from '../../../lib/labels';

function pie(data: { name: string; value: number; itemStyle?: object }[], compact: boolean) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: compact ? { type: 'plain', bottom: 0 } : { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: compact ? ['30%', '55%'] : ['35%', '65%'],
        center: ['50%', compact ? '38%' : '45%'],
        data,
        label: { formatter: compact ? '{c}' : '{b}\n{c}' },
      },
    ],
  };
}

/** Room per bar: two lines of a wrapped label. */
const BAR_ROW = 36;
const BAR_CHART_MIN = 260;
const barHeight = (bars: number) => Math.max(BAR_CHART_MIN, bars * BAR_ROW + 40);

function bar(data: { name: string; value: number }[]) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: data.map((d) => d.name),
      inverse: true,
      // Every label shown (echarts hides those it finds crowded), long English names wrapped, not cut.
      axisLabel: { interval: 0, width: 130, overflow: 'break', lineHeight: 14 },
    },
    series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#c0392b' }, barMaxWidth: 22 }],
  };
}

/** The registry's part of the dashboard: headline figures, charts by form and category, 六个一 compliance, and the child regions. */
export function RegistryDashboardSection({ section: d }: { section: TRegistryDashboard }) {
  const { t } = useTranslation();
  const { setRegionCode } = useRegion();
  const navigate = useNavigate();
  const compact = !Grid.useBreakpoint().md;

  const charts = useMemo(() => {
    // Records with no category come as a nameless group: a bar needs a label.
    const named = (xs: TNamedCount[]) => xs.map((x) => ({ name: x.name || t('dashboard.uncategorised'), value: x.count }));
    return {
      legalForm: pie(d.byLegalForm.map((x) => ({ name: enumLabel(t, 'legalForm', x.key), value: x.count })), compact),
      category: bar(named(d.byCategory)),
      teams: bar(named(d.teamsByCategory)),
      compliance: pie([
        { name: t('dashboard.compliant'), value: d.compliance.compliant, itemStyle: { color: '#52c41a' } },
        { name: t('dashboard.reportedNotCompliant'), value: Math.max(0, d.compliance.reported - d.compliance.compliant), itemStyle: { color: '#faad14' } },
        { name: t('dashboard.notReported'), value: Math.max(0, d.compliance.teams - d.compliance.reported), itemStyle: { color: '#bfbfbf' } },
      ], compact),
    };
  }, [d, t, compact]);

  const stats = [
    { key: 'organizations', title: t('dashboard.organizations'), value: d.totals.organizations, go: '/registry?kind=org' },
    {
      key: 'teams',
      title: t('dashboard.teams'),
      value: d.totals.teams,
      go: '/registry?kind=team&status=filed',
      // The legal-form chart counts every live team; say where the difference is.
      note: d.totals.teamsAll > d.totals.teams ? t('dashboard.teamsPending', { count: d.totals.teamsAll - d.totals.teams }) : undefined,
    },
    { key: 'members', title: t('dashboard.members'), value: d.totals.members },
    { key: 'seniors', title: t('dashboard.seniors'), value: d.totals.seniors },
    { key: 'filingQueue', title: t('dashboard.filingQueue'), value: d.totals.filingQueue, go: '/filings' },
  ];
  const chartCard = (title: string, option: EChartsCoreOption, empty: boolean, height?: number) => (
    <Card title={title} size="small">
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height: 260 }} /> : <EChart option={option} height={height} />}
    </Card>
  );

  return (
    <>
      <Row gutter={[12, 12]} className="stat-grid">
        {stats.map((s) => (
          <Col key={s.key} xs={12} sm={8} lg={24 / 5} flex="1 1 0">
            <Card
              size="small"
              hoverable={!!s.go}
              onClick={s.go ? () => navigate(s.go!) : undefined}
              data-testid={`stat-${s.key}`}
            >
              <Statistic title={s.title} value={s.value} />
              {'note' in s && s.note && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`stat-${s.key}-note`}>
                  {s.note}
                </Typography.Text>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>{chartCard(t('dashboard.byLegalForm'), charts.legalForm, d.byLegalForm.length === 0)}</Col>
        <Col xs={24} lg={12}>{chartCard(t('dashboard.byCategory'), charts.category, d.byCategory.length === 0, barHeight(d.byCategory.length))}</Col>
        <Col xs={24} lg={12}>{chartCard(t('dashboard.teamsByCategory'), charts.teams, d.teamsByCategory.length === 0, barHeight(d.teamsByCategory.length))}</Col>
        <Col xs={24} lg={12}>
          <Card title={t('dashboard.compliance', { month: d.compliance.month })} size="small">
            <Progress percent={percent(d.compliance.rate)} />
            {d.compliance.teams === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <EChart option={charts.compliance} height={240} />}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('dashboard.children')} size="small">
            <Table
              rowKey="regionCode"
              size="small"
              dataSource={d.children}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: tableEmpty(t('dashboard.noChildren')) }}
              onRow={(r) => (r.direct ? {} : { onClick: () => setRegionCode(r.regionCode), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('region.name'), dataIndex: 'name', render: (v: string, r) => (r.direct ? t('region.direct', { name: v }) : <a>{v}</a>) },
                { title: t('dashboard.organizations'), dataIndex: 'organizations', align: 'right', sorter: (a, b) => a.organizations - b.organizations },
                { title: t('dashboard.teams'), dataIndex: 'teams', align: 'right', sorter: (a, b) => a.teams - b.teams },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

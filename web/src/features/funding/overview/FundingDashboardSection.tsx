import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Grid, Row, Space, Statistic, Table, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TFundingDashboard, TFundingFigures } from '@shared/funding/dashboard';
import type { TSummary } from '@shared/dashboard/schemas';
import { download } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { EChart } from '../../../components/EChart';
import { tableEmpty } from '../../../components/TableEmpty';
import { formatFen } from '../shared/money';

type Row = TFundingDashboard['rows'][number];

/** approved ÷ applications as a percentage with one decimal; '—' when nothing was submitted. */
export function approvalRate(f: Pick<TFundingFigures, 'approved' | 'applications'>): string {
  return f.applications ? `${(Math.round((f.approved * 1000) / f.applications) / 10).toFixed(1)}%` : '—';
}

/**
 * Where each figure's list is (the front and contracts parts' pages): calls by year and type; the
 * applications are read through their calls; contracts and payments in the contracts list.
 */
export function figureLink(figure: keyof TFundingFigures, filter: { year?: number; callType?: string } = {}): string {
  const q = new URLSearchParams();
  if (filter.year) q.set('year', String(filter.year));
  if (filter.callType) q.set('callType', filter.callType);
  const query = q.size ? `?${q}` : '';
  switch (figure) {
    case 'calls':
    case 'budgetFen':
    case 'applications':
    case 'approved':
      return `/funding/calls${query}`;
    case 'contracts':
    case 'committedFen':
    case 'paidFen':
      return '/funding/contracts';
    case 'beneficiaries':
      return '/funding/monitoring';
  }
}

const yuan = (fen: number) => Math.round(fen) / 100;

/** Funding's part of a region's dashboard: headline figures, money by year, a year × call type table, the child regions, an export. */
export function FundingDashboardSection({ section: d, region }: { section: TFundingDashboard; region: TSummary['region'] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { setRegionCode } = useRegion();
  const compact = !Grid.useBreakpoint().md;
  const [exporting, setExporting] = useState(false);
  const k = (key: string) => t(`funding.overview.dashboard.${key}`);

  const chart = useMemo(() => {
    const years = [...d.years].sort((a, b) => a.year - b.year);
    const series = (name: string, pick: (f: TFundingFigures) => number, color: string) => ({ name, type: 'bar', data: years.map((y) => yuan(pick(y))), itemStyle: { color }, barMaxWidth: 18 });
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: years.map((y) => String(y.year)) },
      yAxis: { type: 'value' },
      series: [series(k('budget'), (f) => f.budgetFen, '#8c8c8c'), series(k('committed'), (f) => f.committedFen, '#c0392b'), series(k('paid'), (f) => f.paidFen, '#52c41a')],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d, t]);

  const exportSheet = async () => {
    setExporting(true);
    try {
      await download('/funding/dashboard/export', { query: { regionCode: region.code } }, 'funding.xlsx');
    } catch {
      message.error(k('exportFailed'));
    } finally {
      setExporting(false);
    }
  };

  const go = (to: string) => () => navigate(to);
  const stats: { key: string; title: string; value: string | number; go: string; note?: string }[] = [
    { key: 'calls', title: k('calls'), value: d.totals.calls, go: figureLink('calls') },
    { key: 'applications', title: k('applications'), value: d.totals.applications, go: figureLink('applications') },
    { key: 'approvalRate', title: k('approvalRate'), value: approvalRate(d.totals), go: figureLink('approved'), note: t('funding.overview.dashboard.approvedOf', d.totals) },
    { key: 'budget', title: k('budget'), value: formatFen(d.totals.budgetFen), go: figureLink('budgetFen') },
    { key: 'committed', title: k('committed'), value: formatFen(d.totals.committedFen), go: figureLink('committedFen'), note: `${k('contracts')} ${d.totals.contracts}` },
    { key: 'paid', title: k('paid'), value: formatFen(d.totals.paidFen), go: figureLink('paidFen') },
    { key: 'beneficiaries', title: k('beneficiaries'), value: d.totals.beneficiaries, go: figureLink('beneficiaries') },
  ];
  const link = (text: string | number, to: string) => (
    <a
      onClick={(e) => {
        e.stopPropagation();
        navigate(to);
      }}
    >
      {text}
    </a>
  );
  const figureColumns = <T extends TFundingFigures>(filter: (r: T) => { year?: number; callType?: string }) => [
    { title: k('calls'), dataIndex: 'calls', align: 'right' as const, render: (v: number, r: T) => link(v, figureLink('calls', filter(r))) },
    { title: k('budget'), dataIndex: 'budgetFen', align: 'right' as const, render: (v: number, r: T) => link(formatFen(v), figureLink('budgetFen', filter(r))) },
    { title: k('applications'), dataIndex: 'applications', align: 'right' as const, render: (v: number, r: T) => link(v, figureLink('applications', filter(r))) },
    { title: k('approvalRate'), key: 'rate', align: 'right' as const, render: (_: unknown, r: T) => approvalRate(r) },
    { title: k('committed'), dataIndex: 'committedFen', align: 'right' as const, render: (v: number) => link(formatFen(v), figureLink('committedFen')) },
    { title: k('paid'), dataIndex: 'paidFen', align: 'right' as const, render: (v: number) => link(formatFen(v), figureLink('paidFen')) },
    { title: k('beneficiaries'), dataIndex: 'beneficiaries', align: 'right' as const, render: (v: number) => link(v.toLocaleString(), figureLink('beneficiaries')) },
  ];
  const empty = d.rows.length === 0;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', marginTop: 24 }} data-testid="funding-dashboard">
      <Row justify="space-between" align="middle" gutter={[8, 8]}>
        <Col flex="1 1 240px">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {k('title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {k('hint')}
          </Typography.Text>
        </Col>
        <Col>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportSheet} data-testid="funding-dashboard-export">
            {k('export')}
          </Button>
        </Col>
      </Row>
      <Row gutter={[12, 12]} className="stat-grid">
        {stats.map((s) => (
          <Col key={s.key} xs={12} sm={8} lg={6} xl={24 / 7} flex={compact ? undefined : '1 1 0'}>
            <Card size="small" hoverable onClick={go(s.go)} data-testid={`funding-stat-${s.key}`} style={{ height: '100%' }}>
              <Statistic title={s.title} value={s.value} styles={{ content: { fontSize: compact ? 18 : 22 } }} />
              {s.note && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.note}
                </Typography.Text>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      {empty ? (
        <Card size="small">
          <Empty description={k('empty')}>
            <Button type="primary" onClick={go('/funding/calls')}>
              {k('openCalls')}
            </Button>
          </Empty>
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          <Col span={24}>
            <Card title={k('moneyByYear')} size="small" style={{ height: '100%' }}>
              <EChart option={chart} height={compact ? 260 : 300} />
            </Card>
          </Col>
          <Col span={24}>
            <Card title={k('byYearType')} size="small">
              <Table<Row>
                rowKey={(r) => `${r.year}-${r.callType}`}
                size="small"
                dataSource={d.rows}
                pagination={d.rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: k('year'), dataIndex: 'year', fixed: 'left' },
                  { title: k('callType'), dataIndex: 'callType', render: (v: string) => t(`funding.overview.callType.${v}`) },
                  ...figureColumns<Row>((r) => ({ year: r.year, callType: r.callType })),
                ]}
              />
            </Card>
          </Col>
          <Col span={24}>
            <Card title={k('children')} size="small">
              <Table<TFundingDashboard['children'][number]>
                rowKey="regionCode"
                size="small"
                dataSource={d.children}
                pagination={false}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: tableEmpty(t('dashboard.noChildren')) }}
                onRow={(r) => (r.direct ? {} : { onClick: () => setRegionCode(r.regionCode), style: { cursor: 'pointer' } })}
                columns={[
                  { title: k('region'), dataIndex: 'name', fixed: 'left', render: (v: string, r) => (r.direct ? t('region.direct', { name: v }) : <a>{v}</a>) },
                  ...figureColumns<TFundingDashboard['children'][number]>(() => ({})),
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Select, Skeleton, Statistic, Table, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoursOf, STATISTICS_FIRST_YEAR, type TStatistics } from '@shared/volunteers/overview';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { EChart } from '../../../components/EChart';
import { ExportButton } from '../../../components/ExportButton';
import { RegionPicker } from '../../../components/RegionPicker';
import { tableEmpty } from '../../../components/TableEmpty';
import { RankingsPanel } from '../hours/RankingsPanel';
import { shiftsLabel } from '../shifts/labels';
import { barHeight, horizontalBars, monthBars } from './charts';
import './overview.css';

const thisYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** 志愿统计 (staff, officials): a region's volunteers and service of one year, by type, month and child region; the rankings. */
export function StatisticsPage() {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const [region, setRegion] = useState<string | undefined>(regionCode);
  useEffect(() => setRegion((r) => r ?? regionCode), [regionCode]);
  const [year, setYear] = useState(thisYear());
  const [tab, setTab] = useState('figures');
  const years = useMemo(() => {
    const out: number[] = [];
    for (let y = thisYear(); y >= STATISTICS_FIRST_YEAR; y--) out.push(y);
    return out;
  }, []);
  const query = { region, year };
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.overview.statistics.title')}
        </Typography.Title>
        <RegionPicker value={region} onChange={setRegion} style={{ width: 240 }} />
        <Select showSearch={{ optionFilterProp: 'label' }} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('volunteers.overview.statistics.year', { year: y }) }))} style={{ width: 110 }} data-testid="statistics-year" />
        {tab === 'figures' && <ExportButton path="/volunteers/statistics/export" request={{ query }} fallbackName="volunteer-statistics.xlsx" testid="statistics-export" />}
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'figures', label: t('volunteers.overview.statistics.figures'), children: <Figures region={region} year={year} onRegion={setRegion} /> },
          { key: 'rankings', label: t('volunteers.overview.statistics.rankings'), children: <RankingsPanel region={region} year={year} /> },
        ]}
      />
    </Card>
  );
}

function Figures({ region, year, onRegion }: { region: string | undefined; year: number; onRegion: (code: string) => void }) {
  const query = { region, year };
  const q = useQuery({ queryKey: ['volunteers', 'overview', 'statistics', query], queryFn: () => api.get('/volunteers/statistics', { query }), placeholderData: (p) => p });
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return <StatisticsView s={q.data} onRegion={onRegion} />;
}

export function StatisticsView({ s, onRegion }: { s: TStatistics; onRegion: (code: string) => void }) {
  const { t } = useTranslation();
  const unit = t('volunteers.overview.statistics.hoursUnit');
  const charts = useMemo(() => {
    const types = s.byType.filter((x) => x.minutes > 0).sort((a, b) => b.minutes - a.minutes);
    return {
      typeCount: types.length,
      byType: horizontalBars(types.map((x) => ({ name: shiftsLabel(t, 'activityType', x.activityType), value: hoursOf(x.minutes) })), unit),
      byMonth: monthBars(
        s.byMonth.map((m) => m.month.slice(5)),
        s.byMonth.map((m) => hoursOf(m.minutes)),
        s.byMonth.map((m) => m.personTimes),
        { hours: unit, personTimes: t('volunteers.overview.statistics.personTimes') },
      ),
    };
  }, [s, t, unit]);
  const served = s.served.minutes > 0;
  const cards = [
    { key: 'registered', value: s.registered.total },
    { key: 'active', value: s.active },
    { key: 'personTimes', value: s.served.personTimes },
    { key: 'hours', value: hoursOf(s.served.minutes) },
    { key: 'workingDays', value: s.workingDays },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('volunteers.overview.statistics.scope', { region: s.region.name, year: s.year })}</Typography.Paragraph>
      <Row gutter={[12, 12]} className="vol-stat-cards">
        {cards.map((c) => (
          <Col key={c.key} xs={12} sm={8} lg={24 / 5} flex="1 1 0">
            <Card size="small" data-testid={`vol-stat-${c.key}`}>
              <Statistic title={t(`volunteers.overview.statistics.card.${c.key}`)} value={c.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('volunteers.overview.statistics.workingDaysNote')}
      </Typography.Text>
      {!served && <Alert type="info" showIcon title={t('volunteers.overview.statistics.noService', { year: s.year })} style={{ marginTop: 12 }} />}
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('volunteers.overview.statistics.byType')}>
            {charts.typeCount === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height: 240 }} /> : <EChart option={charts.byType} height={barHeight(charts.typeCount)} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('volunteers.overview.statistics.byMonth')}>
            {!served ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ height: 240 }} /> : <EChart option={charts.byMonth} height={300} />}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('volunteers.overview.statistics.children')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('volunteers.overview.statistics.childrenNote')}</Typography.Text>}>
            <Table
              rowKey={(r) => `${r.regionCode}-${r.direct}`}
              size="small"
              dataSource={s.children}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: tableEmpty(t('volunteers.overview.statistics.noChildren')) }}
              onRow={(r) => (r.direct ? {} : { onClick: () => onRegion(r.regionCode), style: { cursor: 'pointer' } })}
              data-testid="statistics-children"
              columns={[
                { title: t('region.name'), dataIndex: 'name', render: (v: string, r) => (r.direct ? t('region.direct', { name: v }) : <a>{v}</a>) },
                { title: t('volunteers.overview.statistics.card.registered'), dataIndex: 'registered', align: 'right', sorter: (a, b) => a.registered - b.registered },
                { title: t('volunteers.overview.statistics.card.active'), dataIndex: 'active', align: 'right', sorter: (a, b) => a.active - b.active },
                { title: t('volunteers.overview.statistics.card.personTimes'), dataIndex: 'personTimes', align: 'right', sorter: (a, b) => a.personTimes - b.personTimes },
                {
                  title: t('volunteers.overview.statistics.card.hours'),
                  dataIndex: 'minutes',
                  align: 'right',
                  defaultSortOrder: 'descend',
                  sorter: (a, b) => a.minutes - b.minutes,
                  render: (m: number) => hoursOf(m),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

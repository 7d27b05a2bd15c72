import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { SIX_ONES } from '@shared/registry';
import { todayInChina } from '@shared/dates';
import { ApiError, api } from '../../../api/client';
import type { TComplianceTeam as ComplianceTeam } from '@shared/registry/reports';
import { useRegion } from '../../../app/region';
import { percent } from '../../../lib/labels';
import { Tick } from '../ReportsTab';
import { tableEmpty } from '../../../components/TableEmpty';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';

/** The last month that is over in China: the newest one teams can have reported (the server refuses the current one). */
function lastCompleteMonth() {
  return dayjs(todayInChina()).subtract(1, 'month').format('YYYY-MM');
}

export function CompliancePage() {
  const { t } = useTranslation();
  const { regionCode, setRegionCode } = useRegion();
  const [month, setMonth] = useState(lastCompleteMonth);
  const pager = usePager();
  const rollup = useQuery({
    queryKey: ['registry', 'compliance', regionCode, month],
    queryFn: () => api.get('/registry/compliance', { query: { regionCode, month } }),
    enabled: !!regionCode,
  });
  const teamsQuery = { regionCode, month, page: pager.page, pageSize: pager.pageSize };
  const teams = useQuery({
    queryKey: ['registry', 'compliance-teams', teamsQuery],
    queryFn: () => api.get('/registry/compliance/teams', { query: teamsQuery }),
    enabled: !!regionCode,
    placeholderData: (p) => p,
  });
  const total = rollup.data?.total;
  // A refusal (404 outside the reader's reach, 403) is not "0 teams": the figures are replaced by what the server said.
  const failure = rollup.error ?? teams.error;

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('compliance.title')}
        </Typography.Title>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(month + '-01')}
          onChange={(d) => {
            if (d) setMonth(d.format('YYYY-MM'));
            pager.setPage(1);
          }}
          disabledDate={(d) => d.format('YYYY-MM') > lastCompleteMonth()}
          data-testid="compliance-month"
        />
        {!failure && (
          <ExportButton path="/registry/compliance/teams/export" request={{ query: { regionCode, month } }} fallbackName="compliance.xlsx" testid="compliance-export" />
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('compliance.countedFrom')}</Typography.Paragraph>
      {failure ? (
        <Alert type="error" showIcon title={failure instanceof ApiError ? failure.message : t('common.networkError')} data-testid="compliance-error" />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('compliance.teams')} value={total?.teams ?? 0} loading={rollup.isLoading} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('compliance.reported')} value={total?.reported ?? 0} loading={rollup.isLoading} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('compliance.compliant')} value={total?.compliant ?? 0} loading={rollup.isLoading} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('compliance.rate')} value={percent(total?.rate)} suffix="%" loading={rollup.isLoading} />
            </Col>
          </Row>
          <Typography.Title level={5}>{t('compliance.byRegion')}</Typography.Title>
          <Table
            rowKey="regionCode"
            size="small"
            loading={rollup.isFetching}
            dataSource={rollup.data?.children ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: tableEmpty(t('dashboard.noChildren')) }}
            onRow={(r) => (r.direct ? {} : { onClick: () => setRegionCode(r.regionCode), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('region.name'), dataIndex: 'regionName', render: (v: string, r) => (r.direct ? t('region.direct', { name: v }) : <a>{v}</a>) },
              { title: t('compliance.teams'), dataIndex: 'teams', align: 'right' },
              { title: t('compliance.reported'), dataIndex: 'reported', align: 'right' },
              { title: t('compliance.compliant'), dataIndex: 'compliant', align: 'right' },
              {
                title: t('compliance.rate'),
                dataIndex: 'rate',
                width: 180,
                render: (v: number) => <Progress percent={percent(v)} size="small" />,
              },
            ]}
            style={{ marginBottom: 24 }}
          />
          <Typography.Title level={5}>{t('compliance.teamList')}</Typography.Title>
          <PagedTable<ComplianceTeam>
            size="small"
            loading={teams.isFetching}
            rows={teams.data?.items}
            total={teams.data?.total}
            pager={pager}
            empty={t('common.empty')}
            testid="compliance-teams"
            columns={[
              { title: t('org.name'), dataIndex: 'name', fixed: 'left', render: (v: string, r) => <Link to={`/registry/${r.id}`}>{v}</Link> },
              { title: t('org.region'), dataIndex: 'regionName' },
              {
                title: t('compliance.reported'),
                dataIndex: 'reported',
                render: (v: boolean) => (v ? <Tag color="blue">{t('common.yes')}</Tag> : <Tag>{t('compliance.notReported')}</Tag>),
              },
              ...SIX_ONES.map((k) => ({
                title: t(`sixOnes.${k}`),
                dataIndex: k,
                align: 'center' as const,
                render: (v: boolean, r: ComplianceTeam) => (r.reported ? <Tick ok={v} /> : '—'),
              })),
              {
                title: t('compliance.compliant'),
                dataIndex: 'compliant',
                render: (v: boolean) => (v ? <Tag color="success">{t('report.compliantYes')}</Tag> : <Tag color="error">{t('report.compliantNo')}</Tag>),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

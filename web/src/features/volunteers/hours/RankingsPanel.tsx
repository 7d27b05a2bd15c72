import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Rate, Row, Table } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TTeamRank, TVolunteerRank } from '@shared/volunteers/hours';
import { api } from '../../../api/client';
import { tableEmpty } from '../../../components/TableEmpty';
import { usePager, type Pager } from '../../../components/usePager';
import { hoursText } from './labels';
import { hoursKeys } from './queries';

const pagination = (pager: Pager, total: number | undefined, t: TFunction) => ({
  current: pager.page,
  pageSize: pager.pageSize,
  total: total ?? 0,
  showSizeChanger: true,
  showTotal: (n: number) => t('common.total', { count: n }),
  onChange: pager.onChange,
});

/** 排行榜: volunteers and teams of a region by approved hours, of one year or all time. */
export function RankingsPanel({ region, year }: { region: string | undefined; year: number | undefined }) {
  const { t } = useTranslation();
  const people = usePager(10);
  const teams = usePager(10);
  const { setPage: peoplePage } = people;
  const { setPage: teamsPage } = teams;
  // Another region or year is another ranking: start both from their first page.
  useEffect(() => {
    peoplePage(1);
    teamsPage(1);
  }, [region, year, peoplePage, teamsPage]);
  const pq = { regionCode: region, year, page: people.page, pageSize: people.pageSize };
  const tq = { regionCode: region, year, page: teams.page, pageSize: teams.pageSize };
  const vr = useQuery({ queryKey: hoursKeys.rankings('volunteers', pq), queryFn: () => api.get('/volunteers/rankings/volunteers', { query: pq }), enabled: !!region, placeholderData: (p) => p });
  const tr = useQuery({ queryKey: hoursKeys.rankings('teams', tq), queryFn: () => api.get('/volunteers/rankings/teams', { query: tq }), enabled: !!region, placeholderData: (p) => p });
  const error = vr.error ?? tr.error;
  return (
    <Row gutter={[12, 12]}>
      {error && (
        <Col span={24}>
          <Alert type="error" showIcon title={(error as Error).message} />
        </Col>
      )}
      <Col xs={24} xl={13}>
        <Card size="small" title={t('volunteers.hours.rankings.volunteers')}>
          <Table<TVolunteerRank>
            rowKey="volunteerId"
            size="small"
            loading={vr.isFetching}
            dataSource={vr.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: tableEmpty(t('volunteers.hours.rankings.empty')) }}
            pagination={pagination(people, vr.data?.total, t)}
            data-testid="ranking-volunteers"
            columns={[
              { title: t('volunteers.hours.rankings.rank'), dataIndex: 'rank', width: 64 },
              { title: t('volunteers.hours.col.volunteer'), dataIndex: 'volunteerName' },
              { title: t('volunteers.hours.rankings.number'), dataIndex: 'volunteerNumber' },
              { title: t('volunteers.hours.col.hours'), dataIndex: 'minutes', align: 'right', render: hoursText },
              { title: t('volunteers.hours.rankings.stars'), dataIndex: 'stars', render: (s: number) => <Rate disabled count={5} value={s} style={{ fontSize: 12 }} /> },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <Card size="small" title={t('volunteers.hours.rankings.teams')}>
          <Table<TTeamRank>
            rowKey="teamId"
            size="small"
            loading={tr.isFetching}
            dataSource={tr.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: tableEmpty(t('volunteers.hours.rankings.empty')) }}
            pagination={pagination(teams, tr.data?.total, t)}
            data-testid="ranking-teams"
            columns={[
              { title: t('volunteers.hours.rankings.rank'), dataIndex: 'rank', width: 64 },
              { title: t('volunteers.hours.rankings.team'), dataIndex: 'teamName' },
              { title: t('volunteers.hours.rankings.members'), dataIndex: 'members', align: 'right' },
              { title: t('volunteers.hours.col.hours'), dataIndex: 'minutes', align: 'right', render: hoursText },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api/client';
import { shiftsLabel } from '../shifts/labels';
import { chinaDateTime } from '../shifts/time';
import { EntryState } from './EntriesTable';
import { hoursText } from './labels';
import { hoursKeys } from './queries';
import { StarProgress, thresholdsLine } from './StarProgress';
import './hours.css';

const PAGE_SIZE = 10;

/** 我的时长 (a volunteer, on a phone): totals, the star and the way to the next, every entry with its state. */
export function MyHoursPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const me = useQuery({ queryKey: hoursKeys.me, queryFn: () => api.get('/volunteers/me') });
  const id = me.data?.id;
  const totals = useQuery({ queryKey: hoursKeys.totals(id), queryFn: () => api.get('/volunteers/:id/totals', { params: { id: id! } }), enabled: !!id });
  const query = { volunteerId: id, page, pageSize: PAGE_SIZE };
  const entries = useQuery({ queryKey: hoursKeys.entries(query), queryFn: () => api.get('/volunteers/hours', { query }), enabled: !!id, placeholderData: (p) => p });

  const error = me.error ?? totals.error ?? entries.error;
  if (error) return <Alert type="error" showIcon title={(error as Error).message} />;
  const v = totals.data;
  return (
    <div className="vol-hours-mine" data-testid="my-hours">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('volunteers.hours.mine.title')}
      </Typography.Title>
      {!v ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card size="small" data-testid="my-hours-totals">
          <Row gutter={[12, 12]}>
            <Col span={12}>
              <Statistic title={t('volunteers.hours.summary.hours')} value={hoursText(v.approvedMinutes)} />
            </Col>
            <Col span={12}>
              <Statistic title={t('volunteers.hours.summary.entries')} value={v.approvedEntries} />
            </Col>
            <Col span={24}>
              <StarProgress approvedMinutes={v.approvedMinutes} stars={v.stars} thresholdHours={v.rule.thresholdHours} nextStarHours={v.nextStarHours} />
            </Col>
            {v.pendingEntries > 0 && (
              <Col span={24}>
                <Alert type="info" showIcon title={t('volunteers.hours.mine.pending', { count: v.pendingEntries })} />
              </Col>
            )}
          </Row>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
            {t('volunteers.hours.stars.rule', { thresholds: thresholdsLine(v.rule.thresholdHours), region: v.rule.regionName ?? t('volunteers.hours.stars.national'), source: v.rule.source })}
          </Typography.Paragraph>
          <Button block icon={<SafetyCertificateOutlined />} onClick={() => navigate('/volunteers/my-certificate')} style={{ marginTop: 8 }}>
            {t('volunteers.hours.mine.certificate')}
          </Button>
        </Card>
      )}
      <Card size="small" title={t('volunteers.hours.mine.entries')}>
        <List
          loading={entries.isFetching}
          dataSource={entries.data?.items ?? []}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.hours.mine.empty')}>
                <Button type="primary" onClick={() => navigate('/volunteers/open-shifts')}>
                  {t('volunteers.hours.mine.findShifts')}
                </Button>
              </Empty>
            ),
          }}
          pagination={
            (entries.data?.total ?? 0) > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: entries.data?.total ?? 0, onChange: setPage, size: 'small', align: 'center' }
              : false
          }
          renderItem={(e) => (
            <List.Item className="vol-hours-entry" data-testid="my-hours-entry">
              <div className="vol-hours-entry-head">
                <Typography.Text strong ellipsis>
                  {e.activityTitle ?? shiftsLabel(t, 'activityType', e.activityType)}
                </Typography.Text>
                <EntryState e={e} />
              </div>
              <Space className="vol-hours-entry-meta" wrap size={[12, 0]}>
                <span>{`${chinaDateTime(e.startsAt)} – ${chinaDateTime(e.endsAt).slice(11)}`}</span>
                <Typography.Text strong type={e.kind === 'reversal' ? 'danger' : undefined}>
                  {e.kind === 'reversal' ? '−' : ''}
                  {hoursText(Math.abs(e.minutes))} {t('volunteers.hours.unit')}
                </Typography.Text>
              </Space>
              {e.decision?.decision === 'rejected' && e.decision.reason && (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {t('volunteers.hours.mine.rejectedBecause', { reason: e.decision.reason })}
                </Typography.Text>
              )}
              {e.kind === 'reversal' && e.reason && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('volunteers.hours.mine.reversedBecause', { reason: e.reason })}
                </Typography.Text>
              )}
            </List.Item>
          )}
        />
      </Card>
      {v && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {v.roundingRule}
        </Typography.Paragraph>
      )}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { CertificateButton } from '../overview/CertificateButton';
import { chinaDateTime } from '../shifts/time';
import { HonoursCard } from './HonoursCard';
import { hoursText } from './labels';
import { hoursKeys } from './queries';
import { StarProgress, thresholdsLine } from './StarProgress';

/** One volunteer's totals over its ledger: approved hours, star and the rule behind it, honours, the certificate. */
export function VolunteerSummary({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const totals = useQuery({ queryKey: hoursKeys.totals(volunteerId), queryFn: () => api.get('/volunteers/:id/totals', { params: { id: volunteerId } }) });
  if (totals.isError) return <Alert type="error" showIcon title={(totals.error as Error).message} style={{ marginBottom: 12 }} />;
  const v = totals.data;
  if (!v) return <Skeleton active paragraph={{ rows: 3 }} />;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="volunteer-summary">
      <Col xs={24} lg={14}>
        <Card
          size="small"
          title={t('volunteers.hours.summary.title', { name: v.volunteerName, number: v.volunteerNumber })}
          extra={can('volunteers.certificate.issue') && <CertificateButton volunteerId={v.volunteerId} />}
        >
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Statistic title={t('volunteers.hours.summary.hours')} value={hoursText(v.approvedMinutes)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('volunteers.hours.summary.entries')} value={v.approvedEntries} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('volunteers.hours.summary.pending')} value={v.pendingEntries} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('volunteers.hours.summary.lastServed')} value={v.lastServedAt ? chinaDateTime(v.lastServedAt).slice(0, 10) : '—'} />
            </Col>
            <Col span={24}>
              <StarProgress approvedMinutes={v.approvedMinutes} stars={v.stars} thresholdHours={v.rule.thresholdHours} nextStarHours={v.nextStarHours} />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {t('volunteers.hours.stars.rule', { thresholds: thresholdsLine(v.rule.thresholdHours), region: v.rule.regionName ?? t('volunteers.hours.stars.national'), source: v.rule.source })}
              </Typography.Paragraph>
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <HonoursCard volunteerId={v.volunteerId} />
      </Col>
    </Row>
  );
}

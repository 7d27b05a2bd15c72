import { Progress, Rate, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A star level (0–5) and the way to the next: the stars, a bar from the last threshold to the next,
 * and how many hours are still needed.
 */
export function StarProgress({ approvedMinutes, stars, thresholdHours, nextStarHours }: { approvedMinutes: number; stars: number; thresholdHours: readonly number[]; nextStarHours: number | null }) {
  const { t } = useTranslation();
  const hours = approvedMinutes / 60;
  const from = stars > 0 ? (thresholdHours[stars - 1] ?? 0) : 0;
  const to = thresholdHours[stars];
  const percent = to === undefined ? 100 : Math.max(0, Math.min(100, Math.floor(((hours - from) / (to - from)) * 100)));
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid="star-progress">
      <Space wrap>
        <Rate disabled count={5} value={stars} />
        <Typography.Text strong>{stars > 0 ? t('volunteers.hours.stars.level', { count: stars }) : t('volunteers.hours.stars.none')}</Typography.Text>
      </Space>
      <Progress percent={percent} showInfo={false} strokeColor="#faad14" />
      <Typography.Text type="secondary">
        {nextStarHours === null || to === undefined
          ? t('volunteers.hours.stars.top')
          : t('volunteers.hours.stars.next', { hours: Math.round(nextStarHours * 100) / 100, next: stars + 1, threshold: to })}
      </Typography.Text>
    </Space>
  );
}

/** The five thresholds in one line: "1★ 100 · 2★ 300 · …" hours. */
export function thresholdsLine(thresholdHours: readonly number[]) {
  return thresholdHours.map((h, i) => `${i + 1}★ ${h}`).join(' · ');
}

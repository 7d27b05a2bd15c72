import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TActivityStep } from '@shared/volunteers/shifts';
import { shiftsLabel } from './labels';
import { chinaDateTime } from './time';

const COLOR: Record<TActivityStep['action'], string> = { create: 'gray', publish: 'green', close: 'blue', cancel: 'red' };

/** An activity's workflow steps, oldest first: who created, published, closed or cancelled it (with the reason), and when. */
export function ActivityHistory({ history }: { history: TActivityStep[] }) {
  const { t } = useTranslation();
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.shifts.history.empty')} data-testid="activity-history" />;
  return (
    <div data-testid="activity-history">
      <Timeline
        items={history.map((h, i) => ({
          key: i,
          color: COLOR[h.action],
          content: (
            <div>
              <Typography.Text strong>{t(`volunteers.shifts.history.action.${h.action}`)}</Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                {h.fromState ? `${shiftsLabel(t, 'activityStatus', h.fromState)} → ` : ''}
                {shiftsLabel(t, 'activityStatus', h.toState)}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {h.actorName} · {chinaDateTime(h.at)}
                </Typography.Text>
              </div>
              {h.comment && (
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  {t('volunteers.shifts.history.reason')}
                  {h.comment}
                </div>
              )}
            </div>
          ),
        }))}
      />
    </div>
  );
}

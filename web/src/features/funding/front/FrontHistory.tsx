import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/labels';
import { frontLabel, stateLabel } from './labels';

interface Entry {
  fromState: string | null;
  toState: string;
  action: string;
  actorName: string;
  comment: string | null;
  at: string;
}

const COLOR: Record<string, string> = { cancel: 'red', screen_out: 'red', close: 'red', withdraw: 'gray', merge: 'gray', publish: 'green', screen_in: 'green', complete: 'green', screen: 'orange' };

/** A call's, an application's or a need's workflow history: each step, who, when and why. */
export function FrontHistory({ history, testid }: { history: Entry[]; testid?: string }) {
  const { t } = useTranslation();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.front.history.empty')} data-testid={testid} />;
  return (
    <div data-testid={testid}>
      <Timeline
        items={history.map((h, i) => ({
          key: i,
          color: COLOR[h.action] ?? 'blue',
          content: (
            <div>
              <Typography.Text strong>{frontLabel(t, 'action', h.action)}</Typography.Text>
              <Typography.Text type="secondary">
                {' '}
                {h.fromState ? `${stateLabel(t, h.fromState)} → ` : ''}
                {stateLabel(t, h.toState)}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {h.actorName} · {formatDateTime(h.at)}
                </Typography.Text>
              </div>
              {h.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</div>}
            </div>
          ),
        }))}
      />
    </div>
  );
}

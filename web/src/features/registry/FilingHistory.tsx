import { Descriptions, Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { THistoryEntry as H } from '@shared/registry/filings';
import { enumLabel, formatDateTime } from '../../lib/labels';
import { AttachmentLinks } from './filings/AttachmentLinks';

const COLOR: Record<string, string> = { approve: 'green', return: 'red', submit: 'blue', withdraw: 'gray', correct: 'orange' };

export function FilingHistory({ history }: { history: H[] | undefined }) {
  const { t } = useTranslation();
  if (!history || history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('filing.noHistory')} />;
  return (
    <Timeline
      items={history.map((h) => ({
        key: h.id,
        color: COLOR[h.action] ?? 'blue',
        content: (
          <div>
            <Typography.Text strong>{enumLabel(t, 'filingAction', h.action)}</Typography.Text>
            {h.toState && (
              <Typography.Text type="secondary">
                {' '}
                → {enumLabel(t, 'filingState', h.toState)}
              </Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary">
                {h.actorName ?? '—'} · {formatDateTime(h.at)}
              </Typography.Text>
            </div>
            {h.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{h.comment}</div>}
            <AttachmentLinks files={h.attachments} />
          </div>
        ),
      }))}
    />
  );
}

const CHANGE_FIELDS = ['name', 'activityContent', 'venue', 'leaderName', 'leaderPhone', 'address', 'categoryId', 'reason'] as const;

/** Shows a change/deregistration payload as labelled fields. */
export function FilingPayload({ payload, categoryLabel }: { payload: Record<string, unknown> | null | undefined; categoryLabel?: (id: unknown) => string }) {
  const { t } = useTranslation();
  if (!payload) return null;
  const changes = (payload.changes as Record<string, unknown> | undefined) ?? payload;
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object');
  if (entries.length === 0) return null;
  const label = (k: string) =>
    (CHANGE_FIELDS as readonly string[]).includes(k) ? t(k === 'reason' ? 'filing.reason' : `org.${k}`) : k;
  return (
    <Descriptions size="small" bordered column={1}>
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={label(k)}>
          {k === 'categoryId' && categoryLabel ? categoryLabel(v) : String(v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

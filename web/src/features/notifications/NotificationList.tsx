import { Badge, Empty, List, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TNotification } from '@shared/notifications/schemas';
import { enumLabel, formatDateTime } from '../../lib/labels';
import { useMarkRead } from './queries';

/** The sentence of a notification, in the reader's language (the server stores its kind and facts only). */
export function notificationText(t: TFunction, n: TNotification): string {
  const p = n.params;
  return t(`notifications.kinds.${n.kind}`, {
    ...p,
    filingKind: typeof p.filingKind === 'string' ? enumLabel(t, 'filingKind', p.filingKind) : '',
    defaultValue: n.kind,
  });
}

/** Notifications as a list: an unread one is marked, and opening one marks it read and goes where the work is. */
export function NotificationList({ items, onOpen, loading }: { items: TNotification[]; onOpen?: () => void; loading?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const open = (n: TNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    onOpen?.();
    if (n.link) navigate(n.link);
  };
  return (
    <List
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
      data-testid="notification-list"
      renderItem={(n) => (
        <List.Item
          key={n.id}
          onClick={() => open(n)}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && open(n)}
          role="button"
          tabIndex={0}
          data-testid={n.readAt ? 'notification-read' : 'notification-unread'}
          style={{ cursor: 'pointer', padding: '10px 4px', alignItems: 'flex-start', background: n.readAt ? undefined : '#f0f7ff' }}
        >
          <div style={{ display: 'flex', gap: 8, width: '100%', minWidth: 0 }}>
            <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 4 }} aria-label={n.readAt ? undefined : t('notifications.unread')} />
            <div style={{ flex: 1, minWidth: 0 }}>
              <Typography.Text strong={!n.readAt} style={{ display: 'block', whiteSpace: 'normal', wordBreak: 'break-word' }}>
                {notificationText(t, n)}
              </Typography.Text>
              {typeof n.params.comment === 'string' && n.params.comment && (
                <Typography.Text type="secondary" style={{ display: 'block', whiteSpace: 'pre-wrap' }}>
                  {t('notifications.comment', { comment: n.params.comment })}
                </Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(n.createdAt)}
              </Typography.Text>
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}

import { useState } from 'react';
import { Button, Card, Pagination, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NotificationList } from './NotificationList';
import { useMarkAllRead, useNotifications } from './queries';

const PAGE_SIZE = 20;

/** Every notification of the signed-in user, newest first, a page at a time. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const q = useNotifications({ unreadOnly: unreadOnly ? 'true' : 'false', page, pageSize: PAGE_SIZE });
  const markAll = useMarkAllRead();
  const unread = q.data?.unread ?? 0;
  return (
    <Card
      title={t('notifications.title')}
      extra={
        <Button type="link" disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unreadOnly') },
          ]}
          onChange={(v) => {
            setUnreadOnly(v === 'unread');
            setPage(1);
          }}
        />
        <Typography.Text type="secondary">{t('notifications.unreadCount', { count: unread })}</Typography.Text>
      </Space>
      <NotificationList items={q.data?.items ?? []} loading={q.isLoading} />
      {(q.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination style={{ marginTop: 12, textAlign: 'right' }} current={page} pageSize={PAGE_SIZE} total={q.data?.total ?? 0} onChange={setPage} showSizeChanger={false} size="small" />
      )}
    </Card>
  );
}

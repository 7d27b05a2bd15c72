import { useState } from 'react';
import { Badge, Button, Drawer, Grid, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NotificationList } from './NotificationList';
import { useMarkAllRead, useNotifications } from './queries';

/** The header's bell: the unread count, and the latest notifications in a popover (a drawer on a phone). */
export function NotificationBell() {
  const { t } = useTranslation();
  const mobile = !Grid.useBreakpoint().md;
  const [open, setOpen] = useState(false);
  const q = useNotifications({ order: 'unreadFirst', pageSize: 8 }, { poll: true });
  const markAll = useMarkAllRead();
  const unread = q.data?.unread ?? 0;

  const panel = (
    <div style={{ width: mobile ? '100%' : 380 }} data-testid="notification-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 4 }}>
        <Typography.Text type="secondary">{t('notifications.unreadCount', { count: unread })}</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="notification-read-all">
          {t('notifications.markAllRead')}
        </Button>
      </Space>
      <div style={{ maxHeight: mobile ? undefined : 420, overflowY: 'auto' }}>
        <NotificationList items={q.data?.items ?? []} loading={q.isLoading} onOpen={() => setOpen(false)} />
      </div>
      <div style={{ textAlign: 'center', paddingTop: 8 }}>
        <Link to="/notifications" onClick={() => setOpen(false)}>
          {t('notifications.viewAll')}
        </Link>
      </div>
    </div>
  );

  const bell = (
    <Button type="text" aria-label={t('notifications.open')} data-testid="notification-bell" onClick={mobile ? () => setOpen(true) : undefined}>
      <Badge count={unread} size="small" overflowCount={99}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  if (mobile) {
    return (
      <>
        {bell}
        <Drawer placement="right" open={open} onClose={() => setOpen(false)} title={t('notifications.title')} size="100%" styles={{ body: { padding: 12 } }}>
          {panel}
        </Drawer>
      </>
    );
  }
  return (
    <Popover content={panel} title={t('notifications.title')} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen}>
      {bell}
    </Popover>
  );
}

import { defineFeature, lazyNamed } from '../../app/feature';
import { NotificationBell } from './NotificationBell';
import { NOTIFICATIONS_KEY } from './queries';

/** What the platform tells a user: the header's bell and the full list (no menu entry; the bell leads there). */
export const feature = defineFeature({
  name: 'notifications',
  routes: [
    { path: '/notifications', layout: 'app', permission: 'notification.read', element: lazyNamed(() => import('./NotificationsPage'), 'NotificationsPage') },
  ],
  header: [{ key: 'bell', permission: 'notification.read', component: NotificationBell, order: 10 }],
  queryKeys: { all: NOTIFICATIONS_KEY },
});

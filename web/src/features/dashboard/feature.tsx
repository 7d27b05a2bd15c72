import { DashboardOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';
import { dashboardKeys } from './queries';

/** The region at a glance: a page of sections the other features contribute. */
export const feature = defineFeature({
  name: 'dashboard',
  routes: [{ path: '/dashboard', layout: 'app', permission: 'dashboard.read', element: lazyNamed(() => import('./DashboardPage'), 'DashboardPage') }],
  nav: [{ path: '/dashboard', labelKey: 'nav.dashboard', permission: 'dashboard.read', icon: <DashboardOutlined />, order: 20 }],
  queryKeys: dashboardKeys,
});

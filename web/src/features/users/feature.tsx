import { UserOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';

/** Accounts and their grants (role + region). */
export const feature = defineFeature({
  name: 'users',
  routes: [{ path: '/users', layout: 'app', permission: 'user.read', element: lazyNamed(() => import('./UsersPage'), 'UsersPage') }],
  nav: [{ path: '/users', labelKey: 'nav.users', permission: 'user.read', icon: <UserOutlined />, order: 80 }],
  queryKeys: { all: ['users'] },
});

import { HomeOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';
import { homeKeys } from './queries';

/** The landing page: the to-do cards GET /api/home returns, each drawn by the feature that declares its kind. */
export const feature = defineFeature({
  name: 'home',
  routes: [{ path: '/', layout: 'app', permission: 'home.read', element: lazyNamed(() => import('./HomePage'), 'HomePage') }],
  nav: [{ path: '/', labelKey: 'nav.home', permission: 'home.read', icon: <HomeOutlined />, order: 10 }],
  queryKeys: homeKeys,
  homeCards: { roleIntro: lazyNamed(() => import('./RoleIntroCard'), 'RoleIntroCard') },
});

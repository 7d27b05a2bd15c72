import { ApartmentOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';

/** The region tree: streets, communities and their codes. The region picker in the header is app/region.tsx. */
export const feature = defineFeature({
  name: 'regions',
  routes: [{ path: '/regions', layout: 'app', permission: 'region.manage', element: lazyNamed(() => import('./RegionsPage'), 'RegionsPage') }],
  nav: [{ path: '/regions', labelKey: 'nav.regions', permission: 'region.manage', icon: <ApartmentOutlined />, order: 70 }],
  queryKeys: { all: ['regions'] },
});

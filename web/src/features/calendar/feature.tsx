import { CalendarOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';

/** The working-day calendar: public holidays and make-up working days (调休), kept by platform admins. */
export const feature = defineFeature({
  name: 'calendar',
  routes: [{ path: '/calendar', layout: 'app', permission: 'calendar.read', element: lazyNamed(() => import('./CalendarPage'), 'CalendarPage') }],
  nav: [{ path: '/calendar', labelKey: 'nav.calendar', permission: 'calendar.read', icon: <CalendarOutlined />, order: 75 }],
  queryKeys: { all: ['calendar'] },
});

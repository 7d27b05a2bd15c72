import { AuditOutlined, FieldTimeOutlined, StarOutlined } from '@ant-design/icons';
import { definePart, lazyNamed } from '../../../app/feature';
import '@shared/volunteers/permissions';

const HoursPage = lazyNamed(() => import('./HoursPage'), 'HoursPage');

/** The hours ledger (V3, V4): approvals and manual entry, a volunteer's ledger, my hours, star settings and honours. */
export const hoursPart = definePart({
  routes: [
    { path: '/volunteers/hours', layout: 'app', permission: 'volunteers.hours.approve', element: HoursPage },
    { path: '/volunteers/hours/pending', layout: 'app', permission: 'volunteers.hours.approve', element: HoursPage },
    { path: '/volunteers/hours/ledger', layout: 'app', permission: 'volunteers.hours.approve', element: HoursPage },
    { path: '/volunteers/my-hours', layout: 'app', permission: 'volunteers.signup', element: lazyNamed(() => import('./MyHoursPage'), 'MyHoursPage') },
    { path: '/volunteers/star-settings', layout: 'app', permission: 'volunteers.stars.manage', element: lazyNamed(() => import('./StarSettingsPage'), 'StarSettingsPage') },
  ],
  nav: [
    { path: '/volunteers/hours', labelKey: 'volunteers.hours.nav.approvals', permission: 'volunteers.hours.approve', icon: <AuditOutlined />, order: 66 },
    { path: '/volunteers/my-hours', labelKey: 'volunteers.hours.nav.mine', permission: 'volunteers.signup', icon: <FieldTimeOutlined />, order: 66 },
    { path: '/volunteers/star-settings', labelKey: 'volunteers.hours.nav.stars', permission: 'volunteers.stars.manage', icon: <StarOutlined />, order: 69 },
  ],
});

import { CalendarOutlined, FlagOutlined, ScheduleOutlined, SearchOutlined } from '@ant-design/icons';
import { definePart, lazyNamed } from '../../../app/feature';
import '@shared/volunteers/permissions';
import { useLeadsTeam } from './useLeadsTeam';

const ActivitiesPage = lazyNamed(() => import('./ActivitiesPage'), 'ActivitiesPage');
const ActivityDetailPage = lazyNamed(() => import('./ActivityDetailPage'), 'ActivityDetailPage');
const QrScreenPage = lazyNamed(() => import('./QrScreenPage'), 'QrScreenPage');
const OpenShiftsPage = lazyNamed(() => import('./OpenShiftsPage'), 'OpenShiftsPage');
const MyShiftsPage = lazyNamed(() => import('./MyShiftsPage'), 'MyShiftsPage');
const ScanPage = lazyNamed(() => import('./ScanPage'), 'ScanPage');
const TeamActivitiesPage = lazyNamed(() => import('./TeamActivitiesPage'), 'TeamActivitiesPage');

/** Activities, shifts, sign-up and QR check-in (V2). */
export const shiftsPart = definePart({
  routes: [
    { path: '/volunteers/activities', layout: 'app', permission: 'volunteers.activity.manage', element: ActivitiesPage },
    // A team leader (a volunteer) takes its activity's attendance here too: the abilities say what each may do.
    { path: '/volunteers/activities/:id', layout: 'app', permission: 'volunteers.read', element: ActivityDetailPage },
    { path: '/volunteers/shifts/:id/qr', layout: 'bare', permission: 'volunteers.attendance.record', element: QrScreenPage },
    { path: '/volunteers/open-shifts', layout: 'app', permission: 'volunteers.signup', element: OpenShiftsPage },
    { path: '/volunteers/my-shifts', layout: 'app', permission: 'volunteers.signup', element: MyShiftsPage },
    { path: '/volunteers/team-activities', layout: 'app', permission: 'volunteers.signup', element: TeamActivitiesPage },
    // Inside the app layout, so an unsigned phone goes through sign-in and comes back with its ?code=.
    { path: '/volunteers/scan/:shiftId', layout: 'app', permission: 'volunteers.signup', element: ScanPage },
  ],
  nav: [
    { path: '/volunteers/activities', labelKey: 'volunteers.shifts.nav.activities', permission: 'volunteers.activity.manage', icon: <CalendarOutlined />, order: 63 },
    { path: '/volunteers/open-shifts', labelKey: 'volunteers.shifts.nav.open', permission: 'volunteers.signup', icon: <SearchOutlined />, order: 64 },
    { path: '/volunteers/my-shifts', labelKey: 'volunteers.shifts.nav.mine', permission: 'volunteers.signup', icon: <ScheduleOutlined />, order: 65 },
    // Only a volunteer who leads a team: the server says (a cached query), nothing in the grants does.
    { path: '/volunteers/team-activities', labelKey: 'volunteers.shifts.nav.team', permission: 'volunteers.signup', useVisible: useLeadsTeam, icon: <FlagOutlined />, order: 66 },
  ],
});

import { BarChartOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { definePart, lazyNamed } from '../../../app/feature';
import '@shared/volunteers/permissions';

const printPage = () => import('./CertificatePrintPage');
const homeCards = () => import('./VolunteerHomeCards');

/** Certificates of service, statistics and rankings, the home cards and the dashboard section (V5). */
export const overviewPart = definePart({
  routes: [
    { path: '/volunteers/statistics', layout: 'app', permission: 'volunteers.statistics.read', element: lazyNamed(() => import('./StatisticsPage'), 'StatisticsPage') },
    { path: '/volunteers/my-certificate', layout: 'app', permission: 'volunteers.signup', element: lazyNamed(() => import('./MyCertificatePage'), 'MyCertificatePage') },
    // Signed in, outside the app layout: the page is the A4 sheet that gets printed.
    { path: '/print/volunteers/my-certificate', layout: 'bare', permission: 'volunteers.certificate.issue', element: lazyNamed(printPage, 'CertificatePrintPage') },
    { path: '/print/volunteers/certificate/:volunteerId', layout: 'bare', permission: 'volunteers.certificate.issue', element: lazyNamed(printPage, 'CertificatePrintPage') },
  ],
  nav: [
    { path: '/volunteers/statistics', labelKey: 'volunteers.overview.nav.statistics', permission: 'volunteers.statistics.read', icon: <BarChartOutlined />, order: 67 },
    { path: '/volunteers/my-certificate', labelKey: 'volunteers.overview.nav.certificate', permission: 'volunteers.signup', icon: <SafetyCertificateOutlined />, order: 67 },
  ],
  homeCards: {
    volunteerSelf: lazyNamed(homeCards, 'VolunteerSelfCard'),
    volunteerTeamShifts: lazyNamed(homeCards, 'VolunteerTeamShiftsCard'),
    volunteerStaffTodos: lazyNamed(homeCards, 'VolunteerStaffTodosCard'),
  },
  dashboardSections: [
    { key: 'volunteers', order: 30, component: lazyNamed(() => import('./VolunteerDashboardSection'), 'VolunteerDashboardSection') },
  ],
});

import { CheckSquareOutlined, FileDoneOutlined, TagsOutlined, TeamOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';
import { registryKeys } from './queries';
import { overRegion } from './reach';

const RegistryListPage = lazyNamed(() => import('./RegistryListPage'), 'RegistryListPage');
const OrgDetailPage = lazyNamed(() => import('./OrgDetailPage'), 'OrgDetailPage');
const FilingInboxPage = lazyNamed(() => import('./filings/FilingInboxPage'), 'FilingInboxPage');
const CompliancePage = lazyNamed(() => import('./compliance/CompliancePage'), 'CompliancePage');
const CategoriesPage = lazyNamed(() => import('./categories/CategoriesPage'), 'CategoriesPage');
const homeCards = () => import('./home/RegistryHomeCards');

/** Organisations and grassroots teams: the records, filing review, 六个一 compliance, categories. */
export const feature = defineFeature({
  name: 'registry',
  routes: [
    { path: '/registry', layout: 'app', permission: 'registry.read', element: RegistryListPage },
    { path: '/registry/:id', layout: 'app', permission: 'registry.read', element: OrgDetailPage },
    { path: '/filings', layout: 'app', permission: 'registry.filing.review', element: FilingInboxPage },
    { path: '/filings/:id', layout: 'app', permission: 'registry.filing.review', element: FilingInboxPage },
    { path: '/compliance', layout: 'app', permission: 'registry.report.read', element: CompliancePage },
    { path: '/categories', layout: 'app', permission: 'registry.category.manage', element: CategoriesPage },
  ],
  nav: [
    { path: '/registry', labelKey: 'nav.registry', permission: 'registry.read', icon: <TeamOutlined />, order: 30 },
    { path: '/filings', labelKey: 'nav.filings', permission: 'registry.filing.review', icon: <FileDoneOutlined />, order: 40 },
    {
      path: '/compliance',
      labelKey: 'nav.compliance',
      permission: 'registry.report.read',
      visible: overRegion('registry.report.read'),
      icon: <CheckSquareOutlined />,
      order: 50,
    },
    { path: '/categories', labelKey: 'nav.categories', permission: 'registry.category.manage', icon: <TagsOutlined />, order: 60 },
  ],
  queryKeys: registryKeys,
  homeCards: {
    filingsToReview: lazyNamed(homeCards, 'FilingsToReviewCard'),
    overdueReports: lazyNamed(homeCards, 'OverdueReportsCard'),
    regionFigures: lazyNamed(homeCards, 'RegionFiguresCard'),
    teamReport: lazyNamed(homeCards, 'TeamReportCard'),
    teamFiling: lazyNamed(homeCards, 'TeamFilingCard'),
    returnedFilings: lazyNamed(homeCards, 'ReturnedFilingsCard'),
  },
  dashboardSections: [
    { key: 'registry', order: 10, component: lazyNamed(() => import('./dashboard/RegistryDashboardSection'), 'RegistryDashboardSection') },
  ],
});

import { lazyNamed } from '../../../app/feature';
import { definePart } from '../part';

const cards = () => import('./FundingHomeCards');

/** The funding dashboard section and each role's funding cards on the home page. */
export const overviewPart = definePart({
  homeCards: {
    fundingReviewerWork: lazyNamed(cards, 'ReviewerWorkCard'),
    fundingOrgApplications: lazyNamed(cards, 'OrgApplicationsCard'),
    fundingOrgReportsDue: lazyNamed(cards, 'OrgReportsDueCard'),
    fundingOrgPayments: lazyNamed(cards, 'OrgPaymentsCard'),
    fundingCallBoard: lazyNamed(cards, 'CallBoardCard'),
    fundingStaffTodos: lazyNamed(cards, 'StaffTodosCard'),
    // The monitoring part's overdue-report cards (its server side is funding-monitoring.home.ts).
    fundingOrgReportsOverdue: lazyNamed(cards, 'OrgReportsOverdueCard'),
    fundingRegionReportsOverdue: lazyNamed(cards, 'RegionReportsOverdueCard'),
  },
  dashboardSections: [
    { key: 'funding', order: 20, component: lazyNamed(() => import('./FundingDashboardSection'), 'FundingDashboardSection') },
  ],
});

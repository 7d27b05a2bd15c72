import { AuditOutlined, DiffOutlined, FileSearchOutlined, NotificationOutlined } from '@ant-design/icons';
import { lazyNamed } from '../../../app/feature';
import { definePart } from '../part';

const ReviewCallsPage = lazyNamed(() => import('./panel/ReviewCallsPage'), 'ReviewCallsPage');
const PanelPage = lazyNamed(() => import('./panel/PanelPage'), 'PanelPage');
const MyReviewsPage = lazyNamed(() => import('./expert/MyReviewsPage'), 'MyReviewsPage');
const ScorePage = lazyNamed(() => import('./expert/ScorePage'), 'ScorePage');
const NoticeListPage = lazyNamed(() => import('./notice/NoticeListPage'), 'NoticeListPage');
const NoticeAdminPage = lazyNamed(() => import('./notice/NoticeAdminPage'), 'NoticeAdminPage');
const publicNotices = () => import('./notice/PublicNoticePages');
const ProposalListPage = lazyNamed(() => import('./proposal/ProposalListPage'), 'ProposalListPage');
const ProposalPage = lazyNamed(() => import('./proposal/ProposalPage'), 'ProposalPage');

/** Expert review (F5), the public notice and its objections (F6), optimisation of approved proposals (F7). */
export const reviewPart = definePart({
  routes: [
    { path: '/funding/panels', layout: 'app', permission: 'funding.review.manage', element: ReviewCallsPage },
    { path: '/funding/panels/:callId', layout: 'app', permission: 'funding.review.manage', element: PanelPage },
    { path: '/funding/my-reviews', layout: 'app', permission: 'funding.review.score', element: MyReviewsPage },
    { path: '/funding/my-reviews/:applicationId', layout: 'app', permission: 'funding.review.score', element: ScorePage },
    { path: '/funding/notices', layout: 'app', permission: 'funding.notice.manage', element: NoticeListPage },
    { path: '/funding/notices/:callId', layout: 'app', permission: 'funding.notice.manage', element: NoticeAdminPage },
    { path: '/funding/proposals', layout: 'app', permission: 'funding.read', element: ProposalListPage },
    { path: '/funding/proposals/:applicationId', layout: 'app', permission: 'funding.read', element: ProposalPage },
    { path: '/public/notices', layout: 'public', element: lazyNamed(publicNotices, 'PublicNoticesPage') },
    { path: '/public/notices/:id', layout: 'public', element: lazyNamed(publicNotices, 'PublicNoticePage') },
  ],
  nav: [
    { path: '/funding/panels', labelKey: 'funding.review.nav.panels', permission: 'funding.review.manage', icon: <AuditOutlined />, order: 54 },
    // Also what keeps the menu on 公示 for a deep link to one call's notice (/funding/notices/:callId).
    { path: '/funding/notices', labelKey: 'funding.review.nav.notices', permission: 'funding.notice.manage', icon: <NotificationOutlined />, order: 54.05 },
    { path: '/funding/my-reviews', labelKey: 'funding.review.nav.myReviews', permission: 'funding.review.score', icon: <FileSearchOutlined />, order: 54.1 },
    { path: '/funding/proposals', labelKey: 'funding.review.nav.proposals', permission: 'funding.read', icon: <DiffOutlined />, order: 54.2 },
  ],
});

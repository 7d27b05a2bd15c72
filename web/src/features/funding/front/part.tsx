import { BulbOutlined, FormOutlined, NodeIndexOutlined, NotificationOutlined } from '@ant-design/icons';
import { lazyNamed } from '../../../app/feature';
import { overRegion } from '../../registry/reach';
import { definePart } from '../part';
import '@shared/funding/permissions';

const NeedsPoolPage = lazyNamed(() => import('./NeedsPoolPage'), 'NeedsPoolPage');
const MyNeedsPage = lazyNamed(() => import('./MyNeedsPage'), 'MyNeedsPage');
const StepSettingsPage = lazyNamed(() => import('./StepSettingsPage'), 'StepSettingsPage');
const CallsPage = lazyNamed(() => import('./CallsPage'), 'CallsPage');
const CallDetailPage = lazyNamed(() => import('./CallDetailPage'), 'CallDetailPage');
const publicPages = () => import('./PublicCallsPage');
const MyApplicationsPage = lazyNamed(() => import('./MyApplicationsPage'), 'MyApplicationsPage');
const ApplicationPage = lazyNamed(() => import('./ApplicationPage'), 'ApplicationPage');

/** The front of the pipeline (F1–F4): needs and topics, step settings, calls and their public pages, applications, screening. */
export const frontPart = definePart({
  routes: [
    { path: '/funding/needs', layout: 'app', permission: 'funding.need.curate', element: NeedsPoolPage },
    { path: '/funding/needs/:id', layout: 'app', permission: 'funding.need.curate', element: NeedsPoolPage },
    { path: '/funding/my-needs', layout: 'app', permission: 'funding.need.submit', element: MyNeedsPage },
    { path: '/funding/settings', layout: 'app', permission: 'funding.settings.manage', element: StepSettingsPage },
    { path: '/funding/calls', layout: 'app', permission: 'funding.call.manage', element: CallsPage },
    { path: '/funding/calls/:id', layout: 'app', permission: 'funding.call.manage', element: CallDetailPage },
    { path: '/funding/applications', layout: 'app', permission: 'funding.application.write', element: MyApplicationsPage },
    { path: '/funding/applications/new', layout: 'app', permission: 'funding.application.write', element: ApplicationPage },
    { path: '/funding/applications/:id', layout: 'app', permission: 'funding.read', element: ApplicationPage },
    { path: '/public/calls', layout: 'public', element: lazyNamed(publicPages, 'PublicCallsPage') },
    { path: '/public/calls/:id', layout: 'public', element: lazyNamed(publicPages, 'PublicCallPage') },
  ],
  nav: [
    { path: '/funding/calls', labelKey: 'funding.front.nav.calls', permission: 'funding.call.manage', icon: <NotificationOutlined />, order: 51 },
    { path: '/funding/needs', labelKey: 'funding.front.nav.needs', permission: 'funding.need.curate', icon: <BulbOutlined />, order: 52 },
    {
      path: '/funding/my-needs',
      labelKey: 'funding.front.nav.myNeeds',
      permission: 'funding.need.submit',
      // Staff reach the whole pool; the page of one's own needs is for those who reach only their own.
      visible: (me) => !overRegion('funding.need.curate')(me),
      icon: <BulbOutlined />,
      order: 52,
    },
    { path: '/funding/applications', labelKey: 'funding.front.nav.applications', permission: 'funding.application.write', icon: <FormOutlined />, order: 53 },
    { path: '/funding/settings', labelKey: 'funding.front.nav.settings', permission: 'funding.settings.manage', icon: <NodeIndexOutlined />, order: 57 },
  ],
});

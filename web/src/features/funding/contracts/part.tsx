import { AuditOutlined, FileProtectOutlined } from '@ant-design/icons';
import { lazyNamed } from '../../../app/feature';
import { definePart } from '../part';

const ContractsPage = lazyNamed(() => import('./ContractsPage'), 'ContractsPage');
const ContractDetailPage = lazyNamed(() => import('./ContractDetailPage'), 'ContractDetailPage');
const ContractPrintPage = lazyNamed(() => import('./ContractPrintPage'), 'ContractPrintPage');
const PublicContractsPage = lazyNamed(() => import('./PublicContractsPage'), 'PublicContractsPage');
const MonitoringListPage = lazyNamed(() => import('./monitoring/MonitoringListPage'), 'MonitoringListPage');
const MonitoringPage = lazyNamed(() => import('./monitoring/MonitoringPage'), 'MonitoringPage');

/** Only members of one organisation: they follow monitoring inside their contracts, not as a list of its own. */
const beyondOwnOrganization = (me: { grants: { role: string }[] }) => me.grants.some((g) => g.role !== 'org_member');

/** Contracts, payments, monitoring and evaluation (F8–F11) and the public contract announcement. */
export const contractsPart = definePart({
  routes: [
    { path: '/funding/contracts', layout: 'app', permission: 'funding.read', element: ContractsPage },
    { path: '/funding/contracts/:id', layout: 'app', permission: 'funding.read', element: ContractDetailPage },
    { path: '/funding/monitoring', layout: 'app', permission: 'funding.monitoring.read', element: MonitoringListPage },
    { path: '/funding/monitoring/:id', layout: 'app', permission: 'funding.monitoring.read', element: MonitoringPage },
    // Signed in, alone on the page: the sheet that gets printed.
    { path: '/print/funding-contract/:id', layout: 'bare', permission: 'funding.read', element: ContractPrintPage },
    { path: '/public/contracts', layout: 'public', element: PublicContractsPage },
  ],
  nav: [
    { path: '/funding/contracts', labelKey: 'funding.contracts.nav.contracts', permission: 'funding.read', icon: <FileProtectOutlined />, order: 78 },
    {
      path: '/funding/monitoring',
      labelKey: 'funding.contracts.nav.monitoring',
      permission: 'funding.monitoring.read',
      visible: beyondOwnOrganization,
      icon: <AuditOutlined />,
      order: 79,
    },
  ],
});

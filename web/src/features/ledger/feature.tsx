import { AccountBookOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';

/** The fund ledger: a region's funds with budget, committed, paid and available, and each fund's postings. */
export const feature = defineFeature({
  name: 'ledger',
  routes: [{ path: '/ledger', layout: 'app', permission: 'ledger.read', element: lazyNamed(() => import('./FundsPage'), 'FundsPage') }],
  nav: [{ path: '/ledger', labelKey: 'nav.ledger', permission: 'ledger.read', icon: <AccountBookOutlined />, order: 58 }],
  queryKeys: { all: ['ledger'] },
});

import { AuditOutlined } from '@ant-design/icons';
import { defineFeature, lazyNamed } from '../../app/feature';

/** The audit log: who changed what, when, with before and after. */
export const feature = defineFeature({
  name: 'audit',
  routes: [{ path: '/audit', layout: 'app', permission: 'audit.read', element: lazyNamed(() => import('./AuditPage'), 'AuditPage') }],
  nav: [{ path: '/audit', labelKey: 'nav.audit', permission: 'audit.read', icon: <AuditOutlined />, order: 90 }],
  queryKeys: { all: ['audit'] },
});

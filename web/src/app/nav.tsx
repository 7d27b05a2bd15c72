import {
  AuditOutlined,
  ApartmentOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  labelKey: string;
  permission: string;
  icon: ReactNode;
}

/** Side-menu entries; an entry shows only if /api/auth/me lists its permission. */
export const NAV: NavItem[] = [
  { path: '/', labelKey: 'nav.dashboard', permission: 'dashboard.read', icon: <DashboardOutlined /> },
  { path: '/registry', labelKey: 'nav.registry', permission: 'registry.read', icon: <TeamOutlined /> },
  { path: '/filings', labelKey: 'nav.filings', permission: 'registry.filing.review', icon: <FileDoneOutlined /> },
  { path: '/compliance', labelKey: 'nav.compliance', permission: 'registry.report.read', icon: <CheckSquareOutlined /> },
  { path: '/categories', labelKey: 'nav.categories', permission: 'registry.category.manage', icon: <TagsOutlined /> },
  { path: '/regions', labelKey: 'nav.regions', permission: 'region.manage', icon: <ApartmentOutlined /> },
  { path: '/users', labelKey: 'nav.users', permission: 'user.read', icon: <UserOutlined /> },
  { path: '/audit', labelKey: 'nav.audit', permission: 'audit.read', icon: <AuditOutlined /> },
];

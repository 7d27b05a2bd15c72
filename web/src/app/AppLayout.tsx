import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth';
import { useRegion } from './region';
import { HEADER_ITEMS, NAV, navFor, useHiddenNav } from './features';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { RegionPicker } from '../components/RegionPicker';
import { ChangePasswordModal } from '../components/ChangePasswordModal';

const { Header, Sider, Content } = Layout;

function selectedKey(pathname: string): string {
  const match = NAV.filter((n) => n.path !== '/' && pathname.startsWith(n.path)).sort((a, b) => b.path.length - a.path.length)[0];
  return match ? match.path : '/';
}

export function AppLayout() {
  const { t } = useTranslation();
  const { me, signOut } = useAuth();
  const { regionCode, setRegionCode } = useRegion();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);

  const hiddenNav = useHiddenNav();

  useEffect(() => setDrawerOpen(false), [location.pathname]);

  if (!me) return <Spin fullscreen />;

  const items = navFor(me).filter((n) => !hiddenNav.has(n.path)).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: t(n.labelKey),
  }));
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      onClick={(e) => navigate(e.key)}
      data-testid="side-menu"
    />
  );
  const brand = (small: boolean) => (
    <div style={{ color: '#fff', padding: small ? '16px 0' : '14px 20px', textAlign: small ? 'center' : 'left', lineHeight: 1.3 }}>
      <div style={{ fontWeight: 700, fontSize: 20, letterSpacing: 2 }}>{t('app.short')}</div>
      {!small && <div style={{ fontSize: 12, opacity: 0.75 }}>{t('app.tagline')}</div>}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={232} breakpoint="lg">
          {brand(collapsed)}
          {menu}
        </Sider>
      )}
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          {brand(false)}
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: mobile ? '0 8px' : '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {mobile && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} aria-label={t('nav.menu')} />}
          <div style={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'center', gap: 8 }}>
            {!mobile && <Typography.Text type="secondary">{t('region.current')}</Typography.Text>}
            <RegionPicker value={regionCode} onChange={setRegionCode} style={{ width: mobile ? '100%' : 280, maxWidth: 320 }} />
          </div>
          <Space size={mobile ? 0 : 'small'}>
            {HEADER_ITEMS.filter((h) => me.permissions.includes(h.permission)).map(({ key, component: Item }) => (
              <Item key={key} />
            ))}
            <LanguageSwitcher />
            {/* On click, not hover: the new-team drawer's buttons sit right over this corner, and a menu
                that opened as soon as the drawer closed under the pointer covered them the next time. */}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'pw', icon: <KeyOutlined />, label: t('password.title') },
                  { type: 'divider' },
                  { key: 'out', icon: <LogoutOutlined />, label: t('auth.signOut'), danger: true },
                ],
                onClick: async ({ key }) => {
                  if (key === 'pw') setPwOpen(true);
                  if (key === 'out') {
                    await signOut();
                    navigate('/login', { replace: true });
                  }
                },
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                {!mobile && <span style={{ marginLeft: 6 }}>{me.displayName}</span>}
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: mobile ? 8 : 16 }}>
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}

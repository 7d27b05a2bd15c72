import { useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, setUnauthorizedHandler } from '../api/client';
import { AuthProvider, useAuth } from './auth';
import { LocaleProvider } from './locale';
import { RegionProvider } from './region';
import { AppLayout } from './AppLayout';
import { NAV } from './nav';
import { LoginPage } from '../features/auth/LoginPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { RegistryListPage } from '../features/registry/RegistryListPage';
import { OrgDetailPage } from '../features/registry/OrgDetailPage';
import { FilingInboxPage } from '../features/filings/FilingInboxPage';
import { CompliancePage } from '../features/compliance/CompliancePage';
import { RegionsPage } from '../features/regions/RegionsPage';
import { UsersPage } from '../features/users/UsersPage';
import { AuditPage } from '../features/audit/AuditPage';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** Sends the user to /login whenever the API answers 401. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const { forget } = useAuth();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      forget();
      if (location.pathname !== '/login') navigate('/login', { replace: true, state: { from: location.pathname } });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, location.pathname, forget]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

function Guard({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  return <>{children}</>;
}

/** Home: the dashboard if allowed, otherwise the first menu entry the user may open. */
function Home() {
  const { can } = useAuth();
  if (can('dashboard.read')) return <DashboardPage />;
  const first = NAV.find((n) => n.path !== '/' && can(n.permission));
  return first ? <Navigate to={first.path} replace /> : <Result status="403" />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <BrowserRouter>
          <AuthProvider>
            <UnauthorizedRedirect />
            <RegionProvider>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<Home />} />
                  <Route path="registry" element={<Guard permission="registry.read"><RegistryListPage /></Guard>} />
                  <Route path="registry/:id" element={<Guard permission="registry.read"><OrgDetailPage /></Guard>} />
                  <Route path="filings" element={<Guard permission="registry.filing.review"><FilingInboxPage /></Guard>} />
                  <Route path="filings/:id" element={<Guard permission="registry.filing.review"><FilingInboxPage /></Guard>} />
                  <Route path="compliance" element={<Guard permission="registry.report.read"><CompliancePage /></Guard>} />
                  <Route path="regions" element={<Guard permission="region.manage"><RegionsPage /></Guard>} />
                  <Route path="users" element={<Guard permission="user.read"><UsersPage /></Guard>} />
                  <Route path="audit" element={<Guard permission="audit.read"><AuditPage /></Guard>} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </RegionProvider>
          </AuthProvider>
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}

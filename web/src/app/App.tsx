import { lazy, Suspense, useEffect, type ReactNode } from 'react';
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
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const RegistryListPage = lazy(() => import('../features/registry/RegistryListPage').then((m) => ({ default: m.RegistryListPage })));
const OrgDetailPage = lazy(() => import('../features/registry/OrgDetailPage').then((m) => ({ default: m.OrgDetailPage })));
const FilingInboxPage = lazy(() => import('../features/filings/FilingInboxPage').then((m) => ({ default: m.FilingInboxPage })));
const CompliancePage = lazy(() => import('../features/compliance/CompliancePage').then((m) => ({ default: m.CompliancePage })));
const CategoriesPage = lazy(() => import('../features/categories/CategoriesPage').then((m) => ({ default: m.CategoriesPage })));
const RegionsPage = lazy(() => import('../features/regions/RegionsPage').then((m) => ({ default: m.RegionsPage })));
const UsersPage = lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));

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
              <Suspense fallback={<Spin fullscreen />}>
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
                  <Route path="categories" element={<Guard permission="registry.category.manage"><CategoriesPage /></Guard>} />
                  <Route path="regions" element={<Guard permission="region.manage"><RegionsPage /></Guard>} />
                  <Route path="users" element={<Guard permission="user.read"><UsersPage /></Guard>} />
                  <Route path="audit" element={<Guard permission="audit.read"><AuditPage /></Guard>} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
              </Suspense>
            </RegionProvider>
          </AuthProvider>
        </BrowserRouter>
      </LocaleProvider>
    </QueryClientProvider>
  );
}

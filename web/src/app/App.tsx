import { Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, setUnauthorizedHandler } from '../api/client';
import { AuthProvider, useAuth } from './auth';
import { LocaleProvider } from './locale';
import { RegionProvider } from './region';
import { AppLayout } from './AppLayout';
import { ROUTES } from './features';
import type { FeatureRoute } from './feature';

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
      if (location.pathname !== '/login') navigate('/login', { replace: true, state: { from: location.pathname + location.search } });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, location.pathname, location.search, forget]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Guard({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

/** What a feature's route renders: its page behind sign-in and its permission, unless public. */
function routeElement(route: FeatureRoute) {
  const Page = route.element;
  if (route.layout === 'public') return <Page />;
  const guarded = <Guard permission={route.permission}><Page /></Guard>;
  return route.layout === 'bare' ? <RequireAuth>{guarded}</RequireAuth> : guarded;
}

/** Inside the app layout a route's path is relative to it; "/" is its index. */
const childPath = (path: string) => path.replace(/^\//, '');
const OUTSIDE_LAYOUT = ROUTES.filter((r) => r.layout !== 'app');
const IN_LAYOUT = ROUTES.filter((r) => r.layout === 'app');

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
                {OUTSIDE_LAYOUT.map((r) => (
                  <Route key={r.path} path={r.path} element={routeElement(r)} />
                ))}
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  {IN_LAYOUT.map((r) =>
                    childPath(r.path) === '' ? (
                      <Route key={r.path} index element={routeElement(r)} />
                    ) : (
                      <Route key={r.path} path={childPath(r.path)} element={routeElement(r)} />
                    ),
                  )}
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

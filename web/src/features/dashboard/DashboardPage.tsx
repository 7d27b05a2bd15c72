import { Suspense, useEffect, type ComponentType } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TSummary } from '@shared/dashboard/schemas';
import { api } from '../../api/client';
import { DASHBOARD_SECTIONS } from '../../app/features';
import { preload } from '../../app/feature';
import { useRegion } from '../../app/region';
import { dashboardKeys } from './queries';

type SectionComponent = ComponentType<{ section: unknown; region: TSummary['region'] }>;

/**
 * The region chosen in the header at a glance: each section the server returns, drawn by the
 * feature that declares it (`dashboardSections` in features/<name>/feature.tsx), in their order.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const q = useQuery({
    queryKey: dashboardKeys.summary(regionCode),
    queryFn: () => api.get('/dashboard/summary', { query: { regionCode } }),
    enabled: !!regionCode,
  });
  // The sections' code (charts) loads while the figures are being asked for.
  useEffect(() => DASHBOARD_SECTIONS.forEach((s) => preload(s.component)), []);
  const d = q.data;

  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const loading = <Skeleton active paragraph={{ rows: 12 }} />;
  if (!d) return loading;
  // A section this page cannot draw (a server newer than the page) is left out.
  const shown = DASHBOARD_SECTIONS.filter((s) => d.sections[s.key] !== undefined);

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('dashboard.title', { region: d.region.name })}
      </Typography.Title>
      {shown.length === 0 && <Empty />}
      <Suspense fallback={loading}>
        {shown.map(({ key, component }) => {
          const Section = component as SectionComponent;
          return <Section key={key} section={d.sections[key]} region={d.region} />;
        })}
      </Suspense>
    </div>
  );
}

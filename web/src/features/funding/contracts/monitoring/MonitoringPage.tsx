import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../../api/client';
import { useAuth } from '../../../../app/auth';
import { contractKeys } from '../queries';
import { MonitoringPanel } from './MonitoringPanel';
import '../contracts.css';

/** One contract's monitoring and evaluation, for whoever reaches it — a monitor or evaluator reads only this. */
export function MonitoringPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { can } = useAuth();
  // Shares the panel's cache entry: the title comes with it.
  const q = useQuery({ queryKey: contractKeys.monitoring(id), queryFn: () => api.get('/funding/contracts/:id/monitoring', { params: { id: id! } }), enabled: !!id });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/funding/monitoring">{t('funding.contracts.monitoring.title')}</Link> }, { title: q.data?.title ?? '…' }]} />
      <Card>
        <div className="page-toolbar">
          <Typography.Title level={4} style={{ margin: 0 }} className="grow">
            {q.data?.title ?? t('funding.contracts.monitoring.title')}
          </Typography.Title>
          {can('funding.read') && <Link to={`/funding/contracts/${id}`}>{t('funding.contracts.monitoring.openContract')}</Link>}
        </div>
        {id && <MonitoringPanel contractId={id} />}
      </Card>
    </Space>
  );
}

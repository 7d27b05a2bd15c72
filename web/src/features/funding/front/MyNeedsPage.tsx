import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Pagination, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { usePager } from '../../../components/usePager';
import { formatDate } from '../../../lib/labels';
import { frontLabel, NEED_STATUS_COLOR } from './labels';
import { NeedOutcome } from './NeedOutcome';
import { NeedSubmitModal } from './NeedSubmitModal';
import { frontKeys } from './queries';

/** 我的需求: a submitter without region reach sees the needs it raised and what became of each. */
export function MyNeedsPage() {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const pager = usePager(10);
  const query = { page: pager.page, pageSize: pager.pageSize, sort: '-createdAt' as const };
  const q = useQuery({ queryKey: frontKeys.needs({ mine: true, ...query }), queryFn: () => api.get('/funding/needs', { query }), placeholderData: (p) => p });
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.front.needs.mine')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setSubmitting(true)} data-testid="need-submit">
          {t('funding.front.needs.submit')}
        </Button>
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      <List
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('funding.front.needs.mineEmpty')} /> }}
        data-testid="my-needs"
        renderItem={(n) => (
          <List.Item key={n.id}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{n.title}</Typography.Text>
                <Tag color={NEED_STATUS_COLOR[n.status]}>{frontLabel(t, 'needStatus', n.status)}</Tag>
              </Space>
              <Typography.Text type="secondary">
                {formatDate(n.createdAt)} · {n.regionName ?? n.regionCode} · {frontLabel(t, 'needSource', n.source)}
              </Typography.Text>
              <NeedOutcome need={n} />
            </Space>
          </List.Item>
        )}
      />
      {(q.data?.total ?? 0) > pager.pageSize && (
        <Pagination style={{ marginTop: 12 }} current={pager.page} pageSize={pager.pageSize} total={q.data?.total} onChange={pager.onChange} size="small" />
      )}
      <NeedSubmitModal open={submitting} onClose={() => setSubmitting(false)} />
    </Card>
  );
}

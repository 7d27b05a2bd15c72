import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Grid, List, Modal, Pagination, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { APPLICATION_SORTS, type ApplicationSort, type TApplicationListQuery } from '@shared/funding/applications';
import { APPLICATION_STATUSES } from '@shared/funding/states';
import { api } from '../../../api/client';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';
import { formatDateTime } from '../../../lib/labels';
import { formatFen } from '../shared/money';
import { APP_STATUS_COLOR, frontLabel, frontOptions } from './labels';
import { frontKeys } from './queries';
import { chinaDateTime } from './time';

/** 我的申报 (organisation, phone and PC): its applications, drafts first to finish; a new one starts from an open call. */
export function MyApplicationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [status, setStatus] = useState<TApplicationListQuery['status']>();
  const [choosing, setChoosing] = useState(false);
  const [sort, setSort] = useState<ApplicationSort>('-updatedAt');
  const pager = usePager(10);
  const filters = { status, sort };
  const query = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: frontKeys.applications(query), queryFn: () => api.get('/funding/applications', { query }), placeholderData: (p) => p });
  const open = (id: string) => navigate(`/funding/applications/${id}`);
  const empty = status ? t('funding.front.apps.emptyFiltered') : t('funding.front.apps.empty');
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.front.apps.mine')}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('funding.front.apps.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            pager.setPage(1);
          }}
          options={frontOptions(t, 'appStatus', APPLICATION_STATUSES)}
          style={{ width: 140 }}
        />
        <Select<ApplicationSort>
          value={sort}
          onChange={(v) => {
            setSort(v);
            pager.setPage(1);
          }}
          // An organisation sorts its own: by organisation means nothing to it.
          options={APPLICATION_SORTS.filter((s) => s !== 'organization').map((s) => ({ value: s, label: t(`funding.front.apps.sort.${s}`) }))}
          style={{ width: 140 }}
          data-testid="applications-sort"
        />
        {screens.md && <ExportButton path="/funding/applications/export" request={{ query: filters }} fallbackName="applications.xlsx" testid="applications-export" />}
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setChoosing(true)} data-testid="application-new">
          {t('funding.front.apps.new')}
        </Button>
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {screens.md ? (
        <PagedTable
          loading={q.isFetching}
          rows={q.data?.items}
          total={q.data?.total}
          pager={pager}
          empty={empty}
          onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('funding.front.apps.projectTitle'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
            { title: t('funding.front.apps.call'), dataIndex: 'callTitle' },
            { title: t('funding.front.apps.amount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
            { title: t('funding.front.apps.status'), dataIndex: 'status', render: (v: string) => <Tag color={APP_STATUS_COLOR[v]}>{frontLabel(t, 'appStatus', v)}</Tag> },
            { title: t('funding.front.apps.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
            { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
          ]}
          testid="applications-table"
        />
      ) : (
        <>
          <List
            loading={q.isFetching}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: <Empty description={empty} /> }}
            data-testid="applications-list"
            renderItem={(a) => (
              <List.Item key={a.id} onClick={() => open(a.id)} style={{ cursor: 'pointer' }}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{a.title}</Typography.Text>
                    <Tag color={APP_STATUS_COLOR[a.status]}>{frontLabel(t, 'appStatus', a.status)}</Tag>
                  </Space>
                  <Typography.Text type="secondary">{a.callTitle}</Typography.Text>
                  <Typography.Text type="secondary">
                    {formatFen(a.amountFen)} · {formatDateTime(a.submittedAt ?? a.updatedAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {(q.data?.total ?? 0) > pager.pageSize && <Pagination size="small" current={pager.page} pageSize={pager.pageSize} total={q.data?.total} onChange={pager.onChange} />}
        </>
      )}
      <OpenCallChooser open={choosing} onClose={() => setChoosing(false)} />
    </Card>
  );
}

/** The calls open to the organisation now, to start an application from. */
function OpenCallChooser({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const query = { status: 'published' as const, page: 1, pageSize: 100 };
  const q = useQuery({ queryKey: frontKeys.calls({ chooser: true, ...query }), queryFn: () => api.get('/funding/calls', { query }), enabled: open });
  const calls = (q.data?.items ?? []).filter((c) => c.open);
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('funding.front.apps.chooseCall')} destroyOnHidden>
      <List
        loading={q.isFetching}
        dataSource={calls}
        locale={{ emptyText: <Empty description={t('funding.front.apps.noOpenCalls')} /> }}
        renderItem={(c) => (
          <List.Item
            actions={[
              <Link key="apply" to={`/funding/applications/new?callId=${c.id}`} data-testid="application-choose-call">
                {t('funding.front.apps.applyHere')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={<Link to={`/public/calls/${c.id}`}>{c.title}</Link>}
              description={`${frontLabel(t, 'callType', c.callType)} · ${t('funding.front.calls.deadlineShort', { at: chinaDateTime(c.deadline) })}`}
            />
          </List.Item>
        )}
      />
    </Modal>
  );
}

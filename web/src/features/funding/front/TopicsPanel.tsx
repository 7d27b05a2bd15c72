import { EditOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, List, Pagination, Row, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TNeed, TTopic, TTopicBody } from '@shared/funding/needs';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { RegionPicker } from '../../../components/RegionPicker';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { frontLabel } from './labels';
import { frontKeys, useFundingRefresh } from './queries';

const PAGE_SIZE = 10;
type TopicFilter = 'open' | 'closed' | 'all';

/**
 * 课题: needs curated into topics (需求梳理); each keeps its needs and shows the calls that fund it.
 * Open topics first; a closed one keeps its needs and calls but takes no more.
 */
export function TopicsPanel({ region }: { region: string | undefined }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const [filter, setFilter] = useState<TopicFilter>('open');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ topic: TTopic; mode: 'rename' | 'close' } | null>(null);
  const query = { region, status: filter === 'all' ? undefined : filter, q: search.trim() || undefined, page, pageSize: PAGE_SIZE };
  const q = useQuery({ queryKey: frontKeys.topics(query), queryFn: () => api.get('/funding/topics', { query }), enabled: !!region, placeholderData: (p) => p });
  const remove = (topicId: string, need: { id: string; title: string }) =>
    modal.confirm({
      title: t('funding.front.topics.confirmRemove'),
      content: need.title,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.del('/funding/topics/:id/needs/:needId', { params: { id: topicId, needId: need.id } });
          void message.success(t('funding.front.topics.removed'));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });
  const filtered = filter !== 'open' || !!search.trim();
  return (
    <div>
      <div className="page-toolbar">
        <Segmented
          value={filter}
          onChange={(v) => (setFilter(v as TopicFilter), setPage(1))}
          options={[
            { value: 'open', label: t('funding.front.topics.filter.open') },
            { value: 'closed', label: t('funding.front.topics.filter.closed') },
            { value: 'all', label: t('funding.front.topics.filter.all') },
          ]}
          data-testid="topics-filter"
        />
        <Input.Search allowClear placeholder={t('funding.front.topics.search')} onSearch={(v) => (setSearch(v), setPage(1))} style={{ width: 220 }} />
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!q.data && !q.isError && <Skeleton active />}
      {q.data && q.data.items.length === 0 && (
        <Empty description={filtered ? t('funding.front.topics.emptyFiltered') : t('funding.front.topics.empty')} data-testid="topics-empty" />
      )}
      {q.data && q.data.items.length > 0 && (
        <Row gutter={[16, 16]} data-testid="topics-list">
          {q.data.items.map((topic) => {
            const closed = topic.status === 'closed';
            return (
              <Col key={topic.id} xs={24} lg={12}>
                <Card
                  size="small"
                  title={
                    <Space wrap size={4}>
                      <span>{topic.title}</span>
                      {closed && <Tag color="default">{t('funding.front.topics.closedTag')}</Tag>}
                    </Space>
                  }
                  extra={
                    <Space size={0}>
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ topic, mode: 'rename' })} data-testid="topic-rename">
                        {t('funding.front.topics.rename')}
                      </Button>
                      {!closed && (
                        <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setEditing({ topic, mode: 'close' })} data-testid="topic-close">
                          {t('funding.front.topics.close')}
                        </Button>
                      )}
                    </Space>
                  }
                  data-testid="topic-card"
                >
                  {closed && (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginBottom: 8 }}
                      title={t('funding.front.topics.closedBecause', { reason: topic.closeReason, at: formatDateTime(topic.closedAt) })}
                    />
                  )}
                  {topic.description && <Typography.Paragraph type="secondary">{topic.description}</Typography.Paragraph>}
                  <Typography.Text strong>{t('funding.front.topics.needs', { count: topic.needs.length })}</Typography.Text>
                  <div style={{ margin: '8px 0' }}>
                    {topic.needs.length === 0 && <Typography.Text type="secondary">{t('funding.front.topics.noNeeds')}</Typography.Text>}
                    {topic.needs.map((n) => (
                      <Tag
                        key={n.id}
                        closable={!closed}
                        onClose={(e) => {
                          e.preventDefault();
                          remove(topic.id, n);
                        }}
                        style={{ marginBottom: 4 }}
                      >
                        {n.title}
                      </Tag>
                    ))}
                  </div>
                  <Typography.Text strong>{t('funding.front.topics.calls')}</Typography.Text>
                  {topic.calls.length === 0 ? (
                    <div>
                      <Typography.Text type="secondary">{closed ? t('funding.front.topics.noCallsClosed') : t('funding.front.topics.noCalls')}</Typography.Text>
                    </div>
                  ) : (
                    <TopicCalls calls={topic.calls} />
                  )}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      {q.data && q.data.total > PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'right' }}
          current={page}
          pageSize={PAGE_SIZE}
          total={q.data.total}
          onChange={setPage}
          showTotal={(total) => t('funding.front.topics.total', { total })}
          showSizeChanger={false}
        />
      )}
      {editing && <TopicEditModal topic={editing.topic} mode={editing.mode} onClose={() => setEditing(null)} />}
    </div>
  );
}

const CALLS_SHOWN = 3;

/** The calls funding a topic, newest first: the latest few, the rest behind a link (a topic funded yearly has many). */
function TopicCalls({ calls }: { calls: TTopic['calls'] }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? calls : calls.slice(0, CALLS_SHOWN);
  return (
    <>
      <List
        size="small"
        dataSource={shown}
        renderItem={(c) => (
          <List.Item>
            <Link to={`/funding/calls/${c.id}`}>
              {c.year} · {c.title}
            </Link>
            <Typography.Text type="secondary">{frontLabel(t, 'step', c.step)}</Typography.Text>
          </List.Item>
        )}
      />
      {calls.length > CALLS_SHOWN && (
        <Button type="link" size="small" onClick={() => setAll(!all)} style={{ paddingLeft: 0 }}>
          {all ? t('funding.front.topics.fewerCalls') : t('funding.front.topics.moreCalls', { count: calls.length - CALLS_SHOWN })}
        </Button>
      )}
    </>
  );
}

/** Renames a topic, or closes it with the reason (confirmed: a closed topic cannot be reopened here). */
function TopicEditModal({ topic, mode, onClose }: { topic: TTopic; mode: 'rename' | 'close'; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const refresh = useFundingRefresh();
  const [form] = Form.useForm<{ title: string; description?: string; reason: string }>();
  const { busy, submit } = useFormSubmit(form, {
    success: t(mode === 'rename' ? 'funding.front.topics.renamed' : 'funding.front.topics.closed'),
    done: () => {
      refresh();
      onClose();
    },
  });
  const titleLabel = t('funding.front.topics.title');
  const reasonLabel = t('funding.front.topics.closeReason');
  const send =
    mode === 'rename'
      ? submit((v) => api.patch('/funding/topics/:id', { params: { id: topic.id }, body: { title: v.title, description: v.description?.trim() || null } }))
      : submit(
          (v) =>
            new Promise<unknown>((resolve, reject) =>
              modal.confirm({
                title: t('funding.front.topics.confirmClose', { title: topic.title }),
                content: t('funding.front.topics.confirmCloseText'),
                okText: t('common.confirm'),
                cancelText: t('common.cancel'),
                okButtonProps: { danger: true },
                onOk: () => api.post('/funding/topics/:id/close', { params: { id: topic.id }, body: { reason: v.reason } }).then(resolve, reject),
                // Not confirmed: nothing was sent, so no success message and the form stays open.
                onCancel: () => resolve(false),
              }),
            ),
        );
  return (
    <FormModal
      title={t(mode === 'rename' ? 'funding.front.topics.rename' : 'funding.front.topics.close')}
      open
      busy={busy}
      onCancel={onClose}
      okTestId="topic-edit-ok"
      okText={mode === 'close' ? t('funding.front.topics.close') : undefined}
      onOk={send}
    >
      <Form form={form} layout="vertical" initialValues={{ title: topic.title, description: topic.description ?? '' }} preserve={false}>
        {mode === 'rename' ? (
          <>
            <Form.Item name="title" label={titleLabel} rules={[{ required: true, whitespace: true, message: t('funding.front.form.required', { field: titleLabel }) }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="description" label={t('funding.front.topics.description')}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          </>
        ) : (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('funding.front.topics.closeHint')} />
            <Form.Item name="reason" label={reasonLabel} rules={[{ required: true, whitespace: true, message: t('funding.front.form.required', { field: reasonLabel }) }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </>
        )}
      </Form>
    </FormModal>
  );
}

/** A new topic from the needs selected in the pool. */
export function TopicCreateModal({ open, needs, onClose }: { open: boolean; needs: TNeed[]; onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const [form] = Form.useForm<TTopicBody>();
  const refresh = useFundingRefresh();
  const { busy, submit } = useFormSubmit(form, {
    success: t('funding.front.topics.created'),
    done: () => {
      refresh();
      onClose(true);
    },
  });
  const titleLabel = t('funding.front.topics.title');
  return (
    <FormModal
      title={t('funding.front.topics.create')}
      open={open}
      busy={busy}
      onCancel={() => onClose(false)}
      okTestId="topic-create-ok"
      onOk={submit((v) => api.post('/funding/topics', { body: { ...v, description: v.description || undefined, needIds: needs.map((n) => n.id) } }))}
    >
      <Form form={form} layout="vertical" initialValues={{ regionCode: needs[0]?.regionCode ?? regionCode }} preserve={false}>
        <Form.Item name="title" label={titleLabel} rules={[{ required: true, whitespace: true, message: t('funding.front.form.required', { field: titleLabel }) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('funding.front.topics.description')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('funding.front.needs.region')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item label={t('funding.front.topics.needs', { count: needs.length })}>
          {needs.map((n) => (
            <Tag key={n.id} style={{ marginBottom: 4 }}>
              {n.title}
            </Tag>
          ))}
        </Form.Item>
      </Form>
    </FormModal>
  );
}

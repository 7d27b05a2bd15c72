import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Grid, Input, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { frontLabel, NEED_STATUS_COLOR } from './labels';
import { FrontHistory } from './FrontHistory';
import { NeedOutcome } from './NeedOutcome';
import { frontKeys, useFundingRefresh } from './queries';

type Action = 'merge' | 'close' | 'topic';

/** One need: what it asks, where it came from, what became of it; staff merge, close or file it under a topic. */
export function NeedDrawer({ id, onClose, readOnly }: { id: string | undefined; onClose: () => void; readOnly?: boolean }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [action, setAction] = useState<Action | null>(null);
  const q = useQuery({ queryKey: frontKeys.need(id), queryFn: () => api.get('/funding/needs/:id', { params: { id: id! } }), enabled: !!id });
  const need = q.data;
  const actionable = !readOnly && need && (need.status === 'open' || need.status === 'in_topic');
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={need?.title ?? t('funding.front.needs.detail')}
      destroyOnHidden
      extra={
        actionable && (
          <Space wrap>
            <Button onClick={() => setAction('topic')} data-testid="need-to-topic">
              {t('funding.front.needs.toTopic')}
            </Button>
            <Button onClick={() => setAction('merge')} data-testid="need-merge">
              {t('funding.front.needs.merge')}
            </Button>
            <Button danger onClick={() => setAction('close')} data-testid="need-close">
              {t('funding.front.needs.close')}
            </Button>
          </Space>
        )
      }
    >
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!need && !q.isError && <Skeleton active />}
      {need && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <NeedOutcome need={need} />
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('funding.front.needs.status')}>
              <Tag color={NEED_STATUS_COLOR[need.status]}>{frontLabel(t, 'needStatus', need.status)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('funding.front.needs.description')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{need.description}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('funding.front.needs.source')}>
              {frontLabel(t, 'needSource', need.source)}
              {need.sourceName ? ` · ${need.sourceName}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('funding.front.needs.beneficiaries')}>{need.beneficiaries ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('funding.front.needs.region')}>{need.regionName ?? need.regionCode}</Descriptions.Item>
            <Descriptions.Item label={t('funding.front.needs.topic')}>{need.topic?.title ?? '—'}</Descriptions.Item>
            {need.mergedInto && <Descriptions.Item label={t('funding.front.needs.mergedInto')}>{need.mergedInto.title}</Descriptions.Item>}
            <Descriptions.Item label={t('funding.front.needs.calls')}>
              {need.calls.length === 0
                ? '—'
                : need.calls.map((c) => (
                    <div key={c.id}>
                      {c.year} · {c.title} · {frontLabel(t, 'step', c.step)}
                    </div>
                  ))}
            </Descriptions.Item>
            {need.closeReason && <Descriptions.Item label={t('funding.front.needs.closeReason')}>{need.closeReason}</Descriptions.Item>}
            <Descriptions.Item label={t('funding.front.needs.createdAt')}>{formatDateTime(need.createdAt)}</Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('funding.front.history.title')}</Typography.Title>
            <FrontHistory history={need.history} testid="need-history" />
          </div>
        </Space>
      )}
      {need && action && <NeedActionModal need={need} action={action} onClose={() => setAction(null)} />}
    </Drawer>
  );
}

function NeedActionModal({ need, action, onClose }: { need: { id: string; title: string; regionCode: string }; action: Action; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const [form] = Form.useForm<{ intoId?: string; topicId?: string; reason?: string }>();
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const candidates = useQuery({
    queryKey: frontKeys.needs({ pick: need.regionCode, q: search }),
    queryFn: () => api.get('/funding/needs', { query: { q: search.trim() || undefined, pageSize: 50, sort: '-createdAt' } }),
    enabled: action === 'merge',
  });
  // Only open topics take needs; the widest region the curator reaches, so a district topic is offered for a street's need.
  const topicQuery = { status: 'open' as const, pageSize: 100 };
  const topics = useQuery({
    queryKey: frontKeys.topics(topicQuery),
    queryFn: () => api.get('/funding/topics', { query: topicQuery }),
    enabled: action === 'topic',
  });
  const send = async () => {
    let v: { intoId?: string; topicId?: string; reason?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const run = async () => {
      setBusy(true);
      try {
        const params = { id: need.id };
        if (action === 'merge') await api.post('/funding/needs/:id/merge', { params, body: { intoId: v.intoId!, reason: v.reason?.trim() || undefined } });
        else if (action === 'close') await api.post('/funding/needs/:id/close', { params, body: { reason: v.reason ?? '' } });
        else await api.post('/funding/topics/:id/needs', { params: { id: v.topicId! }, body: { needIds: [need.id] } });
        void message.success(t(`funding.front.needs.done.${action}`));
        refresh();
        onClose();
      } catch (e) {
        showError(e, form);
      } finally {
        setBusy(false);
      }
    };
    if (action === 'topic') return run();
    const kept = candidates.data?.items.find((n) => n.id === v.intoId)?.title;
    modal.confirm({
      title: t(action === 'merge' ? 'funding.front.needs.confirmMerge' : 'funding.front.needs.confirmClose'),
      content: action === 'merge' ? t('funding.front.needs.confirmMergeText', { duplicate: need.title, kept }) : need.title,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: run,
    });
  };
  const reasonLabel = t(action === 'close' ? 'funding.front.needs.closeReason' : 'funding.front.needs.mergeReason');
  return (
    <Modal
      open
      title={t(`funding.front.needs.${action === 'topic' ? 'toTopic' : action}`)}
      onCancel={onClose}
      onOk={send}
      confirmLoading={busy}
      okText={action === 'topic' ? t('common.save') : t('common.next')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'need-action-ok' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false}>
        {action === 'merge' && (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('funding.front.needs.mergeHint', { title: need.title })} />
            <Form.Item name="intoId" label={t('funding.front.needs.kept')} rules={[{ required: true, message: t('funding.front.form.required', { field: t('funding.front.needs.kept') }) }]}>
              <Select
                showSearch={{ filterOption: false, onSearch: setSearch }}
                loading={candidates.isFetching}
                placeholder={t('funding.front.needs.keptHint')}
                options={(candidates.data?.items ?? [])
                  .filter((n) => n.id !== need.id && n.status !== 'merged' && n.status !== 'closed')
                  .map((n) => ({ value: n.id, label: `${n.title}（${n.regionName ?? n.regionCode}）` }))}
                data-testid="need-merge-into"
              />
            </Form.Item>
          </>
        )}
        {action === 'topic' && (
          <Form.Item name="topicId" label={t('funding.front.needs.topic')} rules={[{ required: true, message: t('funding.front.form.required', { field: t('funding.front.needs.topic') }) }]}>
            <Select
              loading={topics.isFetching}
              placeholder={t('funding.front.topics.pick')}
              notFoundContent={t('funding.front.topics.noneYet')}
              options={(topics.data?.items ?? []).map((tp) => ({ value: tp.id, label: tp.title }))}
            />
          </Form.Item>
        )}
        {action !== 'topic' && (
          <Form.Item
            name="reason"
            label={reasonLabel}
            rules={action === 'close' ? [{ required: true, whitespace: true, message: t('funding.front.form.required', { field: reasonLabel }) }] : []}
            extra={action === 'close' ? t('funding.front.needs.closeReasonHint') : undefined}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCallDetail } from '@shared/funding/calls';
import type { TPanel } from '@shared/funding/review';
import { api, ApiError } from '../../../../api/client';
import { tableEmpty } from '../../../../components/TableEmpty';
import { useApiError } from '../../../../components/useApiError';
import { formatFen } from '../../shared/money';
import { reviewKeys, useRefreshFunding } from '../queries';

interface AppRow {
  id: string;
  organizationId: string;
  title: string;
  organizationName: string;
  amountFen: number;
}

/** The applications a panel may be given: screened in, or already in review. */
function useReviewableApplications(callId: string) {
  return useQuery({
    queryKey: reviewKeys.screenedIn(callId),
    queryFn: async () => {
      const [a, b] = await Promise.all(
        (['screened_in', 'in_review'] as const).map((status) => api.get('/funding/applications', { query: { callId, status, pageSize: 100 } })),
      );
      return [...a.items, ...b.items].sort((x, y) => x.title.localeCompare(y.title, 'zh-CN')) as AppRow[];
    },
  });
}

const pairKey = (applicationId: string, expertId: string) => `${applicationId}:${expertId}`;

/**
 * Applications × experts: who reviews what. A pair where the expert declared a tie with the
 * organisation shows the conflict from the start (the panel carries the declarations); one the
 * server refuses since is marked the same way.
 */
export function AssignmentMatrix({ call, panel }: { call: TCallDetail; panel: TPanel }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const apps = useReviewableApplications(call.id);
  const [conflicted, setConflicted] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: string; label: string } | null>(null);
  const open = panel.status === 'open';
  const atReview = call.step === 'review';

  const assign = async (applicationId: string, expertId: string) => {
    setBusy(pairKey(applicationId, expertId));
    try {
      await api.post('/funding/review/panels/:id/assignments', { params: { id: panel.id }, body: { applicationId, expertId } });
      void message.success(t('funding.review.assign.done'));
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.fields.some((f) => f.problem === 'expert_conflicted')) {
        setConflicted((s) => new Set(s).add(pairKey(applicationId, expertId)));
      }
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const byPair = new Map(panel.assignments.map((a) => [pairKey(a.applicationId, a.expertId), a]));
  const declaredTies = new Set(panel.conflicts.map((c) => pairKey(c.organizationId, c.expertId)));
  const rows = apps.data ?? [];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {!atReview && open && <Alert type="warning" showIcon title={t('funding.review.assign.notAtReview')} />}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('funding.review.assign.explain')}
      </Typography.Paragraph>
      <Table<AppRow>
        rowKey="id"
        size="small"
        bordered
        loading={apps.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: tableEmpty(t('funding.review.assign.empty'), apps.isLoading) }}
        data-testid="assignment-matrix"
        columns={[
          {
            title: t('funding.review.assign.application'),
            key: 'app',
            fixed: 'left',
            width: 280,
            render: (_: unknown, r) => (
              <div>
                <Typography.Text strong>{r.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {r.organizationName} · {formatFen(r.amountFen)}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          ...panel.experts.map((e) => ({
            title: (
              <Space orientation="vertical" size={0}>
                <span>
                  {e.displayName}
                  {e.isChair && <Tag style={{ marginInlineStart: 4 }}>{t('funding.review.progress.chair')}</Tag>}
                </span>
                <Typography.Text type={e.declared ? 'secondary' : 'warning'} style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {e.declared ? t('funding.review.assign.declared') : t('funding.review.assign.undeclared')}
                </Typography.Text>
              </Space>
            ),
            key: e.userId,
            align: 'center' as const,
            render: (_: unknown, r: AppRow) => {
              const key = pairKey(r.id, e.userId);
              const a = byPair.get(key);
              if (a)
                return (
                  <Space orientation="vertical" size={2}>
                    <Tag icon={<CheckCircleOutlined />} color={a.scored ? 'green' : 'blue'}>
                      {a.scored ? t('funding.review.assign.scored') : t('funding.review.assign.assigned')}
                    </Tag>
                    {open && (
                      <Button size="small" type="link" onClick={() => setRemoving({ id: a.id, label: `${e.displayName} · ${r.title}` })}>
                        {t('funding.review.assign.remove')}
                      </Button>
                    )}
                  </Space>
                );
              if (conflicted.has(key) || declaredTies.has(pairKey(r.organizationId, e.userId)))
                return (
                  <Tooltip title={t('funding.review.assign.conflictHelp')}>
                    <Tag icon={<StopOutlined />} color="red" data-testid="assign-conflict">
                      {t('funding.review.assign.conflict')}
                    </Tag>
                  </Tooltip>
                );
              return open && atReview ? (
                <Button size="small" loading={busy === key} onClick={() => void assign(r.id, e.userId)} data-testid="assign-cell">
                  {t('funding.review.assign.assign')}
                </Button>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              );
            },
          })),
        ]}
      />
      <RemoveAssignmentModal target={removing} onClose={() => setRemoving(null)} />
    </Space>
  );
}

function RemoveAssignmentModal({ target, onClose }: { target: { id: string; label: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.post('/funding/review/assignments/:id/remove', { params: { id: target!.id }, body: { reason: v.reason.trim() } });
      void message.success(t('funding.review.assign.removed'));
      refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!target}
      title={t('funding.review.assign.removeTitle')}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('funding.review.assign.remove')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph>{target?.label}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('funding.review.reason')} rules={[{ required: true, whitespace: true, message: t('funding.review.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

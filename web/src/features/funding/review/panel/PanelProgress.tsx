import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPanel } from '@shared/funding/review';
import { api } from '../../../../api/client';
import { tableEmpty } from '../../../../components/TableEmpty';
import { useApiError } from '../../../../components/useApiError';
import { formatPoints } from '../labels';
import { reviewKeys, useRefreshFunding } from '../queries';

type Expert = TPanel['experts'][number];
type Assignment = TPanel['assignments'][number];

/** Scores in and missing, by expert and by application; closing the panel. */
export function PanelProgress({ panel }: { panel: TPanel }) {
  const { t } = useTranslation();
  const [closing, setClosing] = useState(false);
  const total = panel.assignments.length;
  const scored = panel.assignments.filter((a) => a.scored).length;
  const open = panel.status === 'open';

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center" size="large">
        <Progress type="circle" size={72} percent={total ? Math.round((scored / total) * 100) : 0} />
        <Typography.Text data-testid="progress-summary">{t('funding.review.progress.summary', { scored, total, missing: total - scored })}</Typography.Text>
        {open && (
          <Button type="primary" danger={scored < total} onClick={() => setClosing(true)} disabled={total === 0} data-testid="panel-close">
            {t('funding.review.close.action')}
          </Button>
        )}
      </Space>
      <Table<Expert>
        rowKey="userId"
        size="small"
        pagination={false}
        dataSource={panel.experts}
        title={() => <Typography.Text strong>{t('funding.review.progress.byExpert')}</Typography.Text>}
        columns={[
          {
            title: t('funding.review.progress.expert'),
            dataIndex: 'displayName',
            render: (v: string, e) => (
              <Space>
                {v}
                {e.isChair && <Tag color="gold">{t('funding.review.progress.chair')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('funding.review.progress.declaration'),
            dataIndex: 'declared',
            render: (v: boolean) => (v ? <Tag color="green">{t('funding.review.assign.declared')}</Tag> : <Tag color="orange">{t('funding.review.assign.undeclared')}</Tag>),
          },
          { title: t('funding.review.progress.assigned'), dataIndex: 'assigned', align: 'right' },
          { title: t('funding.review.progress.scored'), dataIndex: 'scored', align: 'right' },
          {
            title: t('funding.review.progress.missing'),
            key: 'missing',
            align: 'right',
            render: (_: unknown, e) => (e.assigned - e.scored > 0 ? <Typography.Text type="danger">{e.assigned - e.scored}</Typography.Text> : 0),
          },
        ]}
      />
      <Table<Assignment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={panel.assignments}
        locale={{ emptyText: tableEmpty(t('funding.review.progress.noAssignments')) }}
        title={() => <Typography.Text strong>{t('funding.review.progress.byAssignment')}</Typography.Text>}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('funding.review.assign.application'), dataIndex: 'applicationTitle' },
          { title: t('funding.review.organization'), dataIndex: 'organizationName' },
          { title: t('funding.review.progress.expert'), dataIndex: 'expertName' },
          {
            title: t('funding.review.progress.state'),
            dataIndex: 'scored',
            render: (v: boolean) => (v ? <Tag color="green">{t('funding.review.assign.scored')}</Tag> : <Tag>{t('funding.review.progress.waiting')}</Tag>),
          },
          // Values exist only once the panel closed; before, nobody reads another's score.
          ...(open ? [] : [{ title: t('funding.review.progress.total'), dataIndex: 'totalScore', align: 'right' as const, render: (v: number | null) => formatPoints(v) }]),
        ]}
      />
      <ClosePanelModal panel={panel} open={closing} missing={total - scored} total={total} onClose={() => setClosing(false)} />
    </Space>
  );
}

function ClosePanelModal({ panel, open, missing, total, onClose }: { panel: TPanel; open: boolean; missing: number; total: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    let v: { reason?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const ranking = await api.post('/funding/review/panels/:id/close', { params: { id: panel.id }, body: { reason: v.reason?.trim() || undefined } });
      qc.setQueryData([...reviewKeys.ranking(panel.id), i18n.language], ranking);
      void message.success(t('funding.review.close.done'));
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
      open={open}
      title={t('funding.review.close.title')}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('funding.review.close.action')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'panel-close-ok' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('funding.review.close.explain')}</Typography.Paragraph>
      {missing > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.review.close.missing', { missing, total })} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('funding.review.close.reason')}
          rules={missing > 0 ? [{ required: true, whitespace: true, message: t('funding.review.close.reasonRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Divider, Drawer, Form, Grid, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { enumLabel, formatDateTime } from '../../../lib/labels';
import { FilingHistory, FilingPayload } from '../FilingHistory';
import { StatusTag } from '../StatusTag';
import type { TFilingSnapshot } from '@shared/registry/filings';

type Decision = 'approve' | 'return';

export function FilingDetailDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message, modal } = App.useApp();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ comment?: string }>();
  const q = useQuery({
    queryKey: ['registry', 'filing', id],
    queryFn: () => api.get('/registry/filings/:id', { params: { id: id! } }),
    enabled: !!id,
  });

  const decide = async () => {
    let v: { comment?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const d = decision!;
    modal.confirm({
      title: t(d === 'approve' ? 'filing.confirmApprove' : 'filing.confirmReturn'),
      content: q.data?.organization.name,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: d === 'return' },
      onOk: async () => {
        setBusy(true);
        try {
          const params = { id: id! };
          const comment = v.comment?.trim() || undefined;
          if (d === 'approve') await api.post('/registry/filings/:id/approve', { params, body: { comment } });
          // The form requires the reason; an empty one is the server's "required" on the field.
          else await api.post('/registry/filings/:id/return', { params, body: { comment: comment ?? '' } });
          void message.success(t(d === 'approve' ? 'filing.approved' : 'filing.returned'));
          void qc.invalidateQueries({ queryKey: ['registry'] });
          void qc.invalidateQueries({ queryKey: ['dashboard'] });
          setDecision(null);
          onClose();
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  const data = q.data;
  const o = data?.organization;
  // A first filing is reviewed as it was submitted; one submitted before snapshots were kept shows the team as it is.
  const snapshot = data?.filing.kind === 'initial' ? (data.filing.payload.submitted as TFilingSnapshot | undefined) : undefined;
  const facts = snapshot ?? o;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={o ? o.name : t('filing.detail')}
      destroyOnHidden
      extra={
        data && (
          <Space>
            {data.abilities.return && (
              <Button danger onClick={() => setDecision('return')} data-testid="filing-return">
                {t('filing.return')}
              </Button>
            )}
            {data.abilities.approve && (
              <Button type="primary" onClick={() => setDecision('approve')} data-testid="filing-approve">
                {t('filing.approve')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {data?.abilities.approveRefusedFourEyes && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('filing.fourEyes')} data-testid="filing-four-eyes" />
      )}
      {data?.abilities.approveRefusedChanged && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('filing.changedSinceSubmitted')} data-testid="filing-changed" />
      )}
      {!data && !q.isError && <Skeleton active />}
      {data && o && (
        <>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('filing.kind')}>{enumLabel(t, 'filingKind', data.filing.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('filing.state')}>
              <StatusTag status={data.filing.state} group="filingState" />
            </Descriptions.Item>
            <Descriptions.Item label={t('filing.submittedAt')}>{formatDateTime(data.filing.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('org.name')}>
              <Link to={`/registry/${o.id}`}>{o.name}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('org.legalForm')}>{enumLabel(t, 'legalForm', o.legalForm)}</Descriptions.Item>
            <Descriptions.Item label={t('org.region')}>{o.regionName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('org.category')}>{o.categoryName ?? '—'}</Descriptions.Item>
          </Descriptions>
          {snapshot && <Divider titlePlacement="start">{t('filing.snapshot')}</Divider>}
          <Descriptions size="small" bordered column={1} style={snapshot ? undefined : { marginTop: 8 }} data-testid={snapshot ? 'filing-snapshot' : undefined}>
            {snapshot && <Descriptions.Item label={t('org.name')}>{snapshot.name}</Descriptions.Item>}
            <Descriptions.Item label={t('org.memberCount')}>{facts?.memberCount ?? 0}</Descriptions.Item>
            {snapshot && (
              <Descriptions.Item label={t('filing.snapshotLeaders')}>{snapshot.rosterLeaders.length ? snapshot.rosterLeaders.join('、') : '—'}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('org.leaderName')}>{facts?.leaderName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('org.leaderPhone')}>{facts?.leaderPhone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('org.activityContent')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{facts?.activityContent ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('org.venue')}>{facts?.venue ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('org.address')}>{facts?.address ?? '—'}</Descriptions.Item>
          </Descriptions>
          {data.filing.kind !== 'initial' && data.filing.payload && (
            <>
              <Divider titlePlacement="start">{t(data.filing.kind === 'change' ? 'filing.changes' : 'filing.reason')}</Divider>
              <FilingPayload payload={data.filing.payload} />
            </>
          )}
          <Divider titlePlacement="start">{t('filing.history')}</Divider>
          <FilingHistory history={data.history} />
        </>
      )}
      <Modal
        open={!!decision}
        title={t(decision === 'return' ? 'filing.return' : 'filing.approve')}
        onCancel={() => setDecision(null)}
        onOk={decide}
        confirmLoading={busy}
        okText={t('common.next')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'decision-ok' } as Record<string, string>}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Typography.Paragraph type="secondary">
            {t(decision === 'return' ? 'filing.returnExplain' : 'filing.approveExplain')}
          </Typography.Paragraph>
          <Form.Item
            name="comment"
            label={t('filing.comment')}
            rules={decision === 'return' ? [{ required: true, whitespace: true, message: t('filing.commentRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}

import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TApplicationDetail, TScreeningResult } from '@shared/funding/applications';
import { api } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { frontLabel } from './labels';
import { useFundingRefresh } from './queries';

const ICON = {
  pass: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  fail: <CloseCircleFilled style={{ color: '#cf1322' }} />,
  manual: <QuestionCircleFilled style={{ color: '#faad14' }} />,
};
const VERDICT_TYPE = { screened_in: 'success', screened_out: 'error', pending: 'warning' } as const;

/** Each eligibility rule's result with its reason; staff decide the manual ones, with a reason (F4). */
export function ScreeningResults({ application }: { application: TApplicationDetail }) {
  const { t } = useTranslation();
  const [deciding, setDeciding] = useState<TScreeningResult | null>(null);
  const s = application.screening;
  if (!s) return <Typography.Text type="secondary">{t('funding.front.screening.notYet')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="screening-results">
      <Alert
        type={VERDICT_TYPE[s.verdict]}
        showIcon
        title={frontLabel(t, 'verdict', s.verdict)}
        description={t('funding.front.screening.screenedAt', { at: formatDateTime(s.screenedAt) })}
      />
      <List
        size="small"
        bordered
        dataSource={s.results}
        renderItem={(r) => {
          const outcome = r.decision?.outcome ?? r.outcome;
          return (
            <List.Item
              actions={
                application.abilities.decide && r.outcome === 'manual'
                  ? [
                      <Button key="decide" size="small" type={r.decision ? 'default' : 'primary'} onClick={() => setDeciding(r)} data-testid="screening-decide">
                        {t(r.decision ? 'funding.front.screening.redecide' : 'funding.front.screening.decide')}
                      </Button>,
                    ]
                  : undefined
              }
            >
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  {ICON[outcome]}
                  <Typography.Text strong>{r.label}</Typography.Text>
                  <Tag bordered={false}>{frontLabel(t, 'outcome', outcome)}</Tag>
                </Space>
                <Typography.Text type="secondary">{r.reason}</Typography.Text>
                {r.decision && (
                  <Typography.Text>
                    {t('funding.front.screening.decidedBy', { by: r.decision.by, at: formatDateTime(r.decision.at) })}：{r.decision.reason}
                  </Typography.Text>
                )}
                {r.history.map((h, i) => (
                  <Typography.Text key={i} type="secondary" delete>
                    {frontLabel(t, 'outcome', h.outcome)} · {h.by} · {formatDateTime(h.at)}：{h.reason}
                  </Typography.Text>
                ))}
              </Space>
            </List.Item>
          );
        }}
      />
      {deciding && <DecideModal application={application} result={deciding} onClose={() => setDeciding(null)} />}
    </Space>
  );
}

function DecideModal({ application, result, onClose }: { application: TApplicationDetail; result: TScreeningResult; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const [form] = Form.useForm<{ outcome: 'pass' | 'fail'; reason: string }>();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    let v: { outcome: 'pass' | 'fail'; reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    modal.confirm({
      title: t('funding.front.screening.confirmDecide', { outcome: frontLabel(t, 'outcome', v.outcome) }),
      content: `${application.organizationName} · ${result.label}`,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await api.post('/funding/applications/:id/screening/decide', { params: { id: application.id }, body: { index: result.index, outcome: v.outcome, reason: v.reason } });
          void message.success(t('funding.front.screening.decided'));
          refresh();
          onClose();
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      },
    });
  };
  const reason = t('funding.front.screening.reason');
  return (
    <Modal open title={result.label} onCancel={onClose} onOk={send} confirmLoading={busy} okText={t('common.next')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="outcome" label={t('funding.front.screening.outcome')} rules={[{ required: true, message: t('funding.front.form.required', { field: t('funding.front.screening.outcome') }) }]}>
          <Radio.Group
            options={[
              { value: 'pass', label: frontLabel(t, 'outcome', 'pass') },
              { value: 'fail', label: frontLabel(t, 'outcome', 'fail') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={reason} rules={[{ required: true, whitespace: true, message: t('funding.front.form.required', { field: reason }) }]} extra={t('funding.front.screening.reasonHint')}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="screening-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

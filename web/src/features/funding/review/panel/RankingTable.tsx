import { useQuery } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REVIEW_DECISIONS, type TPanel, type TRanking } from '@shared/funding/review';
import { api } from '../../../../api/client';
import { tableEmpty } from '../../../../components/TableEmpty';
import { useApiError } from '../../../../components/useApiError';
import { formatFen } from '../../shared/money';
import { DECISION_COLOR, formatPoints, reviewLabel } from '../labels';
import { reviewKeys, useRefreshFunding } from '../queries';
import '../review.css';

type Item = TRanking['items'][number];

/**
 * The closed panel's ranking with the funding line drawn under the last project the budget reaches;
 * staff move a project across it with a reason, and set the conditions an approved one revises under.
 */
export function RankingTable({ panel, canAdjust }: { panel: TPanel; canAdjust: boolean }) {
  const { t, i18n } = useTranslation();
  // The rule comes in the reader's language: another language is another answer.
  const q = useQuery({ queryKey: [...reviewKeys.ranking(panel.id), i18n.language], queryFn: () => api.get('/funding/review/panels/:id/ranking', { params: { id: panel.id } }) });
  const [adjusting, setAdjusting] = useState<Item | null>(null);
  const [conditioning, setConditioning] = useState<Item | null>(null);
  const items = q.data?.items ?? [];
  // The line falls after the last project the ranking itself funds, before any adjustment.
  const lastFunded = items.reduce((last, it, i) => (it.lineDecision === 'approved' ? i : last), -1);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {q.data && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('funding.review.ranking.budget')}>{formatFen(q.data.budgetFen)}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.ranking.approved')}>
            <span data-testid="ranking-approved">{formatFen(q.data.approvedFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('funding.review.ranking.remaining')}>{formatFen(q.data.budgetFen - q.data.approvedFen)}</Descriptions.Item>
        </Descriptions>
      )}
      {q.data && (
        <Typography.Paragraph type="secondary" data-testid="ranking-rule">
          {q.data.rule}
        </Typography.Paragraph>
      )}
      <Typography.Text type="secondary">
        <span className="funding-line-legend" /> {t('funding.review.ranking.lineLegend')}
        {!canAdjust && ` ${t('funding.review.ranking.adjustClosed')}`}
      </Typography.Text>
      <Table<Item>
        rowKey="applicationId"
        size="middle"
        loading={q.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: tableEmpty(t('funding.review.ranking.empty'), q.isLoading) }}
        rowClassName={(_, i) => (i === lastFunded ? 'funding-line-below' : '')}
        data-testid="ranking-table"
        columns={[
          { title: t('funding.review.ranking.rank'), dataIndex: 'rank', width: 64, render: (v: number | null) => v ?? '—' },
          {
            title: t('funding.review.assign.application'),
            key: 'title',
            render: (_: unknown, r) => (
              <div>
                <Typography.Text strong>{r.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">{r.organizationName}</Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t('funding.review.ranking.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('funding.review.ranking.scores'), dataIndex: 'scoreCount', align: 'right' },
          { title: t('funding.review.ranking.aggregate'), dataIndex: 'aggregate', align: 'right', render: (v: number | null) => <strong>{formatPoints(v)}</strong> },
          {
            title: t('funding.review.ranking.decision'),
            key: 'decision',
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={2}>
                <Tag color={DECISION_COLOR[r.decision]}>{reviewLabel(t, 'decision', r.decision)}</Tag>
                {r.decision !== r.lineDecision && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }}>
                    {t('funding.review.ranking.adjusted', { reason: r.adjustReason ?? '' })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('funding.review.ranking.conditions'),
            dataIndex: 'conditions',
            render: (v: string | null) => (v ? <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 280 }}>{v}</Typography.Paragraph> : '—'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Space wrap>
                {canAdjust && (
                  <Button size="small" onClick={() => setAdjusting(r)} data-testid="ranking-adjust">
                    {t('funding.review.ranking.adjust')}
                  </Button>
                )}
                {r.decision === 'approved' && (
                  <Button size="small" onClick={() => setConditioning(r)} data-testid="ranking-conditions">
                    {t('funding.review.ranking.setConditions')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <AdjustModal item={adjusting} onClose={() => setAdjusting(null)} />
      <ConditionsModal item={conditioning} onClose={() => setConditioning(null)} />
    </Space>
  );
}

function useRankingWrite(onClose: () => void) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [busy, setBusy] = useState(false);
  const run = async <V,>(form: ReturnType<typeof Form.useForm<V>>[0], send: (v: V) => Promise<unknown>) => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await send(v);
      void message.success(t('common.saved'));
      refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

function AdjustModal({ item, onClose }: { item: Item | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: Item['decision']; reason: string }>();
  const { busy, run } = useRankingWrite(onClose);
  return (
    <Modal
      open={!!item}
      title={t('funding.review.ranking.adjustTitle', { title: item?.title ?? '' })}
      onOk={() =>
        void run(form, (v) =>
          api.post('/funding/review/results/:applicationId/adjust', { params: { applicationId: item!.applicationId }, body: { decision: v.decision, reason: v.reason.trim() } }),
        )
      }
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('funding.review.ranking.adjustExplain')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ decision: item?.decision === 'approved' ? 'not_funded' : 'approved' }}>
        <Form.Item name="decision" label={t('funding.review.ranking.decision')} rules={[{ required: true }]}>
          <Radio.Group options={REVIEW_DECISIONS.map((d) => ({ value: d, label: reviewLabel(t, 'decision', d) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('funding.review.reason')} rules={[{ required: true, whitespace: true, message: t('funding.review.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ConditionsModal({ item, onClose }: { item: Item | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ conditions: string }>();
  const { busy, run } = useRankingWrite(onClose);
  return (
    <Modal
      open={!!item}
      title={t('funding.review.ranking.conditionsTitle', { title: item?.title ?? '' })}
      onOk={() =>
        void run(form, (v) =>
          api.put('/funding/review/results/:applicationId/conditions', { params: { applicationId: item!.applicationId }, body: { conditions: v.conditions.trim() } }),
        )
      }
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ conditions: item?.conditions ?? '' }}>
        <Form.Item
          name="conditions"
          label={t('funding.review.ranking.conditions')}
          extra={t('funding.review.ranking.conditionsHelp')}
          rules={[{ required: true, whitespace: true, message: t('funding.review.ranking.conditionsRequired') }]}
        >
          <Input.TextArea rows={6} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

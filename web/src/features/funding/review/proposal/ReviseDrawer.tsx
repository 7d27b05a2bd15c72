import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TProposalVersion, TReviseBody } from '@shared/funding/optimisation';
import { api } from '../../../../api/client';
import { useApiError } from '../../../../components/useApiError';
import { formatFen, MoneyInput } from '../../shared/money';
import { useRefreshFunding } from '../queries';

type Values = TReviseBody;

const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

/**
 * The organisation revises its approved proposal: every field of the latest version, prefilled; the
 * budget lines must add up to the amount, which may not exceed the approved one. A new version results.
 */
export function ReviseDrawer(props: { open: boolean; onClose: () => void; applicationId: string; latest: TProposalVersion; approvedFen: number; conditions: string | null }) {
  const { open, onClose, applicationId, latest, approvedFen, conditions } = props;
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const lines = (Form.useWatch(['content', 'budgetLines'], form) as { amountFen?: number | null }[] | undefined) ?? [];
  const amount = Form.useWatch(['content', 'amountFen'], form) as number | null | undefined;
  const sum = lines.reduce((s, l) => s + (l?.amountFen ?? 0), 0);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const c = v.content;
    const body: TReviseBody = {
      note: v.note.trim(),
      content: {
        title: c.title.trim(),
        summary: blank(c.summary),
        goals: blank(c.goals),
        targetBeneficiaries: blank(c.targetBeneficiaries),
        beneficiaryCount: c.beneficiaryCount ?? null,
        amountFen: c.amountFen,
        activities: (c.activities ?? []).map((a) => ({ name: a.name.trim(), startsOn: a.startsOn || null, endsOn: a.endsOn || null, description: blank(a.description) })),
        indicators: (c.indicators ?? []).map((i) => ({ name: i.name.trim(), target: i.target.trim(), unit: blank(i.unit) })),
        budgetLines: (c.budgetLines ?? []).map((l) => ({ item: l.item.trim(), category: blank(l.category), amountFen: l.amountFen, note: blank(l.note) })),
      },
    };
    modal.confirm({
      title: t('funding.review.revise.confirmTitle'),
      content: t('funding.review.revise.confirmText', { version: latest.version + 1 }),
      okText: t('funding.review.revise.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await api.post('/funding/proposals/:applicationId/versions', { params: { applicationId }, body });
          void message.success(t('funding.review.revise.done'));
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

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('funding.review.revise.title', { version: latest.version })}
      size="large"
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="revise-submit">
          {t('funding.review.revise.submit')}
        </Button>
      }
    >
      {conditions && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('funding.review.optimisation.conditions')} description={<span style={{ whiteSpace: 'pre-wrap' }}>{conditions}</span>} />}
      <Form<Values> form={form} layout="vertical" initialValues={{ content: latest.content, note: '' }} data-testid="revise-form">
        <Form.Item name={['content', 'title']} label={t('funding.review.proposal.title')} rules={[{ required: true, whitespace: true, message: t('funding.review.revise.titleRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name={['content', 'summary']} label={t('funding.review.proposal.summary')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name={['content', 'goals']} label={t('funding.review.proposal.goals')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name={['content', 'targetBeneficiaries']} label={t('funding.review.proposal.targetBeneficiaries')} style={{ minWidth: 280 }}>
            <Input maxLength={1000} />
          </Form.Item>
          <Form.Item name={['content', 'beneficiaryCount']} label={t('funding.review.proposal.beneficiaryCount')}>
            <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Space>

        <Typography.Title level={5}>{t('funding.review.proposal.activities')}</Typography.Title>
        <Form.List name={['content', 'activities']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />}>
                  <Form.Item name={[f.name, 'name']} label={t('funding.review.proposal.activityName')} rules={[{ required: true, whitespace: true, message: t('funding.review.revise.activityNameRequired') }]}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name={[f.name, 'startsOn']} label={t('funding.review.revise.startsOn')}>
                      <Input type="date" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'endsOn']} label={t('funding.review.revise.endsOn')}>
                      <Input type="date" />
                    </Form.Item>
                  </Space>
                  <Form.Item name={[f.name, 'description']} label={t('funding.review.proposal.description')} style={{ marginBottom: 0 }}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', startsOn: null, endsOn: null, description: null })} style={{ marginBottom: 16 }}>
                {t('funding.review.revise.addActivity')}
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('funding.review.proposal.indicators')}</Typography.Title>
        <Form.List name={['content', 'indicators']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('funding.review.revise.indicatorRequired') }]}>
                    <Input maxLength={200} placeholder={t('funding.review.proposal.indicatorName')} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'target']} rules={[{ required: true, whitespace: true, message: t('funding.review.revise.targetRequired') }]}>
                    <Input maxLength={200} placeholder={t('funding.review.proposal.target')} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']}>
                    <Input maxLength={50} placeholder={t('funding.review.revise.unit')} style={{ width: 90 }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', target: '', unit: null })} style={{ marginBottom: 16 }}>
                {t('funding.review.revise.addIndicator')}
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('funding.review.proposal.budget')}</Typography.Title>
        <Form.List
          name={['content', 'budgetLines']}
          rules={[
            {
              validator: async (_, list: unknown[] | undefined) => {
                if (!list?.length) throw new Error(t('funding.review.revise.budgetRequired'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" style={{ display: 'flex' }} data-testid="revise-budget-line">
                  <Form.Item name={[f.name, 'item']} rules={[{ required: true, whitespace: true, message: t('funding.review.revise.itemRequired') }]}>
                    <Input maxLength={200} placeholder={t('funding.review.proposal.item')} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'category']}>
                    <Input maxLength={100} placeholder={t('funding.review.proposal.category')} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amountFen']} rules={[{ required: true, message: t('funding.review.revise.lineAmountRequired') }]}>
                    <MoneyInput style={{ width: 150 }} placeholder={t('funding.review.proposal.lineAmount')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']}>
                    <Input maxLength={500} placeholder={t('funding.review.proposal.note')} style={{ width: 160 }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ item: '', category: null, amountFen: null, note: null })}>
                {t('funding.review.revise.addLine')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Typography.Paragraph style={{ marginTop: 12 }} type={amount !== undefined && amount !== null && sum !== amount ? 'danger' : 'secondary'} data-testid="revise-sum">
          {t('funding.review.revise.sum', { sum: formatFen(sum), amount: formatFen(amount ?? 0) })}
        </Typography.Paragraph>
        <Form.Item
          name={['content', 'amountFen']}
          label={t('funding.review.proposal.amount')}
          extra={t('funding.review.revise.amountHelp', { max: formatFen(approvedFen) })}
          rules={[
            { required: true, message: t('funding.review.revise.amountRequired') },
            {
              validator: async (_, v: number | null) => {
                if (v !== null && v !== undefined && v > approvedFen) throw new Error(t('funding.review.revise.amountOver', { max: formatFen(approvedFen) }));
                if (v !== null && v !== undefined && v !== sum) throw new Error(t('funding.review.revise.amountSum', { sum: formatFen(sum) }));
              },
            },
          ]}
        >
          <MoneyInput style={{ width: 200 }} />
        </Form.Item>
        <Button size="small" onClick={() => form.setFieldValue(['content', 'amountFen'], sum)} style={{ marginTop: -12, marginBottom: 16 }}>
          {t('funding.review.revise.useSum')}
        </Button>
        <Form.Item name="note" label={t('funding.review.revise.note')} extra={t('funding.review.revise.noteHelp')} rules={[{ required: true, whitespace: true, message: t('funding.review.revise.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

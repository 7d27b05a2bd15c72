import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCallDetail } from '@shared/funding/calls';
import { AGGREGATIONS, type Aggregation, type TCriterion, type TPanel } from '@shared/funding/review';
import { api } from '../../../../api/client';
import { useApiError } from '../../../../components/useApiError';
import { chinaPickerValue, fromChinaPicker } from '../../front/time';
import { reviewLabel } from '../labels';
import { reviewKeys, useRefreshFunding } from '../queries';
import { defaultRubric, RubricEditor, withCodes, type CriterionRow } from './RubricEditor';

interface Values {
  expertIds: string[];
  chairId?: string;
  aggregation: Aggregation;
  criteria: CriterionRow[];
  reviewDeadline?: Dayjs | null;
}

/**
 * Reviewer accounts of the call's region to choose from (GET /funding/reviewers: id, name and the
 * region of their reviewer role), with the experts already on the panel.
 */
function useReviewerOptions(call: TCallDetail, panel: TPanel | null) {
  const q = useQuery({
    queryKey: [...reviewKeys.reviewers, call.regionCode],
    queryFn: () => api.get('/funding/reviewers', { query: { region: call.regionCode, pageSize: 100 } }),
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const byId = new Map<string, { label: string; region?: string }>();
    for (const e of panel?.experts ?? []) byId.set(e.userId, { label: e.displayName });
    for (const u of q.data?.items ?? []) byId.set(u.id, { label: u.displayName, region: u.regionName });
    return [...byId].map(([value, o]) => ({ value, label: o.label, region: o.region }));
  }, [panel, q.data]);
  return { options, loading: q.isLoading, failed: q.isError };
}

/** Sets up the panel of a call (experts, chair, rubric, aggregation, deadline) or changes an open one. */
export function PanelSetupForm({ call, panel }: { call: TCallDetail; panel: TPanel | null }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const reviewers = useReviewerOptions(call, panel);
  const closed = panel?.status === 'closed';
  const scored = !!panel?.assignments.some((a) => a.scored);
  const existing = new Set(panel?.experts.map((e) => e.userId) ?? []);
  const expertIds = (Form.useWatch('expertIds', form) as string[] | undefined) ?? [];
  const aggregation = Form.useWatch('aggregation', form) as Aggregation | undefined;

  const initial: Values = panel
    ? {
        expertIds: panel.experts.map((e) => e.userId),
        chairId: panel.chairId,
        aggregation: panel.aggregation,
        criteria: panel.criteria,
        reviewDeadline: chinaPickerValue(panel.reviewDeadline),
      }
    : { expertIds: [], aggregation: 'mean', criteria: defaultRubric(t), reviewDeadline: null };

  const send = async (v: Values) => {
    const criteria = withCodes(v.criteria).map((c) => ({ code: c.code!, name: c.name!.trim(), weight: Number(c.weight), maxScore: Number(c.maxScore) })) as TCriterion[];
    const reviewDeadline = fromChinaPicker(v.reviewDeadline)!;
    setBusy(true);
    try {
      if (!panel) {
        await api.post('/funding/review/panels', {
          body: { callId: call.id, aggregation: v.aggregation, criteria, reviewDeadline, expertIds: v.expertIds, chairId: v.chairId! },
        });
        void message.success(t('funding.review.setup.created'));
      } else {
        const added = v.expertIds.filter((id) => !existing.has(id));
        const changedRubric = JSON.stringify(criteria) !== JSON.stringify(panel.criteria);
        await api.patch('/funding/review/panels/:id', {
          params: { id: panel.id },
          body: {
            aggregation: v.aggregation !== panel.aggregation ? v.aggregation : undefined,
            criteria: changedRubric && !scored ? criteria : undefined,
            reviewDeadline: reviewDeadline !== fromChinaPicker(chinaPickerValue(panel.reviewDeadline)) ? reviewDeadline : undefined,
            addExpertIds: added.length ? added : undefined,
          },
        });
        void message.success(t('common.saved'));
      }
      refresh();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  // Checked before the confirmation, so the question is asked only about a panel that can be created.
  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (panel) return send(v);
    modal.confirm({
      title: t('funding.review.setup.confirmCreate'),
      content: t('funding.review.setup.confirmCreateText'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => send(v),
    });
  };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={initial} disabled={closed} style={{ maxWidth: 880 }} data-testid="panel-setup-form">
      {!panel && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('funding.review.setup.intro')} />}
      {reviewers.failed && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('funding.review.setup.noReviewerList')} />}
      <Form.Item
        name="expertIds"
        label={t('funding.review.setup.experts')}
        extra={panel ? t('funding.review.setup.expertsKept') : t('funding.review.setup.expertsHelp')}
        rules={[{ required: true, type: 'array', min: 1, message: t('funding.review.setup.expertsRequired') }]}
      >
        <Select
          mode="multiple"
          allowClear={!panel}
          loading={reviewers.loading}
          options={reviewers.options.map((o) => ({ value: o.value, label: o.label, region: o.region, disabled: existing.has(o.value) }))}
          optionRender={(o) => (
            <span>
              {o.label}
              {o.data.region && <Typography.Text type="secondary"> · {o.data.region}</Typography.Text>}
            </span>
          )}
          optionFilterProp="label"
          placeholder={t('funding.review.setup.expertsPlaceholder')}
          notFoundContent={t('funding.review.setup.noReviewers')}
          data-testid="panel-experts"
        />
      </Form.Item>
      <Form.Item
        name="chairId"
        label={t('funding.review.setup.chair')}
        extra={t('funding.review.setup.chairHelp')}
        rules={[{ required: true, message: t('funding.review.setup.chairRequired') }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          disabled={!!panel || closed}
          options={reviewers.options.filter((o) => expertIds.includes(o.value)).map((o) => ({ value: o.value, label: o.label }))}
          placeholder={t('funding.review.setup.chairPlaceholder')}
          style={{ maxWidth: 320 }}
          data-testid="panel-chair"
        />
      </Form.Item>
      <Form.Item label={t('funding.review.setup.rubric')} required extra={scored ? t('funding.review.setup.rubricLocked') : t('funding.review.setup.rubricHelp')}>
        <RubricEditor disabled={scored || closed} />
      </Form.Item>
      <Form.Item name="aggregation" label={t('funding.review.setup.aggregation')} rules={[{ required: true }]}>
        <Radio.Group options={AGGREGATIONS.map((a) => ({ value: a, label: reviewLabel(t, 'aggregation', a) }))} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="aggregation-explain">
        {t(`funding.review.setup.aggregationExplain.${aggregation ?? 'mean'}`)}
      </Typography.Paragraph>
      <Form.Item
        name="reviewDeadline"
        label={t('funding.review.setup.deadline')}
        extra={t('funding.review.setup.deadlineHelp')}
        rules={[
          { required: true, message: t('funding.review.setup.deadlineRequired') },
          {
            validator: async (_, d: Dayjs | null) => {
              if (d && !dayjs(fromChinaPicker(d)).isAfter(dayjs())) throw new Error(t('funding.review.setup.deadlinePast'));
            },
          },
        ]}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="panel-deadline" />
      </Form.Item>
      {!closed && (
        <Space>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="panel-save">
            {panel ? t('common.save') : t('funding.review.setup.create')}
          </Button>
        </Space>
      )}
    </Form>
  );
}

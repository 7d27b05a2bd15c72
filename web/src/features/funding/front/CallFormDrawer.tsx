import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, DatePicker, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCallBody, TCallDetail, TEligibilityRule } from '@shared/funding/calls';
import { CALL_TYPES } from '@shared/funding/pipeline';
import { GRADES, LEGAL_FORMS } from '@shared/registry';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { RegionPicker } from '../../../components/RegionPicker';
import { useApiError } from '../../../components/useApiError';
import { enumLabel } from '../../../lib/labels';
import { FundPicker } from '../shared/fund-picker';
import { MoneyInput } from '../shared/money';
import { frontOptions } from './labels';
import { frontKeys, useFundingRefresh } from './queries';
import { chinaPickerValue, fromChinaPicker } from './time';

const RULE_KINDS = ['legal_form', 'region_within', 'min_grade', 'registered_for_months', 'no_failed_inspection', 'manual'] as const;

interface RuleValues {
  kind?: (typeof RULE_KINDS)[number];
  in?: string[];
  code?: string;
  grade?: string;
  months?: number;
  text?: string;
}
interface Values extends Omit<TCallBody, 'deadline' | 'opensAt' | 'eligibility'> {
  deadline?: Dayjs | null;
  opensAt?: Dayjs | null;
  eligibility: RuleValues[];
}

/** Only the keys the rule's kind defines go to the server (a stale field of another kind would be refused). */
function ruleBody(r: RuleValues): TEligibilityRule {
  switch (r.kind) {
    case 'legal_form':
      return { kind: 'legal_form', in: (r.in ?? []) as Extract<TEligibilityRule, { kind: 'legal_form' }>['in'] };
    case 'region_within':
      return { kind: 'region_within', code: r.code ?? '' };
    case 'min_grade':
      return { kind: 'min_grade', grade: r.grade as (typeof GRADES)[number] };
    case 'registered_for_months':
      return { kind: 'registered_for_months', months: r.months ?? 0 };
    case 'manual':
      return { kind: 'manual', text: r.text ?? '' };
    default:
      return { kind: 'no_failed_inspection' };
  }
}

function initialValues(call: TCallDetail | undefined, regionCode: string | undefined): Partial<Values> {
  if (!call) return { regionCode, year: new Date().getFullYear(), callType: 'venture', eligibility: [], form: [], topicIds: [], capFen: null, fundId: null };
  return {
    callType: call.callType,
    regionCode: call.regionCode,
    year: call.year,
    title: call.title,
    description: call.description ?? undefined,
    budgetFen: call.budgetFen,
    capFen: call.capFen,
    deadline: chinaPickerValue(call.deadline),
    opensAt: chinaPickerValue(call.opensAt),
    topicIds: call.topics.map((tp) => tp.id),
    eligibility: call.eligibility.map((e) => ({ ...e.rule }) as RuleValues),
    form: call.form,
    fundId: call.fund?.id ?? null,
  };
}

/** Create or edit a draft call: type, year, money in yuan (sent as fen), dates in China time, topics, rules, questions. */
export function CallFormDrawer({ open, call, onClose }: { open: boolean; call?: TCallDetail; onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { regionCode } = useRegion();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const region = Form.useWatch('regionCode', form);
  const year = Form.useWatch('year', form);
  // Open topics are offered; a topic closed since the draft took it stays on the draft (the server allows that).
  const topicQuery = { region, status: 'open' as const, pageSize: 100 };
  const topics = useQuery({ queryKey: frontKeys.topics(topicQuery), queryFn: () => api.get('/funding/topics', { query: topicQuery }), enabled: open && !!region });
  const topicOptions = [
    ...(topics.data?.items ?? []).map((tp) => ({ value: tp.id, label: tp.title })),
    ...(call?.topics ?? []).filter((tp) => !topics.data?.items.some((o) => o.id === tp.id)).map((tp) => ({ value: tp.id, label: tp.title })),
  ];
  useEffect(() => {
    if (open) form.setFieldsValue(initialValues(call, regionCode) as Values);
  }, [open, call, regionCode, form]);
  const req = (key: string) => [{ required: true, message: t('funding.front.form.required', { field: t(key) }) }];

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: TCallBody = {
      ...v,
      description: v.description || null,
      capFen: v.capFen ?? null,
      deadline: fromChinaPicker(v.deadline)!,
      opensAt: fromChinaPicker(v.opensAt),
      topicIds: v.topicIds ?? [],
      fundId: v.fundId ?? null,
      eligibility: (v.eligibility ?? []).map(ruleBody),
      form: (v.form ?? []).map((q) => ({ ...q, required: !!q.required, maxLength: q.maxLength ?? 2000 })),
    };
    setBusy(true);
    try {
      const saved = call ? await api.patch('/funding/calls/:id', { params: { id: call.id }, body }) : await api.post('/funding/calls', { body });
      refresh();
      onClose(saved.id);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={() => onClose()}
      size={screens.md ? 760 : '100%'}
      title={call ? t('funding.front.callForm.editTitle') : t('funding.front.callForm.createTitle')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={save} data-testid="call-save">
            {t('funding.front.callForm.saveDraft')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="callType" label={t('funding.front.calls.callType')} rules={req('funding.front.calls.callType')}>
              <Select options={frontOptions(t, 'callType', CALL_TYPES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="year" label={t('funding.front.calls.year')} rules={req('funding.front.calls.year')}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('funding.front.calls.callTitle')} rules={[...req('funding.front.calls.callTitle'), { whitespace: true }]}>
          <Input maxLength={200} data-testid="call-title-input" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('funding.front.calls.region')} rules={req('funding.front.calls.region')}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="description" label={t('funding.front.callForm.description')} extra={t('funding.front.callForm.descriptionHint')}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="budgetFen" label={t('funding.front.calls.budget')} rules={req('funding.front.calls.budget')}>
              <MoneyInput data-testid="call-budget" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="capFen" label={t('funding.front.calls.cap')} extra={t('funding.front.callForm.capHint')}>
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="opensAt" label={t('funding.front.calls.opensAt')} extra={t('funding.front.callForm.opensAtHint')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="deadline" label={t('funding.front.calls.deadline')} rules={req('funding.front.calls.deadline')} extra={t('funding.front.callForm.chinaTime')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="call-deadline" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="fundId" label={t('funding.front.callForm.fund')} extra={t('funding.front.callForm.fundHint')}>
          <FundPicker regionCode={region} year={year} availableLabel={t('funding.front.callForm.fundAvailable')} placeholder={t('funding.front.callForm.fundPlaceholder')} emptyText={t('funding.front.callForm.noFunds')} testid="call-fund" />
        </Form.Item>
        <Form.Item name="topicIds" label={t('funding.front.calls.topics')} extra={topics.data?.items.length === 0 ? t('funding.front.callForm.noTopics') : undefined}>
          <Select mode="multiple" loading={topics.isFetching} options={topicOptions} />
        </Form.Item>
        <EligibilityEditor />
        <QuestionsEditor />
      </Form>
    </Drawer>
  );
}

function EligibilityEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="eligibility">
      {(fields, { add, remove }) => (
        <Card size="small" title={t('funding.front.calls.eligibility')} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{t('funding.front.callForm.eligibilityHint')}</Typography.Text>}>
          {fields.map((field) => (
            <Row key={field.key} gutter={8} align="top" wrap>
              <Col xs={24} md={9}>
                <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: t('funding.front.form.required', { field: t('funding.front.callForm.ruleKind') }) }]}>
                  <Select placeholder={t('funding.front.callForm.ruleKind')} options={frontOptions(t, 'ruleKind', RULE_KINDS)} />
                </Form.Item>
              </Col>
              <Col xs={20} md={13}>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => <RuleFields name={field.name} kind={getFieldValue(['eligibility', field.name, 'kind'])} />}
                </Form.Item>
              </Col>
              <Col xs={4} md={2}>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'legal_form' })} data-testid="rule-add">
            {t('funding.front.callForm.addRule')}
          </Button>
        </Card>
      )}
    </Form.List>
  );
}

function RuleFields({ name, kind }: { name: number; kind: string | undefined }) {
  const { t } = useTranslation();
  const need = (key: string) => [{ required: true, message: t('funding.front.form.required', { field: t(key) }) }];
  switch (kind) {
    case 'legal_form':
      return (
        <Form.Item name={[name, 'in']} rules={need('funding.front.callForm.legalForms')}>
          <Select mode="multiple" placeholder={t('funding.front.callForm.legalForms')} options={LEGAL_FORMS.map((f) => ({ value: f, label: enumLabel(t, 'legalForm', f) }))} />
        </Form.Item>
      );
    case 'region_within':
      return (
        <Form.Item name={[name, 'code']} rules={need('funding.front.calls.region')}>
          <RegionPicker />
        </Form.Item>
      );
    case 'min_grade':
      return (
        <Form.Item name={[name, 'grade']} rules={need('funding.front.callForm.grade')}>
          <Select placeholder={t('funding.front.callForm.grade')} options={GRADES.map((g) => ({ value: g, label: g }))} />
        </Form.Item>
      );
    case 'registered_for_months':
      return (
        <Form.Item name={[name, 'months']} rules={need('funding.front.callForm.months')}>
          <InputNumber min={1} max={1200} addonAfter={t('funding.front.callForm.monthsUnit')} placeholder={t('funding.front.callForm.months')} style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'manual':
      return (
        <Form.Item name={[name, 'text']} rules={[...need('funding.front.callForm.ruleText'), { whitespace: true }]}>
          <Input maxLength={500} placeholder={t('funding.front.callForm.ruleText')} />
        </Form.Item>
      );
    case 'no_failed_inspection':
      return <Typography.Text type="secondary">{t('funding.front.callForm.inspectionHint')}</Typography.Text>;
    default:
      return null;
  }
}

function QuestionsEditor() {
  const { t } = useTranslation();
  return (
    <Form.List name="form">
      {(fields, { add, remove }) => (
        <Card size="small" title={t('funding.front.calls.questions')} extra={<Typography.Text type="secondary">{t('funding.front.callForm.questionsHint')}</Typography.Text>}>
          {fields.map((field) => (
            <Row key={field.key} gutter={8} align="top">
              <Col xs={24} md={11}>
                <Form.Item name={[field.name, 'label']} rules={[{ required: true, whitespace: true, message: t('funding.front.form.required', { field: t('funding.front.callForm.questionLabel') }) }]}>
                  <Input maxLength={200} placeholder={t('funding.front.callForm.questionLabel')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name={[field.name, 'key']}
                  rules={[
                    { required: true, message: t('funding.front.form.required', { field: t('funding.front.callForm.questionKey') }) },
                    { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('funding.front.callForm.questionKeyFormat') },
                  ]}
                >
                  <Input placeholder={t('funding.front.callForm.questionKey')} />
                </Form.Item>
              </Col>
              <Col xs={8} md={5}>
                <Form.Item name={[field.name, 'required']} valuePropName="checked">
                  <Checkbox>{t('funding.front.callForm.questionRequired')}</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={4} md={2}>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
              </Col>
              {/* Kept through an edit: the form does not offer it, the call keeps what it was created with. */}
              <Form.Item name={[field.name, 'maxLength']} hidden>
                <InputNumber />
              </Form.Item>
            </Row>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ key: `q${fields.length + 1}`, required: false, maxLength: 2000 })}>
            {t('funding.front.callForm.addQuestion')}
          </Button>
        </Card>
      )}
    </Form.List>
  );
}

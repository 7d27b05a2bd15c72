import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Divider, Form, Grid, Input, InputNumber, Progress, Row, Select, Skeleton, Space, Steps, Tag, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { TApplicationDetail, TUpdateApplicationBody } from '@shared/funding/applications';
import type { TCallDetail } from '@shared/funding/calls';
import { api, ApiError } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { formatFen, MoneyInput } from '../shared/money';
import { FrontHistory } from './FrontHistory';
import { APP_STATUS_COLOR, frontLabel } from './labels';
import { frontKeys, useFundingRefresh } from './queries';
import { ScreeningResults } from './ScreeningResults';
import { chinaDateTime, timeLeft } from './time';

/** The form's steps and the top-level fields each holds, so a server refusal opens the step of its field. */
const STEPS = [
  { key: 'basic', fields: ['title', 'summary', 'topicId', 'amountFen'] },
  { key: 'goals', fields: ['goals', 'targetBeneficiaries', 'beneficiaryCount'] },
  { key: 'activities', fields: ['activities'] },
  { key: 'budget', fields: ['budgetLines'] },
  { key: 'indicators', fields: ['indicators'] },
  { key: 'questions', fields: ['answers'] },
  { key: 'review', fields: [] },
] as const;

interface ActivityValues {
  name?: string;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  description?: string;
}
type Values = Omit<TUpdateApplicationBody, 'activities'> & { activities?: ActivityValues[] };

const toValues = (a: TApplicationDetail): Values => ({
  title: a.title,
  summary: a.summary,
  goals: a.goals,
  topicId: a.topicId,
  targetBeneficiaries: a.targetBeneficiaries,
  beneficiaryCount: a.beneficiaryCount,
  amountFen: a.amountFen,
  answers: a.answers,
  activities: a.activities.map((x) => ({ name: x.name, startsOn: dayjs(x.startsOn), endsOn: dayjs(x.endsOn), description: x.description ?? undefined })),
  budgetLines: a.budgetLines.map((l) => ({ item: l.item, category: l.category, amountFen: l.amountFen, note: l.note })),
  indicators: a.indicators.map((i) => ({ name: i.name, target: i.target, unit: i.unit })),
});

const blank = (s: string | undefined | null) => (s && s.trim() ? s : null);

/** What the form holds, as the contract's body: dates as China dates, empty texts left out. */
function toBody(v: Values): TUpdateApplicationBody {
  return {
    title: v.title ?? '',
    summary: blank(v.summary),
    goals: blank(v.goals),
    topicId: v.topicId ?? null,
    targetBeneficiaries: blank(v.targetBeneficiaries),
    beneficiaryCount: v.beneficiaryCount ?? null,
    amountFen: v.amountFen ?? 0,
    answers: Object.fromEntries(Object.entries(v.answers ?? {}).filter(([, x]) => typeof x === 'string' && x.trim() !== '')),
    activities: (v.activities ?? []).map((x) => ({ name: x.name ?? '', startsOn: x.startsOn?.format('YYYY-MM-DD') ?? '', endsOn: x.endsOn?.format('YYYY-MM-DD') ?? '', description: blank(x.description) })),
    budgetLines: (v.budgetLines ?? []).map((l) => ({ item: l?.item ?? '', category: blank(l?.category), amountFen: l?.amountFen ?? 0, note: blank(l?.note) })),
    indicators: (v.indicators ?? []).map((i) => ({ name: i?.name ?? '', target: i?.target ?? '', unit: blank(i?.unit) })),
  };
}

/** 申报书: a new one (?callId=) or one of the organisation's; a draft is edited step by step, anything else is read. */
export function ApplicationPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const isNew = !id || id === 'new';
  const app = useQuery({ queryKey: frontKeys.application(id), queryFn: () => api.get('/funding/applications/:id', { params: { id: id! } }), enabled: !isNew });
  const callId = isNew ? params.get('callId') : app.data?.callId;
  const call = useQuery({ queryKey: frontKeys.call(callId ?? undefined), queryFn: () => api.get('/funding/calls/:id', { params: { id: callId! } }), enabled: !!callId });
  if (isNew && !callId) return <Alert type="warning" showIcon title={t('funding.front.apps.noCallChosen')} />;
  const error = app.error ?? call.error;
  if (error) return <Alert type="error" showIcon title={(error as Error).message} />;
  if (!call.data || (!isNew && !app.data)) return <Skeleton active />;
  if (app.data && !app.data.abilities.edit) return <ApplicationView application={app.data} call={call.data} />;
  return <ApplicationEditor key={app.data?.id ?? 'new'} application={app.data} call={call.data} />;
}

function DeadlineNotice({ deadline, capFen }: { deadline: string; capFen: number | null }) {
  const { t } = useTranslation();
  const left = timeLeft(deadline);
  return (
    <Alert
      type={left ? (left.days < 3 ? 'warning' : 'info') : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      title={left ? t('funding.front.apps.deadlineLeft', { at: chinaDateTime(deadline), ...left }) : t('funding.front.apps.deadlinePassed', { at: chinaDateTime(deadline) })}
      description={capFen !== null ? t('funding.front.apps.capNotice', { cap: formatFen(capFen) }) : undefined}
      data-testid="application-deadline"
    />
  );
}

function ApplicationEditor({ application, call }: { application: TApplicationDetail | undefined; call: TCallDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ title: string; reasons: string[] } | null>(null);
  useEffect(() => {
    if (application) form.setFieldsValue(toValues(application));
    else form.setFieldsValue({ activities: [], budgetLines: [], indicators: [], answers: {}, amountFen: 0 });
  }, [application, form]);

  /**
   * Lists every reason the server gave above the form, opens the step of the first field it names
   * and, once that step's fields are on screen, marks them (a field not rendered keeps no error).
   */
  const showRefusal = (e: unknown) => {
    const err = showError(e);
    if (!(err instanceof ApiError) || err.status >= 500) return;
    setRefusal({ title: err.message, reasons: err.fields.map((f) => f.message) });
    if (err.fields.length === 0) return;
    const first = err.fields[0]!.field.split('.')[0];
    const at = STEPS.findIndex((s) => (s.fields as readonly string[]).includes(first ?? ''));
    if (at >= 0) setStep(at);
    setTimeout(() => (form as FormInstance).setFields(err.fields.map((f) => ({ name: f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [f.message] }))), 0);
  };

  const save = async (): Promise<string | null> => {
    const values = form.getFieldsValue(true) as Values;
    if (!values.title?.trim()) {
      setStep(0);
      form.setFields([{ name: 'title', errors: [t('funding.front.form.required', { field: t('funding.front.apps.projectTitle') })] }]);
      return null;
    }
    const body = toBody(values);
    setRefusal(null);
    setBusy(true);
    try {
      if (application) {
        await api.patch('/funding/applications/:id', { params: { id: application.id }, body });
        refresh();
        return application.id;
      }
      const created = await api.post('/funding/applications', { body: { ...body, title: body.title!, callId: call.id } });
      refresh();
      navigate(`/funding/applications/${created.id}`, { replace: true });
      return created.id;
    } catch (e) {
      showRefusal(e);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const saveDraft = async () => {
    if (await save()) void message.success(t('funding.front.apps.draftSaved'));
  };

  const submit = () =>
    modal.confirm({
      title: t('funding.front.apps.confirmSubmit'),
      content: t('funding.front.apps.confirmSubmitText', { at: chinaDateTime(call.deadline) }),
      okText: t('common.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        const savedId = await save();
        if (!savedId) return;
        setBusy(true);
        try {
          await api.post('/funding/applications/:id/submit', { params: { id: savedId } });
          void message.success(t('funding.front.apps.submitted'));
          refresh();
          navigate(`/funding/applications/${savedId}`, { replace: true });
        } catch (e) {
          showRefusal(e);
        } finally {
          setBusy(false);
        }
      },
    });

  const withdraw = application?.abilities.withdraw ? <WithdrawButton application={application} /> : null;
  const current = STEPS[step]!.key;
  return (
    <Card>
      <div className="page-toolbar">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/funding/applications')} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {application ? application.title : t('funding.front.apps.new')}
        </Typography.Title>
        {withdraw}
      </div>
      <Typography.Paragraph type="secondary">
        {t('funding.front.apps.call')}：{call.title}
      </Typography.Paragraph>
      <DeadlineNotice deadline={call.deadline} capFen={call.capFen} />
      {refusal && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setRefusal(null)}
          style={{ marginBottom: 16 }}
          title={refusal.title}
          description={
            refusal.reasons.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {refusal.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            )
          }
          data-testid="application-refusal"
        />
      )}
      {screens.md ? (
        <Steps
          size="small"
          current={step}
          onChange={setStep}
          items={STEPS.map((s) => ({ title: t(`funding.front.appForm.step.${s.key}`) }))}
          style={{ marginBottom: 16 }}
          data-testid="application-steps"
        />
      ) : (
        // Seven steps down a phone's screen would push the form out of sight: the step, and a bar of how far.
        <div style={{ marginBottom: 16 }} data-testid="application-steps">
          <Typography.Text strong>{t('funding.front.appForm.stepOf', { n: step + 1, total: STEPS.length, title: t(`funding.front.appForm.step.${current}`) })}</Typography.Text>
          <Progress percent={Math.round(((step + 1) / STEPS.length) * 100)} showInfo={false} size="small" />
        </div>
      )}
      <Form form={form} layout="vertical" data-testid="application-form">
        {current === 'basic' && <BasicStep call={call} />}
        {current === 'goals' && <GoalsStep />}
        {current === 'activities' && <ActivitiesStep year={call.year} />}
        {current === 'budget' && <BudgetStep capFen={call.capFen} />}
        {current === 'indicators' && <IndicatorsStep />}
        {current === 'questions' && <QuestionsStep call={call} />}
        {current === 'review' && <ReviewStep call={call} />}
      </Form>
      <Space wrap style={{ marginTop: 16 }}>
        <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
          {t('funding.front.appForm.prev')}
        </Button>
        {step < STEPS.length - 1 && (
          <Button onClick={() => setStep(step + 1)} data-testid="application-next">
            {t('common.next')}
          </Button>
        )}
        <Button loading={busy} onClick={saveDraft} data-testid="application-save">
          {t('funding.front.apps.saveDraft')}
        </Button>
        {step === STEPS.length - 1 && (
          <Button type="primary" loading={busy} onClick={submit} data-testid="application-submit">
            {t('funding.front.apps.submit')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

function BasicStep({ call }: { call: TCallDetail }) {
  const { t } = useTranslation();
  const label = t('funding.front.apps.projectTitle');
  return (
    <>
      <Form.Item name="title" label={label} rules={[{ required: true, whitespace: true, message: t('funding.front.form.required', { field: label }) }]}>
        <Input maxLength={200} data-testid="application-title" />
      </Form.Item>
      <Form.Item name="summary" label={t('funding.front.appForm.summary')}>
        <Input.TextArea rows={4} maxLength={5000} showCount />
      </Form.Item>
      {call.topics.length > 0 && (
        <Form.Item name="topicId" label={t('funding.front.appForm.topic')}>
          <Select allowClear options={call.topics.map((tp) => ({ value: tp.id, label: tp.title }))} />
        </Form.Item>
      )}
      <Form.Item name="amountFen" label={t('funding.front.apps.amount')} extra={call.capFen !== null ? t('funding.front.apps.capNotice', { cap: formatFen(call.capFen) }) : t('funding.front.appForm.amountHint')}>
        <MoneyInput data-testid="application-amount" />
      </Form.Item>
    </>
  );
}

function GoalsStep() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="goals" label={t('funding.front.appForm.goals')} extra={t('funding.front.appForm.goalsHint')}>
        <Input.TextArea rows={5} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item name="targetBeneficiaries" label={t('funding.front.appForm.targetBeneficiaries')}>
        <Input.TextArea rows={2} maxLength={1000} placeholder={t('funding.front.appForm.targetBeneficiariesHint')} />
      </Form.Item>
      <Form.Item name="beneficiaryCount" label={t('funding.front.appForm.beneficiaryCount')}>
        <InputNumber min={0} max={100_000_000} precision={0} style={{ width: '100%' }} addonAfter={t('funding.front.appForm.people')} />
      </Form.Item>
    </>
  );
}

function ListShell({ title, hint, onAdd, children }: { title: string; hint?: string; onAdd: () => void; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      {hint && <Alert type="info" showIcon title={hint} style={{ marginBottom: 12 }} />}
      {children}
      <Button type="dashed" block icon={<PlusOutlined />} onClick={onAdd}>
        {t('funding.front.appForm.add', { what: title })}
      </Button>
    </>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return <Button type="text" danger icon={<DeleteOutlined />} onClick={onClick} aria-label={t('common.delete')} />;
}

function ActivitiesStep({ year }: { year: number }) {
  const { t } = useTranslation();
  const need = (key: string) => [{ required: true, message: t('funding.front.form.required', { field: t(key) }) }];
  return (
    <Form.List name="activities">
      {(fields, { add, remove }) => (
        <ListShell title={t('funding.front.appForm.activity')} hint={t('funding.front.appForm.activitiesHint', { year })} onAdd={() => add({})}>
          {fields.map((f, i) => (
            <Card key={f.key} size="small" style={{ marginBottom: 12 }} title={t('funding.front.appForm.activityN', { n: i + 1 })} extra={<RemoveButton onClick={() => remove(f.name)} />}>
              <Form.Item name={[f.name, 'name']} label={t('funding.front.appForm.activityName')} rules={need('funding.front.appForm.activityName')}>
                <Input maxLength={200} />
              </Form.Item>
              <Row gutter={8}>
                <Col xs={12}>
                  <Form.Item name={[f.name, 'startsOn']} label={t('funding.front.appForm.startsOn')} rules={need('funding.front.appForm.startsOn')}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name={[f.name, 'endsOn']} label={t('funding.front.appForm.endsOn')} rules={need('funding.front.appForm.endsOn')}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name={[f.name, 'description']} label={t('funding.front.appForm.activityDescription')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Card>
          ))}
        </ListShell>
      )}
    </Form.List>
  );
}

/** The budget lines with their running total, which must equal the amount asked (and stay under the cap). */
function BudgetStep({ capFen }: { capFen: number | null }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const lines = Form.useWatch('budgetLines', { form, preserve: true }) ?? [];
  const amount = (Form.useWatch('amountFen', { form, preserve: true }) as number | undefined) ?? 0;
  const sum = lines.reduce((s, l) => s + (l?.amountFen ?? 0), 0);
  const need = (key: string) => [{ required: true, message: t('funding.front.form.required', { field: t(key) }) }];
  return (
    <Form.List name="budgetLines">
      {(fields, { add, remove }) => (
        <ListShell title={t('funding.front.appForm.budgetLine')} onAdd={() => add({})}>
          {fields.map((f) => (
            <Row key={f.key} gutter={8} align="top">
              <Col xs={24} md={7}>
                <Form.Item name={[f.name, 'item']} rules={need('funding.front.appForm.item')}>
                  <Input maxLength={200} placeholder={t('funding.front.appForm.item')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item name={[f.name, 'category']}>
                  <Input maxLength={100} placeholder={t('funding.front.appForm.category')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item name={[f.name, 'amountFen']} rules={need('funding.front.appForm.lineAmount')}>
                  <MoneyInput placeholder={t('funding.front.appForm.lineAmount')} />
                </Form.Item>
              </Col>
              <Col xs={20} md={5}>
                <Form.Item name={[f.name, 'note']}>
                  <Input maxLength={500} placeholder={t('funding.front.appForm.note')} />
                </Form.Item>
              </Col>
              <Col xs={4} md={2}>
                <RemoveButton onClick={() => remove(f.name)} />
              </Col>
            </Row>
          ))}
          <div style={{ margin: '8px 0 12px' }} data-testid="budget-total">
            <Typography.Text className={`funding-total${sum !== amount ? ' mismatch' : ''}`}>
              {t('funding.front.appForm.total', { sum: formatFen(sum), amount: formatFen(amount) })}
            </Typography.Text>
            {sum !== amount && (
              <div>
                <Typography.Text type="danger">{t('funding.front.appForm.totalMismatch', { diff: formatFen(Math.abs(sum - amount)) })}</Typography.Text>
              </div>
            )}
            {capFen !== null && amount > capFen && (
              <div>
                <Typography.Text type="danger">{t('funding.front.appForm.overCap', { cap: formatFen(capFen) })}</Typography.Text>
              </div>
            )}
          </div>
        </ListShell>
      )}
    </Form.List>
  );
}

function IndicatorsStep() {
  const { t } = useTranslation();
  const need = (key: string) => [{ required: true, whitespace: true, message: t('funding.front.form.required', { field: t(key) }) }];
  return (
    <Form.List name="indicators">
      {(fields, { add, remove }) => (
        <ListShell title={t('funding.front.appForm.indicator')} hint={t('funding.front.appForm.indicatorsHint')} onAdd={() => add({})}>
          {fields.map((f) => (
            <Row key={f.key} gutter={8} align="top">
              <Col xs={24} md={10}>
                <Form.Item name={[f.name, 'name']} rules={need('funding.front.appForm.indicatorName')}>
                  <Input maxLength={200} placeholder={t('funding.front.appForm.indicatorName')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={7}>
                <Form.Item name={[f.name, 'target']} rules={need('funding.front.appForm.target')}>
                  <Input maxLength={200} placeholder={t('funding.front.appForm.target')} />
                </Form.Item>
              </Col>
              <Col xs={8} md={5}>
                <Form.Item name={[f.name, 'unit']}>
                  <Input maxLength={50} placeholder={t('funding.front.appForm.unit')} />
                </Form.Item>
              </Col>
              <Col xs={4} md={2}>
                <RemoveButton onClick={() => remove(f.name)} />
              </Col>
            </Row>
          ))}
        </ListShell>
      )}
    </Form.List>
  );
}

function QuestionsStep({ call }: { call: TCallDetail }) {
  const { t } = useTranslation();
  if (call.form.length === 0) return <Alert type="info" showIcon title={t('funding.front.appForm.noQuestions')} />;
  return (
    <>
      {call.form.map((q) => (
        <Form.Item key={q.key} name={['answers', q.key]} label={q.label} rules={q.required ? [{ required: true, whitespace: true, message: t('funding.front.form.required', { field: q.label }) }] : []}>
          <Input.TextArea rows={3} maxLength={q.maxLength} showCount />
        </Form.Item>
      ))}
    </>
  );
}

/** The last step: what will be sent, and what still stops the submission. */
function ReviewStep({ call }: { call: TCallDetail }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const v = form.getFieldsValue(true) as Values;
  const sum = (v.budgetLines ?? []).reduce((s, l) => s + (l?.amountFen ?? 0), 0);
  const amount = v.amountFen ?? 0;
  const missing = (key: string) => t('funding.front.form.required', { field: t(key) });
  const none = (key: string) => t('funding.front.appForm.missingList', { what: t(key) });
  // The same conditions the server checks on submission, so nothing there comes as a surprise.
  const problems = [
    !v.title?.trim() && t('funding.front.appForm.missingTitle'),
    !v.goals?.trim() && missing('funding.front.appForm.goals'),
    !(v.activities ?? []).length && none('funding.front.appForm.activity'),
    !v.targetBeneficiaries?.trim() && missing('funding.front.appForm.targetBeneficiaries'),
    !(v.beneficiaryCount && v.beneficiaryCount > 0) && missing('funding.front.appForm.beneficiaryCount'),
    !(v.indicators ?? []).length && none('funding.front.appForm.indicator'),
    !(v.budgetLines ?? []).length && none('funding.front.appForm.budgetLine'),
    !(amount > 0) && t('funding.front.appForm.missingAmount'),
    sum !== amount && t('funding.front.appForm.totalMismatch', { diff: formatFen(Math.abs(sum - amount)) }),
    call.capFen !== null && amount > call.capFen && t('funding.front.appForm.overCap', { cap: formatFen(call.capFen) }),
    ...call.form.filter((q) => q.required && !v.answers?.[q.key]?.trim()).map((q) => t('funding.front.appForm.missingAnswer', { question: q.label })),
  ].filter(Boolean) as string[];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('funding.front.appForm.beforeSubmit')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert type="success" showIcon title={t('funding.front.appForm.ready')} />
      )}
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('funding.front.apps.projectTitle')}>{v.title || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.apps.amount')}>{formatFen(amount)}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.step.activities')}>{(v.activities ?? []).length}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.step.budget')}>
          {(v.budgetLines ?? []).length} · {formatFen(sum)}
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.step.indicators')}>{(v.indicators ?? []).length}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.beneficiaryCount')}>{v.beneficiaryCount ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

function WithdrawButton({ application }: { application: TApplicationDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const navigate = useNavigate();
  const run = () =>
    modal.confirm({
      title: t('funding.front.apps.confirmWithdraw'),
      content: application.title,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.post('/funding/applications/:id/withdraw', { params: { id: application.id }, body: {} });
          void message.success(t('funding.front.apps.withdrawn'));
          refresh();
          navigate('/funding/applications');
        } catch (e) {
          showError(e);
        }
      },
    });
  return (
    <Button danger onClick={run} data-testid="application-withdraw">
      {t('funding.front.apps.withdraw')}
    </Button>
  );
}

/** A submitted (or later) application as sent, its screening with reasons, and its history. */
function ApplicationView({ application: a, call }: { application: TApplicationDetail; call: TCallDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card>
      <div className="page-toolbar">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} className="grow" data-testid="application-title">
          {a.title}
        </Typography.Title>
        <Tag color={APP_STATUS_COLOR[a.status]}>{frontLabel(t, 'appStatus', a.status)}</Tag>
        {a.abilities.withdraw && <WithdrawButton application={a} />}
      </div>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('funding.front.apps.call')}>{call.title}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.apps.organization')}>{a.organizationName}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.apps.amount')}>{formatFen(a.amountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.apps.submittedAt')}>{formatDateTime(a.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.summary')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.summary ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.goals')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.goals ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.targetBeneficiaries')}>{a.targetBeneficiaries ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('funding.front.appForm.beneficiaryCount')}>{a.beneficiaryCount ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Divider titlePlacement="start">{t('funding.front.screening.title')}</Divider>
      <ScreeningResults application={a} />
      <Divider titlePlacement="start">{t('funding.front.appForm.step.activities')}</Divider>
      {a.activities.length === 0 ? (
        '—'
      ) : (
        <ul style={{ paddingLeft: 18 }}>
          {a.activities.map((x, i) => (
            <li key={i}>
              {x.name}（{x.startsOn} ~ {x.endsOn}）{x.description ? `：${x.description}` : ''}
            </li>
          ))}
        </ul>
      )}
      <Divider titlePlacement="start">{t('funding.front.appForm.step.budget')}</Divider>
      <ul style={{ paddingLeft: 18 }}>
        {a.budgetLines.map((l, i) => (
          <li key={i}>
            {l.item}
            {l.category ? `（${l.category}）` : ''} {formatFen(l.amountFen)}
            {l.note ? ` · ${l.note}` : ''}
          </li>
        ))}
      </ul>
      <Divider titlePlacement="start">{t('funding.front.appForm.step.indicators')}</Divider>
      <ul style={{ paddingLeft: 18 }}>
        {a.indicators.map((x, i) => (
          <li key={i}>
            {x.name}：{x.target}
            {x.unit ?? ''}
          </li>
        ))}
      </ul>
      {call.form.length > 0 && (
        <>
          <Divider titlePlacement="start">{t('funding.front.appForm.step.questions')}</Divider>
          <Descriptions size="small" bordered column={1}>
            {call.form.map((q) => (
              <Descriptions.Item key={q.key} label={q.label}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{a.answers[q.key] ?? '—'}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
      <Divider titlePlacement="start">{t('funding.front.history.title')}</Divider>
      <FrontHistory history={a.history} testid="application-history" />
    </Card>
  );
}

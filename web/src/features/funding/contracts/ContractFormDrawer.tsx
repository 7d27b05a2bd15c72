import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Col, DatePicker, Divider, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  canonicalJson,
  DEFAULT_TRANCHES,
  fenToChineseCapital,
  splitByPercentages,
  termProblem,
  TRANCHE_TRIGGERS,
  type TContractDetail,
  type TCreateContractBody,
  type TrancheTrigger,
  type TUpdateContractBody,
} from '@shared/funding/contracts';
import { regionPrefix } from '@shared/regions';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { useApiError } from '../../../components/useApiError';
import { formatFen, MoneyInput } from '../shared/money';
import { contractsOptions } from './labels';
import { contractKeys, useContractsRefresh } from './queries';
import { TermRule } from './TermRule';

interface TrancheValues {
  releasedBy?: TrancheTrigger;
  milestone?: number | null;
  amountFen?: number | null;
}
interface Values {
  applicationId?: string;
  title?: string;
  amountFen?: number | null;
  term?: [Dayjs, Dayjs] | null;
  recurringService?: boolean;
  recurringReason?: string;
  fundId?: string;
  milestones: { title?: string; dueOn?: Dayjs | null }[];
  tranches: TrancheValues[];
  content?: {
    summary?: string;
    goals?: string;
    targetBeneficiaries?: string;
    beneficiaryCount?: number | null;
    activities: { name?: string; description?: string }[];
    indicators: { name?: string; target?: string; unit?: string }[];
  };
}

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');
const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** A contract's terms as the form shows them. */
function valuesOf(c: TContractDetail): Values {
  const position = new Map(c.milestones.map((m) => [m.id, m.position]));
  return {
    title: c.title,
    amountFen: c.amountFen,
    term: [dayjs(c.startsOn), dayjs(c.endsOn)],
    recurringService: c.recurringService,
    recurringReason: c.recurringReason ?? undefined,
    fundId: c.fundId ?? undefined,
    milestones: c.milestones.map((m) => ({ title: m.title, dueOn: dayjs(m.dueOn) })),
    tranches: c.tranches.map((t) => ({ releasedBy: t.releasedBy, milestone: t.milestoneId ? (position.get(t.milestoneId) ?? null) : null, amountFen: t.amountFen })),
    content: {
      summary: c.content.summary ?? undefined,
      goals: c.content.goals ?? undefined,
      targetBeneficiaries: c.content.targetBeneficiaries ?? undefined,
      beneficiaryCount: c.content.beneficiaryCount,
      activities: c.content.activities.map((a) => ({ name: a.name, description: a.description ?? undefined })),
      indicators: c.content.indicators.map((i) => ({ name: i.name, target: i.target, unit: i.unit ?? undefined })),
    },
  };
}

/** The 30/40/30 split (signing, mid-term, final evaluation) of an amount, to the fen. */
function defaultSplit(amountFen: number | null | undefined): TrancheValues[] {
  const amounts = amountFen ? splitByPercentages(amountFen, DEFAULT_TRANCHES.map((d) => d.percent)) : DEFAULT_TRANCHES.map(() => null);
  return DEFAULT_TRANCHES.map((d, i) => ({ releasedBy: d.releasedBy, milestone: null, amountFen: amounts[i] }));
}

/**
 * Drafting a contract from an approved application (`contract` absent) or changing a draft's terms:
 * parties come from the application, the amount in yuan (sent as fen), the term with the 102号 rule
 * beside it, milestones, and tranches whose total must equal the amount before anything is sent.
 */
export function ContractFormDrawer({ open, contract, onClose }: { open: boolean; contract?: TContractDetail; onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { regionCode } = useRegion();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const editing = !!contract;

  const approved = useQuery({
    queryKey: contractKeys.approved({ regionCode }),
    queryFn: () => api.get('/funding/applications', { query: { status: 'approved', pageSize: 100 } }),
    enabled: open && !editing,
  });
  const applicationId = Form.useWatch('applicationId', form);
  const proposal = useQuery({
    queryKey: contractKeys.proposal(applicationId),
    queryFn: () => api.get('/funding/proposals/:applicationId', { params: { applicationId: applicationId! } }),
    enabled: open && !editing && !!applicationId,
    retry: false,
  });
  const funds = useQuery({
    queryKey: contractKeys.funds(contract?.regionCode),
    queryFn: () => api.get('/ledger/funds', { query: { pageSize: 200 } }),
    enabled: open,
    retry: false,
  });
  // A new contract is paid from its call's fund unless staff choose another.
  const callId = approved.data?.items.find((a) => a.id === applicationId)?.callId;
  const call = useQuery({
    queryKey: ['funding', 'contracts', 'call', callId],
    queryFn: () => api.get('/funding/calls/:id', { params: { id: callId! } }),
    enabled: open && !editing && !!callId,
    retry: false,
  });
  const callFundId = call.data?.fund?.id;
  useEffect(() => {
    if (!editing && call.data) form.setFieldsValue({ fundId: call.data.fund?.id });
  }, [editing, call.data, form]);
  // Only funds of the call's region or above can pay it (the server refuses the others).
  const fundRegion = contract?.regionCode ?? call.data?.regionCode;
  const fundOptions = (funds.data?.items ?? [])
    .filter((f) => !fundRegion || fundRegion.startsWith(regionPrefix(f.regionCode)))
    .map((f) => ({ value: f.id, label: `${f.name}（${t('funding.contracts.fund.available')} ${formatFen(f.availableFen)}）` }));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(contract ? valuesOf(contract) : { milestones: [], tranches: defaultSplit(null), recurringService: false });
  }, [open, contract, form]);

  // The accepted proposal fills in the title and the amount (the server would take the same ones).
  useEffect(() => {
    if (editing || !applicationId) return;
    const app = approved.data?.items.find((a) => a.id === applicationId);
    const accepted = proposal.data?.versions.find((v) => v.version === proposal.data?.acceptedVersion);
    const title = accepted?.content.title ?? app?.title;
    const amountFen = accepted?.content.amountFen ?? proposal.data?.approvedFen ?? app?.amountFen ?? null;
    form.setFieldsValue({ title, amountFen, tranches: defaultSplit(amountFen) });
  }, [editing, applicationId, approved.data, proposal.data, form]);

  const amountFen = Form.useWatch('amountFen', form) as number | null | undefined;
  const tranches = (Form.useWatch('tranches', form) as TrancheValues[] | undefined) ?? [];
  const milestones = (Form.useWatch('milestones', form) as Values['milestones'] | undefined) ?? [];
  const term = Form.useWatch('term', form) as Values['term'];
  const recurring = !!Form.useWatch('recurringService', form);
  const total = tranches.reduce((sum, tr) => sum + (tr?.amountFen ?? 0), 0);
  const mismatch = !!amountFen && total !== amountFen;

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (mismatch) return;
    const terms = {
      title: v.title!.trim(),
      amountFen: v.amountFen!,
      startsOn: iso(v.term?.[0]),
      endsOn: iso(v.term?.[1]),
      recurringService: !!v.recurringService,
      recurringReason: v.recurringService ? blank(v.recurringReason) : null,
      milestones: v.milestones.map((m) => ({ title: (m.title ?? '').trim(), dueOn: iso(m.dueOn) })),
      tranches: v.tranches.map((tr) => ({
        releasedBy: tr.releasedBy!,
        milestone: tr.releasedBy === 'milestone' ? (tr.milestone ?? null) : null,
        amountFen: tr.amountFen ?? undefined,
      })),
    };
    setBusy(true);
    try {
      if (contract) {
        const body: TUpdateContractBody = { ...terms, ...(v.fundId && v.fundId !== contract.fundId ? { fundId: v.fundId } : {}) };
        // The content goes only when it changed: a renewal is refused while its content equals last year's.
        if (canonicalJson(v.content) !== canonicalJson(valuesOf(contract).content)) body.content = contentBody(contract, v);
        await api.patch('/funding/contracts/:id', { params: { id: contract.id }, body });
        refresh();
        onClose(contract.id);
      } else {
        const body: TCreateContractBody = { applicationId: v.applicationId!, ...terms, ...(v.fundId && v.fundId !== callFundId ? { fundId: v.fundId } : {}) };
        const created = await api.post('/funding/contracts', { body });
        refresh();
        onClose(created.id);
      }
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const rule = term?.[0] && term?.[1] ? termProblem({ startsOn: iso(term[0]), endsOn: iso(term[1]), recurringService: recurring, recurringReason: recurring ? 'x' : null }) : null;

  return (
    <Drawer
      open={open}
      onClose={() => onClose()}
      size={screens.md ? 860 : '100%'}
      title={editing ? t('funding.contracts.form.editTitle') : t('funding.contracts.form.createTitle')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={submit} data-testid="contract-save">
            {editing ? t('common.save') : t('funding.contracts.form.createDraft')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" requiredMark="optional" data-testid="contract-form">
        {!editing && (
          <>
            <Form.Item
              name="applicationId"
              label={t('funding.contracts.form.application')}
              rules={[{ required: true, message: t('funding.contracts.form.applicationRequired') }]}
              extra={t('funding.contracts.form.applicationHint')}
            >
              <Select
                showSearch
                optionFilterProp="label"
                loading={approved.isLoading}
                placeholder={t('funding.contracts.form.applicationPlaceholder')}
                notFoundContent={t('funding.contracts.form.noApproved')}
                options={(approved.data?.items ?? []).map((a) => ({
                  value: a.id,
                  label: `${a.title} · ${a.organizationName} · ${formatFen(a.amountFen)}`,
                }))}
                data-testid="contract-application"
              />
            </Form.Item>
            {proposal.data && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={
                  proposal.data.acceptedVersion
                    ? t('funding.contracts.form.fromProposal', { version: proposal.data.acceptedVersion, approved: formatFen(proposal.data.approvedFen) })
                    : t('funding.contracts.form.fromApplication', { approved: formatFen(proposal.data.approvedFen) })
                }
              />
            )}
          </>
        )}
        {editing && contract && (
          <Typography.Paragraph type="secondary">
            {t('funding.contracts.parties', { purchaser: contract.purchaserName, provider: contract.providerName })}
          </Typography.Paragraph>
        )}
        <Form.Item name="title" label={t('funding.contracts.field.title')} rules={[{ required: true, whitespace: true, message: t('funding.contracts.form.titleRequired') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="amountFen"
              label={t('funding.contracts.field.amount')}
              rules={[{ required: true, message: t('funding.contracts.form.amountRequired') }, { type: 'number', min: 1, message: t('funding.contracts.form.amountPositive') }]}
              extra={amountFen ? <AmountUnder fen={amountFen} /> : t('funding.contracts.form.amountHint')}
            >
              <MoneyInput placeholder="0.00" data-testid="contract-amount" />
            </Form.Item>
          </Col>
          {(editing || !!applicationId) && (
            <Col xs={24} md={12}>
              <Form.Item name="fundId" label={t('funding.contracts.field.fund')} extra={t('funding.contracts.form.fundHint')}>
                <Select
                  allowClear
                  data-testid="contract-fund"
                  loading={funds.isLoading}
                  placeholder={t('funding.contracts.form.fundPlaceholder')}
                  notFoundContent={funds.isError ? t('funding.contracts.form.fundsUnavailable') : undefined}
                  options={fundOptions}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="term" label={t('funding.contracts.field.term')} rules={[{ required: true, message: t('funding.contracts.form.termRequired') }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="contract-term" />
            </Form.Item>
            <Form.Item name="recurringService" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid="contract-recurring">{t('funding.contracts.field.recurringService')}</Checkbox>
            </Form.Item>
            {recurring && (
              <Form.Item
                name="recurringReason"
                label={t('funding.contracts.field.recurringReason')}
                rules={[{ required: true, whitespace: true, message: t('funding.contracts.form.reasonRequired') }, { max: 1000 }]}
              >
                <Input.TextArea rows={2} maxLength={1000} placeholder={t('funding.contracts.form.reasonPlaceholder')} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <TermRule problem={rule?.problem ?? null} recurring={recurring} />
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('funding.contracts.milestones.title')}</Divider>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.length === 0 && <Typography.Paragraph type="secondary">{t('funding.contracts.form.noMilestones')}</Typography.Paragraph>}
              {fields.map((f, i) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col flex="32px" style={{ paddingTop: 5 }}>
                    {i + 1}.
                  </Col>
                  <Col flex="auto">
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: t('funding.contracts.form.milestoneTitleRequired', { n: i + 1 }) }]}>
                      <Input placeholder={t('funding.contracts.form.milestonePlaceholder')} maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="170px">
                    <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: t('funding.contracts.form.milestoneDueRequired', { n: i + 1 }) }]}>
                      <DatePicker placeholder={t('funding.contracts.milestones.dueOn')} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col flex="32px">
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="milestone-add">
                {t('funding.contracts.form.addMilestone')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">{t('funding.contracts.tranches.title')}</Divider>
        <Typography.Paragraph type="secondary">{t('funding.contracts.form.tranchesHint')}</Typography.Paragraph>
        <Form.List name="tranches">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => {
                const trigger = tranches[i]?.releasedBy;
                const share = amountFen && tranches[i]?.amountFen ? Math.round((tranches[i].amountFen! / amountFen) * 1000) / 10 : null;
                return (
                  <Row key={f.key} gutter={8} align="top" data-testid="tranche-row">
                    <Col flex="64px" style={{ paddingTop: 5 }}>
                      {t('funding.contracts.tranches.nth', { n: i + 1 })}
                    </Col>
                    <Col xs={24} md={7}>
                      <Form.Item name={[f.name, 'releasedBy']} rules={[{ required: true, message: t('funding.contracts.form.triggerRequired', { n: i + 1 }) }]}>
                        <Select options={contractsOptions(t, 'trigger', TRANCHE_TRIGGERS)} placeholder={t('funding.contracts.tranches.releasedBy')} />
                      </Form.Item>
                    </Col>
                    {trigger === 'milestone' && (
                      <Col xs={24} md={6}>
                        <Form.Item name={[f.name, 'milestone']} rules={[{ required: true, message: t('funding.contracts.form.milestoneRequired', { n: i + 1 }) }]}>
                          <Select
                            placeholder={t('funding.contracts.tranches.milestone')}
                            notFoundContent={t('funding.contracts.form.addMilestoneFirst')}
                            options={milestones.map((m, k) => ({ value: k, label: `${k + 1}. ${m?.title ?? ''}` }))}
                          />
                        </Form.Item>
                      </Col>
                    )}
                    <Col flex="auto">
                      <Form.Item
                        name={[f.name, 'amountFen']}
                        rules={[{ required: true, message: t('funding.contracts.form.trancheAmountRequired', { n: i + 1 }) }]}
                        extra={share !== null ? `${share}%` : undefined}
                      >
                        <MoneyInput placeholder="0.00" />
                      </Form.Item>
                    </Col>
                    <Col flex="32px">
                      <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} disabled={fields.length <= 1} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                );
              })}
              <Space wrap>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ releasedBy: 'milestone', milestone: null, amountFen: null })}>
                  {t('funding.contracts.form.addTranche')}
                </Button>
                <Button onClick={() => form.setFieldValue('tranches', defaultSplit(amountFen))} disabled={!amountFen} data-testid="tranche-split">
                  {t('funding.contracts.form.split303')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
        <div className={`funding-total${mismatch ? ' mismatch' : ''}`} style={{ marginTop: 12 }} data-testid="tranche-total">
          {t('funding.contracts.form.total', { total: formatFen(total), amount: formatFen(amountFen ?? 0) })}
          {mismatch && ` — ${t(total > (amountFen ?? 0) ? 'funding.contracts.form.totalOver' : 'funding.contracts.form.totalUnder', { diff: formatFen(Math.abs((amountFen ?? 0) - total)) })}`}
        </div>

        {editing && (
          <>
            <Divider titlePlacement="start">{t('funding.contracts.content.title')}</Divider>
            {contract?.previousContractId && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.renewal.adjustHint')} />}
            <Form.Item name={['content', 'summary']} label={t('funding.contracts.content.summary')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Form.Item name={['content', 'goals']} label={t('funding.contracts.content.goals')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={16}>
                <Form.Item name={['content', 'targetBeneficiaries']} label={t('funding.contracts.content.targetBeneficiaries')}>
                  <Input maxLength={1000} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['content', 'beneficiaryCount']} label={t('funding.contracts.content.beneficiaryCount')}>
                  <InputNumber min={0} max={100_000_000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text strong>{t('funding.contracts.content.activities')}</Typography.Text>
            <Form.List name={['content', 'activities']}>
              {(fields, { add, remove }) => (
                <div style={{ marginTop: 8 }}>
                  {fields.map((f, i) => (
                    <Row key={f.key} gutter={8}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('funding.contracts.form.activityRequired', { n: i + 1 }) }]}>
                          <Input placeholder={t('funding.contracts.content.activityName')} maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col flex="auto">
                        <Form.Item name={[f.name, 'description']}>
                          <Input placeholder={t('funding.contracts.content.activityDescription')} maxLength={2000} />
                        </Form.Item>
                      </Col>
                      <Col flex="32px">
                        <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                    {t('funding.contracts.content.addActivity')}
                  </Button>
                </div>
              )}
            </Form.List>
            <Typography.Text strong>{t('funding.contracts.content.indicators')}</Typography.Text>
            <Form.List name={['content', 'indicators']}>
              {(fields, { add, remove }) => (
                <div style={{ marginTop: 8 }}>
                  {fields.map((f, i) => (
                    <Row key={f.key} gutter={8}>
                      <Col xs={24} md={10}>
                        <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('funding.contracts.form.indicatorRequired', { n: i + 1 }) }]}>
                          <Input placeholder={t('funding.contracts.content.indicatorName')} maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={7}>
                        <Form.Item name={[f.name, 'target']} rules={[{ required: true, whitespace: true, message: t('funding.contracts.form.targetRequired', { n: i + 1 }) }]}>
                          <Input placeholder={t('funding.contracts.content.target')} maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col flex="auto">
                        <Form.Item name={[f.name, 'unit']}>
                          <Input placeholder={t('funding.contracts.content.unit')} maxLength={50} />
                        </Form.Item>
                      </Col>
                      <Col flex="32px">
                        <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('funding.contracts.content.addIndicator')}
                  </Button>
                </div>
              )}
            </Form.List>
          </>
        )}
      </Form>
    </Drawer>
  );
}

/** The whole content a PATCH replaces: the edited fields over the draft's own (budget lines and dates kept). */
function contentBody(c: TContractDetail, v: Values): NonNullable<TUpdateContractBody['content']> {
  const edited = v.content!;
  return {
    title: v.title!.trim(),
    summary: blank(edited.summary),
    goals: blank(edited.goals),
    targetBeneficiaries: blank(edited.targetBeneficiaries),
    beneficiaryCount: edited.beneficiaryCount ?? null,
    activities: edited.activities.map((a, i) => {
      const before = c.content.activities[i];
      return { name: (a.name ?? '').trim(), description: blank(a.description), startsOn: before?.startsOn ?? null, endsOn: before?.endsOn ?? null };
    }),
    indicators: edited.indicators.map((i) => ({ name: (i.name ?? '').trim(), target: (i.target ?? '').trim(), unit: blank(i.unit) })),
    budgetLines: c.content.budgetLines.map((b) => ({ item: b.item, category: b.category, amountFen: b.amountFen, note: b.note })),
    amountFen: c.content.amountFen,
  };
}

/** The amount as people check it: yuan to the fen, the fen count, and the capital numerals of the contract. */
export function AmountUnder({ fen }: { fen: number }) {
  const { t } = useTranslation();
  return (
    <span data-testid="amount-under">
      {t('funding.contracts.form.fen', { fen: fen.toLocaleString('en-US') })} · {fenToChineseCapital(fen)}
    </span>
  );
}


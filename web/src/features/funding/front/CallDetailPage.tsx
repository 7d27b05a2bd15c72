import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Skeleton, Space, Steps, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { APPLICATION_SORTS, type ApplicationSort } from '@shared/funding/applications';
import type { TCallDetail } from '@shared/funding/calls';
import { api, ApiError } from '../../../api/client';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { formatFen } from '../shared/money';
import { CallFormDrawer } from './CallFormDrawer';
import { FrontHistory } from './FrontHistory';
import { APP_STATUS_COLOR, CALL_STATUS_COLOR, frontLabel } from './labels';
import { frontKeys, useFundingRefresh } from './queries';
import { ScreeningResults } from './ScreeningResults';
import { chinaDateTime } from './time';

type Action = 'publish' | 'advance' | 'cancel';

/** One call (staff): its facts, the pipeline step it is at, its applications with their screening, and its history. */
export function CallDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const q = useQuery({ queryKey: frontKeys.call(id), queryFn: () => api.get('/funding/calls/:id', { params: { id: id! } }), enabled: !!id });
  const call = q.data;
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!call) return <Skeleton active />;
  const a = call.abilities;
  const tab = params.get('tab') ?? 'overview';
  return (
    <Card>
      <div className="page-toolbar">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/funding/calls')} aria-label={t('common.back')} />
        <Typography.Title level={4} style={{ margin: 0 }} className="grow" data-testid="call-title">
          {call.title}
        </Typography.Title>
        <Tag color={CALL_STATUS_COLOR[call.status]}>{frontLabel(t, 'callStatus', call.status)}</Tag>
        {a.edit && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
        {a.publish && (
          <Button type="primary" onClick={() => setAction('publish')} data-testid="call-publish">
            {t('funding.front.calls.publish')}
          </Button>
        )}
        {a.advance && (
          <Button type="primary" onClick={() => setAction('advance')} data-testid="call-advance">
            {t('funding.front.calls.advance')}
          </Button>
        )}
        {a.cancel && (
          <Button danger onClick={() => setAction('cancel')} data-testid="call-cancel">
            {t('funding.front.calls.cancel')}
          </Button>
        )}
      </div>
      {call.status === 'cancelled' && call.cancelReason && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.front.calls.cancelledBecause', { reason: call.cancelReason })} />}
      {!call.fund && (a.edit || a.advance) && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.front.calls.noFundWarning')} data-testid="call-no-fund" />
      )}
      {call.status === 'published' && (
        <Steps
          size="small"
          style={{ marginBottom: 16, overflowX: 'auto' }}
          current={call.steps.indexOf(call.step)}
          items={call.steps.map((s) => ({ title: frontLabel(t, 'step', s) }))}
          data-testid="call-steps"
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          { key: 'overview', label: t('funding.front.calls.overview'), children: <CallOverview call={call} /> },
          { key: 'applications', label: t('funding.front.calls.applications'), children: <CallApplications call={call} /> },
          { key: 'history', label: t('funding.front.history.title'), children: <FrontHistory history={call.history} testid="call-history" /> },
        ]}
      />
      <CallFormDrawer open={editing} call={call} onClose={() => setEditing(false)} />
      {action && <CallActionModal call={call} action={action} onClose={() => setAction(null)} />}
    </Card>
  );
}

function CallOverview({ call }: { call: TCallDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={t('funding.front.calls.callType')}>{frontLabel(t, 'callType', call.callType)}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.year')}>{call.year}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.region')}>{call.regionName ?? call.regionCode}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.step')}>{call.status === 'published' ? frontLabel(t, 'step', call.step) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.budget')}>{formatFen(call.budgetFen)}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.cap')}>{call.capFen === null ? t('funding.front.calls.noCap') : formatFen(call.capFen)}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.opensAt')}>{call.opensAt ? chinaDateTime(call.opensAt) : t('funding.front.calls.opensOnPublish')}</Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.deadline')}>{t('funding.front.calls.chinaTime', { at: chinaDateTime(call.deadline) })}</Descriptions.Item>
      {(call.fund || call.abilities.edit || call.abilities.advance) && (
        <Descriptions.Item label={t('funding.front.callForm.fund')} span={2}>
          {call.fund ? (
            <span data-testid="call-fund-summary">
              {call.fund.name}
              <Typography.Text type="secondary">
                {' · '}
                {t('funding.front.calls.fundFigures', { available: formatFen(call.fund.availableFen), committed: formatFen(call.fund.committedFen), paid: formatFen(call.fund.paidFen) })}
              </Typography.Text>
            </span>
          ) : (
            t('funding.front.calls.noFund')
          )}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('funding.front.calls.topics')} span={2}>
        {call.topics.length ? call.topics.map((tp) => <Tag key={tp.id}>{tp.title}</Tag>) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.eligibility')} span={2}>
        {call.eligibility.length ? (
          <ol style={{ margin: 0, paddingLeft: 18 }}>
            {call.eligibility.map((e, i) => (
              <li key={i}>{e.label}</li>
            ))}
          </ol>
        ) : (
          t('funding.front.calls.noRules')
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('funding.front.calls.questions')} span={2}>
        {call.form.length ? (
          <ol style={{ margin: 0, paddingLeft: 18 }}>
            {call.form.map((f) => (
              <li key={f.key}>
                {f.label}
                {f.required ? ` (${t('funding.front.callForm.questionRequired')})` : ''}
              </li>
            ))}
          </ol>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('funding.front.callForm.description')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{call.description ?? '—'}</span>
      </Descriptions.Item>
      {call.status !== 'draft' && (
        <Descriptions.Item label={t('funding.front.calls.publicPage')} span={2}>
          <Link to={`/public/calls/${call.id}`} target="_blank">
            {`/public/calls/${call.id}`}
          </Link>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('funding.front.calls.counts')} span={2}>
        {Object.entries(call.applicationCounts).length
          ? Object.entries(call.applicationCounts).map(([s, n]) => (
              <Tag key={s} color={APP_STATUS_COLOR[s]}>
                {frontLabel(t, 'appStatus', s)} {n}
              </Tag>
            ))
          : t('funding.front.calls.noApplications')}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 项目初筛 (F4, staff): the call's applications, each row opening its rule-by-rule screening. */
function CallApplications({ call }: { call: TCallDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const pager = usePager();
  const [sort, setSort] = useState<ApplicationSort>('-submittedAt');
  const filters = { callId: call.id, sort };
  const query = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: frontKeys.applications(query), queryFn: () => api.get('/funding/applications', { query }), placeholderData: (p) => p });
  const screen = () =>
    modal.confirm({
      title: t('funding.front.screening.runConfirm'),
      content: t('funding.front.screening.runHint'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const r = await api.post('/funding/calls/:id/screen', { params: { id: call.id } });
          void message.success(t('funding.front.screening.ran', r));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });
  return (
    <>
      <div className="page-toolbar">
        <Typography.Text type="secondary" className="grow">
          {call.abilities.screen ? t('funding.front.screening.help') : ''}
        </Typography.Text>
        <Select<ApplicationSort>
          value={sort}
          onChange={(v) => (setSort(v), pager.setPage(1))}
          options={APPLICATION_SORTS.map((s) => ({ value: s, label: t(`funding.front.apps.sort.${s}`) }))}
          style={{ width: 190 }}
          data-testid="call-applications-sort"
        />
        <ExportButton path="/funding/applications/export" request={{ query: filters }} fallbackName="applications.xlsx" testid="call-applications-export" />
        {call.abilities.screen && (
          <Button onClick={screen} data-testid="call-screen">
            {t('funding.front.screening.run')}
          </Button>
        )}
      </div>
      <PagedTable
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={call.status === 'draft' ? t('funding.front.calls.noApplicationsDraft') : t('funding.front.calls.noApplications')}
        expandable={{ expandedRowRender: (r) => <ApplicationScreening id={r.id} />, rowExpandable: (r) => r.status !== 'draft' }}
        columns={[
          { title: t('funding.front.apps.organization'), dataIndex: 'organizationName' },
          { title: t('funding.front.apps.projectTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/funding/applications/${r.id}`}>{v}</Link> },
          { title: t('funding.front.apps.amount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
          { title: t('funding.front.apps.status'), dataIndex: 'status', render: (v: string) => <Tag color={APP_STATUS_COLOR[v]}>{frontLabel(t, 'appStatus', v)}</Tag> },
          { title: t('funding.front.apps.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
        ]}
        testid="call-applications"
      />
    </>
  );
}

function ApplicationScreening({ id }: { id: string }) {
  const q = useQuery({ queryKey: frontKeys.application(id), queryFn: () => api.get('/funding/applications/:id', { params: { id } }) });
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  return <ScreeningResults application={q.data} />;
}

/** Publish, advance or cancel: each confirmed; a refusal to leave a step shows the server's reasons in the dialog. */
function CallActionModal({ call, action, onClose }: { call: TCallDetail; action: Action; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useFundingRefresh();
  const [form] = Form.useForm<{ text?: string }>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ title: string; reasons: string[] } | null>(null);
  const next = call.steps[call.steps.indexOf(call.step) + 1];
  const send = async () => {
    let v: { text?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setRefusal(null);
    try {
      const params = { id: call.id };
      const comment = v.text?.trim() || undefined;
      if (action === 'publish') await api.post('/funding/calls/:id/publish', { params, body: { comment } });
      else if (action === 'advance') await api.post('/funding/calls/:id/advance', { params, body: { comment } });
      else await api.post('/funding/calls/:id/cancel', { params, body: { reason: v.text ?? '' } });
      void message.success(t(`funding.front.calls.done.${action}`));
      refresh();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.fields.length > 0 && action !== 'cancel') setRefusal({ title: e.message, reasons: e.fields.map((f) => f.message) });
      else showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const textLabel = t(action === 'cancel' ? 'funding.front.calls.cancelReason' : 'funding.front.calls.comment');
  const question =
    action === 'publish'
      ? t('funding.front.calls.confirmPublish', { deadline: chinaDateTime(call.deadline) })
      : action === 'advance'
        ? next
          ? t('funding.front.calls.confirmAdvance', { from: frontLabel(t, 'step', call.step), to: frontLabel(t, 'step', next) })
          : t('funding.front.calls.confirmComplete', { from: frontLabel(t, 'step', call.step) })
        : t('funding.front.calls.confirmCancel');
  return (
    <Modal
      open
      title={t(`funding.front.calls.${action}`)}
      onCancel={onClose}
      onOk={send}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: action === 'cancel', ...({ 'data-testid': 'call-action-ok' } as object) }}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type={action === 'cancel' ? 'warning' : 'info'} showIcon title={question} />
        {refusal && (
          <Alert
            type="error"
            showIcon
            title={refusal.title}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {refusal.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            }
            data-testid="call-refusal"
          />
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="text" label={textLabel} rules={action === 'cancel' ? [{ required: true, whitespace: true, message: t('funding.front.form.required', { field: textLabel }) }] : []}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}


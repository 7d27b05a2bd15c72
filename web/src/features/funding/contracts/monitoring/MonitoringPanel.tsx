import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Descriptions, Empty, Form, Select, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '@shared/dates';
import { ASSIGNEE_ROLES, REPORT_FREQUENCIES, type AssigneeRole, type TEvaluation, type TMonitoring, type TProgressReport } from '@shared/funding/monitoring';
import { api } from '../../../../api/client';
import { useAuth } from '../../../../app/auth';
import { useApiError } from '../../../../components/useApiError';
import { formatDateTime } from '../../../../lib/labels';
import { formatFen } from '../../shared/money';
import { ContractHistory } from '../ContractHistory';
import { contractsLabel, contractsOptions, RATING_COLOR, REPORT_STATUS_COLOR } from '../labels';
import { contractKeys, useContractsRefresh } from '../queries';
import { EvaluationFormModal } from './EvaluationFormModal';
import { Photos } from './PhotoUpload';
import { DecideReportModal, ReportFormModal } from './ReportForms';
import { VisitFormModal } from './VisitFormModal';

/**
 * A contract's monitoring (F9) and evaluation (F10): the report schedule and who monitors and
 * evaluates it (staff), the period reports (the organisation sends them, staff accept or return
 * them; overdue ones in red), the monitor's site visits and the evaluator's evaluations.
 */
export function MonitoringPanel({ contractId, embedded = false }: { contractId: string; embedded?: boolean }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: contractKeys.monitoring(contractId), queryFn: () => api.get('/funding/contracts/:id/monitoring', { params: { id: contractId } }) });
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const m = q.data;
  if (!m) return <Skeleton active />;
  const overdue = m.reports.filter((r) => r.overdue).length;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="monitoring-panel">
      {!embedded && (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'provider', label: t('funding.contracts.field.provider'), children: m.providerName },
            { key: 'number', label: t('funding.contracts.field.contractNumber'), children: m.contractNumber ?? '—' },
            { key: 'term', label: t('funding.contracts.field.term'), children: `${m.startsOn} ~ ${m.endsOn}` },
            { key: 'status', label: t('funding.contracts.field.status'), children: contractsLabel(t, 'contractStatus', m.status) },
          ]}
        />
      )}
      <Space wrap size={32}>
        <Statistic title={t('funding.contracts.monitoring.beneficiaries')} value={m.beneficiaryCount} />
        <Statistic title={t('funding.contracts.monitoring.reportsAccepted')} value={m.reports.filter((r) => r.status === 'accepted').length} suffix={`/ ${m.reports.length}`} />
        <Statistic title={t('funding.contracts.monitoring.overdue')} value={overdue} styles={{ content: overdue ? { color: '#cf1322' } : undefined }} />
        <Statistic title={t('funding.contracts.monitoring.passLine')} value={m.passLine} />
      </Space>
      <MonitoringSetup monitoring={m} />
      <ReportsSection monitoring={m} />
      <VisitsSection monitoring={m} />
      <EvaluationsSection monitoring={m} />
    </Space>
  );
}

/** Staff: how often the organisation reports (until a report is in), and who monitors and evaluates the contract. */
function MonitoringSetup({ monitoring: m }: { monitoring: TMonitoring }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal } = App.useApp();
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const [form] = Form.useForm<{ userId?: string; role?: AssigneeRole }>();
  const [busy, setBusy] = useState(false);
  const [search, setSearch] = useState('');
  // Reviewer accounts of the worker's region (and those covering it), searched by name on the server.
  const query = { q: search.trim() || undefined, pageSize: 50 };
  const users = useQuery({
    queryKey: [...contractKeys.reviewers, query],
    queryFn: () => api.get('/funding/reviewers', { query }),
    enabled: m.abilities.assign && can('funding.monitoring.manage'),
    staleTime: 60_000,
    placeholderData: (p) => p,
  });
  const reviewerOptions = useMemo(
    () => (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} · ${u.regionName}` })),
    [users.data],
  );
  if (!m.abilities.schedule && !m.abilities.assign && m.assignees.length === 0) return null;

  const schedule = (frequency: (typeof REPORT_FREQUENCIES)[number]) =>
    modal.confirm({
      title: t('funding.contracts.monitoring.scheduleConfirm', { frequency: contractsLabel(t, 'frequency', frequency) }),
      content: t('funding.contracts.monitoring.scheduleText'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.put('/funding/contracts/:id/report-schedule', { params: { id: m.contractId }, body: { frequency } });
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });

  const assign = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.post('/funding/contracts/:id/assignees', { params: { id: m.contractId }, body: { userId: v.userId!, role: v.role! } });
      form.resetFields();
      refresh();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="contract-row" data-testid="monitoring-setup">
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('funding.contracts.monitoring.frequency')}</Typography.Text>
        {m.abilities.schedule ? (
          <Select
            value={m.frequency ?? undefined}
            placeholder={t('funding.contracts.monitoring.frequencyPlaceholder')}
            options={contractsOptions(t, 'frequency', REPORT_FREQUENCIES)}
            onChange={schedule}
            style={{ width: 160 }}
            data-testid="report-frequency"
          />
        ) : (
          <Typography.Text>{m.frequency ? contractsLabel(t, 'frequency', m.frequency) : t('funding.contracts.monitoring.noSchedule')}</Typography.Text>
        )}
      </Space>
      <div>
        <Typography.Text strong>{t('funding.contracts.monitoring.assignees')}</Typography.Text>{' '}
        {m.assignees.length === 0 ? (
          <Typography.Text type="secondary">{t('funding.contracts.monitoring.noAssignees')}</Typography.Text>
        ) : (
          m.assignees.map((a) => (
            <Tag key={`${a.userId}-${a.role}`} color={a.role === 'monitor' ? 'cyan' : 'geekblue'}>
              {contractsLabel(t, 'assigneeRole', a.role)}：{a.displayName}
            </Tag>
          ))
        )}
      </div>
      {m.abilities.assign && (
        <Form form={form} layout="inline" style={{ marginTop: 8, rowGap: 8 }}>
          <Form.Item name="role" rules={[{ required: true, message: t('funding.contracts.monitoring.roleRequired') }]}>
            <Select placeholder={t('funding.contracts.monitoring.role')} options={contractsOptions(t, 'assigneeRole', ASSIGNEE_ROLES)} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="userId" rules={[{ required: true, message: t('funding.contracts.monitoring.userRequired') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t('funding.contracts.monitoring.user')}
              options={reviewerOptions}
              loading={users.isFetching}
              notFoundContent={t('funding.contracts.monitoring.noReviewers')}
              style={{ width: 260, maxWidth: '100%' }}
              popupMatchSelectWidth={false}
              data-testid="assign-user"
            />
          </Form.Item>
          <Button onClick={assign} loading={busy} data-testid="assign-ok">
            {t('funding.contracts.monitoring.assign')}
          </Button>
        </Form>
      )}
    </div>
  );
}

function ReportsSection({ monitoring: m }: { monitoring: TMonitoring }) {
  const { t } = useTranslation();
  const [writing, setWriting] = useState<TProgressReport | null>(null);
  const [deciding, setDeciding] = useState<{ report: TProgressReport; decision: 'accept' | 'return' } | null>(null);
  const [allPeriods, setAllPeriods] = useState(false);
  // Periods not begun yet, after the next one, wait folded: a year of monthly reports is a long page on a phone.
  const today = todayInChina();
  const next = m.reports.findIndex((r) => r.startsOn > today);
  const later = next < 0 ? 0 : m.reports.length - next - 1;
  const shown = allPeriods || later === 0 ? m.reports : m.reports.slice(0, next + 1);
  return (
    <div>
      <Typography.Title level={5}>{t('funding.contracts.reports.title')}</Typography.Title>
      {m.reports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.frequency ? t('funding.contracts.reports.none') : t('funding.contracts.reports.noSchedule')} />
      ) : (
        <div className="contract-rows" data-testid="reports">
          {shown.map((r) => (
            <div key={r.id} className={`contract-row${r.overdue ? ' overdue' : ''}`} data-testid="report-row" data-overdue={r.overdue}>
              <div className="contract-card-head">
                <Typography.Text strong>
                  {t('funding.contracts.reports.period', { n: r.periodNo })} ·{' '}
                  {/* On a phone the period wraps whole, never inside a date. */}
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {r.startsOn} ~ {r.endsOn}
                  </span>
                </Typography.Text>
                <Space size={4}>
                  {r.overdue && <Tag color="red">{t('funding.contracts.reports.overdue')}</Tag>}
                  <Tag color={REPORT_STATUS_COLOR[r.status]}>{contractsLabel(t, 'reportStatus', r.status)}</Tag>
                </Space>
              </div>
              <Typography.Text type={r.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('funding.contracts.reports.dueOn', { on: r.dueOn })}
                {r.submittedAt ? ` · ${t('funding.contracts.reports.submittedAt', { at: formatDateTime(r.submittedAt) })}` : ''}
                {r.beneficiaryCount !== null ? ` · ${t('funding.contracts.reports.personTimes', { n: r.beneficiaryCount })}` : ''}
              </Typography.Text>
              {r.status === 'returned' && r.returnReason && <Alert type="warning" showIcon style={{ marginTop: 6 }} title={t('funding.contracts.reports.returnedBecause')} description={r.returnReason} />}
              {(r.abilities.submit || r.abilities.decide) && (
              <Space wrap style={{ display: 'flex', marginTop: 6 }}>
                {r.abilities.submit && (
                  <Button size="small" type="primary" onClick={() => setWriting(r)} data-testid="report-submit">
                    {r.status === 'returned' ? t('funding.contracts.reports.resubmit') : t('funding.contracts.reports.write')}
                  </Button>
                )}
                {r.abilities.decide && (
                  <>
                    <Button size="small" type="primary" onClick={() => setDeciding({ report: r, decision: 'accept' })} data-testid="report-accept">
                      {t('funding.contracts.reports.accept')}
                    </Button>
                    <Button size="small" danger onClick={() => setDeciding({ report: r, decision: 'return' })} data-testid="report-return">
                      {t('funding.contracts.reports.return')}
                    </Button>
                  </>
                )}
              </Space>
              )}
              {(r.narrative || r.history.length > 1) && (
                <Collapse
                  ghost
                  size="small"
                  items={[
                    {
                      key: 'body',
                      label: t('funding.contracts.reports.show'),
                      children: <ReportBody report={r} />,
                    },
                  ]}
                />
              )}
            </div>
          ))}
          {shown.length < m.reports.length && (
            <Button type="link" onClick={() => setAllPeriods(true)} style={{ alignSelf: 'flex-start', padding: 0 }} data-testid="reports-later">
              {t('funding.contracts.reports.later', { count: later })}
            </Button>
          )}
        </div>
      )}
      <ReportFormModal report={writing} onClose={() => setWriting(null)} />
      <DecideReportModal report={deciding?.report ?? null} decision={deciding?.decision ?? 'accept'} onClose={() => setDeciding(null)} />
    </div>
  );
}

function ReportBody({ report: r }: { report: TProgressReport }) {
  const { t } = useTranslation();
  return (
    <>
      {r.activities.length > 0 && (
        <ul style={{ paddingLeft: 18, margin: 0 }}>
          {r.activities.map((a, i) => (
            <li key={i}>{t('funding.contracts.reports.activityLine', { date: a.date, title: a.title, place: a.place, n: a.participants })}</li>
          ))}
        </ul>
      )}
      {r.narrative && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{r.narrative}</Typography.Paragraph>}
      <Photos photos={r.photos} />
      <div style={{ marginTop: 8 }}>
        <ContractHistory history={r.history} group="reportStatus" />
      </div>
    </>
  );
}

function VisitsSection({ monitoring: m }: { monitoring: TMonitoring }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!m.visits.length && !m.abilities.visit) return null;
  return (
    <div>
      <div className="contract-card-head">
        <Typography.Title level={5}>{t('funding.contracts.visits.title')}</Typography.Title>
        {m.abilities.visit && (
          <Button type="primary" size="small" onClick={() => setOpen(true)} data-testid="visit-add">
            {t('funding.contracts.visits.add')}
          </Button>
        )}
      </div>
      {m.visits.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.visits.none')} />
      ) : (
        <div className="contract-rows" data-testid="visits">
          {m.visits.map((v) => (
            <div key={v.id} className="contract-row">
              <div className="contract-card-head">
                <Typography.Text strong>
                  {v.visitedOn} · {v.monitorName}
                </Typography.Text>
                <Tag color={RATING_COLOR[v.rating]}>{contractsLabel(t, 'rating', v.rating)}</Tag>
              </div>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{v.findings}</Typography.Paragraph>
              <Photos photos={v.photos} />
            </div>
          ))}
        </div>
      )}
      <VisitFormModal contractId={m.contractId} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}

function EvaluationsSection({ monitoring: m }: { monitoring: TMonitoring }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [correcting, setCorrecting] = useState<TEvaluation | null>(null);
  const pending = m.evaluations.filter((e) => e.current).length < 2;
  return (
    <div>
      <div className="contract-card-head">
        <Typography.Title level={5}>{t('funding.contracts.evaluations.title')}</Typography.Title>
        {m.abilities.evaluate && pending && (
          <Button type="primary" size="small" onClick={() => setOpen(true)} data-testid="evaluation-add">
            {t('funding.contracts.evaluations.add')}
          </Button>
        )}
      </div>
      {m.evaluationTranches.length > 0 && (
        <Typography.Paragraph type="secondary" data-testid="evaluation-tranches">
          {t('funding.contracts.evaluations.releases', {
            list: m.evaluationTranches
              .map((tr) =>
                t('funding.contracts.evaluations.releaseItem', {
                  kind: contractsLabel(t, 'evaluationKind', tr.kind),
                  n: tr.position + 1,
                  amount: formatFen(tr.amountFen),
                  status: contractsLabel(t, 'trancheStatus', tr.status),
                }),
              )
              .join(t('funding.contracts.evaluations.releaseJoin')),
          })}
        </Typography.Paragraph>
      )}
      {m.evaluations.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.evaluations.none')} />
      ) : (
        <div className="contract-rows" data-testid="evaluations">
          {m.evaluations.map((e) => (
            <div key={e.id} className="contract-row" style={e.current ? undefined : { opacity: 0.6 }}>
              <div className="contract-card-head">
                <Typography.Text strong>
                  {contractsLabel(t, 'evaluationKind', e.kind)} · {t('funding.contracts.evaluations.version', { v: e.version })}
                  {!e.current && ` · ${t('funding.contracts.evaluations.superseded')}`}
                </Typography.Text>
                <Tag color={e.passed ? 'green' : 'red'} data-testid="evaluation-result">
                  {t(e.passed ? 'funding.contracts.evaluations.passed' : 'funding.contracts.evaluations.failed')} {e.overallScore}/{e.passLine}
                </Tag>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.evaluatorName} · {formatDateTime(e.submittedAt)}
                {e.paidTrancheIds.length > 0 && ` · ${t('funding.contracts.evaluations.paid', { count: e.paidTrancheIds.length })}`}
                {e.withheldTrancheIds.length > 0 && ` · ${t('funding.contracts.evaluations.withheld', { count: e.withheldTrancheIds.length })}`}
              </Typography.Text>
              {e.correctionReason && <div style={{ fontSize: 12 }}>{t('funding.contracts.evaluations.correctionReason', { reason: e.correctionReason })}</div>}
              <ul style={{ paddingLeft: 18, margin: '6px 0' }}>
                {e.indicators.map((i, k) => (
                  <li key={k}>{t('funding.contracts.evaluations.indicatorLine', { name: i.name, target: i.target, unit: i.unit ?? '', achieved: i.achieved, score: i.score })}</li>
                ))}
              </ul>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{e.summary}</Typography.Paragraph>
              {e.current && m.abilities.evaluate && (
                <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setCorrecting(e)}>
                  {t('funding.contracts.evaluations.correct')}
                </Button>
              )}
            </div>
          ))}
        </div>
      )}
      <EvaluationFormModal monitoring={m} open={open || !!correcting} correcting={correcting} onClose={() => (setOpen(false), setCorrecting(null))} />
    </div>
  );
}

import { EditOutlined, PrinterOutlined, RetweetOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Form, Input, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { TContractDetail } from '@shared/funding/contracts';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { FormModal } from '../../../components/FormModal';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { formatFen } from '../shared/money';
import { ContractContent } from './ContractContent';
import { ContractFormDrawer } from './ContractFormDrawer';
import { ContractHistory } from './ContractHistory';
import { CONTRACT_STATUS_COLOR, contractsLabel } from './labels';
import { MilestonesAndTranches } from './MilestonesAndTranches';
import { MonitoringPanel } from './monitoring/MonitoringPanel';
import { contractKeys, useContractsRefresh } from './queries';
import { RenewalChanges } from './RenewalChanges';
import './contracts.css';

/**
 * One contract: its parties, amount and term, milestones and tranches with what each waits for,
 * its monitoring and evaluations, the change from last year's contract, and its history. Staff
 * sign, terminate, print and renew it; the organisation reads it (on a phone as often as a PC).
 */
export function ContractDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = useQuery({ queryKey: contractKeys.detail(id), queryFn: () => api.get('/funding/contracts/:id', { params: { id: id! } }), enabled: !!id });
  const [editing, setEditing] = useState(false);

  if (q.isError)
    return (
      <Card>
        <Result status="warning" title={(q.error as Error).message} extra={<Link to="/funding/contracts">{t('funding.contracts.detail.backToList')}</Link>} />
      </Card>
    );
  const c = q.data;
  if (!c)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );

  const monitoring = can('funding.monitoring.read') && c.status !== 'draft';
  const tab = params.get('tab') ?? 'terms';
  const items = [
    { key: 'terms', label: t('funding.contracts.detail.tabTerms'), children: <MilestonesAndTranches contract={c} /> },
    { key: 'content', label: t('funding.contracts.detail.tabContent'), children: <ContractContent content={c.content} /> },
    ...(monitoring ? [{ key: 'monitoring', label: t('funding.contracts.detail.tabMonitoring'), children: <MonitoringPanel contractId={c.id} embedded /> }] : []),
    ...(c.previousContractId ? [{ key: 'changes', label: t('funding.contracts.detail.tabChanges'), children: <RenewalChanges contract={c} /> }] : []),
    { key: 'history', label: t('funding.contracts.detail.tabHistory'), children: <ContractHistory history={c.history} /> },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/funding/contracts">{t('funding.contracts.list.title')}</Link> }, { title: c.title }]} />
      <Card>
        <div className="page-toolbar">
          <div className="grow">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="contract-title">
              {c.title}
            </Typography.Title>
            <Space wrap size={4} style={{ marginTop: 4 }}>
              <Tag color={CONTRACT_STATUS_COLOR[c.status]} data-testid="contract-status">
                {contractsLabel(t, 'contractStatus', c.status)}
              </Tag>
              <Typography.Text type="secondary" data-testid="contract-number">
                {c.contractNumber ? t('funding.contracts.detail.number', { number: c.contractNumber }) : t('funding.contracts.noNumber')}
              </Typography.Text>
              {c.previousContractId && (
                <Link to={`/funding/contracts/${c.previousContractId}`}>
                  <Tag color="purple">{t('funding.contracts.renewal.of')}</Tag>
                </Link>
              )}
              {c.renewedById && (
                <Link to={`/funding/contracts/${c.renewedById}`}>
                  <Tag color="purple">{t('funding.contracts.renewal.next')}</Tag>
                </Link>
              )}
            </Space>
          </div>
          <ContractActions contract={c} onEdit={() => setEditing(true)} />
        </div>
        <ContractAlerts contract={c} />
        {monitoring && <ReportsDue contractId={c.id} onOpen={() => setParams((p) => (p.set('tab', 'monitoring'), p), { replace: true })} />}
        <ContractFacts contract={c} />
      </Card>
      <Card>
        <Tabs
          activeKey={items.some((i) => i.key === tab) ? tab : 'terms'}
          onChange={(k) => setParams((p) => (p.set('tab', k), p), { replace: true })}
          items={items}
        />
      </Card>
      {c.abilities.edit && <ContractFormDrawer open={editing} contract={c} onClose={() => setEditing(false)} />}
    </Space>
  );
}

/** What a reader must know before acting: a renewal that cannot be signed yet, a terminated contract. */
function ContractAlerts({ contract: c }: { contract: TContractDetail }) {
  const { t } = useTranslation();
  const contentChanged = !!c.changes?.some((ch) => ch.field.startsWith('content.'));
  return (
    <>
      {c.previousContractId && c.status === 'draft' && !contentChanged && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.renewal.unchanged')} description={t('funding.contracts.renewal.unchangedHint')} data-testid="renewal-unchanged" />
      )}
      {c.status === 'terminated' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('funding.contracts.detail.terminatedAt', { at: formatDateTime(c.terminatedAt) })}
          description={c.terminationReason}
        />
      )}
      {c.status === 'draft' && c.abilities.sign && !c.fundId && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.detail.noFund')} />}
    </>
  );
}

/** Reports past due (red) or due next, where the organisation looks first; the list is in the monitoring tab. */
function ReportsDue({ contractId, onOpen }: { contractId: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: contractKeys.monitoring(contractId), queryFn: () => api.get('/funding/contracts/:id/monitoring', { params: { id: contractId } }) });
  const overdue = q.data?.reports.filter((r) => r.overdue) ?? [];
  const next = q.data?.reports.find((r) => !r.overdue && (r.status === 'pending' || r.status === 'returned') && r.abilities.submit);
  if (!overdue.length && !next) return null;
  const open = (
    <Button size="small" onClick={onOpen} data-testid="reports-due-open">
      {t('funding.contracts.reportsDue.open')}
    </Button>
  );
  return overdue.length ? (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="reports-overdue"
      title={t('funding.contracts.reportsDue.overdue', { periods: overdue.map((r) => r.periodNo).join('、'), on: overdue[0].dueOn })}
      action={open}
    />
  ) : (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.reportsDue.next', { n: next!.periodNo, on: next!.dueOn })} action={open} />
  );
}

function ContractFacts({ contract: c }: { contract: TContractDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fund = useQuery({
    queryKey: contractKeys.fund(c.fundId),
    queryFn: () => api.get('/ledger/funds/:id', { params: { id: c.fundId! } }),
    enabled: !!c.fundId && can('ledger.read'),
    retry: false,
  });
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'purchaser', label: t('funding.contracts.field.purchaser'), children: c.purchaserName },
        { key: 'provider', label: t('funding.contracts.field.provider'), children: c.providerName },
        {
          key: 'amount',
          label: t('funding.contracts.field.amount'),
          children: (
            <div data-testid="contract-amount-view">
              <div>{formatFen(c.amountFen)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.amountInWords}
              </Typography.Text>
            </div>
          ),
        },
        { key: 'paid', label: t('funding.contracts.field.paid'), children: `${formatFen(c.paidFen)} / ${formatFen(c.amountFen)}` },
        {
          key: 'term',
          label: t('funding.contracts.field.term'),
          children: (
            <>
              {c.startsOn} ~ {c.endsOn}
              {c.recurringService && (
                <div>
                  <Tag color="cyan">{t('funding.contracts.field.recurringService')}</Tag>
                  <Typography.Text type="secondary">{c.recurringReason}</Typography.Text>
                </div>
              )}
            </>
          ),
        },
        { key: 'signedAt', label: t('funding.contracts.field.signedAt'), children: formatDateTime(c.signedAt) },
        ...(can('ledger.read')
          ? [
              {
                key: 'fund',
                label: t('funding.contracts.field.fund'),
                children: !c.fundId ? '—' : fund.data ? `${fund.data.name}（${t('funding.contracts.fund.available')} ${formatFen(fund.data.availableFen)}）` : '…',
              },
            ]
          : []),
      ]}
    />
  );
}

/** Edit, sign, terminate, print, renew: each only when the contract's abilities allow it, each confirmed when it cannot be undone. */
function ContractActions({ contract: c, onEdit }: { contract: TContractDetail; onEdit: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const [terminating, setTerminating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const signingFen = c.tranches.filter((tr) => tr.releasedBy === 'signing').reduce((s, tr) => s + tr.amountFen, 0);

  const sign = () =>
    modal.confirm({
      title: t('funding.contracts.sign.confirm'),
      content: (
        <>
          <p>{t('funding.contracts.sign.commit', { amount: formatFen(c.amountFen) })}</p>
          {signingFen > 0 && <p>{t('funding.contracts.sign.pays', { amount: formatFen(signingFen) })}</p>}
          <p>{t('funding.contracts.sign.final')}</p>
        </>
      ),
      okText: t('funding.contracts.sign.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post('/funding/contracts/:id/sign', { params: { id: c.id } });
          void message.success(t('funding.contracts.sign.done'));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });

  const renew = () =>
    modal.confirm({
      title: t('funding.contracts.renewal.confirm'),
      content: t('funding.contracts.renewal.confirmText'),
      okText: t('funding.contracts.renewal.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const next = await api.post('/funding/contracts/:id/renew', { params: { id: c.id }, body: {} });
          void message.success(t('funding.contracts.renewal.done'));
          refresh();
          navigate(`/funding/contracts/${next.id}?tab=changes`);
        } catch (e) {
          showError(e);
        }
      },
    });

  const terminate = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    modal.confirm({
      title: t('funding.contracts.terminate.confirm'),
      content: t('funding.contracts.terminate.confirmText', { unpaid: formatFen(c.amountFen - c.paidFen) }),
      okText: t('funding.contracts.terminate.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await api.post('/funding/contracts/:id/terminate', { params: { id: c.id }, body: { reason: v.reason.trim() } });
          void message.success(t('funding.contracts.terminate.done'));
          setTerminating(false);
          refresh();
        } catch (e) {
          showError(e, form);
        } finally {
          setBusy(false);
        }
      },
    });
  };

  return (
    <Space wrap>
      {c.abilities.edit && (
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid="contract-edit">
          {t('funding.contracts.detail.edit')}
        </Button>
      )}
      {c.abilities.print && (
        <Button icon={<PrinterOutlined />} href={`/print/funding-contract/${c.id}`} target="_blank" data-testid="contract-print">
          {t('funding.contracts.detail.print')}
        </Button>
      )}
      {c.abilities.renew && (
        <Button icon={<RetweetOutlined />} onClick={renew} data-testid="contract-renew">
          {t('funding.contracts.renewal.button')}
        </Button>
      )}
      {c.abilities.terminate && (
        <Button danger icon={<StopOutlined />} onClick={() => setTerminating(true)} data-testid="contract-terminate">
          {t('funding.contracts.terminate.button')}
        </Button>
      )}
      {c.abilities.sign && (
        <Button type="primary" onClick={sign} data-testid="contract-sign">
          {t('funding.contracts.sign.button')}
        </Button>
      )}
      <FormModal
        title={t('funding.contracts.terminate.title')}
        open={terminating}
        busy={busy}
        onOk={terminate}
        onCancel={() => setTerminating(false)}
        okText={t('funding.contracts.terminate.ok')}
        okTestId="contract-terminate-ok"
      >
        <Typography.Paragraph type="secondary">{t('funding.contracts.terminate.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('funding.contracts.terminate.reason')} rules={[{ required: true, whitespace: true, message: t('funding.contracts.terminate.reasonRequired') }, { max: 1000 }]}>
            <Input.TextArea rows={4} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </FormModal>
    </Space>
  );
}

import { useState } from 'react';
import { Alert, Button, Empty, Form, Grid, Input, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TContractDetail } from '@shared/funding/contracts';
import { api } from '../../../api/client';
import { FormModal } from '../../../components/FormModal';
import { useApiError } from '../../../components/useApiError';
import { formatDateTime } from '../../../lib/labels';
import { formatFen } from '../shared/money';
import { AttachmentLinks, ContractHistory } from './ContractHistory';
import { contractsLabel, MILESTONE_STATUS_COLOR, TRANCHE_STATUS_COLOR } from './labels';
import { RejectMilestoneModal, ReportMilestoneModal } from './MilestoneForms';
import { useContractsRefresh } from './queries';

type Milestone = TContractDetail['milestones'][number];
type Tranche = TContractDetail['tranches'][number];

/**
 * The contract's milestones and payment tranches (评估兑现): each tranche with what releases it,
 * whether it was paid, is pending or was withheld, and when. The organisation reports a milestone
 * done (a note and its files); staff accept it, which pays the tranches waiting on it, or send it
 * back with a reason; each milestone keeps its steps.
 */
export function MilestonesAndTranches({ contract: c }: { contract: TContractDetail }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [accepting, setAccepting] = useState<Milestone | null>(null);
  const [reporting, setReporting] = useState<Milestone | null>(null);
  const [rejecting, setRejecting] = useState<Milestone | null>(null);
  const [showing, setShowing] = useState<string | null>(null);
  const milestoneTitle = (id: string | null) => c.milestones.find((m) => m.id === id)?.title;
  const releasedBy = (tr: Tranche) =>
    tr.releasedBy === 'milestone' ? t('funding.contracts.tranches.byMilestone', { title: milestoneTitle(tr.milestoneId) ?? '—' }) : contractsLabel(t, 'trigger', tr.releasedBy);
  const paid = c.tranches.filter((tr) => tr.status === 'paid').reduce((s, tr) => s + tr.amountFen, 0);
  const withheld = c.tranches.filter((tr) => tr.status === 'withheld').reduce((s, tr) => s + tr.amountFen, 0);

  return (
    <>
      <Typography.Title level={5}>{t('funding.contracts.tranches.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="tranche-summary">
        {t('funding.contracts.tranches.summary', { paid: formatFen(paid), pending: formatFen(c.amountFen - paid - withheld), withheld: formatFen(withheld) })}
      </Typography.Paragraph>
      {screens.md ? (
        <Table<Tranche>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.tranches}
          data-testid="tranches-table"
          columns={[
            { title: t('funding.contracts.tranches.position'), dataIndex: 'position', render: (p: number) => t('funding.contracts.tranches.nth', { n: p + 1 }) },
            { title: t('funding.contracts.tranches.amount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
            { title: t('funding.contracts.tranches.releasedBy'), key: 'releasedBy', render: (_: unknown, tr) => releasedBy(tr) },
            { title: t('funding.contracts.tranches.status'), dataIndex: 'status', render: (s: string) => <Tag color={TRANCHE_STATUS_COLOR[s]}>{contractsLabel(t, 'trancheStatus', s)}</Tag> },
            { title: t('funding.contracts.tranches.decidedAt'), dataIndex: 'decidedAt', render: formatDateTime },
            { title: t('funding.contracts.tranches.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
          ]}
        />
      ) : (
        <div className="contract-rows" data-testid="tranches-table">
          {c.tranches.map((tr) => (
            <div key={tr.id} className="contract-row">
              <div className="contract-card-head">
                <Typography.Text strong>
                  {t('funding.contracts.tranches.nth', { n: tr.position + 1 })} · {formatFen(tr.amountFen)}
                </Typography.Text>
                <Tag color={TRANCHE_STATUS_COLOR[tr.status]}>{contractsLabel(t, 'trancheStatus', tr.status)}</Tag>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {releasedBy(tr)}
                {tr.decidedAt ? ` · ${formatDateTime(tr.decidedAt)}` : ''}
              </Typography.Text>
              {tr.reason && <div style={{ fontSize: 12 }}>{tr.reason}</div>}
            </div>
          ))}
        </div>
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('funding.contracts.milestones.title')}
      </Typography.Title>
      {c.milestones.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.milestones.none')} />
      ) : (
        <div className="contract-rows" data-testid="milestones">
          {c.milestones.map((m) => {
            const waiting = c.tranches.filter((tr) => tr.milestoneId === m.id && tr.status === 'pending');
            const lastReport = m.history.filter((h) => h.action === 'report').at(-1);
            const lastReject = m.status === 'rejected' ? m.history.filter((h) => h.action === 'reject').at(-1) : undefined;
            return (
              <div key={m.id} className="contract-row" data-testid="milestone">
                <div className="contract-card-head">
                  <Typography.Text strong>
                    {m.position + 1}. {m.title}
                  </Typography.Text>
                  <Tag color={MILESTONE_STATUS_COLOR[m.status]} data-testid="milestone-status">
                    {contractsLabel(t, 'milestoneStatus', m.status)}
                  </Tag>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('funding.contracts.milestones.due', { on: m.dueOn })}
                  {m.acceptedAt ? ` · ${t('funding.contracts.milestones.acceptedAt', { at: formatDateTime(m.acceptedAt) })}` : ''}
                  {waiting.length > 0 ? ` · ${t('funding.contracts.milestones.releases', { amount: formatFen(waiting.reduce((s, tr) => s + tr.amountFen, 0)) })}` : ''}
                </Typography.Text>
                {lastReject && (
                  <div className="milestone-note rejected" data-testid="milestone-rejected">
                    {t('funding.contracts.milestones.rejectedBecause', { reason: lastReject.comment ?? '' })}
                  </div>
                )}
                {lastReport && (
                  <div className="milestone-note">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('funding.contracts.milestones.reportedBy', { name: lastReport.actorName, at: formatDateTime(lastReport.at) })}
                    </Typography.Text>
                    <div>{lastReport.comment}</div>
                    {lastReport.attachments.length > 0 && <AttachmentLinks files={lastReport.attachments} />}
                  </div>
                )}
                <div className="milestone-actions">
                  {m.abilities.report && (
                    <Button size="small" type="primary" onClick={() => setReporting(m)} data-testid="milestone-report">
                      {t(m.status === 'rejected' ? 'funding.contracts.milestones.reportAgain' : 'funding.contracts.milestones.report')}
                    </Button>
                  )}
                  {m.abilities.accept && (
                    <Button size="small" type={m.status === 'submitted' ? 'primary' : 'default'} onClick={() => setAccepting(m)} data-testid="milestone-accept">
                      {t('funding.contracts.milestones.accept')}
                    </Button>
                  )}
                  {m.abilities.reject && (
                    <Button size="small" onClick={() => setRejecting(m)} data-testid="milestone-reject">
                      {t('funding.contracts.milestones.reject')}
                    </Button>
                  )}
                  {m.history.length > 0 && (
                    <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setShowing(showing === m.id ? null : m.id)}>
                      {t(showing === m.id ? 'funding.contracts.milestones.hideSteps' : 'funding.contracts.milestones.showSteps', { count: m.history.length })}
                    </Button>
                  )}
                </div>
                {showing === m.id && (
                  <div style={{ marginTop: 12 }}>
                    <ContractHistory history={m.history} group="milestoneStatus" />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      )}
      {c.status === 'signed' && c.milestones.some((m) => m.abilities.report) && (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('funding.contracts.milestones.orgHint')} />
      )}
      <ReportMilestoneModal milestone={reporting} onClose={() => setReporting(null)} />
      <RejectMilestoneModal milestone={rejecting} onClose={() => setRejecting(null)} />
      <AcceptMilestoneModal contract={c} milestone={accepting} onClose={() => setAccepting(null)} />
    </>
  );
}

function AcceptMilestoneModal({ contract: c, milestone, onClose }: { contract: TContractDetail; milestone: Milestone | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment?: string }>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const waiting = milestone ? c.tranches.filter((tr) => tr.milestoneId === milestone.id && tr.status === 'pending') : [];
  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !milestone) return;
    setBusy(true);
    try {
      await api.post('/funding/milestones/:id/accept', { params: { id: milestone.id }, body: { comment: v.comment?.trim() || null } });
      refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormModal title={t('funding.contracts.milestones.acceptTitle', { title: milestone?.title ?? '' })} open={!!milestone} busy={busy} onOk={ok} onCancel={onClose} okText={t('funding.contracts.milestones.accept')} okTestId="milestone-accept-ok">
      <Alert
        type={waiting.length ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          waiting.length
            ? t('funding.contracts.milestones.acceptPays', { amount: formatFen(waiting.reduce((s, tr) => s + tr.amountFen, 0)) })
            : t('funding.contracts.milestones.acceptNoPayment')
        }
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="comment" label={t('funding.contracts.milestones.comment')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

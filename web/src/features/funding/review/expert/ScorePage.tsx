import { useQuery } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Form, Grid, Input, InputNumber, List, Modal, Row, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TCriterion, TReviewApplication } from '@shared/funding/review';
import { api } from '../../../../api/client';
import { useApiError } from '../../../../components/useApiError';
import { chinaDateTime } from '../../front/time';
import { formatFen } from '../../shared/money';
import { formatPoints, reviewLabel } from '../labels';
import { reviewKeys, useRefreshFunding } from '../queries';
import { ProposalReadOnly } from './ProposalReadOnly';

interface ScoreValues {
  scores: Record<string, { score?: number | null; comment?: string }>;
  comment?: string;
}

/** The weighted total out of 100, as the server computes it: Σ score ÷ maximum × weight. */
export function weightedTotal(criteria: readonly TCriterion[], scores: ScoreValues['scores'] | undefined): number {
  return criteria.reduce((s, c) => s + ((Number(scores?.[c.code]?.score) || 0) / c.maxScore) * c.weight, 0);
}

/** The expert's page for one assigned application: the proposal to read and the score sheet. */
export function ScorePage() {
  const { t } = useTranslation();
  const { applicationId = '' } = useParams<{ applicationId: string }>();
  const wide = !!Grid.useBreakpoint().lg;
  const q = useQuery({
    queryKey: reviewKeys.application(applicationId),
    queryFn: () => api.get('/funding/review/applications/:id', { params: { id: applicationId } }),
  });
  if (q.isLoading) return <Skeleton active />;
  if (q.error || !q.data)
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Link to="/funding/my-reviews">{t('funding.review.my.back')}</Link>
        <Alert type="error" showIcon title={q.error?.message ?? t('common.error')} />
      </Space>
    );
  const a = q.data;
  const scoring = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {a.myScore ? <MyScore a={a} /> : <ScoreForm a={a} />}
      {a.isChair && <ChairProgress a={a} />}
      {a.panelScores.length > 0 && <PanelScores a={a} />}
    </Space>
  );
  const lastReturn = a.myScore ? null : [...a.myHistory].reverse().find((h) => h.returnedAt);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/funding/my-reviews">{t('funding.review.my.title')}</Link> }, { title: a.title }]} />
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="score-title">
          {a.title}
        </Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('funding.review.organization')}>{a.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.proposal.amount')}>{formatFen(a.amountFen)}</Descriptions.Item>
          <Descriptions.Item label={t('funding.review.panel.deadline')}>{chinaDateTime(a.reviewDeadline)}</Descriptions.Item>
        </Descriptions>
        {lastReturn && (
          <Alert
            type="warning"
            showIcon
            data-testid="score-returned"
            title={t('funding.review.score.returned', { at: chinaDateTime(lastReturn.returnedAt) })}
            description={t('funding.review.score.returnReason', { reason: lastReturn.returnReason ?? '' })}
          />
        )}
      </Card>
      {wide ? (
        <Row gutter={[16, 16]}>
          <Col span={14}>
            <Card title={t('funding.review.score.proposal')}>
              <ProposalReadOnly p={a} />
            </Card>
          </Col>
          <Col span={10}>{scoring}</Col>
        </Row>
      ) : (
        // On a phone the proposal and the sheet are two tabs, so the sheet is one tap away, not a long scroll.
        <Card size="small">
          <Tabs
            defaultActiveKey={a.myScore ? 'proposal' : 'sheet'}
            items={[
              { key: 'proposal', label: t('funding.review.score.proposal'), children: <ProposalReadOnly p={a} /> },
              { key: 'sheet', label: a.myScore ? t('funding.review.score.mine') : t('funding.review.score.sheet'), children: scoring },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function ScoreForm({ a }: { a: TReviewApplication }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<ScoreValues>();
  const [busy, setBusy] = useState(false);
  const [drafting, setDrafting] = useState(false);
  const scores = Form.useWatch('scores', form) as ScoreValues['scores'] | undefined;
  const open = a.panelStatus === 'open';
  const overdue = new Date(a.reviewDeadline).getTime() < Date.now();

  // The server keeps the draft (暂存), so it follows the expert from the laptop to the phone.
  const initial: ScoreValues = {
    scores: Object.fromEntries(Object.entries(a.myDraft?.scores ?? {}).map(([code, v]) => [code, { score: v.score, comment: v.comment ?? undefined }])),
    comment: a.myDraft?.comment ?? undefined,
  };

  const saveDraft = async () => {
    const v = form.getFieldsValue();
    const body = {
      scores: Object.fromEntries(
        a.criteria
          .filter((c) => v.scores?.[c.code]?.score !== null && v.scores?.[c.code]?.score !== undefined)
          .map((c) => [c.code, { score: Number(v.scores[c.code].score), comment: v.scores[c.code].comment?.trim() || undefined }]),
      ),
      comment: v.comment?.trim() || undefined,
    };
    setDrafting(true);
    try {
      await api.put('/funding/review/applications/:id/draft', { params: { id: a.applicationId }, body });
      void message.success(t('funding.review.score.draftSaved'));
      refresh();
    } catch (e) {
      showError(e, form);
    } finally {
      setDrafting(false);
    }
  };

  const submit = async () => {
    let v: ScoreValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      scores: Object.fromEntries(a.criteria.map((c) => [c.code, { score: Number(v.scores[c.code].score), comment: v.scores[c.code].comment?.trim() || undefined }])),
      comment: v.comment!.trim(),
    };
    modal.confirm({
      title: t('funding.review.score.confirmTitle'),
      content: t('funding.review.score.confirmText', { total: formatPoints(weightedTotal(a.criteria, v.scores)) }),
      okText: t('funding.review.score.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await api.put('/funding/review/applications/:id/score', { params: { id: a.applicationId }, body });
          void message.success(t('funding.review.score.submitted'));
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
    <Card title={t('funding.review.score.sheet')} data-testid="score-form">
      {!open && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('funding.review.score.panelClosed')} />}
      {open && overdue && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('funding.review.score.deadlinePassed')} />}
      <Form form={form} layout="vertical" initialValues={initial} disabled={!open || overdue}>
        {a.criteria.map((c) => (
          <div key={c.code} style={{ marginBottom: 8 }}>
            <Form.Item
              name={['scores', c.code, 'score']}
              label={
                <span>
                  {c.name}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 'normal' }}>
                    {t('funding.review.score.maxWeight', { max: c.maxScore, weight: c.weight })}
                  </Typography.Text>
                </span>
              }
              rules={[{ required: true, message: t('funding.review.score.scoreRequired', { name: c.name }) }]}
              style={{ marginBottom: 4 }}
            >
              <InputNumber min={0} max={c.maxScore} step={0.5} precision={1} inputMode="decimal" style={{ width: 160 }} suffix={`/ ${c.maxScore}`} data-testid="score-input" />
            </Form.Item>
            <Form.Item name={['scores', c.code, 'comment']} style={{ marginBottom: 8 }}>
              <Input maxLength={1000} placeholder={t('funding.review.score.criterionComment')} />
            </Form.Item>
          </div>
        ))}
        <Typography.Paragraph strong data-testid="score-total">
          {t('funding.review.score.total', { total: formatPoints(weightedTotal(a.criteria, scores)) })}
        </Typography.Paragraph>
        <Form.Item name="comment" label={t('funding.review.score.comment')} rules={[{ required: true, whitespace: true, message: t('funding.review.score.commentRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Space wrap>
          <Button loading={drafting} onClick={() => void saveDraft()} data-testid="score-draft">
            {t('funding.review.score.saveDraft')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="score-submit">
            {t('funding.review.score.submit')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }} data-testid="score-draft-help">
          {a.myDraft ? `${t('funding.review.score.draftSavedAt', { at: chinaDateTime(a.myDraft.savedAt) })} ` : ''}
          {t('funding.review.score.draftHelp')}
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}

function MyScore({ a }: { a: TReviewApplication }) {
  const { t } = useTranslation();
  const s = a.myScore!;
  return (
    <Card title={t('funding.review.score.mine')} data-testid="my-score">
      <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('funding.review.score.submittedAt', { at: chinaDateTime(s.submittedAt) })} />
      <List
        size="small"
        dataSource={a.criteria}
        renderItem={(c) => (
          <List.Item extra={<strong>{`${s.scores[c.code]?.score ?? '—'} / ${c.maxScore}`}</strong>}>
            <List.Item.Meta title={`${c.name}（${c.weight}%）`} description={s.scores[c.code]?.comment ?? undefined} />
          </List.Item>
        )}
      />
      <Typography.Paragraph strong style={{ marginTop: 8 }}>
        {t('funding.review.score.total', { total: formatPoints(s.total) })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.comment}</Typography.Paragraph>
      {a.myHistory.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('funding.review.score.earlier', { count: a.myHistory.length })}
        </Typography.Text>
      )}
    </Card>
  );
}

/** The chair sees who has scored (never what) and may send a submitted score back with a reason. */
function ChairProgress({ a }: { a: TReviewApplication }) {
  const { t } = useTranslation();
  const [returning, setReturning] = useState<{ assignmentId: string; expertName: string } | null>(null);
  return (
    <Card title={t('funding.review.chair.title')} data-testid="chair-progress">
      <List
        size="small"
        dataSource={a.progress}
        renderItem={(p) => (
          <List.Item
            actions={
              p.scored && a.panelStatus === 'open'
                ? [
                    <Button key="return" size="small" danger onClick={() => setReturning(p)} data-testid="chair-return">
                      {t('funding.review.chair.return')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space>
              {p.expertName}
              {p.scored ? <Tag color="green">{t('funding.review.assign.scored')}</Tag> : <Tag>{t('funding.review.progress.waiting')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      <ReturnModal target={returning} onClose={() => setReturning(null)} />
    </Card>
  );
}

function ReturnModal({ target, onClose }: { target: { assignmentId: string; expertName: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.post('/funding/review/assignments/:id/return', { params: { id: target!.assignmentId }, body: { reason: v.reason.trim() } });
      void message.success(t('funding.review.chair.returned'));
      refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!target}
      title={t('funding.review.chair.returnTitle', { name: target?.expertName ?? '' })}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('funding.review.chair.return')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('funding.review.chair.returnExplain')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('funding.review.reason')} rules={[{ required: true, whitespace: true, message: t('funding.review.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Every expert's score: the server sends them only once the panel closed. */
function PanelScores({ a }: { a: TReviewApplication }) {
  const { t } = useTranslation();
  return (
    <Card title={t('funding.review.score.panelScores')}>
      <Table
        rowKey="expertName"
        size="small"
        pagination={false}
        dataSource={a.panelScores}
        columns={[
          { title: t('funding.review.progress.expert'), dataIndex: 'expertName' },
          { title: t('funding.review.progress.total'), dataIndex: 'total', align: 'right', render: (v: number) => formatPoints(v) },
          { title: t('funding.review.score.comment'), dataIndex: 'comment' },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {reviewLabel(t, 'panelStatus', a.panelStatus)}
      </Typography.Text>
    </Card>
  );
}

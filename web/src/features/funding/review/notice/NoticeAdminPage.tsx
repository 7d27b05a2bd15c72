import { useQuery } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Radio, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DEFAULT_OBJECTION_DAYS, OBJECTION_DECISIONS, type TAnswerObjectionBody, type TObjection } from '@shared/funding/notice';
import { api, ApiError } from '../../../../api/client';
import { tableEmpty } from '../../../../components/TableEmpty';
import { useApiError } from '../../../../components/useApiError';
import { chinaDateTime } from '../../front/time';
import { frontLabel } from '../../front/labels';
import { formatFen } from '../../shared/money';
import { NOTICE_STATE_COLOR, reviewLabel } from '../labels';
import { reviewKeys, useRefreshFunding } from '../queries';
import { PeriodLine } from './PublicNoticePages';

/** Staff: a call's public notice — publish it, answer each objection, fix the results after the period. */
export function NoticeAdminPage() {
  const { t } = useTranslation();
  const { callId = '' } = useParams<{ callId: string }>();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const call = useQuery({ queryKey: reviewKeys.call(callId), queryFn: () => api.get('/funding/calls/:id', { params: { id: callId } }) });
  const notice = useQuery({
    queryKey: reviewKeys.notice(callId),
    queryFn: () =>
      api.get('/funding/notice/calls/:callId', { params: { callId } }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const [answering, setAnswering] = useState<TObjection | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});

  if (call.isLoading || notice.isLoading) return <Skeleton active />;
  if (!call.data) return <Alert type="error" showIcon title={call.error?.message ?? t('common.error')} />;
  const c = call.data;
  const n = notice.data;
  const pending = n?.objections.filter((o) => !o.decision).length ?? 0;

  const fix = () =>
    modal.confirm({
      title: t('funding.review.notice.fixTitle'),
      content: t('funding.review.notice.fixText'),
      okText: t('funding.review.notice.fix'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post('/funding/notice/calls/:callId/fix', { params: { callId } });
          void message.success(t('funding.review.notice.fixed'));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });

  const reveal = async (id: string) => {
    try {
      const r = await api.get('/funding/notice/objections/:id/contact', { params: { id } });
      setRevealed((s) => ({ ...s, [id]: r.contact }));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/funding/notices">{t('funding.review.notices.title')}</Link> }, { title: c.title }]} />
      <Card>
        <Space wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('funding.review.notice.adminTitle', { call: c.title })}
          </Typography.Title>
          {n && <Tag color={NOTICE_STATE_COLOR[n.state]}>{reviewLabel(t, 'noticeState', n.state)}</Tag>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('funding.review.calls.step')}>{frontLabel(t, 'step', c.step)}</Descriptions.Item>
          {n && <Descriptions.Item label={t('funding.review.notice.objections')}>{t('funding.review.notice.objectionCount', { count: n.objections.length, pending })}</Descriptions.Item>}
          {n?.fixedAt && <Descriptions.Item label={t('funding.review.notice.fixedAt')}>{chinaDateTime(n.fixedAt)}</Descriptions.Item>}
        </Descriptions>
        {n && <PeriodLine notice={n} />}
        {n && (
          <div style={{ marginTop: 12 }}>
            <Space wrap>
              <Link to={`/public/notices/${n.id}`} target="_blank">
                {t('funding.review.notice.openPublic')}
              </Link>
              {!n.fixedAt && (
                <Button type="primary" onClick={fix} disabled={n.state === 'objection_period' || pending > 0} data-testid="notice-fix">
                  {t('funding.review.notice.fix')}
                </Button>
              )}
            </Space>
            {!n.fixedAt && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {n.state === 'objection_period' ? t('funding.review.notice.fixAfterPeriod', { endsOn: n.endsOn }) : pending > 0 ? t('funding.review.notice.fixAfterAnswers', { pending }) : t('funding.review.notice.fixReady')}
              </Typography.Paragraph>
            )}
          </div>
        )}
      </Card>
      {!n ? (
        <PublishCard callId={callId} atNotice={c.step === 'notice'} />
      ) : (
        <>
          <Card title={n.fixedAt ? t('funding.review.notice.fixedResults') : t('funding.review.notice.entries')}>
            <Table
              rowKey="applicationId"
              size="small"
              pagination={false}
              dataSource={n.entries}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: tableEmpty(t('funding.review.notice.noEntries')) }}
              columns={[
                { title: t('funding.review.assign.application'), dataIndex: 'title' },
                { title: t('funding.review.organization'), dataIndex: 'organizationName' },
                { title: t('funding.review.ranking.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
                {
                  title: t('funding.review.ranking.decision'),
                  dataIndex: 'withdrawn',
                  render: (w: boolean) => (w ? <Tag color="red">{t('funding.review.notice.withdrawn')}</Tag> : <Tag color="green">{t('funding.review.enum.decision.approved')}</Tag>),
                },
              ]}
            />
          </Card>
          <Card title={t('funding.review.notice.objections')}>
            <Table<TObjection>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={n.objections}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: tableEmpty(t('funding.review.notice.noObjections')) }}
              data-testid="objections-table"
              columns={[
                { title: t('funding.review.objection.lodgedAt'), dataIndex: 'lodgedAt', render: chinaDateTime },
                { title: t('funding.review.objection.name'), dataIndex: 'name' },
                {
                  title: t('funding.review.objection.contact'),
                  key: 'contact',
                  render: (_: unknown, o) =>
                    revealed[o.id] ? (
                      revealed[o.id]
                    ) : (
                      <Space size={4}>
                        {o.contact}
                        <Button size="small" type="link" onClick={() => void reveal(o.id)}>
                          {t('funding.review.objection.reveal')}
                        </Button>
                      </Space>
                    ),
                },
                { title: t('funding.review.objection.project'), dataIndex: 'applicationTitle', render: (v: string | null) => v ?? t('funding.review.objection.wholeNotice') },
                {
                  title: t('funding.review.objection.text'),
                  dataIndex: 'text',
                  render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0, maxWidth: 360 }}>{v}</Typography.Paragraph>,
                },
                {
                  title: t('funding.review.objection.answer'),
                  key: 'answer',
                  render: (_: unknown, o) =>
                    o.decision ? (
                      <div style={{ maxWidth: 320 }}>
                        <Tag color={o.decision === 'upheld' ? 'red' : 'default'}>{reviewLabel(t, 'objectionDecision', o.decision)}</Tag>
                        {o.withdrewApproval && <Tag color="red">{t('funding.review.objection.approvalWithdrawn')}</Tag>}
                        <div style={{ whiteSpace: 'pre-wrap' }}>{o.answer}</div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {chinaDateTime(o.answeredAt)}
                        </Typography.Text>
                      </div>
                    ) : n.fixedAt ? (
                      '—'
                    ) : (
                      <Button size="small" type="primary" onClick={() => setAnswering(o)} data-testid="objection-answer">
                        {t('funding.review.objection.answerAction')}
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
        </>
      )}
      <AnswerModal objection={answering} onClose={() => setAnswering(null)} />
    </Space>
  );
}

function PublishCard({ callId, atNotice }: { callId: string; atNotice: boolean }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<{ objectionDays: number }>();
  const publish = async () => {
    let v: { objectionDays: number };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    modal.confirm({
      title: t('funding.review.notice.publishTitle'),
      content: t('funding.review.notice.publishText', { days: v.objectionDays }),
      okText: t('funding.review.notice.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post('/funding/notice/calls/:callId/publish', { params: { callId }, body: { objectionDays: v.objectionDays } });
          void message.success(t('funding.review.notice.published'));
          refresh();
        } catch (e) {
          showError(e, form);
        }
      },
    });
  };
  return (
    <Card title={t('funding.review.notice.publishTitle')} data-testid="notice-publish">
      {!atNotice && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.review.notice.notAtNotice')} />}
      <Typography.Paragraph type="secondary">{t('funding.review.notice.publishExplain')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ objectionDays: DEFAULT_OBJECTION_DAYS }}>
        <Form.Item name="objectionDays" label={t('funding.review.notice.objectionDays')} rules={[{ required: true, message: t('funding.review.notice.objectionDaysRequired') }]}>
          <InputNumber min={1} max={30} precision={0} suffix={t('funding.review.notice.workingDays')} style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" onClick={() => void publish()} disabled={!atNotice} data-testid="notice-publish-button">
          {t('funding.review.notice.publish')}
        </Button>
      </Form>
    </Card>
  );
}

function AnswerModal({ objection, onClose }: { objection: TObjection | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshFunding();
  const [form] = Form.useForm<TAnswerObjectionBody>();
  const [busy, setBusy] = useState(false);
  const decision = Form.useWatch('decision', form);
  const ok = async () => {
    let v: TAnswerObjectionBody;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.post('/funding/notice/objections/:id/answer', {
        params: { id: objection!.id },
        body: { decision: v.decision, answer: v.answer.trim(), withdrawApproval: v.decision === 'upheld' && !!v.withdrawApproval },
      });
      void message.success(t('funding.review.objection.answered'));
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
      open={!!objection}
      title={t('funding.review.objection.answerTitle', { name: objection?.name ?? '' })}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={busy}
      okText={t('funding.review.objection.answerAction')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} type="secondary">
        {objection?.text}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="decision" label={t('funding.review.objection.decision')} rules={[{ required: true, message: t('funding.review.objection.decisionRequired') }]}>
          <Radio.Group options={OBJECTION_DECISIONS.map((d) => ({ value: d, label: reviewLabel(t, 'objectionDecision', d) }))} />
        </Form.Item>
        <Form.Item name="answer" label={t('funding.review.objection.answerReason')} rules={[{ required: true, whitespace: true, message: t('funding.review.objection.answerRequired') }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        {decision === 'upheld' && objection?.applicationId && (
          <Form.Item name="withdrawApproval" valuePropName="checked" extra={t('funding.review.objection.withdrawHelp')}>
            <Checkbox>{t('funding.review.objection.withdraw', { title: objection.applicationTitle ?? '' })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, List, Result, Select, Skeleton, Tag, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TObjectionBody, TPublicNotice } from '@shared/funding/notice';
import { api } from '../../../../api/client';
import { LanguageSwitcher } from '../../../../components/LanguageSwitcher';
import { useApiError } from '../../../../components/useApiError';
import { formatFen } from '../../shared/money';
import { NOTICE_STATE_COLOR, reviewLabel } from '../labels';
import { reviewKeys } from '../queries';
import '../review.css';

function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="notice-page">
      <div className="notice-column">
        <div className="notice-header">
          <Typography.Text strong>
            <NotificationOutlined /> {t('app.name')}
          </Typography.Text>
          <LanguageSwitcher />
        </div>
        {children}
      </div>
    </div>
  );
}

/** The line every notice shows: until when objections are taken, counted in working days. */
export function PeriodLine({ notice }: { notice: Pick<TPublicNotice, 'endsOn' | 'objectionDays' | 'publishedOn' | 'state'> }) {
  const { t } = useTranslation();
  return (
    <Typography.Text data-testid="notice-period">
      {t('funding.review.notice.period', { endsOn: notice.endsOn, days: notice.objectionDays })}
      <Typography.Text type="secondary">{` · ${t('funding.review.notice.publishedOn', { on: notice.publishedOn })}`}</Typography.Text>
    </Typography.Text>
  );
}

const STATE_ORDER: Record<TPublicNotice['state'], number> = { objection_period: 0, awaiting_answers: 1, fixed: 2 };

/** Public: the notices of funded projects (项目公示), newest first. */
export function PublicNoticesPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: reviewKeys.publicNotices, queryFn: () => api.get('/funding/public/notices') });
  // Notices still taking objections first: those are what a reader can still act on.
  const sorted = [...(q.data?.items ?? [])].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || b.publishedOn.localeCompare(a.publishedOn));
  return (
    <PublicShell>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="public-notices-title">
        {t('funding.review.notice.publicTitle')}
      </Typography.Title>
      {q.isLoading && <Skeleton active />}
      {q.error && <Alert type="error" showIcon title={q.error.message} />}
      {q.data && q.data.items.length === 0 && (
        <Card>
          <Empty description={t('funding.review.notice.publicEmpty')} />
        </Card>
      )}
      {sorted.map((n) => (
        <Card key={n.id} size="small" data-testid="public-notice">
          <Link to={`/public/notices/${n.id}`}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {n.callTitle}
            </Typography.Title>
          </Link>
          <div>
            <Tag color={NOTICE_STATE_COLOR[n.state]}>{reviewLabel(t, 'noticeState', n.state)}</Tag>
            <Typography.Text type="secondary">{t('funding.review.notice.count', { count: n.entries.filter((e) => !e.withdrawn).length })}</Typography.Text>
          </div>
          <PeriodLine notice={n} />
        </Card>
      ))}
    </PublicShell>
  );
}

/** Public: one notice — the approved projects, the objection period, and the form to object. */
export function PublicNoticePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams<{ id: string }>();
  const q = useQuery({ queryKey: reviewKeys.publicNotice(id), queryFn: () => api.get('/funding/public/notices/:id', { params: { id } }) });
  const n = q.data;
  return (
    <PublicShell>
      <Link to="/public/notices">{t('funding.review.notice.allNotices')}</Link>
      {q.isLoading && <Skeleton active />}
      {q.error && <Alert type="error" showIcon title={q.error.message} />}
      {n && (
        <>
          <Card>
            <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="notice-title">
              {t('funding.review.notice.heading', { call: n.callTitle })}
            </Typography.Title>
            <Tag color={NOTICE_STATE_COLOR[n.state]}>{reviewLabel(t, 'noticeState', n.state)}</Tag>
            <div style={{ marginTop: 8 }}>
              <PeriodLine notice={n} />
            </div>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('funding.review.notice.explain')}
            </Typography.Paragraph>
          </Card>
          <Card title={t('funding.review.notice.entries')} styles={{ body: { paddingTop: 0 } }}>
            <List
              dataSource={n.entries}
              locale={{ emptyText: t('funding.review.notice.noEntries') }}
              renderItem={(e) => (
                <List.Item data-testid="notice-entry" extra={<Typography.Text strong>{formatFen(e.amountFen)}</Typography.Text>}>
                  <List.Item.Meta
                    title={
                      <span style={e.withdrawn ? { textDecoration: 'line-through', color: '#8c8c8c' } : undefined}>
                        {e.title}
                        {e.withdrawn && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('funding.review.notice.withdrawn')}</Tag>}
                      </span>
                    }
                    description={e.organizationName}
                  />
                </List.Item>
              )}
            />
          </Card>
          {n.state === 'objection_period' ? (
            <ObjectionForm notice={n} />
          ) : (
            <Alert type="info" showIcon title={t('funding.review.notice.closedForObjections', { endsOn: n.endsOn })} />
          )}
        </>
      )}
    </PublicShell>
  );
}

function ObjectionForm({ notice }: { notice: TPublicNotice }) {
  const { t } = useTranslation();
  const showError = useApiError();
  const [form] = Form.useForm<TObjectionBody>();
  const [busy, setBusy] = useState(false);
  const [lodged, setLodged] = useState<{ id: string; lodgedAt: string; endsOn: string } | null>(null);
  const submit = async (v: TObjectionBody) => {
    setBusy(true);
    try {
      setLodged(
        await api.post('/funding/public/notices/:id/objections', {
          params: { id: notice.id },
          body: { name: v.name.trim(), contact: v.contact.trim(), objectionText: v.objectionText.trim(), applicationId: v.applicationId || undefined },
        }),
      );
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  if (lodged)
    return (
      <Card data-testid="objection-lodged">
        <Result
          status="success"
          title={t('funding.review.objection.lodgedTitle')}
          subTitle={t('funding.review.objection.lodgedText', { no: lodged.id.slice(0, 8).toUpperCase(), endsOn: lodged.endsOn })}
        />
      </Card>
    );
  return (
    <Card title={t('funding.review.objection.title')}>
      <Typography.Paragraph type="secondary">{t('funding.review.objection.explain')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="objection-form" requiredMark>
        <Form.Item name="applicationId" label={t('funding.review.objection.project')}>
          <Select
            allowClear
            placeholder={t('funding.review.objection.projectPlaceholder')}
            options={notice.entries.filter((e) => !e.withdrawn).map((e) => ({ value: e.applicationId, label: `${e.title}（${e.organizationName}）` }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('funding.review.objection.name')} rules={[{ required: true, whitespace: true, message: t('funding.review.objection.nameRequired') }]}>
          <Input maxLength={100} autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="contact"
          label={t('funding.review.objection.contact')}
          extra={t('funding.review.objection.contactHelp')}
          rules={[
            { required: true, whitespace: true, message: t('funding.review.objection.contactRequired') },
            { min: 3, message: t('funding.review.objection.contactShort') },
          ]}
        >
          <Input maxLength={100} autoComplete="tel" inputMode="email" />
        </Form.Item>
        <Form.Item
          name="objectionText"
          label={t('funding.review.objection.text')}
          rules={[{ required: true, whitespace: true, message: t('funding.review.objection.textRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('funding.review.objection.textPlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="objection-submit">
          {t('funding.review.objection.submit')}
        </Button>
      </Form>
    </Card>
  );
}

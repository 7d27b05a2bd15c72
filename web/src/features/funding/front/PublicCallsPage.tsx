import { NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Pagination, Select, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CALL_TYPES } from '@shared/funding/pipeline';
import { api } from '../../../api/client';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { usePager } from '../../../components/usePager';
import { formatFen } from '../shared/money';
import { frontLabel, frontOptions } from './labels';
import { frontKeys } from './queries';
import { chinaDateTime, timeLeft } from './time';
import './front.css';

function PublicShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="funding-public">
      <div className="funding-public-column">
        <div className="funding-public-header">
          <Link to="/public/calls">
            <Typography.Text strong>
              <NotificationOutlined /> {t('app.name')} · {t('funding.front.public.title')}
            </Typography.Text>
          </Link>
          <LanguageSwitcher />
        </div>
        {children}
      </div>
    </div>
  );
}

/** The countdown to a deadline, refreshed each minute; "已截止" once past. */
function Countdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(h);
  }, []);
  const left = timeLeft(deadline, now);
  if (!left) return <Tag color="default">{t('funding.front.public.closed')}</Tag>;
  return <Tag color={left.days < 3 ? 'red' : 'green'}>{t('funding.front.public.left', left)}</Tag>;
}

/** 项目征集公告 (public, phone first): the calls now published, newest first. */
export function PublicCallsPage() {
  const { t } = useTranslation();
  const [callType, setCallType] = useState<(typeof CALL_TYPES)[number] | undefined>();
  const pager = usePager(10);
  const query = { callType, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: frontKeys.publicCalls(query), queryFn: () => api.get('/funding/public/calls', { query }), placeholderData: (p) => p });
  return (
    <PublicShell>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('funding.front.public.listTitle')}
      </Typography.Title>
      <Select
        allowClear
        placeholder={t('funding.front.calls.callType')}
        value={callType}
        onChange={(v) => {
          setCallType(v);
          pager.setPage(1);
        }}
        options={frontOptions(t, 'callType', CALL_TYPES)}
      />
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!q.data && !q.isError && <Skeleton active />}
      {q.data?.items.length === 0 && <Empty description={t('funding.front.public.empty')} />}
      {q.data?.items.map((c) => (
        <Link key={c.id} to={`/public/calls/${c.id}`} data-testid="public-call">
          <Card size="small" hoverable>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text strong>{c.title}</Typography.Text>
              <Space wrap size={4}>
                <Tag bordered={false}>{frontLabel(t, 'callType', c.callType)}</Tag>
                <Tag bordered={false}>{c.regionName}</Tag>
                {c.open ? <Countdown deadline={c.deadline} /> : <Tag>{frontLabel(t, 'step', c.step)}</Tag>}
              </Space>
              <Typography.Text type="secondary">
                {t('funding.front.calls.budget')} {formatFen(c.budgetFen)} · {t('funding.front.calls.deadlineShort', { at: chinaDateTime(c.deadline) })}
              </Typography.Text>
            </Space>
          </Card>
        </Link>
      ))}
      {(q.data?.total ?? 0) > pager.pageSize && <Pagination size="small" current={pager.page} pageSize={pager.pageSize} total={q.data?.total} onChange={pager.onChange} />}
    </PublicShell>
  );
}

/** One published call for anyone: deadline in China time with a countdown, money, topics, who may apply and how. */
export function PublicCallPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const q = useQuery({ queryKey: frontKeys.publicCall(id), queryFn: () => api.get('/funding/public/calls/:id', { params: { id: id! } }), enabled: !!id });
  const c = q.data;
  return (
    <PublicShell>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!c && !q.isError && <Skeleton active />}
      {c && (
        <>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="public-call-title">
            {c.title}
          </Typography.Title>
          <Space wrap size={4}>
            <Tag bordered={false}>{frontLabel(t, 'callType', c.callType)}</Tag>
            <Tag bordered={false}>{c.year}</Tag>
            <Tag bordered={false}>{c.regionName}</Tag>
            {c.open ? <Countdown deadline={c.deadline} /> : <Tag>{frontLabel(t, 'step', c.step)}</Tag>}
          </Space>
          <Card size="small">
            <Space wrap size="large">
              <Statistic title={t('funding.front.calls.budget')} value={formatFen(c.budgetFen)} />
              <Statistic title={t('funding.front.calls.cap')} value={c.capFen === null ? t('funding.front.calls.noCap') : formatFen(c.capFen)} />
            </Space>
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              {c.opensAt && <Descriptions.Item label={t('funding.front.calls.opensAt')}>{t('funding.front.calls.chinaTime', { at: chinaDateTime(c.opensAt) })}</Descriptions.Item>}
              <Descriptions.Item label={t('funding.front.calls.deadline')}>
                <span data-testid="public-call-deadline">{t('funding.front.calls.chinaTime', { at: chinaDateTime(c.deadline) })}</span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {c.description && (
            <Card size="small" title={t('funding.front.callForm.description')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.description}</Typography.Paragraph>
            </Card>
          )}
          {c.topics.length > 0 && (
            <Card size="small" title={t('funding.front.calls.topics')}>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {c.topics.map((tp) => (
                  <li key={tp.id}>{tp.title}</li>
                ))}
              </ul>
            </Card>
          )}
          <Card size="small" title={t('funding.front.public.whoMayApply')}>
            {c.eligibility.length ? (
              <ol style={{ margin: 0, paddingLeft: 18 }}>
                {c.eligibility.map((e, i) => (
                  <li key={i}>{e.label}</li>
                ))}
              </ol>
            ) : (
              t('funding.front.public.anyOrganization', { region: c.regionName })
            )}
          </Card>
          <Card size="small" title={t('funding.front.public.howToApply')}>
            <ol style={{ paddingLeft: 18 }}>
              <li>{t('funding.front.public.how1')}</li>
              <li>{t('funding.front.public.how2')}</li>
              <li>{t('funding.front.public.how3', { deadline: chinaDateTime(c.deadline) })}</li>
            </ol>
            {c.form.length > 0 && (
              <>
                <Typography.Text strong>{t('funding.front.public.questions')}</Typography.Text>
                <ul style={{ paddingLeft: 18 }}>
                  {c.form.map((f) => (
                    <li key={f.key}>{f.label}</li>
                  ))}
                </ul>
              </>
            )}
            {c.open ? (
              <Link to={`/funding/applications/new?callId=${c.id}`}>
                <Button type="primary" block data-testid="public-call-apply">
                  {t('funding.front.public.apply')}
                </Button>
              </Link>
            ) : (
              <Alert type="info" showIcon title={t('funding.front.public.notOpen')} />
            )}
          </Card>
        </>
      )}
    </PublicShell>
  );
}

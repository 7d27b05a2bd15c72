import { useQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NOTICE_STATES } from '@shared/funding/notice';
import type { ResponseOf } from '../../../../api/contract';
import { api } from '../../../../api/client';
import { PagedTable } from '../../../../components/PagedTable';
import { usePager } from '../../../../components/usePager';
import { NOTICE_STATE_COLOR, reviewLabel, reviewOptions } from '../labels';
import { reviewKeys } from '../queries';

type Item = ResponseOf<'GET /funding/notice/list'>['items'][number];
type NoticeState = (typeof NOTICE_STATES)[number];

/**
 * Staff: the public notices of their region, newest first, with what each still needs — objections
 * to answer, results to fix once the period is over. A call's notice is published from its row on
 * the review page; this list is where the running ones are followed.
 */
export function NoticeListPage() {
  const { t } = useTranslation();
  const pager = usePager();
  const [state, setState] = useState<NoticeState | undefined>();
  const query = { state, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: reviewKeys.notices(query), queryFn: () => api.get('/funding/notice/list', { query }), placeholderData: (p) => p });

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.review.notices.title')}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('funding.review.notices.state')}
          value={state}
          onChange={(v) => {
            setState(v);
            pager.setPage(1);
          }}
          options={reviewOptions(t, 'noticeState', NOTICE_STATES)}
          style={{ width: 180 }}
          data-testid="notices-state"
        />
      </div>
      <Typography.Paragraph type="secondary">{t('funding.review.notices.explain')}</Typography.Paragraph>
      <PagedTable<Item>
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={t('funding.review.notices.empty')}
        testid="notices-table"
        columns={[
          { title: t('funding.review.notices.call'), dataIndex: 'callTitle', render: (v: string, r) => <Link to={`/funding/notices/${r.callId}`}>{v}</Link> },
          { title: t('funding.review.notices.publishedOn'), dataIndex: 'publishedOn' },
          { title: t('funding.review.notices.endsOn'), dataIndex: 'endsOn' },
          { title: t('funding.review.notices.state'), dataIndex: 'state', render: (v: NoticeState) => <Tag color={NOTICE_STATE_COLOR[v]}>{reviewLabel(t, 'noticeState', v)}</Tag> },
          { title: t('funding.review.notices.projects'), dataIndex: 'projects', align: 'right' },
          {
            title: t('funding.review.notices.objections'),
            key: 'objections',
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.objections}
                {r.unanswered > 0 && <Tag color="orange">{t('funding.review.notices.unanswered', { count: r.unanswered })}</Tag>}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Link to={`/funding/notices/${r.callId}`}>
                <Button size="small" type={r.state === 'fixed' ? 'default' : 'primary'} data-testid="open-notice">
                  {r.state === 'fixed' ? t('funding.review.notices.view') : t('funding.review.notices.handle')}
                </Button>
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

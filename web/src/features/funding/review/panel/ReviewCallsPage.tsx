import { useQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCallListItem } from '@shared/funding/calls';
import { CALL_TYPES } from '@shared/funding/pipeline';
import { api } from '../../../../api/client';
import { useAuth } from '../../../../app/auth';
import { PagedTable } from '../../../../components/PagedTable';
import { usePager } from '../../../../components/usePager';
import { frontLabel, frontOptions } from '../../front/labels';
import { formatFen } from '../../shared/money';
import { reviewKeys } from '../queries';

/** Steps at which a call has review or notice work to do; the others are listed after them. */
const REVIEW_STEPS = ['screening', 'review', 'notice', 'optimisation'];

/**
 * Staff: the published calls, with the way to each one's review panel and public notice. The call's
 * current step says which of them is due.
 */
export function ReviewCallsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const pager = usePager();
  const [callType, setCallType] = useState<string | undefined>();
  const query = { status: 'published' as const, callType: callType as TCallListItem['callType'] | undefined, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: reviewKeys.calls(query), queryFn: () => api.get('/funding/calls', { query }), placeholderData: (p) => p });

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.review.calls.title')}
        </Typography.Title>
        <Select
          allowClear
          placeholder={t('funding.review.calls.callType')}
          value={callType}
          onChange={(v) => {
            setCallType(v);
            pager.setPage(1);
          }}
          options={frontOptions(t, 'callType', CALL_TYPES)}
          style={{ width: 160 }}
        />
      </div>
      <Typography.Paragraph type="secondary">{t('funding.review.calls.explain')}</Typography.Paragraph>
      <PagedTable<TCallListItem>
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={t('funding.review.calls.empty')}
        testid="review-calls-table"
        columns={[
          { title: t('funding.review.calls.callTitle'), dataIndex: 'title' },
          { title: t('funding.review.calls.callType'), dataIndex: 'callType', render: (v: string) => frontLabel(t, 'callType', v) },
          { title: t('funding.review.calls.year'), dataIndex: 'year' },
          { title: t('funding.review.calls.budget'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => formatFen(v) },
          {
            title: t('funding.review.calls.step'),
            dataIndex: 'step',
            render: (v: string) => <Tag color={REVIEW_STEPS.includes(v) ? 'blue' : 'default'}>{frontLabel(t, 'step', v)}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: TCallListItem) => (
              <Space wrap>
                {r.steps.includes('review') && can('funding.review.manage') && (
                  <Link to={`/funding/panels/${r.id}`}>
                    <Button size="small" type={r.step === 'review' || r.step === 'screening' ? 'primary' : 'default'} data-testid="open-panel">
                      {t('funding.review.calls.panel')}
                    </Button>
                  </Link>
                )}
                {r.steps.includes('notice') && can('funding.notice.manage') && (
                  <Link to={`/funding/notices/${r.id}`}>
                    <Button size="small" type={r.step === 'notice' ? 'primary' : 'default'} data-testid="open-notice">
                      {t('funding.review.calls.notice')}
                    </Button>
                  </Link>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

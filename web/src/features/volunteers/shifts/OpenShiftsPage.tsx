import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Pagination, Select, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TOpenShiftQuery } from '@shared/volunteers/shifts';
import { ACTIVITY_TYPES } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { shiftsOptions } from './labels';
import { shiftKeys } from './queries';
import { ShiftCard } from './ShiftCard';
import { SignupActions } from './SignupActions';
import { chinaDate, chinaParts } from './time';
import './shifts.css';

const PAGE_SIZE = 20;

/** 找活动 (a volunteer, on a phone): the coming shifts of its district, soonest first, to sign up for. */
export function OpenShiftsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [type, setType] = useState<TOpenShiftQuery['type']>();
  const [day, setDay] = useState<Dayjs | null>(null);
  const [page, setPage] = useState(1);
  // The day is a China date: the server keeps the shifts starting on it (from = to = that day), so paging counts only those.
  const wanted = day?.format('YYYY-MM-DD');
  const query = { type, from: wanted, to: wanted, page, pageSize: PAGE_SIZE };
  const q = useQuery({ queryKey: shiftKeys.open(query), queryFn: () => api.get('/volunteers/open-shifts', { query }), placeholderData: (p) => p });
  const items = q.data?.items ?? [];
  const filtered = !!(type || day);
  const dayHead = (iso: string) => `${chinaDate(iso)} ${t(`volunteers.shifts.weekday.${chinaParts(iso)?.weekday ?? 0}`)}`;
  return (
    <div style={{ maxWidth: 720 }}>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.shifts.open.title')}
        </Typography.Title>
      </div>
      <div className="page-toolbar">
        <Select
          allowClear
          placeholder={t('volunteers.shifts.open.anyType')}
          value={type}
          onChange={(v) => (setType(v), setPage(1))}
          options={shiftsOptions(t, 'activityType', ACTIVITY_TYPES)}
          style={{ flex: 1, minWidth: 140 }}
          data-testid="open-type"
        />
        <DatePicker value={day} onChange={(v) => (setDay(v), setPage(1))} placeholder={t('volunteers.shifts.open.anyDay')} style={{ flex: 1, minWidth: 140 }} inputReadOnly data-testid="open-day" />
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {q.isPending && <Spin style={{ display: 'block', margin: 32 }} />}
      {q.data && items.length === 0 && (
        <Card>
          <Empty description={t(filtered ? 'volunteers.shifts.open.emptyFiltered' : 'volunteers.shifts.open.empty')}>
            <Button onClick={() => navigate('/volunteers/my-shifts')}>{t('volunteers.shifts.open.toMine')}</Button>
          </Empty>
        </Card>
      )}
      <div className="vol-shift-list" data-testid="open-shifts">
        {items.map((item, i) => {
          const date = chinaDate(item.shift.startsAt);
          const newDay = i === 0 || chinaDate(items[i - 1].shift.startsAt) !== date;
          return (
            <Fragment key={item.shift.id}>
              {newDay && <div className="vol-day-head">{dayHead(item.shift.startsAt)}</div>}
              <ShiftCard item={item} footer={<SignupActions item={item} />} />
            </Fragment>
          );
        })}
      </div>
      {(q.data?.total ?? 0) > PAGE_SIZE && <Pagination simple current={page} pageSize={PAGE_SIZE} total={q.data?.total} onChange={setPage} style={{ marginTop: 16, textAlign: 'center' }} />}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Pagination, Segmented, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TOpenShift } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { shiftKeys } from './queries';
import { ShiftCard } from './ShiftCard';
import { SignupActions } from './SignupActions';
import { chinaClock, chinaDate, chinaDateTime } from './time';
import './shifts.css';

const PAGE_SIZE = 20;

/** 我的报名 (a volunteer, on a phone): shifts to come (cancel while they have not started) and those done. */
export function MyShiftsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [tab, setTab] = useState<'upcoming' | 'past'>('upcoming');
  const q = useQuery({ queryKey: shiftKeys.mine, queryFn: () => api.get('/volunteers/my/signups') });
  const now = new Date().toISOString();
  const all = q.data?.items ?? [];
  // The server sends the latest first; shifts to come read best soonest first.
  const upcoming = all.filter((i) => i.shift.endsAt > now).reverse();
  const past = all.filter((i) => i.shift.endsAt <= now);
  const [page, setPage] = useState(1);
  const list = tab === 'upcoming' ? upcoming : past;
  const items = list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <div style={{ maxWidth: 720 }}>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.shifts.mine.title')}
        </Typography.Title>
      </div>
      <Segmented
        block
        value={tab}
        onChange={(v) => (setTab(v as 'upcoming' | 'past'), setPage(1))}
        options={[
          { value: 'upcoming', label: t('volunteers.shifts.mine.upcoming', { count: upcoming.length }) },
          { value: 'past', label: t('volunteers.shifts.mine.past', { count: past.length }) },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="mine-tabs"
      />
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {q.isPending && <Spin style={{ display: 'block', margin: 32 }} />}
      {q.data && items.length === 0 && (
        <Card>
          <Empty description={t(tab === 'upcoming' ? 'volunteers.shifts.mine.emptyUpcoming' : 'volunteers.shifts.mine.emptyPast')}>
            <Button type="primary" onClick={() => navigate('/volunteers/open-shifts')} data-testid="mine-find">
              {t('volunteers.shifts.mine.find')}
            </Button>
          </Empty>
        </Card>
      )}
      <div className="vol-shift-list" data-testid="my-shifts">
        {items.map((item) => (
          <ShiftCard key={item.shift.id} item={item} showPlaces={tab === 'upcoming'} extra={<Attendance item={item} now={now} />} footer={<SignupActions item={item} />} />
        ))}
      </div>
      {list.length > PAGE_SIZE && <Pagination simple current={page} pageSize={PAGE_SIZE} total={list.length} onChange={setPage} style={{ marginTop: 16, textAlign: 'center' }} />}
    </div>
  );
}

const HOURS_STATE_COLOR: Record<string, string> = { pending: 'orange', approved: 'green', rejected: 'red', reversed: 'default' };
/** Minutes as hours to one decimal place, without a trailing ".0": 150 → "2.5". */
const formatHours = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10);

/** The clock alone when it is the shift's own day (the card shows the day already). */
const sameDayClock = (at: string, shiftStart: string) => (chinaDate(at) === chinaDate(shiftStart) ? chinaClock(at) : chinaDateTime(at));

/** What happened at the shift, or what to do there. */
function Attendance({ item, now }: { item: TOpenShift; now: string }) {
  const { t } = useTranslation();
  const s = item.mySignup;
  if (!s) return null;
  if (s.checkedInAt || s.checkedOutAt)
    return (
      <div className="vol-shift-card-line">
        {s.checkedInAt && t('volunteers.shifts.mine.checkedInAt', { at: sameDayClock(s.checkedInAt, item.shift.startsAt) })}
        {s.checkedOutAt && ` · ${t('volunteers.shifts.mine.checkedOutAt', { at: sameDayClock(s.checkedOutAt, item.shift.startsAt) })}`}
        {s.minutesRecorded !== null && s.hoursState && (
          <div data-testid="my-signup-hours">
            <Tag color={HOURS_STATE_COLOR[s.hoursState]} bordered={false}>
              {t('volunteers.shifts.mine.hoursRecorded', { hours: formatHours(s.minutesRecorded) })} · {t(`volunteers.shifts.mine.hoursState.${s.hoursState}`)}
            </Tag>
          </div>
        )}
      </div>
    );
  if (s.status === 'confirmed' && item.shift.endsAt > now)
    return <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('volunteers.shifts.mine.scanHint')} />;
  return null;
}

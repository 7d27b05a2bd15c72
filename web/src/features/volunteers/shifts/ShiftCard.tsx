import { EnvironmentOutlined, ClockCircleOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOpenShift, TShift } from '@shared/volunteers/shifts';
import { SIGNUP_STATUS_COLOR, shiftsLabel } from './labels';
import { chinaClock, chinaParts } from './time';

/** Places still free on a shift (those checked in or out hold theirs). */
export const freePlaces = (s: TShift) => Math.max(0, s.quota - s.counts.confirmed - s.counts.checkedIn - s.counts.checkedOut);

/** "2026-11-25 周三 09:00–12:00", China time. */
export function useShiftWhen() {
  const { t } = useTranslation();
  return (s: TShift) => {
    const p = chinaParts(s.startsAt);
    return p ? `${p.date} ${t(`volunteers.shifts.weekday.${p.weekday}`)} ${p.time}–${chinaClock(s.endsAt)}` : '—';
  };
}

/** The volunteer's own sign-up as a tag: 已报名, 候补第 N 位, 已签到 … */
export function SignupTag({ status, waitingPosition }: { status: string; waitingPosition: number | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={SIGNUP_STATUS_COLOR[status]} data-testid="my-signup-status">
      {status === 'waiting' ? t('volunteers.shifts.signups.waitingNo', { n: waitingPosition ?? '?' }) : t(`volunteers.shifts.mine.status.${status}`)}
    </Tag>
  );
}

/** A shift as a volunteer sees it on a phone: what, when, where, places; the action below. */
export function ShiftCard({ item, extra, footer, showPlaces = true }: { item: TOpenShift; extra?: ReactNode; footer: ReactNode; showPlaces?: boolean }) {
  const { t } = useTranslation();
  const when = useShiftWhen();
  const { shift, activity } = item;
  const free = freePlaces(shift);
  return (
    <Card className="vol-shift-card" data-testid="shift-card">
      <div className="vol-shift-card-title">{activity.title}</div>
      <div className="vol-shift-card-line">
        <Tag bordered={false}>{shiftsLabel(t, 'activityType', activity.type)}</Tag>
        {activity.ownerName && <span>{activity.ownerName}</span>}
      </div>
      <div className="vol-shift-card-line">
        <ClockCircleOutlined /> {when(shift)}
      </div>
      <div className="vol-shift-card-line">
        <EnvironmentOutlined /> {activity.place}
      </div>
      {showPlaces && (
        <div className="vol-shift-card-line">
          <TeamOutlined />{' '}
          {free > 0
            ? t('volunteers.shifts.open.free', { free, quota: shift.quota })
            : t('volunteers.shifts.open.full', { quota: shift.quota, waiting: shift.counts.waiting })}
        </div>
      )}
      {extra}
      <div className="vol-shift-card-foot">{footer}</div>
    </Card>
  );
}

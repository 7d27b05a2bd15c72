import { useQuery } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api/client';
import { shiftKeys } from './queries';
import { chinaClock, chinaDate } from './time';
import './shifts.css';

const REFRESH_MS = 20_000;

/** Seconds from now until an instant, never below 0; ticks every second. */
function useSecondsUntil(iso: string | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return null;
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 1000));
}

/**
 * The venue's screen (a tablet, a phone held up, a PC): the shift's current code as a large QR,
 * fetched again every 20 seconds and as soon as the code on screen is due to change; a volunteer
 * scans it to check in, and again to check out.
 */
export function QrScreenPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const qr = useQuery({
    queryKey: shiftKeys.qr(id),
    queryFn: () => api.get('/volunteers/shifts/:id/qr', { params: { id: id! } }),
    enabled: !!id,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
  // The shift's own read names its activity: an old link's `?activity=` is simply not needed any more.
  const detail = useQuery({
    queryKey: shiftKeys.shift(id),
    queryFn: () => api.get('/volunteers/shifts/:id', { params: { id: id! } }),
    enabled: !!id,
  });
  const secondsLeft = useSecondsUntil(qr.data?.refreshAt);
  const { refetch } = qr;
  // The code changes on the minute: fetch the new one then, not up to 20 seconds later.
  useEffect(() => {
    if (secondsLeft === 0 && !qr.isFetching) void refetch();
  }, [secondsLeft, qr.isFetching, refetch]);

  if (qr.isError && !qr.data)
    return <Result status="warning" title={t('volunteers.shifts.qr.unavailable')} subTitle={(qr.error as Error).message} />;
  if (!qr.data) return <Spin fullscreen />;
  const shift = detail.data?.shift;
  return (
    <div className="vol-qr-screen" data-testid="qr-screen">
      <div className="vol-qr-title" data-testid="qr-title">{detail.data?.activity.title ?? t('volunteers.shifts.qr.defaultTitle')}</div>
      {shift && (
        <div className="vol-qr-sub">
          {chinaDate(shift.startsAt)} {chinaClock(shift.startsAt)}–{chinaClock(shift.endsAt)} · {detail.data?.activity.place}
        </div>
      )}
      <img className="vol-qr-code" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.data.svg)}`} alt={t('volunteers.shifts.qr.say')} data-testid="qr-code" />
      <div className="vol-qr-say">{t('volunteers.shifts.qr.say')}</div>
      <div className="vol-qr-count" data-testid="qr-countdown">
        {t('volunteers.shifts.qr.countdown', { seconds: secondsLeft ?? 0 })}
        {' · '}
        {t('volunteers.shifts.qr.code')} <span className="vol-qr-text" data-testid="qr-code-text">{qr.data.code}</span>
      </div>
      {qr.isError && <div className="vol-qr-count">{t('volunteers.shifts.qr.offline')}</div>}
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Result, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { TScanResult } from '@shared/volunteers/shifts';
import { api, ApiError } from '../../../api/client';
import { shiftKeys, useVolunteersRefresh } from './queries';
import { SignupTag, useShiftWhen } from './ShiftCard';
import { chinaDateTime, hoursMinutes } from './time';
import './shifts.css';

/**
 * What the code on the venue's screen opens on the volunteer's phone (signed in first): the shift,
 * one big button — 签到, or 签退 once checked in — and what it did. A code older than two minutes
 * is refused: the volunteer scans the screen again.
 */
export function ScanPage() {
  const { shiftId } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useVolunteersRefresh();
  const when = useShiftWhen();
  const [typed, setTyped] = useState('');
  const code = params.get('code') ?? '';
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TScanResult | null>(null);
  const [failure, setFailure] = useState<{ expired: boolean; message: string } | null>(null);
  const mine = useQuery({ queryKey: shiftKeys.mine, queryFn: () => api.get('/volunteers/my/signups') });
  const item = mine.data?.items.find((i) => i.shift.id === shiftId);
  const status = item?.mySignup?.status;

  const scan = async (value: string) => {
    setBusy(true);
    setFailure(null);
    try {
      setResult(await api.post('/volunteers/shifts/:id/scan', { params: { id: shiftId! }, body: { code: value } }));
      refresh();
    } catch (e) {
      if (e instanceof ApiError) setFailure({ expired: e.fields.some((f) => f.field === 'code'), message: e.message });
      else setFailure({ expired: false, message: t('common.networkError') });
    } finally {
      setBusy(false);
    }
  };

  if (mine.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (result) return <ScanDone result={result} />;

  const checkingOut = status === 'checked_in';
  const done = status === 'checked_out';
  return (
    <div style={{ maxWidth: 520, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('volunteers.shifts.scan.title')}
      </Typography.Title>
      <Card data-testid="scan-shift">
        {item ? (
          <>
            <div className="vol-shift-card-title">{item.activity.title}</div>
            <div className="vol-shift-card-line">{when(item.shift)}</div>
            <div className="vol-shift-card-line">{item.activity.place}</div>
            {item.mySignup && (
              <div className="vol-shift-card-line">
                <SignupTag status={item.mySignup.status} waitingPosition={item.mySignup.waitingPosition} />
                {item.mySignup.checkedInAt && t('volunteers.shifts.mine.checkedInAt', { at: chinaDateTime(item.mySignup.checkedInAt) })}
              </div>
            )}
          </>
        ) : (
          <Alert type="warning" showIcon title={t('volunteers.shifts.scan.notSignedUp')} action={<Button size="small" onClick={() => navigate('/volunteers/open-shifts')}>{t('volunteers.shifts.mine.find')}</Button>} />
        )}
      </Card>
      <div style={{ marginTop: 16 }}>
        {failure &&
          (failure.expired ? (
            <Result status="warning" title={t('volunteers.shifts.scan.expired')} subTitle={t('volunteers.shifts.scan.rescan')} data-testid="scan-expired" />
          ) : (
            <Alert type="error" showIcon title={failure.message} style={{ marginBottom: 16 }} data-testid="scan-error" />
          ))}
        {done ? (
          <Result status="success" title={t('volunteers.shifts.scan.alreadyOut', { at: chinaDateTime(item?.mySignup?.checkedOutAt) })} />
        ) : status === 'waiting' ? (
          <Alert type="warning" showIcon title={t('volunteers.shifts.scan.waiting')} />
        ) : code && !failure?.expired ? (
          <Button type="primary" block size="large" className="vol-scan-button" loading={busy} onClick={() => scan(code)} data-testid="scan-button">
            {t(checkingOut ? 'volunteers.shifts.scan.checkOut' : 'volunteers.shifts.scan.checkIn')}
          </Button>
        ) : (
          <Card size="small">
            <Typography.Paragraph>{t('volunteers.shifts.scan.noCode')}</Typography.Paragraph>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                size="large"
                value={typed}
                onChange={(e) => setTyped(e.target.value.toUpperCase())}
                maxLength={9}
                placeholder={t('volunteers.shifts.scan.codePlaceholder')}
                aria-label={t('volunteers.shifts.scan.codeLabel')}
                data-testid="scan-code-input"
              />
              <Button size="large" type="primary" loading={busy} disabled={typed.trim().length < 8} onClick={() => scan(typed)}>
                {t(checkingOut ? 'volunteers.shifts.scan.checkOut' : 'volunteers.shifts.scan.checkIn')}
              </Button>
            </Space.Compact>
          </Card>
        )}
      </div>
    </div>
  );
}

function ScanDone({ result }: { result: TScanResult }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const s = result.signup;
  const back = (
    <Button type="primary" size="large" onClick={() => navigate('/volunteers/my-shifts')} key="mine">
      {t('volunteers.shifts.scan.toMine')}
    </Button>
  );
  switch (result.action) {
    case 'checked_in':
      return <Result status="success" title={t('volunteers.shifts.scan.checkedIn')} subTitle={t('volunteers.shifts.scan.checkedInSub', { at: chinaDateTime(s.checkedInAt) })} extra={back} data-testid="scan-result" />;
    case 'already_checked_in':
      return <Result status="info" title={t('volunteers.shifts.scan.alreadyIn', { at: chinaDateTime(s.checkedInAt) })} subTitle={t('volunteers.shifts.scan.checkedInSub', { at: chinaDateTime(s.checkedInAt) })} extra={back} data-testid="scan-result" />;
    case 'checked_out': {
      const m = result.minutesRecorded ?? 0;
      const { hours, minutes } = hoursMinutes(m);
      return (
        <Result
          status="success"
          title={t('volunteers.shifts.scan.checkedOut')}
          subTitle={m > 0 ? t('volunteers.shifts.scan.recorded', { hours, minutes, at: chinaDateTime(s.checkedOutAt) }) : t('volunteers.shifts.scan.nothingRecorded')}
          extra={back}
          data-testid="scan-result"
        />
      );
    }
    default:
      return <Result status="info" title={t('volunteers.shifts.scan.alreadyOut', { at: chinaDateTime(s.checkedOutAt) })} extra={back} data-testid="scan-result" />;
  }
}

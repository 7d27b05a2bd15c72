import { App, Button, Space, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOpenShift } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { useVolunteersRefresh } from './queries';
import { freePlaces, SignupTag, useShiftWhen } from './ShiftCard';

/** Sign up (or join the waiting list), or, once signed up, where one stands and a cancel that asks first. */
export function SignupActions({ item }: { item: TOpenShift }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useVolunteersRefresh();
  const when = useShiftWhen();
  const [busy, setBusy] = useState(false);
  const mine = item.mySignup;
  const started = new Date().toISOString() >= item.shift.startsAt;

  const signUp = async () => {
    setBusy(true);
    try {
      const s = await api.post('/volunteers/shifts/:id/signup', { params: { id: item.shift.id } });
      void message.success(s.status === 'waiting' ? t('volunteers.shifts.open.waitingDone', { n: s.waitingPosition ?? '?' }) : t('volunteers.shifts.open.signedUp'));
      refresh();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const cancel = () =>
    modal.confirm({
      title: t('volunteers.shifts.mine.cancelTitle'),
      content: t(mine?.status === 'waiting' ? 'volunteers.shifts.mine.cancelWaitingContent' : 'volunteers.shifts.mine.cancelContent', { title: item.activity.title, when: when(item.shift) }),
      okText: t('volunteers.shifts.mine.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'cancel-signup-ok' } as ButtonProps,
      cancelText: t('volunteers.shifts.mine.keep'),
      onOk: async () => {
        try {
          await api.post('/volunteers/signups/:id/cancel', { params: { id: mine!.id } });
          void message.success(t('volunteers.shifts.mine.cancelled'));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });

  if (!mine) {
    const full = freePlaces(item.shift) === 0;
    return (
      <Button type="primary" size="large" block loading={busy} disabled={started} onClick={signUp} data-testid="shift-signup">
        {t(full ? 'volunteers.shifts.open.joinWaiting' : 'volunteers.shifts.open.signUp')}
      </Button>
    );
  }
  const cancellable = (mine.status === 'confirmed' || mine.status === 'waiting') && !started;
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <SignupTag status={mine.status} waitingPosition={mine.waitingPosition} />
      {cancellable && (
        <Button onClick={cancel} data-testid="shift-cancel-signup">
          {t('volunteers.shifts.mine.cancel')}
        </Button>
      )}
    </Space>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Grid, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TShift, TShiftSignup } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { tableEmpty } from '../../../components/TableEmpty';
import { useApiError } from '../../../components/useApiError';
import { AttendanceModal, type AttendanceStep } from './AttendanceModal';
import { SIGNUP_STATUS_COLOR, shiftsLabel } from './labels';
import { shiftKeys, useVolunteersRefresh } from './queries';
import { chinaClock, chinaDateTime } from './time';

/**
 * One shift's sign-ups: those holding a place, then the waiting list in order, with attendance
 * (check in, check out, no-show) for whoever takes it.
 */
export function ShiftSignupsDrawer({ shift, title, canRecord, onClose }: { shift: TShift | null; title: string; canRecord: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useVolunteersRefresh();
  const [recording, setRecording] = useState<{ step: AttendanceStep; signup: TShiftSignup } | null>(null);
  const q = useQuery({ queryKey: shiftKeys.signups(shift?.id), queryFn: () => api.get('/volunteers/shifts/:id/signups', { params: { id: shift!.id } }), enabled: !!shift });
  const rows = q.data?.items ?? [];
  const waitingOrder = new Map(rows.filter((r) => r.status === 'waiting').map((r, i) => [r.id, i + 1]));
  const started = !!shift && new Date().toISOString() >= shift.startsAt;

  const noShow = (r: TShiftSignup) =>
    modal.confirm({
      title: t('volunteers.shifts.attendance.noShowTitle', { name: r.volunteerName }),
      content: t('volunteers.shifts.attendance.noShowContent'),
      okText: t('volunteers.shifts.attendance.noShow'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post('/volunteers/signups/:id/no-show', { params: { id: r.id } });
          void message.success(t('volunteers.shifts.attendance.noShowDone'));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });

  const actions = (r: TShiftSignup) => {
    if (!canRecord) return null;
    switch (r.status) {
      case 'confirmed':
        return (
          <Space size={4}>
            <Button size="small" type="primary" onClick={() => setRecording({ step: 'check-in', signup: r })} data-testid="signup-check-in">
              {t('volunteers.shifts.attendance.checkIn')}
            </Button>
            <Button size="small" danger disabled={!started} title={started ? undefined : t('volunteers.shifts.attendance.noShowLater')} onClick={() => noShow(r)} data-testid="signup-no-show">
              {t('volunteers.shifts.attendance.noShow')}
            </Button>
          </Space>
        );
      case 'no_show':
        return (
          <Button size="small" onClick={() => setRecording({ step: 'check-in', signup: r })}>
            {t('volunteers.shifts.attendance.lateCheckIn')}
          </Button>
        );
      case 'checked_in':
        return (
          <Button size="small" type="primary" onClick={() => setRecording({ step: 'check-out', signup: r })} data-testid="signup-check-out">
            {t('volunteers.shifts.attendance.checkOut')}
          </Button>
        );
      default:
        return null;
    }
  };

  const method = (m: string | null) => (m ? <Typography.Text type="secondary"> · {shiftsLabel(t, 'method', m)}</Typography.Text> : null);
  return (
    <Drawer open={!!shift} onClose={onClose} title={title} size={screens.md ? 880 : '100%'} destroyOnHidden>
      {shift && (
        <>
          <Space wrap style={{ marginBottom: 12 }} data-testid="signups-counts">
            <Tag>{t('volunteers.shifts.shift.quotaOf', { quota: shift.quota })}</Tag>
            <Tag color="blue">{t('volunteers.shifts.counts.confirmed', { count: shift.counts.confirmed })}</Tag>
            <Tag color="orange">{t('volunteers.shifts.counts.waiting', { count: shift.counts.waiting })}</Tag>
            <Tag color="cyan">{t('volunteers.shifts.counts.checkedIn', { count: shift.counts.checkedIn })}</Tag>
            <Tag color="green">{t('volunteers.shifts.counts.checkedOut', { count: shift.counts.checkedOut })}</Tag>
            <Tag color="red">{t('volunteers.shifts.counts.noShow', { count: shift.counts.noShow })}</Tag>
          </Space>
          {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
          <Table<TShiftSignup>
            rowKey="id"
            size="small"
            loading={q.isFetching}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: tableEmpty(t('volunteers.shifts.signups.empty'), q.isFetching) }}
            data-testid="signups-table"
            columns={[
              { title: t('volunteers.shifts.signups.volunteer'), key: 'name', render: (_, r) => <span>{r.volunteerName} <Typography.Text type="secondary">{r.volunteerNumber}</Typography.Text></span> },
              {
                title: t('volunteers.shifts.signups.status'),
                dataIndex: 'status',
                render: (v: string, r) => (
                  <Tag color={SIGNUP_STATUS_COLOR[v]}>{v === 'waiting' ? t('volunteers.shifts.signups.waitingNo', { n: waitingOrder.get(r.id) }) : shiftsLabel(t, 'signupStatus', v)}</Tag>
                ),
              },
              { title: t('volunteers.shifts.signups.queuedAt'), dataIndex: 'queuedAt', render: chinaDateTime },
              { title: t('volunteers.shifts.signups.checkedInAt'), key: 'in', render: (_, r) => (r.checkedInAt ? <span>{chinaClock(r.checkedInAt)}{method(r.checkInMethod)}</span> : '—') },
              { title: t('volunteers.shifts.signups.checkedOutAt'), key: 'out', render: (_, r) => (r.checkedOutAt ? <span>{chinaClock(r.checkedOutAt)}{method(r.checkOutMethod)}</span> : '—') },
              ...(canRecord ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, r: TShiftSignup) => actions(r) }] : []),
            ]}
          />
          <AttendanceModal step={recording?.step ?? null} signup={recording?.signup ?? null} shift={shift} onClose={() => setRecording(null)} />
        </>
      )}
    </Drawer>
  );
}

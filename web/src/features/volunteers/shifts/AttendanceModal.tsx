import { Alert, DatePicker, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TShift, TShiftSignup } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { useVolunteersRefresh } from './queries';
import { chinaDateTime, chinaPickerValue, fromChinaPicker } from './time';

export type AttendanceStep = 'check-in' | 'check-out';

/**
 * Staff record a check-in or check-out on the list: at the venue the time is now; recorded
 * afterwards, the shift's start (or end) is offered and can be corrected. Doubles as the confirmation.
 */
export function AttendanceModal({ step, signup, shift, onClose }: { step: AttendanceStep | null; signup: TShiftSignup | null; shift: TShift; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useVolunteersRefresh();
  const [form] = Form.useForm<{ at: Dayjs }>();
  const open = !!step && !!signup;
  // "Now" left as offered is sent as no time, so the server records the exact moment (the picker has whole minutes).
  const [offered, setOffered] = useState<{ value: Dayjs; isNow: boolean } | null>(null);
  useEffect(() => {
    if (!open) return;
    const now = new Date().toISOString();
    const ended = now >= shift.endsAt;
    // After the shift, "now" is outside the window the server accepts: start from the shift's own times.
    const at = step === 'check-in' ? (ended ? shift.startsAt : now) : ended ? shift.endsAt : now;
    setOffered({ value: chinaPickerValue(at), isNow: at === now });
    form.setFieldsValue({ at: chinaPickerValue(at) });
  }, [open, step, shift, form]);
  const { busy, submit } = useFormSubmit(form, {
    success: t(step === 'check-out' ? 'volunteers.shifts.attendance.checkedOut' : 'volunteers.shifts.attendance.checkedIn'),
    done: () => {
      refresh();
      onClose();
    },
  });
  if (!signup || !step) return null;
  const save = submit(async (v) => {
    const body = { at: offered?.isNow && v.at.isSame(offered.value, 'minute') ? null : fromChinaPicker(v.at) };
    if (step === 'check-in') await api.post('/volunteers/signups/:id/check-in', { params: { id: signup.id }, body });
    else await api.post('/volunteers/signups/:id/check-out', { params: { id: signup.id }, body });
  });
  const name = `${signup.volunteerName}（${signup.volunteerNumber}）`;
  return (
    <FormModal
      title={t(step === 'check-in' ? 'volunteers.shifts.attendance.checkInTitle' : 'volunteers.shifts.attendance.checkOutTitle', { name })}
      open={open}
      busy={busy}
      onOk={save}
      onCancel={onClose}
      okText={t(step === 'check-in' ? 'volunteers.shifts.attendance.checkIn' : 'volunteers.shifts.attendance.checkOut')}
      okTestId="attendance-ok"
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          step === 'check-in'
            ? t('volunteers.shifts.attendance.checkInHint', { start: chinaDateTime(shift.startsAt), end: chinaDateTime(shift.endsAt) })
            : t('volunteers.shifts.attendance.checkOutHint', { since: chinaDateTime(signup.checkedInAt) })
        }
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="at"
          label={t('volunteers.shifts.attendance.at')}
          extra={t('volunteers.shifts.shift.chinaTime')}
          rules={[{ required: true, message: t('volunteers.shifts.form.required', { field: t('volunteers.shifts.attendance.at') }) }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="attendance-at" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

import { Alert, DatePicker, Form, InputNumber, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SHIFT_QUOTA_MAX, type TShift } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { useVolunteersRefresh } from './queries';
import { chinaInstant, chinaPickerValue } from './time';

interface Values {
  date: Dayjs;
  clock: [Dayjs, Dayjs];
  quota: number;
}

const signedUp = (s: TShift) => s.counts.confirmed + s.counts.waiting + s.counts.checkedIn + s.counts.checkedOut + s.counts.noShow;

/**
 * Adds a shift to an activity (a China date, a start and an end time, the places) or changes one:
 * its times only while nobody has signed up, its quota any time.
 */
export function ShiftFormModal({ open, activityId, shift, onClose }: { open: boolean; activityId: string; shift?: TShift; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useVolunteersRefresh();
  const [form] = Form.useForm<Values>();
  const timesLocked = !!shift && signedUp(shift) > 0;
  useEffect(() => {
    if (!open) return;
    if (shift) {
      const start = chinaPickerValue(shift.startsAt);
      form.setFieldsValue({ date: start, clock: [start, chinaPickerValue(shift.endsAt)], quota: shift.quota });
    } else {
      form.setFieldsValue({ quota: 10 });
    }
  }, [open, shift, form]);
  const { busy, submit } = useFormSubmit(form, {
    success: t(shift ? 'volunteers.shifts.shift.saved' : 'volunteers.shifts.shift.added'),
    done: () => {
      refresh();
      onClose();
    },
  });
  const required = (key: string) => ({ required: true, message: t('volunteers.shifts.form.required', { field: t(key) }) });
  const save = submit(async (v) => {
    const times = { startsAt: chinaInstant(v.date, v.clock[0]), endsAt: chinaInstant(v.date, v.clock[1]) };
    if (shift) await api.patch('/volunteers/shifts/:id', { params: { id: shift.id }, body: timesLocked ? { quota: v.quota } : { ...times, quota: v.quota } });
    else await api.post('/volunteers/activities/:id/shifts', { params: { id: activityId }, body: { ...times, quota: v.quota } });
  });
  return (
    <FormModal title={t(shift ? 'volunteers.shifts.shift.edit' : 'volunteers.shifts.shift.add')} open={open} busy={busy} onOk={save} onCancel={onClose} okTestId="shift-save">
      {timesLocked && <Alert type="info" showIcon title={t('volunteers.shifts.shift.timesLocked')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="date" label={t('volunteers.shifts.shift.date')} rules={[required('volunteers.shifts.shift.date')]} extra={t('volunteers.shifts.shift.chinaTime')}>
          <DatePicker
            style={{ width: '100%' }}
            disabled={timesLocked}
            disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
            data-testid="shift-date"
          />
        </Form.Item>
        <Form.Item
          name="clock"
          label={t('volunteers.shifts.shift.time')}
          rules={[
            required('volunteers.shifts.shift.time'),
            {
              validator: (_, v: [Dayjs, Dayjs] | undefined) =>
                !v || v[1].format('HH:mm') > v[0].format('HH:mm') ? Promise.resolve() : Promise.reject(new Error(t('volunteers.shifts.shift.endAfterStart'))),
            },
          ]}
        >
          <TimePicker.RangePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} disabled={timesLocked} order={false} data-testid="shift-time" />
        </Form.Item>
        <Form.Item name="quota" label={t('volunteers.shifts.shift.quota')} rules={[required('volunteers.shifts.shift.quota')]} extra={t('volunteers.shifts.shift.quotaHint')}>
          <InputNumber min={1} max={SHIFT_QUOTA_MAX} precision={0} style={{ width: '100%' }} data-testid="shift-quota" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

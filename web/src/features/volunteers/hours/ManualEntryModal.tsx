import { Alert, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { HOURS_ROUNDING_RULE, type THourEntry } from '@shared/volunteers/hours';
import { api } from '../../../api/client';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { chinaPickerValue, fromChinaPicker } from '../shifts/time';
import { ActivitySelect, ShiftSelect, VolunteerSelect } from './pickers';
import { useHoursRefresh } from './queries';

export interface ManualEntryPrefill {
  volunteerId: string;
  volunteerLabel: string;
  activityId: string | null;
  activityLabel: string | null;
  shiftId: string | null;
  /** The period recorded before (a correction): a starting point to adjust. */
  startsAt?: string;
  endsAt?: string;
}

interface Values {
  volunteerId: string;
  activityId: string;
  shiftId?: string;
  period: [Dayjs, Dayjs];
  reason: string;
}

/**
 * 补录时长: hours served but not recorded at a check-out (or recorded wrong and reversed), entered by
 * hand with the reason; the entry then waits for the activity owner's approval like any other.
 */
export function ManualEntryModal({ open, prefill, onClose }: { open: boolean; prefill?: ManualEntryPrefill | null; onClose: (entry?: THourEntry) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const refresh = useHoursRefresh();
  const activityId = Form.useWatch('activityId', form);
  const created = useRef<THourEntry | undefined>(undefined);
  const { busy, submit } = useFormSubmit(form, { success: t('volunteers.hours.manual.done'), done: () => onClose(created.current) });
  const required = (field: string) => [{ required: true, message: t('volunteers.hours.form.required', { field: t(`volunteers.hours.manual.${field}`) }) }];
  const chosen = (field: string) => [{ required: true, message: t('volunteers.hours.form.choose', { field: t(`volunteers.hours.manual.${field}`) }) }];
  const send = submit(async (v) => {
    created.current = await api.post('/volunteers/hours', {
      body: {
        volunteerId: v.volunteerId,
        activityId: v.activityId,
        shiftId: v.shiftId ?? null,
        startsAt: fromChinaPicker(v.period[0]),
        endsAt: fromChinaPicker(v.period[1]),
        reason: v.reason.trim(),
      },
    });
    refresh();
  });
  return (
    <FormModal title={t('volunteers.hours.manual.title')} open={open} busy={busy} onOk={send} onCancel={() => onClose()} okText={t('volunteers.hours.manual.ok')} okTestId="manual-ok" width={560}>
      <Alert type="info" showIcon title={t('volunteers.hours.manual.hint')} description={HOURS_ROUNDING_RULE.text} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          prefill
            ? {
                volunteerId: prefill.volunteerId,
                activityId: prefill.activityId ?? undefined,
                shiftId: prefill.shiftId ?? undefined,
                period: prefill.startsAt && prefill.endsAt ? [chinaPickerValue(prefill.startsAt), chinaPickerValue(prefill.endsAt)] : undefined,
              }
            : undefined
        }
        data-testid="manual-form"
      >
        <Form.Item name="volunteerId" label={t('volunteers.hours.manual.volunteer')} rules={chosen('volunteer')} extra={t('volunteers.hours.manual.volunteerHint')}>
          <VolunteerSelect testid="manual-volunteer" initialLabel={prefill?.volunteerLabel} />
        </Form.Item>
        <Form.Item name="activityId" label={t('volunteers.hours.manual.activity')} rules={chosen('activity')}>
          <ActivitySelect testid="manual-activity" initialLabel={prefill?.activityLabel ?? undefined} onChange={() => form.setFieldValue('shiftId', undefined)} />
        </Form.Item>
        <Form.Item name="shiftId" label={t('volunteers.hours.manual.shift')} extra={t('volunteers.hours.manual.shiftHint')}>
          <ShiftSelect activityId={activityId} />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('volunteers.hours.manual.period')}
          rules={[
            ...chosen('period'),
            {
              validator: (_, v: [Dayjs, Dayjs] | undefined) =>
                !v || v[1].isAfter(v[0]) ? Promise.resolve() : Promise.reject(new Error(t('volunteers.hours.manual.periodOrder'))),
            },
          ]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="manual-period" />
        </Form.Item>
        <Form.Item name="reason" label={t('volunteers.hours.manual.reason')} rules={[{ ...required('reason')[0], whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('volunteers.hours.manual.reasonPlaceholder')} data-testid="manual-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

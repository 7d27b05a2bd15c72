import { useQuery } from '@tanstack/react-query';
import { Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import '@shared/volunteers/permissions';
import type { TActivity, TActivityBody } from '@shared/volunteers/shifts';
import { ACTIVITY_TYPES } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { useRegion } from '../../../app/region';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { RegionPicker } from '../../../components/RegionPicker';
import { overRegion } from '../../registry/reach';
import { shiftsOptions } from './labels';
import { shiftKeys, useVolunteersRefresh } from './queries';

type Values = Pick<TActivityBody, 'title' | 'type' | 'place' | 'description' | 'skillsWanted'> & { teamId?: string | null; regionCode?: string | null };

/** Creates an activity (a draft: shifts are added, then it is published) or edits one. */
export function ActivityFormModal({ open, activity, onClose }: { open: boolean; activity?: TActivity; onClose: (createdId?: string) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { regionCode } = useRegion();
  const refresh = useVolunteersRefresh();
  const [form] = Form.useForm<Values>();
  // Staff place an activity in a region; an organisation's activity is where the organisation is.
  const staff = overRegion('volunteers.activity.manage')(me);
  const region = Form.useWatch('regionCode', form);
  const teams = useQuery({
    queryKey: [...shiftKeys.teams, region ?? activity?.regionCode ?? null],
    queryFn: () => api.get('/volunteers/teams', { query: { region: region ?? activity?.regionCode ?? undefined, pageSize: 100 } }),
    enabled: open && !!me?.permissions.includes('volunteers.read'),
  });
  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(
      activity
        ? { title: activity.title, type: activity.type, place: activity.place, description: activity.description ?? '', skillsWanted: activity.skillsWanted, teamId: activity.teamId }
        : { regionCode: staff ? regionCode : undefined, skillsWanted: [], teamId: null },
    );
  }, [open, activity, form, regionCode, staff]);
  const { busy, submit } = useFormSubmit(form, {
    success: t(activity ? 'volunteers.shifts.activity.saved' : 'volunteers.shifts.activity.created'),
    done: () => undefined,
  });
  const req = (key: string) => [{ required: true, whitespace: true, message: t('volunteers.shifts.form.required', { field: t(key) }) }];
  const save = submit(async (v) => {
    const common = { title: v.title.trim(), type: v.type, place: v.place.trim(), description: v.description?.trim() || null, skillsWanted: v.skillsWanted ?? [], teamId: v.teamId ?? null };
    if (activity) {
      await api.patch('/volunteers/activities/:id', { params: { id: activity.id }, body: common });
      refresh();
      onClose();
    } else {
      const created = await api.post('/volunteers/activities', { body: { ...common, regionCode: staff ? v.regionCode : undefined } });
      refresh();
      onClose(created.id);
    }
  });
  return (
    <FormModal
      title={t(activity ? 'volunteers.shifts.activity.edit' : 'volunteers.shifts.activity.create')}
      open={open}
      busy={busy}
      onOk={save}
      onCancel={() => onClose()}
      okTestId="activity-save"
      width={640}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="title" label={t('volunteers.shifts.activity.title')} rules={req('volunteers.shifts.activity.title')}>
          <Input maxLength={100} placeholder={t('volunteers.shifts.activity.titlePlaceholder')} data-testid="activity-title-input" />
        </Form.Item>
        <Form.Item name="type" label={t('volunteers.shifts.activity.type')} rules={[{ required: true, message: t('volunteers.shifts.form.required', { field: t('volunteers.shifts.activity.type') }) }]}>
          <Select placeholder={t('volunteers.shifts.activity.typePlaceholder')} options={shiftsOptions(t, 'activityType', ACTIVITY_TYPES)} data-testid="activity-type-input" />
        </Form.Item>
        {staff && !activity && (
          <Form.Item name="regionCode" label={t('volunteers.shifts.activity.region')} rules={[{ required: true, message: t('volunteers.shifts.form.required', { field: t('volunteers.shifts.activity.region') }) }]}>
            <RegionPicker />
          </Form.Item>
        )}
        <Form.Item name="place" label={t('volunteers.shifts.activity.place')} rules={req('volunteers.shifts.activity.place')}>
          <Input maxLength={200} placeholder={t('volunteers.shifts.activity.placePlaceholder')} data-testid="activity-place-input" />
        </Form.Item>
        <Form.Item name="teamId" label={t('volunteers.shifts.activity.team')} extra={t('volunteers.shifts.activity.teamHint')}>
          <Select
            allowClear
            loading={teams.isFetching}
            placeholder={t('volunteers.shifts.activity.teamNone')}
            options={(teams.data?.items ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: x.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="skillsWanted" label={t('volunteers.shifts.activity.skills')} extra={t('volunteers.shifts.activity.skillsHint')}>
          <Select mode="tags" maxCount={20} tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="description" label={t('volunteers.shifts.activity.description')}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TUpdateVolunteerBody, TVolunteerDetail } from '@shared/volunteers/registry';
import type { AvailabilitySlot } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { RegionPicker } from '../../../components/RegionPicker';
import { volunteerKeys } from '../queries';
import { availabilityOptions, idNumberRules, knownSlots, phoneRules, SKILL_CHOICES } from './labels';

interface Values {
  name: string;
  idNumber?: string;
  phone?: string;
  regionCode: string;
  skills: string[];
  availability: AvailabilitySlot[];
}

/** Streets (9 digits) and communities (12) hold volunteers; a wider region is no default. */
export const isStreetOrCommunity = (code: string | undefined) => !!code && code.length >= 9;

/**
 * 登记志愿者 / 编辑: staff register a volunteer (active at once) or correct a record. On edit the ID
 * number and phone show masked and are changed only by typing a new value.
 */
export function VolunteerFormModal({
  open,
  volunteer,
  onClose,
  onCreated,
  onSaved,
}: {
  open: boolean;
  volunteer?: TVolunteerDetail;
  onClose: () => void;
  onCreated?: (v: TVolunteerDetail) => void;
  onSaved?: (v: TVolunteerDetail) => void;
}) {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = !!volunteer;
  const { busy, submit } = useFormSubmit(form, {
    success: t(editing ? 'volunteers.registry.form.saved' : 'volunteers.registry.form.created'),
    done: onClose,
  });
  const send = submit(async (v) => {
    const skills = v.skills ?? [];
    const availability = v.availability ?? [];
    if (!volunteer) {
      const created = await api.post('/volunteers', {
        body: { name: v.name.trim(), idNumber: v.idNumber!.trim().toUpperCase(), phone: v.phone!.trim(), regionCode: v.regionCode, skills, availability },
      });
      void qc.invalidateQueries({ queryKey: volunteerKeys.all });
      onCreated?.(created);
      return;
    }
    const body: TUpdateVolunteerBody = {};
    if (v.name.trim() !== volunteer.name) body.name = v.name.trim();
    if (v.idNumber?.trim()) body.idNumber = v.idNumber.trim().toUpperCase();
    if (v.phone?.trim()) body.phone = v.phone.trim();
    if (v.regionCode !== volunteer.regionCode) body.regionCode = v.regionCode;
    if (skills.join('\n') !== volunteer.skills.join('\n')) body.skills = skills;
    if (availability.join('\n') !== volunteer.availability.join('\n')) body.availability = availability;
    if (Object.keys(body).length === 0) return undefined;
    const saved = await api.patch('/volunteers/:id', { params: { id: volunteer.id }, body });
    onSaved?.(saved);
  });
  const half = { xs: 24, sm: 12 };
  return (
    <FormModal
      title={editing ? t('volunteers.registry.form.editTitle', { name: volunteer.name }) : t('volunteers.registry.form.createTitle')}
      open={open}
      busy={busy}
      onOk={send}
      onCancel={onClose}
      width={720}
      okTestId="volunteer-form-ok"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          volunteer
            ? { name: volunteer.name, regionCode: volunteer.regionCode, skills: volunteer.skills, availability: knownSlots(volunteer.availability) }
            : { regionCode: isStreetOrCommunity(regionCode) ? regionCode : undefined, skills: [], availability: [] }
        }
        data-testid="volunteer-form"
      >
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="name" label={t('volunteers.registry.field.name')} rules={[{ required: true, whitespace: true, message: t('volunteers.registry.field.nameRequired') }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="regionCode"
              label={t('volunteers.registry.field.region')}
              tooltip={t('volunteers.registry.form.regionHint')}
              rules={[
                { required: true, message: t('volunteers.registry.field.regionRequired') },
                { validator: (_, v?: string) => (!v || isStreetOrCommunity(v) ? Promise.resolve() : Promise.reject(new Error(t('volunteers.registry.form.regionTooWide')))) },
              ]}
            >
              <RegionPicker />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="idNumber"
              label={t('volunteers.registry.field.idNumber')}
              extra={editing ? t('volunteers.registry.form.keepMasked', { value: volunteer.idNumber }) : undefined}
              validateTrigger={['onChange', 'onBlur']}
              validateFirst
              rules={idNumberRules(t, !editing)}
            >
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} autoComplete="off" data-testid="volunteer-id-number" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="phone"
              label={t('volunteers.registry.field.phone')}
              extra={editing ? t('volunteers.registry.form.keepMasked', { value: volunteer.phone ?? '—' }) : undefined}
              rules={editing ? phoneRules(t).slice(1) : phoneRules(t)}
            >
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="skills" label={t('volunteers.registry.field.skills')} extra={t('volunteers.registry.form.tagsHint')}>
              <Select mode="tags" maxCount={20} options={SKILL_CHOICES.map((s) => ({ value: s, label: s }))} tokenSeparators={[',', '，', '、']} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="availability" label={t('volunteers.registry.field.availability')}>
              <Select mode="multiple" allowClear options={availabilityOptions()} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormModal>
  );
}

import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { NEED_SOURCES } from '@shared/funding/states';
import type { TNeedBody } from '@shared/funding/needs';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { RegionPicker } from '../../../components/RegionPicker';
import { frontOptions } from './labels';
import { useFundingRefresh } from './queries';

/** "提交需求": anyone holding funding.need.submit puts a need into the pool, in a region it reaches. */
export function NeedSubmitModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const [form] = Form.useForm<TNeedBody>();
  const refresh = useFundingRefresh();
  const { busy, submit } = useFormSubmit(form, {
    success: t('funding.front.needs.submitted'),
    done: () => {
      refresh();
      onClose();
    },
  });
  const required = (label: string) => [{ required: true, whitespace: true, message: t('funding.front.form.required', { field: label }) }];
  return (
    <FormModal
      title={t('funding.front.needs.submit')}
      open={open}
      busy={busy}
      onCancel={onClose}
      okText={t('common.submit')}
      okTestId="need-submit-ok"
      onOk={submit((v) => api.post('/funding/needs', { body: { ...v, sourceName: v.sourceName || undefined, beneficiaries: v.beneficiaries || undefined } }))}
    >
      <Form form={form} layout="vertical" initialValues={{ regionCode, source: 'resident' }} preserve={false}>
        <Form.Item name="title" label={t('funding.front.needs.title')} rules={required(t('funding.front.needs.title'))}>
          <Input maxLength={200} placeholder={t('funding.front.needs.titleHint')} />
        </Form.Item>
        <Form.Item name="description" label={t('funding.front.needs.description')} rules={required(t('funding.front.needs.description'))}>
          <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('funding.front.needs.descriptionHint')} />
        </Form.Item>
        <Form.Item name="source" label={t('funding.front.needs.source')} rules={required(t('funding.front.needs.source'))}>
          <Select options={frontOptions(t, 'needSource', NEED_SOURCES)} />
        </Form.Item>
        <Form.Item name="sourceName" label={t('funding.front.needs.sourceName')}>
          <Input maxLength={100} placeholder={t('funding.front.needs.sourceNameHint')} />
        </Form.Item>
        <Form.Item name="beneficiaries" label={t('funding.front.needs.beneficiaries')}>
          <Input maxLength={500} placeholder={t('funding.front.needs.beneficiariesHint')} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('funding.front.needs.region')} rules={required(t('funding.front.needs.region'))}>
          <RegionPicker />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

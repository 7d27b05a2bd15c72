import { DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIT_RATINGS } from '@shared/funding/monitoring';
import { api } from '../../../../api/client';
import { FormModal } from '../../../../components/FormModal';
import { useApiError } from '../../../../components/useApiError';
import { contractsOptions } from '../labels';
import { useContractsRefresh } from '../queries';
import { PhotoUpload } from './PhotoUpload';

interface Values {
  visitedOn?: Dayjs;
  rating?: (typeof VISIT_RATINGS)[number];
  findings?: string;
  photoIds?: string[];
}

/** A third-party monitor's site visit (实地走访): the day, what it found, its rating, photos. */
export function VisitFormModal({ contractId, open, onClose }: { contractId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || uploading) return;
    setBusy(true);
    try {
      await api.post('/funding/contracts/:id/visits', {
        params: { id: contractId },
        body: { visitedOn: v.visitedOn!.format('YYYY-MM-DD'), rating: v.rating!, findings: (v.findings ?? '').trim(), photoIds: v.photoIds ?? [] },
      });
      refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormModal title={t('funding.contracts.visits.formTitle')} open={open} busy={busy || uploading} onOk={ok} onCancel={onClose} okText={t('funding.contracts.visits.save')} okTestId="visit-ok" width={640}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ photoIds: [] }}>
        <Form.Item name="visitedOn" label={t('funding.contracts.visits.visitedOn')} rules={[{ required: true, message: t('funding.contracts.visits.dateRequired') }]}>
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="rating" label={t('funding.contracts.visits.rating')} rules={[{ required: true, message: t('funding.contracts.visits.ratingRequired') }]}>
          <Select options={contractsOptions(t, 'rating', VISIT_RATINGS)} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="findings" label={t('funding.contracts.visits.findings')} rules={[{ required: true, whitespace: true, message: t('funding.contracts.visits.findingsRequired') }, { max: 10_000 }]}>
          <Input.TextArea rows={5} maxLength={10_000} showCount placeholder={t('funding.contracts.visits.findingsPlaceholder')} />
        </Form.Item>
        <Form.Item name="photoIds" label={t('funding.contracts.visits.photos')}>
          <PhotoUpload onBusy={setUploading} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

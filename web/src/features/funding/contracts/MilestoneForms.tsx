import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TStoredFile } from '@shared/files/schemas';
import { ALLOWED_MIME_TYPES } from '@shared/files/types';
import { MAX_MILESTONE_ATTACHMENTS, type TContractDetail } from '@shared/funding/contracts';
import { api, upload } from '../../../api/client';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { useApiError } from '../../../components/useApiError';
import { useContractsRefresh } from './queries';

type Milestone = TContractDetail['milestones'][number];

const ACCEPT = [...Object.keys(ALLOWED_MIME_TYPES), ...Object.values(ALLOWED_MIME_TYPES).flat()].join(',');

/**
 * The organisation says a milestone is done: what was done (the note) and what shows it — sign-in
 * sheets, photos, minutes (uploaded as they are picked; on a phone the picker offers the camera).
 * Staff then accept it, which pays the tranche waiting on it, or send it back with a reason.
 */
export function ReportMilestoneModal({ milestone, onClose }: { milestone: Milestone | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string; attachmentIds?: string[] }>();
  const [uploading, setUploading] = useState(false);
  const refresh = useContractsRefresh();
  const { busy, submit } = useFormSubmit(form, { success: t('funding.contracts.milestones.reported'), done: () => (refresh(), onClose()) });
  const ok = submit(async (v) => {
    if (uploading) return false;
    await api.post('/funding/milestones/:id/report', { params: { id: milestone!.id }, body: { note: v.note.trim(), attachmentIds: v.attachmentIds ?? [] } });
  });
  return (
    <FormModal
      title={t('funding.contracts.milestones.reportTitle', { title: milestone?.title ?? '' })}
      open={!!milestone}
      busy={busy || uploading}
      onOk={ok}
      onCancel={onClose}
      okText={t('funding.contracts.milestones.reportOk')}
      okTestId="milestone-report-ok"
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.milestones.reportHint')} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="note"
          label={t('funding.contracts.milestones.note')}
          rules={[{ required: true, whitespace: true, message: t('funding.contracts.milestones.noteRequired') }, { max: 2000 }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('funding.contracts.milestones.notePlaceholder')} data-testid="milestone-note" />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('funding.contracts.milestones.files')} extra={t('funding.contracts.milestones.filesExtra', { max: MAX_MILESTONE_ATTACHMENTS })}>
          <MilestoneFiles onBusy={setUploading} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** Staff send a reported milestone back: the reason is required, and the organisation sees it on the milestone. */
export function RejectMilestoneModal({ milestone, onClose }: { milestone: Milestone | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const refresh = useContractsRefresh();
  const { busy, submit } = useFormSubmit(form, { success: t('funding.contracts.milestones.rejectedDone'), done: () => (refresh(), onClose()) });
  const ok = submit((v) => api.post('/funding/milestones/:id/reject', { params: { id: milestone!.id }, body: { reason: v.reason.trim() } }));
  return (
    <FormModal
      title={t('funding.contracts.milestones.rejectTitle', { title: milestone?.title ?? '' })}
      open={!!milestone}
      busy={busy}
      onOk={ok}
      onCancel={onClose}
      okText={t('funding.contracts.milestones.reject')}
      okTestId="milestone-reject-ok"
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.milestones.rejectHint')} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('funding.contracts.milestones.rejectReason')}
          rules={[{ required: true, whitespace: true, message: t('funding.contracts.milestones.rejectReasonRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="milestone-reject-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** Files as a form control: each uploaded when picked (then the user's pending upload); the value is the ids that arrived. */
function MilestoneFiles({ value, onChange, onBusy }: { value?: string[]; onChange?: (ids: string[]) => void; onBusy?: (busy: boolean) => void }) {
  const { t } = useTranslation();
  const showError = useApiError();
  const [files, setFiles] = useState<UploadFile<TStoredFile>[]>([]);
  const changed = (list: UploadFile<TStoredFile>[]) => {
    setFiles(list);
    onBusy?.(list.some((f) => f.status === 'uploading'));
    const ids = list.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));
    if (ids.join() !== (value ?? []).join()) onChange?.(ids);
  };
  return (
    <Upload<TStoredFile>
      multiple
      accept={ACCEPT}
      maxCount={MAX_MILESTONE_ATTACHMENTS}
      fileList={files}
      onChange={({ fileList }) => changed(fileList)}
      showUploadList={{ showPreviewIcon: false, showDownloadIcon: false }}
      customRequest={({ file, onSuccess, onError }) => {
        upload('/files', file as File).then(
          (stored) => onSuccess?.(stored),
          (e: unknown) => {
            showError(e);
            onError?.(e as Error);
          },
        );
      }}
    >
      <Button icon={<UploadOutlined />} disabled={files.length >= MAX_MILESTONE_ATTACHMENTS} data-testid="milestone-files-pick">
        {t('funding.contracts.milestones.filesPick')}
      </Button>
    </Upload>
  );
}

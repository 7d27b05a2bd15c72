import { useState } from 'react';
import { Button, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ALLOWED_MIME_TYPES, MAX_ATTACHMENTS } from '@shared/files/types';
import type { TStoredFile } from '@shared/files/schemas';
import { upload } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';

const ACCEPT = [...Object.keys(ALLOWED_MIME_TYPES), ...Object.values(ALLOWED_MIME_TYPES).flat()].join(',');

/**
 * The files a workflow step sends along, as a form control: each file is uploaded as soon as it is
 * picked (it is then the user's pending upload) and the control's value is the ids of those that
 * arrived, for the step's `attachmentIds`. `onBusy` says whether an upload is still under way.
 */
export function AttachmentUpload({
  value,
  onChange,
  onBusy,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  onBusy?: (busy: boolean) => void;
}) {
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
    <div data-testid="attachments-upload">
      <Upload<TStoredFile>
        multiple
        accept={ACCEPT}
        maxCount={MAX_ATTACHMENTS}
        fileList={files}
        onChange={({ fileList }) => changed(fileList)}
        // Nothing to link to before the step is sent: the file is the uploader's alone until then.
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
        <Button icon={<UploadOutlined />} disabled={files.length >= MAX_ATTACHMENTS} data-testid="attachments-pick">
          {t('attachments.pick')}
        </Button>
      </Upload>
    </div>
  );
}

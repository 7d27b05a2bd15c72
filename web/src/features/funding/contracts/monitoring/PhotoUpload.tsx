import { UploadOutlined } from '@ant-design/icons';
import { Button, Image, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TStoredFile } from '@shared/files/schemas';
import { MAX_PHOTOS } from '@shared/funding/monitoring';
import { upload } from '../../../../api/client';
import { useApiError } from '../../../../components/useApiError';

/**
 * Photos as a form control (core files): each is uploaded when picked and the value is the ids of
 * those that arrived. On a phone the picker offers the camera. `onBusy` says whether one is still on its way.
 */
export function PhotoUpload({ value, onChange, onBusy }: { value?: string[]; onChange?: (ids: string[]) => void; onBusy?: (busy: boolean) => void }) {
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
      accept="image/jpeg,image/png"
      listType="picture"
      maxCount={MAX_PHOTOS}
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
      <Button icon={<UploadOutlined />} disabled={files.length >= MAX_PHOTOS} data-testid="photos-pick">
        {t('funding.contracts.photos.pick', { max: MAX_PHOTOS })}
      </Button>
    </Upload>
  );
}

/** Photos already attached: thumbnails that open full size (the session cookie goes along). */
export function Photos({ photos }: { photos: { id: string; originalName: string }[] }) {
  if (!photos.length) return null;
  return (
    <div className="contract-photos" data-testid="photos">
      <Image.PreviewGroup>
        {photos.map((p) => (
          <Image key={p.id} src={`/api/files/${encodeURIComponent(p.id)}`} alt={p.originalName} width={72} height={72} />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}

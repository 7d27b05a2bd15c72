import { Space, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TStoredFile } from '@shared/files/schemas';

function sizeLabel(bytes: number) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A step's attachments as download links. A plain link (the session cookie goes along) works the
 * same on a phone: the server answers 404 to a reader who may no longer read the record.
 */
export function AttachmentLinks({ files }: { files: TStoredFile[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Space orientation="vertical" size={2} style={{ marginTop: 4 }} data-testid="attachment-links">
      {files.map((f) => (
        <a key={f.id} href={`/api/files/${encodeURIComponent(f.id)}`} download={f.originalName} aria-label={t('attachments.download', { name: f.originalName })}>
          <PaperClipOutlined /> <span style={{ wordBreak: 'break-all' }}>{f.originalName}</span>{' '}
          <Typography.Text type="secondary">({sizeLabel(f.sizeBytes)})</Typography.Text>
        </a>
      ))}
    </Space>
  );
}

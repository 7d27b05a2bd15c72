import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, type Query } from '../api/client';
import { useApiError } from './useApiError';

/** "导出 Excel" for a list: downloads the server's xlsx of the whole filtered list, not the page. */
export function ExportButton({ path, query, fallbackName, testid }: { path: string; query?: Query; fallbackName: string; testid?: string }) {
  const { t } = useTranslation();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(path, query, fallbackName);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} onClick={run} loading={busy} data-testid={testid}>
      {t('registry.export')}
    </Button>
  );
}

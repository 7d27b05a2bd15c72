import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../api/client';
import type { FileRouteKey, PathOf, RequestOf } from '../api/contract';
import { useApiError } from './useApiError';

type ExportPath = PathOf<'GET', FileRouteKey>;

/** "导出 Excel" for a list: downloads the server's xlsx of the whole filtered list, not the page. */
export function ExportButton<P extends ExportPath>({
  path,
  request,
  fallbackName,
  testid,
}: {
  path: P;
  /** The route's params and query (the list's filters). */
  request: RequestOf<`GET ${P}`>;
  fallbackName: string;
  testid?: string;
}) {
  const { t } = useTranslation();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(path, request, fallbackName);
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

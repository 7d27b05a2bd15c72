import { ArrowLeftOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';
import { contractKeys } from './queries';
import './contracts.css';

/**
 * The printed contract, alone on the page (layout 'bare', opened in a new tab): the server's A4
 * sheet in a frame of its own, so its print styles stay apart from the app's, with its
 * verification code above it. Opening the page issues the document, or reuses the live one.
 */
export function ContractPrintPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const q = useQuery({
    queryKey: contractKeys.print(id),
    queryFn: () => api.post('/funding/contracts/:id/document', { params: { id: id! } }),
    enabled: !!id,
    // Issued once per opening; printing must not fetch (and possibly reissue) midway.
    staleTime: Infinity,
    gcTime: 0,
  });
  const doc = q.data;

  return (
    <div className="contract-print-screen">
      <div className="contract-print-toolbar">
        <Space wrap>
          <Link to={`/funding/contracts/${id}`}>
            <Button icon={<ArrowLeftOutlined />}>{t('funding.contracts.print.back')}</Button>
          </Link>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!doc} onClick={() => frame.current?.contentWindow?.print()} data-testid="contract-print-button">
            {t('funding.contracts.print.print')}
          </Button>
          {doc && (
            <Typography.Text data-testid="contract-print-code">
              <SafetyCertificateOutlined /> {t('funding.contracts.print.code', { code: doc.code })}{' '}
              <Typography.Text type="secondary">
                {doc.reused ? t('funding.contracts.print.reused') : t('funding.contracts.print.issued')} · <a href={doc.verificationUrl}>{t('funding.contracts.print.verify')}</a>
              </Typography.Text>
            </Typography.Text>
          )}
        </Space>
      </div>
      {q.isError && <Alert className="contract-print-toolbar" type="error" showIcon title={(q.error as Error).message} data-testid="contract-print-error" />}
      {!doc && !q.isError && (
        <div className="contract-print-frame" style={{ padding: 24 }}>
          <Skeleton active paragraph={{ rows: 14 }} />
        </div>
      )}
      {doc && (
        // No scripts run in the sheet; same origin only so this page can call its print().
        <iframe
          ref={frame}
          className="contract-print-frame"
          title={t('funding.contracts.print.title')}
          srcDoc={doc.html}
          sandbox="allow-same-origin allow-modals"
          // The sheet is as tall as its text: the page scrolls, not a box inside it.
          onLoad={(e) => {
            const body = e.currentTarget.contentDocument?.documentElement;
            if (body) e.currentTarget.style.height = `${body.scrollHeight + 32}px`;
          }}
          data-testid="contract-sheet"
        />
      )}
    </div>
  );
}

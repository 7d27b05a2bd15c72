import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLocale } from '../../app/locale';
import { enumLabel } from '../../lib/labels';
import { certificateDate, verifySite } from './format';
import './certificate.css';

const FACT_ROWS = ['name', 'legalForm', 'region', 'activityContent', 'venue', 'filingNumber', 'filedOn'] as const;

/**
 * The filing certificate (备案证明) of one team, laid out on an A4 sheet to print. Opening the page
 * asks the server for the team's certificate: the live one (same code as any earlier printout), or
 * a new one when there is none or the team's filing changed since.
 */
export function FilingCertificatePrintPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['documents', 'filing-certificate', id],
    queryFn: () => api.post('/documents/organizations/:id/filing-certificate', { params: { id: id! } }),
    enabled: !!id,
    // Issued once per opening of the page; printing must not fetch (and possibly reissue) midway.
    staleTime: Infinity,
    gcTime: 0,
  });

  const toolbar = (
    <div className="doc-toolbar">
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('common.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!q.data} onClick={() => window.print()} data-testid="print-certificate">
          {t('documents.print.print')}
        </Button>
        {q.data && (
          <Typography.Text type="secondary">
            {q.data.reused ? t('documents.print.reused') : t('documents.print.issued')} {t('documents.print.paperHint')}
          </Typography.Text>
        )}
      </Space>
    </div>
  );

  if (q.isError) {
    return (
      <div className="doc-screen">
        {toolbar}
        <Alert className="doc-toolbar" type="error" showIcon title={(q.error as Error).message} data-testid="certificate-error" />
      </div>
    );
  }
  if (!q.data) {
    return (
      <div className="doc-screen">
        {toolbar}
        <div className="doc-sheet">
          <Skeleton active paragraph={{ rows: 12 }} />
        </div>
      </div>
    );
  }

  const doc = q.data;
  const f = doc.facts as Record<string, string | null>;
  const value = (key: (typeof FACT_ROWS)[number]) =>
    key === 'legalForm' ? enumLabel(t, 'legalForm', f.legalForm) : key === 'filedOn' ? certificateDate(f.filedOn, locale) : (f[key] ?? '—');

  return (
    <div className="doc-screen">
      {toolbar}
      <article className="doc-sheet" data-testid="certificate-sheet" lang={locale}>
        <h1 className="doc-title">{t('documents.certificate.title')}</h1>
        <p className="doc-number">
          {t('documents.facts.filingNumber')}：<span data-testid="certificate-filing-number">{f.filingNumber}</span>
        </p>
        <p className="doc-body">
          {t('documents.certificate.body', {
            name: f.name,
            legalForm: enumLabel(t, 'legalForm', f.legalForm),
            filedOn: certificateDate(f.filedOn, locale),
            filedBy: f.filedBy ?? '—',
            filingNumber: f.filingNumber,
          })}
        </p>
        <table className="doc-facts">
          <tbody>
            {FACT_ROWS.map((key) => (
              <tr key={key}>
                <th scope="row">{t(`documents.facts.${key}`)}</th>
                <td>{value(key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="doc-seal">
          <div>{t('documents.certificate.seal', { filedBy: f.filedBy ?? '' })}</div>
          <div className="doc-seal-space" aria-hidden />
          <div>{certificateDate(doc.issuedAt, locale)}</div>
        </div>
        <div className="doc-spacer" />
        <footer className="doc-verify">
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc.qrSvg)}`} alt={doc.verificationUrl} data-testid="certificate-qr" />
          <div>
            <div>
              {t('documents.certificate.code')}：<span className="doc-code" data-testid="certificate-code">{doc.code}</span>
            </div>
            <div>{t('documents.certificate.scan', { site: verifySite(doc.verificationUrl) })}</div>
            <div>{t('documents.certificate.footer')}</div>
          </div>
        </footer>
      </article>
    </div>
  );
}

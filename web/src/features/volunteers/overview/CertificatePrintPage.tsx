import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Space, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { hoursOf } from '@shared/volunteers/overview';
import { api } from '../../../api/client';
import { useLocale } from '../../../app/locale';
import { certificateDate, verifySite } from '../../documents/format';
import '../../documents/certificate.css';
import './overview.css';

/** [a, b, c] → [[a, b], [c]]. */
const pairs = <T,>(xs: T[]): T[][] => xs.flatMap((x, i) => (i % 2 ? [] : [xs.slice(i, i + 2)]));

/**
 * The certificate of service (志愿服务证明) on an A4 sheet: the volunteer's own (no id in the path)
 * or one staff print for a volunteer in reach. Opening the page issues it, or reuses the live one
 * when nothing it certifies changed (same code as the earlier printout).
 */
export function CertificatePrintPage() {
  const { volunteerId } = useParams<{ volunteerId?: string }>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const body = { from, to };
  const q = useQuery({
    queryKey: ['volunteers', 'overview', 'certificate', volunteerId ?? 'me', from, to],
    queryFn: () =>
      volunteerId ? api.post('/volunteers/:id/certificate', { params: { id: volunteerId }, body }) : api.post('/volunteers/me/certificate', { body }),
    // Issued once per opening of the page; printing must not fetch (and possibly reissue) midway.
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });

  const toolbar = (
    <div className="doc-toolbar">
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('common.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!q.data} onClick={() => window.print()} data-testid="print-certificate">
          {t('volunteers.overview.certificate.printNow')}
        </Button>
        {q.data && (
          <Typography.Text type="secondary">
            {q.data.document.reused ? t('volunteers.overview.certificate.reused') : t('volunteers.overview.certificate.issued')} {t('volunteers.overview.certificate.paperHint')}
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

  const { document: doc, print: p } = q.data;
  const hours = (minutes: number) => t('volunteers.overview.certificate.hours', { hours: hoursOf(minutes) });
  const period =
    p.from || p.to
      ? t('volunteers.overview.certificate.periodText', { from: p.from ? certificateDate(p.from, locale) : t('volunteers.overview.certificate.start'), to: certificateDate(p.to ?? p.issuedOn, locale) })
      : t('volunteers.overview.certificate.periodAll', { to: certificateDate(p.issuedOn, locale) });

  return (
    <div className="doc-screen">
      {toolbar}
      <article className="doc-sheet" data-testid="certificate-sheet" lang={locale}>
        <h1 className="doc-title">{t('volunteers.overview.certificate.title')}</h1>
        <p className="doc-number">
          {t('volunteers.overview.certificate.number')}：<span data-testid="certificate-volunteer-number">{p.volunteerNumber}</span>
        </p>
        <p className="doc-body">
          {t('volunteers.overview.certificate.body', {
            name: p.name,
            idNumber: p.idNumberMasked ?? '—',
            number: p.volunteerNumber,
            period,
            hours: hoursOf(p.total.minutes),
            count: p.total.entries,
          })}
        </p>
        <table className="doc-facts vol-cert-table">
          <thead>
            <tr>
              <th scope="col">{t('volunteers.overview.certificate.byOrganization')}</th>
              <th scope="col">{t('volunteers.overview.certificate.colHours')}</th>
              <th scope="col">{t('volunteers.overview.certificate.colTimes')}</th>
            </tr>
          </thead>
          <tbody>
            {p.byOrganization.length === 0 && (
              <tr>
                <td colSpan={3}>{t('volunteers.overview.certificate.none')}</td>
              </tr>
            )}
            {p.byOrganization.map((o) => (
              <tr key={o.organizationId ?? `centre-${o.name}`}>
                <td>{o.centre ? t('volunteers.overview.certificate.centre', { name: o.name }) : o.name}</td>
                <td>{hours(o.minutes)}</td>
                <td>{o.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {p.byYear.length > 1 && (
          // Two years a row, so decades of service still leave room for the seal and the code on one sheet.
          <table className="doc-facts vol-cert-table vol-cert-years" style={{ marginTop: '4mm' }}>
            <thead>
              <tr>
                {[0, 1].map((k) => (
                  <Fragment key={k}>
                    <th scope="col">{t('volunteers.overview.certificate.byYear')}</th>
                    <th scope="col">{t('volunteers.overview.certificate.colHours')}</th>
                    <th scope="col">{t('volunteers.overview.certificate.colTimes')}</th>
                  </Fragment>
                ))}
              </tr>
            </thead>
            <tbody>
              {pairs(p.byYear).map((row) => (
                <tr key={row[0].year}>
                  {[0, 1].map((k) => {
                    const y = row[k];
                    return y ? (
                      <Fragment key={k}>
                        <td>{y.year}</td>
                        <td>{hours(y.minutes)}</td>
                        <td>{y.entries}</td>
                      </Fragment>
                    ) : (
                      <td key={k} colSpan={3} />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="vol-cert-note">{t('volunteers.overview.certificate.note')}</p>
        <div className="doc-seal">
          <div>{t('volunteers.overview.certificate.seal', { issuer: p.issuer.name })}</div>
          <div className="doc-seal-space" aria-hidden />
          <div>{certificateDate(p.issuedOn, locale)}</div>
        </div>
        <div className="doc-spacer" />
        <footer className="doc-verify">
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(doc.qrSvg)}`} alt={doc.verificationUrl} data-testid="certificate-qr" />
          <div>
            <div>
              {t('volunteers.overview.certificate.code')}：<span className="doc-code" data-testid="certificate-code">{doc.code}</span>
            </div>
            <div>{t('volunteers.overview.certificate.scan', { site: verifySite(doc.verificationUrl) })}</div>
            <div>{t('volunteers.overview.certificate.footer')}</div>
          </div>
        </footer>
      </article>
    </div>
  );
}

import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Form, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { certificatePath, PeriodField } from './CertificateButton';
import './overview.css';

/** 服务证明 (a volunteer, on a phone): choose the period and open the certificate to print or show. */
export function MyCertificatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  return (
    <div className="vol-overview-narrow" data-testid="my-certificate">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('volunteers.overview.certificate.mineTitle')}
      </Typography.Title>
      <Card size="small">
        <Typography.Paragraph>{t('volunteers.overview.certificate.mineIntro')}</Typography.Paragraph>
        <Form layout="vertical">
          <PeriodField value={period} onChange={setPeriod} />
        </Form>
        <Button type="primary" block size="large" icon={<PrinterOutlined />} style={{ marginTop: 16 }} onClick={() => navigate(certificatePath(null, period))} data-testid="my-certificate-open">
          {t('volunteers.overview.certificate.open')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('volunteers.overview.certificate.explain')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

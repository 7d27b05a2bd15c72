import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** The print page of a certificate: a volunteer's own, or one a staff member prints for a volunteer; the period in the query. */
export function certificatePath(volunteerId: string | null, period?: [Dayjs | null, Dayjs | null] | null) {
  const q = new URLSearchParams();
  if (period?.[0]) q.set('from', period[0].format('YYYY-MM-DD'));
  if (period?.[1]) q.set('to', period[1].format('YYYY-MM-DD'));
  const base = volunteerId ? `/print/volunteers/certificate/${volunteerId}` : '/print/volunteers/my-certificate';
  return q.size ? `${base}?${q}` : base;
}

/** The period a certificate covers: both ends optional (none: all service to date). */
export function PeriodField({ value, onChange }: { value: [Dayjs | null, Dayjs | null] | null; onChange: (v: [Dayjs | null, Dayjs | null] | null) => void }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('volunteers.overview.certificate.period')} extra={t('volunteers.overview.certificate.periodHint')} style={{ marginBottom: 0 }}>
      <DatePicker.RangePicker
        value={value}
        onChange={onChange}
        allowEmpty={[true, true]}
        placeholder={[t('volunteers.overview.certificate.from'), t('volunteers.overview.certificate.to')]}
        style={{ width: '100%' }}
        inputReadOnly
        data-testid="certificate-period"
      />
    </Form.Item>
  );
}

/** 出具服务证明 on the staff side: choose the period, then the A4 print page opens. */
export function CertificateButton({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  return (
    <>
      <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setOpen(true)} data-testid="certificate-open">
        {t('volunteers.overview.certificate.button')}
      </Button>
      <Modal
        open={open}
        title={t('volunteers.overview.certificate.button')}
        okText={t('volunteers.overview.certificate.print')}
        cancelText={t('common.cancel')}
        onCancel={() => setOpen(false)}
        onOk={() => navigate(certificatePath(volunteerId, period))}
        destroyOnHidden
      >
        <Form layout="vertical">
          <PeriodField value={period} onChange={setPeriod} />
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('volunteers.overview.certificate.explain')}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

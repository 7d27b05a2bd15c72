import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, DatePicker, Form, Input, InputNumber, Row, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_REPORT_ACTIVITIES, type TProgressReport } from '@shared/funding/monitoring';
import { api } from '../../../../api/client';
import { FormModal } from '../../../../components/FormModal';
import { useApiError } from '../../../../components/useApiError';
import { useContractsRefresh } from '../queries';
import { PhotoUpload } from './PhotoUpload';

interface ReportValues {
  activities: { date?: Dayjs | null; title?: string; place?: string; participants?: number | null }[];
  beneficiaryCount?: number | null;
  narrative?: string;
  photoIds?: string[];
}

/**
 * The organisation's progress report for one period (F9): the activities held, the person-times
 * served (受益人次), what happened in its own words, and photos. A returned report is sent again.
 */
export function ReportFormModal({ report, onClose }: { report: TProgressReport | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportValues>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !report || uploading) return;
    setBusy(true);
    try {
      await api.post('/funding/reports/:id/submit', {
        params: { id: report.id },
        body: {
          activities: v.activities.map((a) => ({ date: a.date!.format('YYYY-MM-DD'), title: (a.title ?? '').trim(), place: (a.place ?? '').trim(), participants: a.participants ?? 0 })),
          beneficiaryCount: v.beneficiaryCount ?? 0,
          narrative: (v.narrative ?? '').trim(),
          photoIds: v.photoIds ?? [],
        },
      });
      refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormModal
      title={report ? t('funding.contracts.reports.formTitle', { n: report.periodNo, from: report.startsOn, to: report.endsOn }) : ''}
      open={!!report}
      busy={busy || uploading}
      onOk={ok}
      onCancel={onClose}
      okText={t('funding.contracts.reports.submit')}
      okTestId="report-submit-ok"
      width={760}
    >
      {report?.status === 'returned' && report.returnReason && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.reports.returnedBecause')} description={report.returnReason} />
      )}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ activities: [{}], photoIds: [] }} requiredMark="optional">
        <Typography.Text strong>{t('funding.contracts.reports.activities')}</Typography.Text>
        <Form.List name="activities">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((f, i) => (
                <Row key={f.key} gutter={8} className="report-activity">
                  <Col xs={12} md={5}>
                    <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: t('funding.contracts.reports.activityDateRequired', { n: i + 1 }) }]}>
                      <DatePicker placeholder={t('funding.contracts.reports.date')} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[f.name, 'participants']} rules={[{ required: true, message: t('funding.contracts.reports.participantsRequired', { n: i + 1 }) }]}>
                      <InputNumber min={0} max={1_000_000} precision={0} placeholder={t('funding.contracts.reports.participants')} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={7}>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: t('funding.contracts.reports.activityTitleRequired', { n: i + 1 }) }]}>
                      <Input placeholder={t('funding.contracts.reports.activityTitle')} maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="auto">
                    <Form.Item name={[f.name, 'place']} rules={[{ required: true, whitespace: true, message: t('funding.contracts.reports.placeRequired', { n: i + 1 }) }]}>
                      <Input placeholder={t('funding.contracts.reports.place')} maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="32px">
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} disabled={fields.length >= MAX_REPORT_ACTIVITIES} onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('funding.contracts.reports.addActivity')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item
          name="beneficiaryCount"
          label={t('funding.contracts.reports.beneficiaryCount')}
          extra={t('funding.contracts.reports.beneficiaryHint')}
          rules={[{ required: true, message: t('funding.contracts.reports.beneficiaryRequired') }]}
        >
          <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 200 }} data-testid="report-beneficiaries" />
        </Form.Item>
        <Form.Item name="narrative" label={t('funding.contracts.reports.narrative')} rules={[{ required: true, whitespace: true, message: t('funding.contracts.reports.narrativeRequired') }, { max: 10_000 }]}>
          <Input.TextArea rows={5} maxLength={10_000} showCount placeholder={t('funding.contracts.reports.narrativePlaceholder')} data-testid="report-narrative" />
        </Form.Item>
        <Form.Item name="photoIds" label={t('funding.contracts.reports.photos')}>
          <PhotoUpload onBusy={setUploading} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** Staff accept a submitted report, or return it with the reason the organisation will read. */
export function DecideReportModal({ report, decision, onClose }: { report: TProgressReport | null; decision: 'accept' | 'return'; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text?: string }>();
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const refresh = useContractsRefresh();
  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !report) return;
    setBusy(true);
    try {
      if (decision === 'accept') await api.post('/funding/reports/:id/accept', { params: { id: report.id }, body: { comment: v.text?.trim() || null } });
      else await api.post('/funding/reports/:id/return', { params: { id: report.id }, body: { reason: (v.text ?? '').trim() } });
      refresh();
      onClose();
    } catch (e) {
      // The one field is `comment` or `reason` on the server; it is `text` here.
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormModal
      title={t(decision === 'accept' ? 'funding.contracts.reports.acceptTitle' : 'funding.contracts.reports.returnTitle', { n: report?.periodNo ?? '' })}
      open={!!report}
      busy={busy}
      onOk={ok}
      onCancel={onClose}
      okText={t(decision === 'accept' ? 'funding.contracts.reports.accept' : 'funding.contracts.reports.return')}
      okTestId={`report-${decision}-ok`}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="text"
          label={t(decision === 'accept' ? 'funding.contracts.reports.comment' : 'funding.contracts.reports.reason')}
          rules={decision === 'return' ? [{ required: true, whitespace: true, message: t('funding.contracts.reports.reasonRequired') }, { max: 1000 }] : [{ max: 1000 }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

import { useState } from 'react';
import { Button, Checkbox, Col, DatePicker, Form, Input, Row, Table, Tag } from 'antd';
import { CheckOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { SIX_ONES } from '@shared/registry';
import { api } from '../../api/client';
import type { TReport as MonthlyReport } from '@shared/registry/reports';
import type { BodyOf } from '../../api/contract';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { formatDateTime } from '../../lib/labels';
import { tableEmpty } from '../../components/TableEmpty';

export function Tick({ ok }: { ok: boolean | null | undefined }) {
  return ok ? <CheckOutlined style={{ color: '#389e0d' }} aria-label="✓" /> : <CloseOutlined style={{ color: '#cf1322' }} aria-label="✗" />;
}

function ReportModal({ orgId, open, onClose }: { orgId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<Record<string, unknown>>(form, { success: t('report.submitted'), refreshRegistry: true, done: onClose });
  const meetingHeld = Form.useWatch('meetingHeld', form);
  const trainingHeld = Form.useWatch('trainingHeld', form);

  const send = submit((v) => {
    // "一张报表" is this report itself: the server records it as given, whatever the box says.
    const body: BodyOf<'POST /registry/organizations/:id/reports'> = {
      month: (v.month as dayjs.Dayjs).format('YYYY-MM'),
      notes: (v.notes as string | undefined)?.trim() || undefined,
      trainingTopic: (v.trainingTopic as string | undefined)?.trim() || undefined,
      meetingDate: v.meetingDate ? (v.meetingDate as dayjs.Dayjs).format('YYYY-MM-DD') : undefined,
      responsiblePerson: !!v.responsiblePerson,
      flag: !!v.flag,
      venuePermit: !!v.venuePermit,
      meetingHeld: !!v.meetingHeld,
      trainingHeld: !!v.trainingHeld,
    };
    return api.post('/registry/organizations/:id/reports', { params: { id: orgId }, body });
  });

  return (
    <FormModal title={t('report.submit')} open={open} onCancel={onClose} onOk={send} busy={busy} okText={t('common.submit')}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ month: dayjs() }}>
        <Form.Item name="month" label={t('report.month')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker picker="month" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
        </Form.Item>
        <Row>
          {SIX_ONES.map((k) => (
            <Col xs={24} sm={12} key={k}>
              <Form.Item name={k} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox>{t(`sixOnes.${k}`)}</Checkbox>
              </Form.Item>
            </Col>
          ))}
        </Row>
        {meetingHeld && (
          <Form.Item name="meetingDate" label={t('report.meetingDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        {trainingHeld && (
          <Form.Item name="trainingTopic" label={t('report.trainingTopic')}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('report.notes')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export function ReportsTab({ orgId, canSubmit }: { orgId: string; canSubmit: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['registry', 'reports', orgId],
    queryFn: () => api.get('/registry/organizations/:id/reports', { params: { id: orgId } }),
  });
  return (
    <div>
      {canSubmit && (
        <div className="page-toolbar">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('report.submit')}
          </Button>
        </div>
      )}
      <Table<MonthlyReport>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: tableEmpty(t('report.empty')) }}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (r) => !!(r.notes || r.trainingTopic || r.meetingDate),
          expandedRowRender: (r) => (
            <div>
              {r.meetingDate && <div>{t('report.meetingDate')}: {r.meetingDate}</div>}
              {r.trainingTopic && <div>{t('report.trainingTopic')}: {r.trainingTopic}</div>}
              {r.notes && <div>{t('report.notes')}: {r.notes}</div>}
            </div>
          ),
        }}
        columns={[
          { title: t('report.month'), dataIndex: 'month' },
          ...SIX_ONES.map((k) => ({ title: t(`sixOnes.${k}`), dataIndex: k, align: 'center' as const, render: (v: boolean) => <Tick ok={v} /> })),
          {
            title: t('report.compliant'),
            dataIndex: 'compliant',
            render: (v: boolean) => (v ? <Tag color="success">{t('report.compliantYes')}</Tag> : <Tag color="error">{t('report.compliantNo')}</Tag>),
          },
          { title: t('report.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
        ]}
      />
      <ReportModal orgId={orgId} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}

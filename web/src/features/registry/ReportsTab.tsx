import { useState } from 'react';
import { Alert, Button, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { SIX_ONES } from '@shared/registry';
import { api } from '../../api/client';
import type { TReport as MonthlyReport, TReportForm, TReportVersion } from '@shared/registry/reports';
import type { BodyOf } from '../../api/contract';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { formatDateTime } from '../../lib/labels';
import { tableEmpty } from '../../components/TableEmpty';

export function Tick({ ok }: { ok: boolean | null | undefined }) {
  return ok ? <CheckOutlined style={{ color: '#389e0d' }} aria-label="✓" /> : <CloseOutlined style={{ color: '#cf1322' }} aria-label="✗" />;
}

/** The items a team ticks itself; 一人负责 comes from the roster, the permit is confirmed beside the venue. */
const TICKED = ['flag', 'meetingHeld', 'trainingHeld', 'reportForm'] as const;

type Values = {
  month: string;
  responsiblePersonName?: string;
  venuePermit?: boolean;
  meetingDate?: dayjs.Dayjs;
  trainingTopic?: string;
  notes?: string;
  correctionReason?: string;
} & Partial<Record<(typeof TICKED)[number], boolean>>;

/** A new report (`correcting` absent) or the correction (更正) of one, pre-filled with it. */
function ReportModal({ orgId, form: info, free, correcting, onClose }: {
  orgId: string;
  form: TReportForm;
  /** Months with no report yet, newest first. */
  free: string[];
  correcting?: MonthlyReport;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { busy, submit } = useFormSubmit(form, {
    success: correcting ? t('report.corrected') : t('report.submitted'),
    refreshRegistry: true,
    done: onClose,
  });
  const month = Form.useWatch('month', form);
  const meetingHeld = Form.useWatch('meetingHeld', form);
  const trainingHeld = Form.useWatch('trainingHeld', form);
  const noLeader = info.leaderNames.length === 0;

  const initialValues: Values = correcting
    ? {
        month: correcting.month,
        responsiblePersonName: correcting.responsiblePersonName && info.leaderNames.includes(correcting.responsiblePersonName)
          ? correcting.responsiblePersonName
          : info.leaderNames[0],
        venuePermit: correcting.venuePermit,
        flag: correcting.flag,
        meetingHeld: correcting.meetingHeld,
        trainingHeld: correcting.trainingHeld,
        reportForm: correcting.reportForm,
        meetingDate: correcting.meetingDate ? dayjs(correcting.meetingDate) : undefined,
        trainingTopic: correcting.trainingTopic ?? undefined,
        notes: correcting.notes ?? undefined,
      }
    : { month: free[0], responsiblePersonName: info.leaderNames[0] };

  const send = submit((v) => {
    const body: BodyOf<'POST /registry/organizations/:id/reports'> = {
      month: v.month,
      responsiblePersonName: v.responsiblePersonName || undefined,
      flag: !!v.flag,
      venuePermit: !!v.venuePermit,
      meetingHeld: !!v.meetingHeld,
      trainingHeld: !!v.trainingHeld,
      reportForm: !!v.reportForm,
      meetingDate: v.meetingHeld && v.meetingDate ? v.meetingDate.format('YYYY-MM-DD') : undefined,
      trainingTopic: v.trainingTopic?.trim() || undefined,
      notes: v.notes?.trim() || undefined,
      correctionReason: correcting ? v.correctionReason?.trim() : undefined,
    };
    return api.post('/registry/organizations/:id/reports', { params: { id: orgId }, body });
  });

  const required = [{ required: true, message: t('common.required') }];
  return (
    <FormModal
      title={correcting ? t('report.correctTitle', { month: correcting.month }) : t('report.submit')}
      open
      onCancel={onClose}
      onOk={send}
      busy={busy}
      okText={correcting ? t('report.correct') : t('common.submit')}
      okTestId="report-ok"
    >
      {correcting && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('report.correctHint', { version: correcting.version })} />}
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        <Form.Item name="month" label={t('report.month')} rules={required}>
          <Select
            disabled={!!correcting}
            data-testid="report-month"
            options={(correcting ? [correcting.month] : free).map((m) => ({ value: m, label: m }))}
            onChange={() => form.setFieldValue('meetingDate', undefined)}
          />
        </Form.Item>
        {noLeader ? (
          <Form.Item label={t('sixOnes.responsiblePerson')}>
            <Alert type="warning" showIcon title={t('report.noLeader')} data-testid="report-no-leader" />
          </Form.Item>
        ) : (
          <Form.Item name="responsiblePersonName" label={t('sixOnes.responsiblePerson')} extra={t('report.leaderFromRoster')}>
            <Select options={info.leaderNames.map((n) => ({ value: n, label: n }))} />
          </Form.Item>
        )}
        <Form.Item label={t('sixOnes.venuePermit')} style={{ marginBottom: 8 }}>
          {info.venue ? (
            <Form.Item name="venuePermit" valuePropName="checked" noStyle>
              <Checkbox>{t('report.venuePermitFor', { venue: info.venue })}</Checkbox>
            </Form.Item>
          ) : (
            <Alert type="warning" showIcon title={t('report.noVenue')} data-testid="report-no-venue" />
          )}
        </Form.Item>
        <Row>
          {TICKED.map((k) => (
            <Col xs={24} sm={12} key={k}>
              <Form.Item name={k} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox data-testid={`report-${k}`}>{t(`sixOnes.${k}`)}</Checkbox>
              </Form.Item>
            </Col>
          ))}
        </Row>
        {meetingHeld && (
          <Form.Item name="meetingDate" label={t('report.meetingDate')} rules={required}>
            <DatePicker
              style={{ width: '100%' }}
              data-testid="report-meeting-date"
              defaultPickerValue={month ? dayjs(`${month}-01`) : undefined}
              disabledDate={(d) => !month || d.format('YYYY-MM') !== month}
            />
          </Form.Item>
        )}
        {trainingHeld && (
          <Form.Item name="trainingTopic" label={t('report.trainingTopic')}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('report.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {correcting && (
          <Form.Item name="correctionReason" label={t('report.correctionReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="report-correction-reason" />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

function Compliant({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return ok ? <Tag color="success">{t('report.compliantYes')}</Tag> : <Tag color="error">{t('report.compliantNo')}</Tag>;
}

function Details({ r }: { r: Pick<MonthlyReport, 'responsiblePersonName' | 'venue' | 'meetingDate' | 'trainingTopic' | 'notes'> }) {
  const { t } = useTranslation();
  const lines: [string, string | null][] = [
    [t('report.responsiblePersonName'), r.responsiblePersonName],
    [t('report.venue'), r.venue],
    [t('report.meetingDate'), r.meetingDate],
    [t('report.trainingTopic'), r.trainingTopic],
    [t('report.notes'), r.notes],
  ];
  return (
    <div>
      {lines.filter(([, v]) => v).map(([label, v]) => (
        <div key={label}>
          {label}: {v}
        </div>
      ))}
    </div>
  );
}

/** The versions a corrected report replaced, oldest first, then the current one. */
function History({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation();
  const rows: TReportVersion[] = [...report.history, report];
  return (
    <div data-testid={`report-history-${report.month}`}>
      <Typography.Text strong>{t('report.history')}</Typography.Text>
      <Table<TReportVersion>
        rowKey="version"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('report.version'), dataIndex: 'version', render: (v: number) => t('report.versionN', { n: v }) },
          { title: t('report.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
          ...SIX_ONES.map((k) => ({ title: t(`sixOnes.${k}`), dataIndex: k, align: 'center' as const, render: (v: boolean) => <Tick ok={v} /> })),
          { title: t('report.compliant'), dataIndex: 'compliant', render: (v: boolean) => <Compliant ok={v} /> },
          { title: t('report.correctionReason'), dataIndex: 'correctionReason', render: (v: string | null) => v ?? t('report.firstVersion') },
        ]}
      />
    </div>
  );
}

export function ReportsTab({ orgId, canSubmit }: { orgId: string; canSubmit: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ correcting?: MonthlyReport } | null>(null);
  const q = useQuery({
    queryKey: ['registry', 'reports', orgId],
    queryFn: () => api.get('/registry/organizations/:id/reports', { params: { id: orgId } }),
  });
  const items = q.data?.items ?? [];
  const info = q.data?.form;
  const reported = new Set(items.map((r) => r.month));
  const free = (info?.months ?? []).filter((m) => !reported.has(m));
  const correctable = new Set(info?.months ?? []);
  return (
    <div>
      {canSubmit && info && (
        <div className="page-toolbar">
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} disabled={!free.length} data-testid="report-new">
              {t('report.submit')}
            </Button>
            {!free.length && <Typography.Text type="secondary">{info.months.length ? t('report.allReported') : t('report.noMonthYet')}</Typography.Text>}
          </Space>
        </div>
      )}
      {canSubmit && info && (info.leaderNames.length === 0 || !info.venue) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={[info.leaderNames.length === 0 && t('report.noLeader'), !info.venue && t('report.noVenue')].filter(Boolean).join(' ')}
        />
      )}
      <Table<MonthlyReport>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: tableEmpty(t('report.empty')) }}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: () => true,
          expandedRowRender: (r) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Details r={r} />
              {r.history.length > 0 && <History report={r} />}
            </Space>
          ),
        }}
        columns={[
          {
            title: t('report.month'),
            dataIndex: 'month',
            render: (v: string, r) => (
              <Space size={4}>
                {v}
                {r.version > 1 && (
                  <Tag color="orange" data-testid={`report-corrected-${v}`}>
                    {t('report.correctedTag', { n: r.version })}
                  </Tag>
                )}
              </Space>
            ),
          },
          ...SIX_ONES.map((k) => ({ title: t(`sixOnes.${k}`), dataIndex: k, align: 'center' as const, render: (v: boolean) => <Tick ok={v} /> })),
          { title: t('report.compliant'), dataIndex: 'compliant', render: (v: boolean) => <Compliant ok={v} /> },
          { title: t('report.submittedAt'), dataIndex: 'submittedAt', render: formatDateTime },
          ...(canSubmit
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, r: MonthlyReport) =>
                    correctable.has(r.month) && (
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ correcting: r })} data-testid={`report-correct-${r.month}`}>
                        {t('report.correct')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && info && <ReportModal orgId={orgId} form={info} free={free} correcting={editing.correcting} onClose={() => setEditing(null)} />}
    </div>
  );
}

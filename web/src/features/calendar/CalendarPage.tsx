import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { todayInChina } from '@shared/dates';
import type { CalendarDayKind, TCalendarDay } from '@shared/calendar/schemas';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useApiError } from '../../components/useApiError';

type Dialog = { mode: 'add' } | { mode: 'edit'; day: TCalendarDay } | { mode: 'confirm' } | null;

const KIND_COLOR: Record<CalendarDayKind, string> = { holiday: 'red', workday: 'blue' };

export function CalendarPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const thisYear = Number(todayInChina().slice(0, 4));
  // The year is in the address (?year=2027), so a link or a reload keeps it.
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2020 && asked <= 2100 ? asked : thisYear;
  const setYear = (y: number) => setParams(y === thisYear ? {} : { year: String(y) }, { replace: true });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const manage = can('calendar.manage');

  const q = useQuery({ queryKey: ['calendar', year], queryFn: () => api.get('/calendar/:year', { params: { year } }) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['calendar'] });

  const save = async () => {
    let v: { date?: Dayjs; kind: CalendarDayKind; name: string; sourceNote: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (dialog?.mode === 'confirm') {
        await api.put('/calendar/:year/status', { params: { year }, body: { status: 'official', sourceNote: v.sourceNote.trim() } });
      } else {
        const date = dialog?.mode === 'edit' ? dialog.day.date : v.date!.format('YYYY-MM-DD');
        await api.put('/calendar/days/:date', { params: { date }, body: { kind: v.kind, name: v.name.trim() } });
      }
      void message.success(t('common.saved'));
      void refresh();
      setDialog(null);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (day: TCalendarDay) => {
    try {
      await api.del('/calendar/days/:date', { params: { date: day.date } });
      void message.success(t('common.deleted'));
      void refresh();
    } catch (e) {
      showError(e);
    }
  };

  const data = q.data;
  const columns = [
    // Date and weekday in one column, so the whole row fits a phone.
    {
      title: t('calendar.date'),
      key: 'date',
      render: (_: unknown, d: TCalendarDay) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {d.date} {t(`calendar.weekdays.${d.weekday}`)}
        </span>
      ),
    },
    { title: t('calendar.kind'), key: 'kind', render: (_: unknown, d: TCalendarDay) => <Tag color={KIND_COLOR[d.kind]}>{t(`calendar.kinds.${d.kind}`)}</Tag> },
    { title: t('calendar.name'), dataIndex: 'name', key: 'name' },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, d: TCalendarDay) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ mode: 'edit', day: d })}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('calendar.deleteConfirm', { date: d.date, name: d.name })} onConfirm={() => remove(d)} okText={t('common.delete')} cancelText={t('common.cancel')}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, thisYear + 2, year])].sort();
  return (
    <Card>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('calendar.title')}
        </Typography.Title>
        <Space wrap>
          <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: t('calendar.yearLabel', { year: y }) }))} style={{ width: 120 }} aria-label={t('calendar.year')} />
          {manage && (
            <Button icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'add' })}>
              {t('calendar.add')}
            </Button>
          )}
          {manage && data?.status === 'provisional' && (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog({ mode: 'confirm' })}>
              {t('calendar.confirmYear')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('calendar.explain')}</Typography.Paragraph>
      {data?.status === 'provisional' && (
        <div data-testid="calendar-provisional">
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('calendar.provisional', { year })} description={data.sourceNote} />
        </div>
      )}
      {data?.status === 'official' && <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('calendar.official', { year })} description={data.sourceNote} />}
      {data && data.status === null && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('calendar.none', { year })} />}
      <div data-testid={data ? 'calendar-table' : undefined}>
        <Table<TCalendarDay> rowKey="date" size="small" loading={q.isLoading} dataSource={data?.days ?? []} columns={columns} pagination={false} scroll={manage ? { x: 600 } : undefined} />
      </div>
      <Modal
        open={!!dialog}
        title={dialog?.mode === 'confirm' ? t('calendar.confirmYear') : dialog?.mode === 'edit' ? t('calendar.edit', { date: dialog.day.date }) : t('calendar.add')}
        onCancel={() => setDialog(null)}
        onOk={save}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={dialog?.mode === 'edit' ? { kind: dialog.day.kind, name: dialog.day.name } : dialog?.mode === 'confirm' ? { sourceNote: '' } : { kind: 'holiday', date: dayjs(`${year}-01-01`) }}
        >
          {dialog?.mode === 'confirm' ? (
            <>
              <Typography.Paragraph>{t('calendar.confirmHint', { year })}</Typography.Paragraph>
              <Form.Item name="sourceNote" label={t('calendar.sourceNote')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input maxLength={200} placeholder={t('calendar.sourcePlaceholder', { year })} />
              </Form.Item>
            </>
          ) : (
            <>
              {dialog?.mode === 'add' && (
                <Form.Item name="date" label={t('calendar.date')} rules={[{ required: true, message: t('common.required') }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              )}
              <Form.Item name="kind" label={t('calendar.kind')} extra={t('calendar.kindHint')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`calendar.kinds.${k}`) }))} />
              </Form.Item>
              <Form.Item name="name" label={t('calendar.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input maxLength={40} placeholder={t('calendar.namePlaceholder')} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

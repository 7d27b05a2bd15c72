import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Form, Input, List, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { hoursLabel, hoursOptions } from './labels';
import { hoursKeys, useHoursRefresh } from './queries';

/** 荣誉与激励: star awards the platform recorded, honours and incentives people recorded; officials record new ones. */
export function HonoursCard({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [recording, setRecording] = useState(false);
  const honours = useQuery({ queryKey: hoursKeys.honours(volunteerId), queryFn: () => api.get('/volunteers/:id/honours', { params: { id: volunteerId } }) });
  const manage = can('volunteers.stars.manage');
  return (
    <Card
      size="small"
      title={
        <span>
          <TrophyOutlined /> {t('volunteers.hours.honours.title')}
        </span>
      }
      extra={
        manage && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="honour-record">
            {t('volunteers.hours.honours.record')}
          </Button>
        )
      }
      style={{ height: '100%' }}
      data-testid="honours-card"
    >
      <List
        size="small"
        loading={honours.isLoading}
        dataSource={honours.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(manage ? 'volunteers.hours.honours.emptyManage' : 'volunteers.hours.honours.empty')} /> }}
        renderItem={(h) => (
          <List.Item>
            <List.Item.Meta
              title={
                <span>
                  <Tag color={h.kind === 'star_award' ? 'gold' : h.kind === 'honour' ? 'red' : 'blue'}>{hoursLabel(t, 'honourKind', h.kind)}</Tag>
                  {h.title}
                </span>
              }
              description={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[h.awardedOn, h.awardedBy].filter(Boolean).join(' · ')}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
      <HonourModal volunteerId={volunteerId} open={recording} onClose={() => setRecording(false)} />
    </Card>
  );
}

interface Values {
  kind: 'honour' | 'incentive';
  title: string;
  awardedOn: Dayjs;
  awardedBy?: string;
  note?: string;
}

function HonourModal({ volunteerId, open, onClose }: { volunteerId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const refresh = useHoursRefresh();
  const { busy, submit } = useFormSubmit(form, { success: t('volunteers.hours.honours.done'), done: onClose });
  const required = (field: string) => [{ required: true, whitespace: true, message: t('volunteers.hours.form.required', { field: t(`volunteers.hours.honours.${field}`) }) }];
  const send = submit(async (v) => {
    await api.post('/volunteers/:id/honours', {
      params: { id: volunteerId },
      body: { kind: v.kind, title: v.title.trim(), awardedOn: v.awardedOn.format('YYYY-MM-DD'), awardedBy: v.awardedBy?.trim() || null, note: v.note?.trim() || null },
    });
    refresh();
  });
  return (
    <FormModal title={t('volunteers.hours.honours.record')} open={open} busy={busy} onOk={send} onCancel={onClose} okTestId="honour-ok">
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'honour' }}>
        <Form.Item name="kind" label={t('volunteers.hours.honours.kind')} rules={[{ required: true }]}>
          <Select options={hoursOptions(t, 'honourKind', ['honour', 'incentive'])} />
        </Form.Item>
        <Form.Item name="title" label={t('volunteers.hours.honours.name')} rules={required('name')}>
          <Input maxLength={100} placeholder={t('volunteers.hours.honours.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="awardedOn" label={t('volunteers.hours.honours.awardedOn')} rules={[{ required: true, message: t('volunteers.hours.form.required', { field: t('volunteers.hours.honours.awardedOn') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="awardedBy" label={t('volunteers.hours.honours.awardedBy')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('volunteers.hours.honours.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { GRADES } from '@shared/registry';
import type { TGradeAward, TOrganizationStanding } from '@shared/registry/grades';
import { api } from '../../api/client';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { tableEmpty } from '../../components/TableEmpty';
import { formatDate, formatDateTime } from '../../lib/labels';

/** A grade with its validity, or "expired" once it ran out (it no longer counts anywhere). */
export function GradeTag({ grade, validUntil, expired }: { grade: string; validUntil: string | null; expired: boolean }) {
  const { t } = useTranslation();
  return expired ? (
    <Space size={4} wrap data-testid="grade-expired">
      <Tag>{grade}</Tag>
      <Tag color="red">{t('standing.grade.expired')}</Tag>
      <Typography.Text type="secondary">{t('standing.grade.expiredOn', { date: formatDate(validUntil) })}</Typography.Text>
    </Space>
  ) : (
    <Space size={4} wrap>
      <Tag color="gold">{grade}</Tag>
      {validUntil && <Typography.Text type="secondary">{t('standing.grade.validUntil', { date: formatDate(validUntil) })}</Typography.Text>}
    </Space>
  );
}

type Values = { grade: string; awardedOn: dayjs.Dayjs; documentNumber?: string; reason: string };

function GradeModal({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { busy, submit } = useFormSubmit(form, { success: t('standing.grade.saved'), refreshRegistry: true, done: onClose });
  const send = submit((v) =>
    api.put('/registry/organizations/:id/grade', {
      params: { id: orgId },
      body: { grade: v.grade as (typeof GRADES)[number], awardedOn: v.awardedOn.format('YYYY-MM-DD'), documentNumber: v.documentNumber?.trim() || null, reason: v.reason.trim() },
    }),
  );
  const required = [{ required: true, message: t('common.required') }];
  return (
    <FormModal title={t('standing.grade.set')} open onCancel={onClose} onOk={send} busy={busy} okTestId="grade-ok">
      <Form form={form} layout="vertical" preserve={false}>
        <Typography.Paragraph type="secondary">{t('standing.grade.hint')}</Typography.Paragraph>
        <Form.Item name="grade" label={t('org.grade')} rules={required}>
          <Select options={GRADES.map((g) => ({ value: g, label: g }))} data-testid="grade-select" />
        </Form.Item>
        <Form.Item name="awardedOn" label={t('standing.grade.awardedOn')} rules={required}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="documentNumber" label={t('standing.grade.documentNumber')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="reason" label={t('standing.grade.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export function GradePanel({ orgId, standing }: { orgId: string; standing: TOrganizationStanding }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const current = standing.grade;
  return (
    <Card
      size="small"
      title={t('org.grade')}
      data-testid="grade-panel"
      extra={
        standing.abilities.setGrade && (
          <Button icon={<TrophyOutlined />} onClick={() => setOpen(true)} data-testid="grade-set">
            {t('standing.grade.set')}
          </Button>
        )
      }
    >
      <div style={{ marginBottom: 12 }}>
        {current ? <GradeTag grade={current.grade} validUntil={current.validUntil} expired={current.expired} /> : <Typography.Text type="secondary">{t('standing.grade.none')}</Typography.Text>}
      </div>
      <Table<TGradeAward>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: tableEmpty(t('standing.noHistory')) }}
        dataSource={standing.gradeAwards}
        columns={[
          { title: t('org.grade'), dataIndex: 'grade', width: 100 },
          { title: t('standing.grade.awardedOn'), dataIndex: 'awardedOn', width: 110 },
          {
            title: t('org.validUntil'),
            key: 'validUntil',
            width: 150,
            render: (_: unknown, a) => (
              <Space size={4}>
                {a.validUntil}
                {a.expired && <Tag color="red">{t('standing.grade.expired')}</Tag>}
              </Space>
            ),
          },
          { title: t('standing.grade.documentNumber'), dataIndex: 'documentNumber', render: (v: string | null) => v ?? '—' },
          { title: t('standing.grade.reason'), dataIndex: 'reason' },
          { title: t('standing.recordedBy'), key: 'by', render: (_: unknown, a) => `${a.recordedBy ?? '—'} · ${formatDateTime(a.recordedAt)}` },
        ]}
      />
      {open && <GradeModal orgId={orgId} onClose={() => setOpen(false)} />}
    </Card>
  );
}

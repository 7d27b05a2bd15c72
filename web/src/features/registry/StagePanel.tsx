import { useState } from 'react';
import { Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { RiseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DEV_STAGES, type DevStage } from '@shared/registry';
import type { TOrganizationStanding, TStageChange } from '@shared/registry/grades';
import { api } from '../../api/client';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { tableEmpty } from '../../components/TableEmpty';
import { enumLabel, enumOptions, formatDateTime } from '../../lib/labels';

type Values = { stage: DevStage; reason: string };

function StageModal({ orgId, current, onClose }: { orgId: string; current: DevStage | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { busy, submit } = useFormSubmit(form, { success: t('standing.stage.saved'), refreshRegistry: true, done: onClose });
  const send = submit((v) => api.put('/registry/organizations/:id/stage', { params: { id: orgId }, body: { stage: v.stage, reason: v.reason.trim() } }));
  return (
    <FormModal title={t('standing.stage.set')} open onCancel={onClose} onOk={send} busy={busy} okTestId="stage-ok">
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="stage" label={t('org.stage')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={enumOptions(t, 'stage', DEV_STAGES.filter((s) => s !== current))} data-testid="stage-select" />
        </Form.Item>
        <Form.Item name="reason" label={t('standing.stage.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export function StagePanel({ orgId, standing }: { orgId: string; standing: TOrganizationStanding }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card
      size="small"
      title={t('org.stage')}
      data-testid="stage-panel"
      extra={
        standing.abilities.setStage && (
          <Button icon={<RiseOutlined />} onClick={() => setOpen(true)} data-testid="stage-set">
            {t('standing.stage.set')}
          </Button>
        )
      }
    >
      <div style={{ marginBottom: 12 }}>
        {standing.stage ? <Tag color="green">{enumLabel(t, 'stage', standing.stage)}</Tag> : <Typography.Text type="secondary">{t('standing.stage.none')}</Typography.Text>}
      </div>
      <Table<TStageChange>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 600 }}
        locale={{ emptyText: tableEmpty(t('standing.noHistory')) }}
        dataSource={standing.stageChanges}
        columns={[
          {
            title: t('standing.stage.change'),
            key: 'change',
            width: 180,
            render: (_: unknown, c) => `${enumLabel(t, 'stage', c.fromStage)} → ${enumLabel(t, 'stage', c.toStage)}`,
          },
          { title: t('standing.stage.reason'), dataIndex: 'reason' },
          { title: t('standing.recordedBy'), key: 'by', render: (_: unknown, c) => `${c.changedBy ?? '—'} · ${formatDateTime(c.changedAt)}` },
        ]}
      />
      {open && <StageModal orgId={orgId} current={standing.stage} onClose={() => setOpen(false)} />}
    </Card>
  );
}

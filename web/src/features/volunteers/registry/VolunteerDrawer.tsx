import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Empty, Form, Grid, Input, Modal, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TVolunteerDetail } from '@shared/volunteers/registry';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../components/useApiError';
import { formatDate, formatDateTime } from '../../../lib/labels';
import { volunteerKeys } from '../queries';
import { availabilityLabel, STATUS_COLOR } from './labels';
import { registryKeys } from './queries';
import { VolunteerFormModal } from './VolunteerFormModal';

type ReasonAction = 'suspend' | 'reactivate' | 'leave';

/** One volunteer: the record, its teams and 办理记录; staff confirm, edit, suspend, reactivate or record a departure. */
export function VolunteerDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState<ReasonAction | null>(null);
  const q = useQuery({ queryKey: registryKeys.detail(id ?? ''), queryFn: () => api.get('/volunteers/:id', { params: { id: id! } }), enabled: !!id });
  const v = q.data;
  const manage = can('volunteers.manage');

  const refresh = (next: TVolunteerDetail) => {
    qc.setQueryData(registryKeys.detail(next.id), next);
    void qc.invalidateQueries({ queryKey: volunteerKeys.all });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
  };

  const confirm = () =>
    modal.confirm({
      title: t('volunteers.registry.confirm.title', { name: v!.name }),
      content: t('volunteers.registry.confirm.body'),
      okText: t('volunteers.registry.confirm.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'volunteer-confirm-ok' } as Record<string, string>,
      onOk: async () => {
        try {
          refresh(await api.post('/volunteers/:id/confirm', { params: { id: v!.id } }));
          void message.success(t('volunteers.registry.confirm.done'));
        } catch (e) {
          showError(e);
        }
      },
    });

  const actions = v && manage && (
    <Space wrap>
      {v.status === 'pending' && (
        <Button type="primary" onClick={confirm} data-testid="volunteer-confirm">
          {t('volunteers.registry.action.confirm')}
        </Button>
      )}
      <Button onClick={() => setEditing(true)} data-testid="volunteer-edit">
        {t('common.edit')}
      </Button>
      {v.status === 'active' && (
        <Button danger onClick={() => setReason('suspend')} data-testid="volunteer-suspend">
          {t('volunteers.registry.action.suspend')}
        </Button>
      )}
      {(v.status === 'suspended' || v.status === 'left') && (
        <Button onClick={() => setReason('reactivate')} data-testid="volunteer-reactivate">
          {t('volunteers.registry.action.reactivate')}
        </Button>
      )}
      {v.status !== 'left' && (
        <Button danger onClick={() => setReason('leave')} data-testid="volunteer-leave">
          {t(v.status === 'pending' ? 'volunteers.registry.action.decline' : 'volunteers.registry.action.leave')}
        </Button>
      )}
    </Space>
  );

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={v ? `${v.name} · ${v.number}` : t('volunteers.registry.detail.title')}
      destroyOnHidden
      extra={screens.md ? actions : undefined}
    >
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {!v && !q.isError && <Skeleton active />}
      {v && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="volunteer-detail">
          {!screens.md && actions}
          {v.status === 'pending' && (
            <Alert type="warning" showIcon title={t('volunteers.registry.detail.pendingHint')} data-testid="volunteer-pending-hint" />
          )}
          <VolunteerRecord volunteer={v} />
          <div>
            <Typography.Title level={5}>{t('volunteers.registry.detail.teams')}</Typography.Title>
            {v.teams.length === 0 ? (
              <Typography.Text type="secondary">{t('volunteers.registry.detail.noTeams')}</Typography.Text>
            ) : (
              <Space wrap>
                {v.teams.map((team) => (
                  <Tag key={team.id} color={team.role === 'leader' ? 'gold' : undefined}>
                    {team.name}
                    {team.role === 'leader' ? ` · ${t('volunteers.registry.role.leader')}` : ''}
                  </Tag>
                ))}
              </Space>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('volunteers.registry.detail.history')}</Typography.Title>
            <VolunteerHistory history={v.history} />
          </div>
        </Space>
      )}
      {v && <VolunteerFormModal open={editing} volunteer={v} onClose={() => setEditing(false)} onSaved={refresh} />}
      {v && reason && <ReasonModal action={reason} volunteer={v} onClose={() => setReason(null)} onDone={refresh} />}
    </Drawer>
  );
}

/** The record's fields; the ID number masked, with "查看完整身份证号" for holders of volunteers.id_number.view. */
export function VolunteerRecord({ volunteer: v, own }: { volunteer: TVolunteerDetail; own?: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <Descriptions size="small" bordered column={1} data-testid="volunteer-record">
      <Descriptions.Item label={t('volunteers.registry.field.number')}>
        <Typography.Text code copyable>
          {v.number}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.status')}>
        <Tag color={STATUS_COLOR[v.status]}>{t(`volunteers.registry.status.${v.status}`)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.name')}>{v.name}</Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.idNumber')}>
        <Space wrap size={6}>
          <span>{v.idNumber}</span>
          {!own && can('volunteers.id_number.view') && <RevealIdNumber id={v.id} />}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.gender')}>{v.gender ? t(`volunteers.registry.gender.${v.gender}`) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.phone')}>{v.phone ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.region')}>{v.regionName ?? v.regionCode}</Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.skills')}>{v.skills.length ? v.skills.join('、') : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.availability')}>
        {v.availability.length ? v.availability.map((a) => availabilityLabel(a)).join('、') : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.source')}>{t(`volunteers.registry.source.${v.source}`)}</Descriptions.Item>
      <Descriptions.Item label={t('volunteers.registry.field.registeredAt')}>{formatDate(v.registeredAt)}</Descriptions.Item>
      {v.confirmedAt && (
        <Descriptions.Item label={t('volunteers.registry.field.confirmedAt')}>
          {formatDateTime(v.confirmedAt)}
          {v.confirmedByName ? ` · ${v.confirmedByName}` : ''}
        </Descriptions.Item>
      )}
      {!own && (
        <Descriptions.Item label={t('volunteers.registry.field.account')}>
          {v.hasAccount ? t('volunteers.registry.detail.hasAccount') : t('volunteers.registry.detail.noAccount')}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** 查看完整身份证号: asks first (each look is recorded), then fetches the number; kept nowhere but this component. */
function RevealIdNumber({ id }: { id: string }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const showError = useApiError();
  const [full, setFull] = useState<string | null>(null);
  if (full) {
    return (
      <Space size={6}>
        <Typography.Text copyable strong data-testid="volunteer-id-full">
          {full}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('volunteers.registry.reveal.recorded')}
        </Typography.Text>
      </Space>
    );
  }
  const ask = () =>
    modal.confirm({
      title: t('volunteers.registry.reveal.title'),
      content: t('volunteers.registry.reveal.body'),
      okText: t('volunteers.registry.reveal.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          setFull((await api.get('/volunteers/:id/id-number', { params: { id } })).idNumber);
        } catch (e) {
          showError(e);
        }
      },
    });
  return (
    <Typography.Link onClick={ask} data-testid="volunteer-reveal-id">
      {t('volunteers.registry.reveal.link')}
    </Typography.Link>
  );
}

export function VolunteerHistory({ history }: { history: TVolunteerDetail['history'] }) {
  const { t } = useTranslation();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('volunteers.registry.detail.noHistory')} />;
  return (
    <Timeline
      data-testid="volunteer-history"
      items={history.map((h, i) => ({
        key: i,
        color: h.toState === 'active' ? 'green' : h.toState === 'pending' ? 'orange' : h.toState === 'left' ? 'gray' : 'red',
        content: (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>
              {t(`volunteers.registry.historyAction.${h.action}`, { defaultValue: h.action })} → {t(`volunteers.registry.status.${h.toState}`, { defaultValue: h.toState })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {formatDateTime(h.at)} · {h.actorName}
            </Typography.Text>
            {h.comment && <Typography.Text>{h.comment}</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}

/** Suspend, reactivate or record a departure: the reason is required and kept in the record's history. */
function ReasonModal({ action, volunteer, onClose, onDone }: { action: ReasonAction; volunteer: TVolunteerDetail; onClose: () => void; onDone: (v: TVolunteerDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showError = useApiError();
  const key = action === 'leave' && volunteer.status === 'pending' ? 'decline' : action;
  const submit = async () => {
    let values: { reason: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const path = `/volunteers/:id/${action}` as const;
      onDone(await api.post(path, { params: { id: volunteer.id }, body: { reason: values.reason.trim() } }));
      void message.success(t(`volunteers.registry.reason.done.${key}`));
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(`volunteers.registry.reason.title.${key}`, { name: volunteer.name })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t(`volunteers.registry.action.${key}`)}
      okButtonProps={{ danger: action !== 'reactivate', ...({ 'data-testid': 'volunteer-reason-ok' } as Record<string, string>) }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t(`volunteers.registry.reason.hint.${key}`)}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('volunteers.registry.field.reason')} rules={[{ required: true, whitespace: true, message: t('volunteers.registry.field.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="volunteer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { ArrowLeftOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { TActivity, TShift } from '@shared/volunteers/shifts';
import { api } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { ActivityFormModal } from './ActivityFormModal';
import { ActivityHistory } from './ActivityHistory';
import { ACTIVITY_STATUS_COLOR, shiftsLabel } from './labels';
import { shiftKeys, useVolunteersRefresh } from './queries';
import { ReasonModal } from './ReasonModal';
import { ShiftFormModal } from './ShiftFormModal';
import { ShiftSignupsDrawer } from './ShiftSignupsDrawer';
import { chinaClock, chinaDate, chinaDateTime } from './time';
import './shifts.css';

/** One activity (staff, the owner): its details, publish / close / cancel, its shifts and each shift's sign-ups. */
export function ActivityDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: shiftKeys.activity(id), queryFn: () => api.get('/volunteers/activities/:id', { params: { id: id! } }), enabled: !!id });
  const a = q.data;
  return (
    <Card>
      <div className="page-toolbar">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/volunteers/activities')}>
          {t('volunteers.shifts.activities.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} className="grow" data-testid="activity-title">
          {a?.title ?? ' '} {a && <Tag color={ACTIVITY_STATUS_COLOR[a.status]}>{shiftsLabel(t, 'activityStatus', a.status)}</Tag>}
        </Typography.Title>
        {a && <ActivityActions activity={a} />}
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {a && (
        <>
          <StatusHint activity={a} />
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('volunteers.shifts.activity.type')}>{shiftsLabel(t, 'activityType', a.type)}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.shifts.activity.place')}>{a.place}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.shifts.activity.owner')}>{a.ownerName ?? t('volunteers.shifts.activity.centreOf', { region: a.regionName ?? a.regionCode })}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.shifts.activity.team')}>{a.teamName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.shifts.activity.skills')}>{a.skillsWanted.length ? a.skillsWanted.map((s) => <Tag key={s}>{s}</Tag>) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.shifts.activity.createdAt')}>{chinaDateTime(a.createdAt)}</Descriptions.Item>
            {a.description && (
              <Descriptions.Item label={t('volunteers.shifts.activity.description')} span="filled">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.description}</Typography.Paragraph>
              </Descriptions.Item>
            )}
          </Descriptions>
          <ShiftsTable activity={a} />
          <Card size="small" title={t('volunteers.shifts.history.title')} style={{ marginTop: 16 }}>
            <ActivityHistory history={a.history} />
          </Card>
        </>
      )}
    </Card>
  );
}

/** What the activity's state means for the next step. */
function StatusHint({ activity: a }: { activity: TActivity }) {
  const { t } = useTranslation();
  if (a.status === 'draft')
    return <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(a.shifts.length ? 'volunteers.shifts.activity.draftHint' : 'volunteers.shifts.activity.draftNoShifts')} />;
  if (a.status === 'cancelled') return <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('volunteers.shifts.activity.cancelledHint')} />;
  if (a.status === 'closed') return <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('volunteers.shifts.activity.closedHint')} />;
  return null;
}

function ActivityActions({ activity: a }: { activity: TActivity }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useVolunteersRefresh();
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const confirmStep = (step: 'publish' | 'close') =>
    modal.confirm({
      title: t(`volunteers.shifts.activity.${step}Title`, { title: a.title }),
      content: t(`volunteers.shifts.activity.${step}Content`),
      okText: t(`volunteers.shifts.activity.${step}`),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          if (step === 'publish') await api.post('/volunteers/activities/:id/publish', { params: { id: a.id } });
          else await api.post('/volunteers/activities/:id/close', { params: { id: a.id } });
          void message.success(t(`volunteers.shifts.activity.${step}Done`));
          refresh();
        } catch (e) {
          showError(e);
        }
      },
    });
  return (
    <Space wrap>
      {a.abilities.edit && <Button onClick={() => setEditing(true)} data-testid="activity-edit">{t('common.edit')}</Button>}
      {a.abilities.publish && (
        <Button type="primary" onClick={() => confirmStep('publish')} disabled={!a.shifts.some((s) => s.status === 'open')} data-testid="activity-publish">
          {t('volunteers.shifts.activity.publish')}
        </Button>
      )}
      {a.abilities.close && <Button onClick={() => confirmStep('close')} data-testid="activity-close">{t('volunteers.shifts.activity.close')}</Button>}
      {a.abilities.cancel && <Button danger onClick={() => setCancelling(true)} data-testid="activity-cancel">{t('volunteers.shifts.activity.cancel')}</Button>}
      <ActivityFormModal open={editing} activity={a} onClose={() => setEditing(false)} />
      <ReasonModal
        open={cancelling}
        title={t('volunteers.shifts.activity.cancelTitle', { title: a.title })}
        warning={t('volunteers.shifts.activity.cancelWarning')}
        okText={t('volunteers.shifts.activity.cancel')}
        success={t('volunteers.shifts.activity.cancelDone')}
        onSend={async (reason) => {
          await api.post('/volunteers/activities/:id/cancel', { params: { id: a.id }, body: { reason } });
          refresh();
        }}
        onClose={() => setCancelling(false)}
      />
    </Space>
  );
}

function ShiftsTable({ activity: a }: { activity: TActivity }) {
  const { t } = useTranslation();
  const refresh = useVolunteersRefresh();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<TShift | undefined>();
  const [cancelling, setCancelling] = useState<TShift | undefined>();
  const [listing, setListing] = useState<string | null>(null);
  const listed = a.shifts.find((s) => s.id === listing) ?? null;
  const now = new Date().toISOString();
  // A long-running activity gathers dozens of past shifts: the coming ones first, soonest on top; the past, latest on top.
  const upcoming = a.shifts.filter((s) => s.endsAt > now);
  const past = a.shifts.filter((s) => s.endsAt <= now).reverse();
  const [chosenView, setView] = useState<'upcoming' | 'past' | null>(null);
  const view = chosenView ?? (upcoming.length || !past.length ? 'upcoming' : 'past');
  const shown = view === 'upcoming' ? upcoming : past;
  const shiftName = (s: TShift) => `${chinaDate(s.startsAt)} ${chinaClock(s.startsAt)}–${chinaClock(s.endsAt)}`;
  const live = a.status === 'draft' || a.status === 'published';
  const qrOpen = (s: TShift) => a.status === 'published' && s.status === 'open' && now < new Date(new Date(s.endsAt).getTime() + 2 * 3600_000).toISOString();
  return (
    <Card
      size="small"
      title={t('volunteers.shifts.shift.list', { count: a.shifts.length })}
      extra={
        a.abilities.edit && live ? (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="shift-add">
            {t('volunteers.shifts.shift.add')}
          </Button>
        ) : null
      }
    >
      {a.shifts.length > 0 && (
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'upcoming' | 'past')}
          options={[
            { value: 'upcoming', label: t('volunteers.shifts.shift.upcoming', { count: upcoming.length }) },
            { value: 'past', label: t('volunteers.shifts.shift.past', { count: past.length }) },
          ]}
          style={{ marginBottom: 8 }}
          data-testid="shifts-view"
        />
      )}
      {a.shifts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(a.abilities.edit ? 'volunteers.shifts.shift.emptyEditable' : 'volunteers.shifts.shift.empty')}>
          {a.abilities.edit && live && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('volunteers.shifts.shift.add')}
            </Button>
          )}
        </Empty>
      ) : (
        <Table<TShift>
          rowKey="id"
          size="small"
          pagination={shown.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
          dataSource={shown}
          locale={{ emptyText: t(view === 'upcoming' ? 'volunteers.shifts.shift.noUpcoming' : 'volunteers.shifts.shift.noPast') }}
          scroll={{ x: 'max-content' }}
          data-testid="shifts-table"
          rowClassName={(s) => (s.status === 'cancelled' ? 'vol-shift-cancelled' : '')}
          columns={[
            { title: t('volunteers.shifts.shift.date'), key: 'date', render: (_, s) => chinaDate(s.startsAt) },
            { title: t('volunteers.shifts.shift.time'), key: 'time', render: (_, s) => `${chinaClock(s.startsAt)}–${chinaClock(s.endsAt)}` },
            { title: t('volunteers.shifts.shift.quota'), dataIndex: 'quota', align: 'right' },
            {
              title: t('volunteers.shifts.shift.signedUp'),
              key: 'counts',
              render: (_, s) => (
                <Space size={4} wrap>
                  <span>{t('volunteers.shifts.counts.confirmed', { count: s.counts.confirmed + s.counts.checkedIn + s.counts.checkedOut })}</span>
                  {s.counts.waiting > 0 && <Tag color="orange">{t('volunteers.shifts.counts.waiting', { count: s.counts.waiting })}</Tag>}
                </Space>
              ),
            },
            {
              title: t('volunteers.shifts.shift.attendance'),
              key: 'attendance',
              render: (_, s) => t('volunteers.shifts.shift.attendanceSummary', { in: s.counts.checkedIn, out: s.counts.checkedOut, noShow: s.counts.noShow }),
            },
            { title: t('volunteers.shifts.shift.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'open' ? 'blue' : 'red'}>{shiftsLabel(t, 'shiftStatus', v)}</Tag> },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, s) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setListing(s.id)} data-testid="shift-signups">
                    {t('volunteers.shifts.shift.signups')}
                  </Button>
                  {a.abilities.attendance && qrOpen(s) && (
                    <Button size="small" icon={<QrcodeOutlined />} href={`/volunteers/shifts/${s.id}/qr`} target="_blank" data-testid="shift-qr">
                      {t('volunteers.shifts.shift.qr')}
                    </Button>
                  )}
                  {a.abilities.edit && live && s.status === 'open' && s.startsAt > now && (
                    <>
                      <Button size="small" onClick={() => setEditing(s)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="small" danger onClick={() => setCancelling(s)} data-testid="shift-cancel">
                        {t('volunteers.shifts.shift.cancel')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <ShiftFormModal open={adding || !!editing} activityId={a.id} shift={editing} onClose={() => (setAdding(false), setEditing(undefined))} />
      <ReasonModal
        open={!!cancelling}
        title={t('volunteers.shifts.shift.cancelTitle', { shift: cancelling ? shiftName(cancelling) : '' })}
        warning={t('volunteers.shifts.shift.cancelWarning', { count: cancelling ? cancelling.counts.confirmed + cancelling.counts.waiting : 0 })}
        okText={t('volunteers.shifts.shift.cancel')}
        success={t('volunteers.shifts.shift.cancelDone')}
        onSend={async (reason) => {
          await api.post('/volunteers/shifts/:id/cancel', { params: { id: cancelling!.id }, body: { reason } });
          refresh();
        }}
        onClose={() => setCancelling(undefined)}
      />
      <ShiftSignupsDrawer
        shift={listed}
        title={listed ? `${a.title} · ${shiftName(listed)}` : ''}
        canRecord={a.abilities.attendance && listed?.status === 'open'}
        onClose={() => setListing(null)}
      />
    </Card>
  );
}

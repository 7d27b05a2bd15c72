import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Grid, Input, Popconfirm, Select, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { TTeam, TTeamMember } from '@shared/volunteers/registry';
import type { TeamRole } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { useRegion } from '../../../app/region';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { PagedTable } from '../../../components/PagedTable';
import { RegionPicker } from '../../../components/RegionPicker';
import { tableEmpty } from '../../../components/TableEmpty';
import { useApiError } from '../../../components/useApiError';
import { usePager } from '../../../components/usePager';
import { formatDate } from '../../../lib/labels';
import { OrgSelect } from '../../registry/OrgSelect';
import { volunteerKeys } from '../queries';
import { STATUS_COLOR } from './labels';
import { registryKeys } from './queries';
import { VolunteerPick } from './TeamSelect';
import { isStreetOrCommunity } from './VolunteerFormModal';

/** 志愿服务队 (V1, staff): the region's teams, their social-worker lead and members with their leaders. */
export function TeamsPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { can } = useAuth();
  const { regionCode } = useRegion();
  const [q, setQ] = useState('');
  const [region, setRegion] = useState<string | undefined>();
  const [editing, setEditing] = useState<TTeam | 'new' | null>(null);
  const pager = usePager();
  const query = { region: region ?? regionCode, q: q.trim() || undefined, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({ queryKey: registryKeys.teams(query), queryFn: () => api.get('/volunteers/teams', { query }), enabled: !!regionCode, placeholderData: (p) => p });
  const manage = can('volunteers.manage');
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.registry.teams.title')}
        </Typography.Title>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="team-create">
            {t('volunteers.registry.teams.create')}
          </Button>
        )}
      </div>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          placeholder={t('volunteers.registry.teams.search')}
          onSearch={(v) => {
            setQ(v);
            pager.setPage(1);
          }}
          style={{ width: 240 }}
        />
        <RegionPicker
          allowClear
          value={region}
          onChange={(v) => {
            setRegion(v);
            pager.setPage(1);
          }}
          placeholder={t('volunteers.registry.field.region')}
          style={{ width: 200 }}
        />
      </div>
      <PagedTable<TTeam>
        loading={list.isFetching}
        rows={list.data?.items}
        total={list.data?.total}
        pager={pager}
        empty={q || region ? t('volunteers.registry.teams.emptyFiltered') : t('volunteers.registry.teams.empty')}
        onRow={(r) => ({ onClick: () => navigate(`/volunteers/teams/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('volunteers.registry.teams.name'), dataIndex: 'name', render: (v: string) => <a>{v}</a> },
          { title: t('volunteers.registry.field.region'), dataIndex: 'regionName', render: (v: string | null, r) => v ?? r.regionCode },
          { title: t('volunteers.registry.teams.organization'), dataIndex: ['organization', 'name'], render: (v?: string) => v ?? '—' },
          { title: t('volunteers.registry.teams.socialWorker'), dataIndex: ['socialWorker', 'displayName'], render: (v?: string) => v ?? '—' },
          {
            title: t('volunteers.registry.teams.leaders'),
            dataIndex: 'leaders',
            render: (v: TTeam['leaders']) => (v.length ? v.map((l) => l.name).join('、') : <Typography.Text type="secondary">{t('volunteers.registry.teams.noLeader')}</Typography.Text>),
          },
          { title: t('volunteers.registry.teams.memberCount'), dataIndex: 'memberCount', align: 'right' },
          {
            title: t('volunteers.registry.field.status'),
            dataIndex: 'active',
            render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(v ? 'volunteers.registry.teams.active' : 'volunteers.registry.teams.inactive')}</Tag>,
          },
        ]}
        testid="teams-table"
      />
      <TeamDrawer id={id} onClose={() => navigate('/volunteers/teams')} onEdit={setEditing} />
      {editing && <TeamFormModal team={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onCreated={(team) => navigate(`/volunteers/teams/${team.id}`)} />}
    </Card>
  );
}

interface TeamValues {
  regionCode: string;
  name: string;
  description?: string;
  socialWorkerId?: string | null;
  organizationId?: string | null;
  active?: boolean;
}

/** 新建 / 编辑服务队: region (fixed once created), name, what it does, its organisation, the social worker who leads it. */
function TeamFormModal({ team, onClose, onCreated }: { team?: TTeam; onClose: () => void; onCreated: (t: TTeam) => void }) {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const qc = useQueryClient();
  const [form] = Form.useForm<TeamValues>();
  const picked = Form.useWatch('regionCode', form);
  const teamRegion = team?.regionCode ?? (picked && isStreetOrCommunity(picked) ? picked : undefined);
  const { busy, submit } = useFormSubmit(form, { success: t(team ? 'volunteers.registry.form.saved' : 'volunteers.registry.teams.created'), done: onClose });
  const send = submit(async (v) => {
    const description = v.description?.trim() || null;
    if (team) {
      await api.patch('/volunteers/teams/:id', {
        params: { id: team.id },
        body: { name: v.name.trim(), description, socialWorkerId: v.socialWorkerId ?? null, organizationId: v.organizationId ?? null, active: v.active ?? true },
      });
    } else {
      onCreated(
        await api.post('/volunteers/teams', {
          body: { regionCode: v.regionCode, name: v.name.trim(), description, socialWorkerId: v.socialWorkerId ?? null, organizationId: v.organizationId ?? null },
        }),
      );
    }
    void qc.invalidateQueries({ queryKey: volunteerKeys.all });
  });
  return (
    <FormModal title={team ? t('volunteers.registry.teams.editTitle', { name: team.name }) : t('volunteers.registry.teams.create')} open busy={busy} onOk={send} onCancel={onClose} okTestId="team-form-ok">
      <Form<TeamValues>
        form={form}
        layout="vertical"
        initialValues={
          team
            ? {
                regionCode: team.regionCode,
                name: team.name,
                description: team.description ?? undefined,
                socialWorkerId: team.socialWorker?.id ?? null,
                organizationId: team.organization?.id ?? null,
                active: team.active,
              }
            : { regionCode: isStreetOrCommunity(regionCode) ? regionCode : undefined }
        }
      >
        {team ? (
          // Shown by name, not held by the form: a team keeps its region (the edit does not send one).
          <Form.Item label={t('volunteers.registry.field.region')} extra={t('volunteers.registry.teams.regionFixed')}>
            <Input disabled value={team.regionName ?? team.regionCode} />
          </Form.Item>
        ) : (
          <Form.Item
            name="regionCode"
            label={t('volunteers.registry.field.region')}
            rules={[
              { required: true, message: t('volunteers.registry.field.regionRequired') },
              { validator: (_, v?: string) => (!v || isStreetOrCommunity(v) ? Promise.resolve() : Promise.reject(new Error(t('volunteers.registry.form.regionTooWide')))) },
            ]}
          >
            <RegionPicker onChange={() => form.setFieldsValue({ organizationId: null, socialWorkerId: null })} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('volunteers.registry.teams.name')} rules={[{ required: true, whitespace: true, message: t('volunteers.registry.teams.nameRequired') }]}>
          <Input maxLength={50} data-testid="team-name" />
        </Form.Item>
        <Form.Item name="description" label={t('volunteers.registry.teams.description')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="organizationId" label={t('volunteers.registry.teams.organization')} extra={t('volunteers.registry.teams.organizationHint')}>
          {teamRegion ? (
            <OrgSelect regionCode={teamRegion} initialLabel={team?.organization?.name} placeholder={t('volunteers.registry.teams.organizationPick')} />
          ) : (
            <Select disabled placeholder={t('volunteers.registry.teams.pickRegionFirst')} />
          )}
        </Form.Item>
        <Form.Item name="socialWorkerId" label={t('volunteers.registry.teams.socialWorker')} extra={t('volunteers.registry.teams.socialWorkerHint')}>
          <SocialWorkerSelect region={teamRegion} current={team?.socialWorker ?? null} />
        </Form.Item>
        {team && (
          <Form.Item name="active" label={t('volunteers.registry.teams.activeLabel')} valuePropName="checked">
            <Switch checkedChildren={t('volunteers.registry.teams.active')} unCheckedChildren={t('volunteers.registry.teams.inactive')} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

/** The social worker who leads the team: a centre staff account over its region (the server lists them, names only). */
function SocialWorkerSelect({
  region,
  value,
  onChange,
  current,
}: {
  region: string | undefined;
  value?: string | null;
  onChange?: (v: string | null) => void;
  current: { id: string; displayName: string } | null;
}) {
  const { t } = useTranslation();
  const staff = useQuery({
    queryKey: registryKeys.socialWorkers(region ?? ''),
    queryFn: () => api.get('/volunteers/social-workers', { query: { region: region! } }),
    enabled: !!region,
  });
  const options = new Map<string, string>();
  if (current) options.set(current.id, current.displayName);
  for (const u of staff.data?.items ?? []) options.set(u.id, u.displayName);
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      disabled={!region}
      loading={staff.isFetching}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={t(region ? 'volunteers.registry.teams.socialWorkerPick' : 'volunteers.registry.teams.pickRegionFirst')}
      options={[...options].map(([id, name]) => ({ value: id, label: name }))}
      notFoundContent={staff.isFetching ? undefined : t('volunteers.registry.teams.noStaff')}
      data-testid="team-social-worker"
    />
  );
}

/** One team: its lead, members and leaders; staff add members, name leaders, remove members. */
function TeamDrawer({ id, onClose, onEdit }: { id: string | undefined; onClose: () => void; onEdit: (t: TTeam) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { can } = useAuth();
  const manage = can('volunteers.manage');
  const team = useQuery({ queryKey: registryKeys.team(id ?? ''), queryFn: () => api.get('/volunteers/teams/:id', { params: { id: id! } }), enabled: !!id });
  const members = useQuery({ queryKey: registryKeys.members(id ?? ''), queryFn: () => api.get('/volunteers/teams/:id/members', { params: { id: id! } }), enabled: !!id });
  const tm = team.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      title={tm?.name ?? t('volunteers.registry.teams.detail')}
      destroyOnHidden
      extra={
        tm &&
        manage && (
          <Button onClick={() => onEdit(tm)} data-testid="team-edit">
            {t('common.edit')}
          </Button>
        )
      }
    >
      {team.isError && <Alert type="error" showIcon title={(team.error as Error).message} />}
      {!tm && !team.isError && <Skeleton active />}
      {tm && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('volunteers.registry.field.region')}>{tm.regionName ?? tm.regionCode}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.registry.teams.organization')}>{tm.organization?.name ?? t('volunteers.registry.teams.noOrganization')}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.registry.teams.socialWorker')}>{tm.socialWorker?.displayName ?? t('volunteers.registry.teams.noSocialWorker')}</Descriptions.Item>
            <Descriptions.Item label={t('volunteers.registry.teams.description')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{tm.description ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('volunteers.registry.field.status')}>
              <Tag color={tm.active ? 'green' : 'default'}>{t(tm.active ? 'volunteers.registry.teams.active' : 'volunteers.registry.teams.inactive')}</Tag>
            </Descriptions.Item>
          </Descriptions>
          <TeamMembers team={tm} members={members.data?.items} loading={members.isFetching} manage={manage} />
        </Space>
      )}
    </Drawer>
  );
}

function TeamMembers({ team, members, loading, manage }: { team: TTeam; members: TTeamMember[] | undefined; loading: boolean; manage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [adding, setAdding] = useState<{ volunteerId?: string; role: TeamRole }>({ role: 'member' });
  const [busy, setBusy] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: volunteerKeys.all });
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      void message.success(done);
      refresh();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const held = new Set((members ?? []).map((m) => m.volunteerId));
  return (
    <div>
      <Typography.Title level={5}>
        {t('volunteers.registry.teams.members')} ({members?.length ?? team.memberCount})
      </Typography.Title>
      {manage && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="member-add">
          <div style={{ width: 260 }}>
            <VolunteerPick region={team.regionCode} value={adding.volunteerId} onChange={(v) => setAdding({ ...adding, volunteerId: v })} exclude={held} />
          </div>
          <Select<TeamRole>
            value={adding.role}
            onChange={(role) => setAdding({ ...adding, role })}
            options={(['member', 'leader'] as const).map((r) => ({ value: r, label: t(`volunteers.registry.role.${r}`) }))}
            style={{ width: 100 }}
          />
          <Button
            type="primary"
            disabled={!adding.volunteerId}
            loading={busy}
            onClick={() =>
              run(async () => {
                await api.post('/volunteers/teams/:id/members', { params: { id: team.id }, body: { volunteerId: adding.volunteerId!, role: adding.role } });
                setAdding({ role: 'member' });
              }, t('volunteers.registry.teams.memberAdded'))
            }
            data-testid="member-add-ok"
          >
            {t('volunteers.registry.teams.addMember')}
          </Button>
        </Space>
      )}
      <Table<TTeamMember>
        size="small"
        rowKey="volunteerId"
        loading={loading}
        dataSource={members ?? []}
        pagination={(members?.length ?? 0) > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: tableEmpty(manage ? t('volunteers.registry.teams.noMembersManage') : t('volunteers.registry.teams.noMembers')) }}
        data-testid="team-members"
        columns={[
          { title: t('volunteers.registry.field.name'), dataIndex: 'name' },
          { title: t('volunteers.registry.field.number'), dataIndex: 'number' },
          { title: t('volunteers.registry.field.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          {
            title: t('volunteers.registry.field.status'),
            dataIndex: 'status',
            render: (v: TTeamMember['status']) => <Tag color={STATUS_COLOR[v]}>{t(`volunteers.registry.status.${v}`)}</Tag>,
          },
          {
            title: t('volunteers.registry.teams.role'),
            dataIndex: 'role',
            render: (v: TeamRole, m) =>
              manage ? (
                <Select<TeamRole>
                  size="small"
                  value={v}
                  onChange={(role) =>
                    run(() => api.patch('/volunteers/teams/:id/members/:volunteerId', { params: { id: team.id, volunteerId: m.volunteerId }, body: { role } }), t('volunteers.registry.teams.roleChanged'))
                  }
                  options={(['member', 'leader'] as const).map((r) => ({ value: r, label: t(`volunteers.registry.role.${r}`) }))}
                  style={{ width: 90 }}
                />
              ) : (
                <Tag color={v === 'leader' ? 'gold' : undefined}>{t(`volunteers.registry.role.${v}`)}</Tag>
              ),
          },
          { title: t('volunteers.registry.teams.joinedAt'), dataIndex: 'joinedAt', render: formatDate },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'remove',
                  render: (_: unknown, m: TTeamMember) => (
                    <Popconfirm
                      title={t('volunteers.registry.teams.removeConfirm', { name: m.name })}
                      okText={t('volunteers.registry.teams.remove')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => run(() => api.del('/volunteers/teams/:id/members/:volunteerId', { params: { id: team.id, volunteerId: m.volunteerId } }), t('volunteers.registry.teams.memberRemoved'))}
                    >
                      <Typography.Link type="danger">{t('volunteers.registry.teams.remove')}</Typography.Link>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

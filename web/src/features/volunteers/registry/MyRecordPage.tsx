import { CalendarOutlined, ClockCircleOutlined, FileProtectOutlined, StarFilled } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Rate, Result, Select, Skeleton, Space, Statistic, Steps, Typography, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSelfEditBody, TVolunteerDetail } from '@shared/volunteers/registry';
import type { AvailabilitySlot } from '@shared/volunteers/states';
import { api, ApiError } from '../../../api/client';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { volunteerKeys } from '../queries';
import { availabilityOptions, knownSlots, phoneRules, SKILL_CHOICES } from './labels';
import { registryKeys } from './queries';
import { VolunteerHistory, VolunteerRecord } from './VolunteerDrawer';
import './registry.css';

/** 我的志愿者档案 (a volunteer, phone first): number, stars, status and what comes next; phone, skills and time to serve. */
export function MyRecordPage() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const me = useQuery({ queryKey: registryKeys.me, queryFn: () => api.get('/volunteers/me') });
  const v = me.data;
  const totals = useQuery({
    queryKey: ['volunteers', 'registry', 'my-totals', v?.id],
    queryFn: () => api.get('/volunteers/:id/totals', { params: { id: v!.id } }),
    enabled: !!v && v.status !== 'pending',
    retry: false,
  });
  if (me.isError) {
    const notFound = me.error instanceof ApiError && me.error.status === 404;
    return (
      <Card>
        <Result
          status={notFound ? 'info' : 'error'}
          title={notFound ? t('volunteers.registry.me.noRecord') : (me.error as Error).message}
          subTitle={notFound ? t('volunteers.registry.me.noRecordHint') : undefined}
        />
      </Card>
    );
  }
  if (!v) return <Card><Skeleton active /></Card>;
  const tot = totals.data;
  return (
    <div className="vol-me" data-testid="my-record">
      <Card>
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('volunteers.registry.me.title')}</Typography.Text>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {v.name}
          </Typography.Title>
          <Typography.Text>
            {t('volunteers.registry.field.number')}：
            <Typography.Text code copyable data-testid="my-number">
              {v.number}
            </Typography.Text>
          </Typography.Text>
          {tot && (
            <Space wrap align="center" data-testid="my-stars">
              <Rate disabled count={5} value={tot.stars} character={<StarFilled />} />
              <Typography.Text>
                {tot.stars > 0 ? t('volunteers.registry.me.stars', { count: tot.stars }) : t('volunteers.registry.me.noStar')}
              </Typography.Text>
            </Space>
          )}
          {tot && (
            <Space size="large" wrap>
              <Statistic title={t('volunteers.registry.me.hours')} value={Math.floor(tot.approvedMinutes / 6) / 10} precision={1} />
              {tot.nextStarHours !== null && <Statistic title={t('volunteers.registry.me.toNextStar')} value={tot.nextStarHours} precision={1} />}
            </Space>
          )}
        </Space>
      </Card>
      <StatusCard volunteer={v} />
      <div className="vol-me-links">
        <Link to="/volunteers/my-shifts">
          <Button block icon={<CalendarOutlined />} data-testid="my-link-shifts">
            {t('volunteers.registry.me.myShifts')}
          </Button>
        </Link>
        <Link to="/volunteers/my-hours">
          <Button block icon={<ClockCircleOutlined />} data-testid="my-link-hours">
            {t('volunteers.registry.me.myHours')}
          </Button>
        </Link>
        <Link to="/volunteers/my-certificate">
          <Button block icon={<FileProtectOutlined />} data-testid="my-link-certificate">
            {t('volunteers.registry.me.myCertificate')}
          </Button>
        </Link>
      </div>
      <Card
        title={t('volunteers.registry.me.record')}
        extra={
          v.status !== 'left' && (
            <Button type="link" onClick={() => setEditing(true)} data-testid="my-edit">
              {t('volunteers.registry.me.edit')}
            </Button>
          )
        }
        styles={{ body: { padding: 12 } }}
      >
        <VolunteerRecord volunteer={v} own />
        {v.teams.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            {t('volunteers.registry.detail.teams')}：
            {v.teams.map((team) => `${team.name}${team.role === 'leader' ? `（${t('volunteers.registry.role.leader')}）` : ''}`).join('、')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card title={t('volunteers.registry.detail.history')} styles={{ body: { padding: 12 } }}>
        <VolunteerHistory history={v.history} />
      </Card>
      {editing && <SelfEditModal volunteer={v} onClose={() => setEditing(false)} />}
    </div>
  );
}

/** Where the record stands, and for a pending one the steps still ahead. */
function StatusCard({ volunteer: v }: { volunteer: TVolunteerDetail }) {
  const { t } = useTranslation();
  if (v.status === 'pending') {
    return (
      <Card data-testid="my-pending">
        <Alert type="warning" showIcon title={t('volunteers.registry.me.pendingTitle')} description={t('volunteers.registry.me.pendingBody')} style={{ marginBottom: 16 }} />
        <Steps
          orientation="vertical"
          size="small"
          current={1}
          items={[
            { title: t('volunteers.registry.me.stepRegistered') },
            { title: t('volunteers.registry.me.stepConfirm'), content: t('volunteers.registry.me.stepConfirmHint') },
            { title: t('volunteers.registry.me.stepServe'), content: t('volunteers.registry.me.stepServeHint') },
          ]}
        />
      </Card>
    );
  }
  const type = v.status === 'active' ? 'success' : v.status === 'suspended' ? 'error' : 'info';
  return <Alert type={type} showIcon title={t(`volunteers.registry.me.status.${v.status}`)} data-testid="my-status" />;
}

interface SelfValues {
  phone?: string;
  skills: string[];
  availability: AvailabilitySlot[];
}

/** A volunteer changes its phone, skills and time to serve; the ID number and name are the centre's to correct. */
function SelfEditModal({ volunteer, onClose }: { volunteer: TVolunteerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<SelfValues>();
  const { busy, submit } = useFormSubmit(form, { success: t('volunteers.registry.form.saved'), done: onClose });
  const send = submit(async (v) => {
    const body: TSelfEditBody = {};
    if (v.phone?.trim()) body.phone = v.phone.trim();
    if ((v.skills ?? []).join('\n') !== volunteer.skills.join('\n')) body.skills = v.skills ?? [];
    if ((v.availability ?? []).join('\n') !== volunteer.availability.join('\n')) body.availability = v.availability ?? [];
    if (Object.keys(body).length === 0) return undefined;
    qc.setQueryData(registryKeys.me, await api.patch('/volunteers/me', { body }));
    void qc.invalidateQueries({ queryKey: volunteerKeys.all });
  });
  return (
    <FormModal title={t('volunteers.registry.me.edit')} open busy={busy} onOk={send} onCancel={onClose} okTestId="my-edit-ok">
      <Form<SelfValues> form={form} layout="vertical" initialValues={{ skills: volunteer.skills, availability: knownSlots(volunteer.availability) }}>
        <Form.Item
          name="phone"
          label={t('volunteers.registry.field.phone')}
          extra={t('volunteers.registry.form.keepMasked', { value: volunteer.phone ?? '—' })}
          validateTrigger="onBlur"
          rules={phoneRules(t).slice(1)}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item name="skills" label={t('volunteers.registry.field.skills')} extra={t('volunteers.registry.form.tagsHint')}>
          <Select mode="tags" maxCount={20} options={SKILL_CHOICES.map((s) => ({ value: s, label: s }))} tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Form.Item name="availability" label={t('volunteers.registry.field.availability')}>
          <Checkbox.Group className="vol-checks" options={availabilityOptions()} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

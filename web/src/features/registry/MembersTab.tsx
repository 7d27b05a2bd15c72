import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Popconfirm, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { AGE_BANDS, MEMBER_ROLES } from '@shared/registry';
import { checkIdNumber, isMobilePhone } from '@shared/validators';
import { api } from '../../api/client';
import type { TMember as Member } from '@shared/registry/members';
import type { BodyOf } from '../../api/contract';
import { useApiError } from '../../components/useApiError';
import { enumLabel, enumOptions, formatDate } from '../../lib/labels';
import { ExportButton } from '../../components/ExportButton';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { PagedTable } from '../../components/PagedTable';
import { usePager } from '../../components/usePager';
import { MaskedFieldHint, useMaskedClears } from '../../components/MaskedFieldClear';
import { RevealValue } from './RevealValue';

const MASKED_MEMBER_FIELDS = ['phone', 'idNumber'] as const;
type MaskedMemberField = (typeof MASKED_MEMBER_FIELDS)[number];

function MemberModal({ orgId, member, open, onClose }: { orgId: string; member: Member | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const isEdit = !!member;
  const { isCleared, setClear, reset: resetClears, applyTo: applyClears } = useMaskedClears<MaskedMemberField>();
  // The modal stays mounted between openings; its form does not, nor should a choice to clear.
  useEffect(() => {
    if (open) resetClears();
  }, [open, member, resetClears]);
  const { busy, submit } = useFormSubmit<Record<string, unknown>>(form, { success: t('common.saved'), refreshRegistry: true, done: onClose });

  const send = submit((v) => {
    const body: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) continue;
      if (k === 'joinedOn' || k === 'birthDate') body[k] = val ? (val as dayjs.Dayjs).format('YYYY-MM-DD') : null;
      else if (typeof val === 'string') body[k] = val.trim() === '' ? null : val.trim();
      else body[k] = val;
    }
    if (isEdit) applyClears(body, MASKED_MEMBER_FIELDS);
    // The form's items are named after the body's fields; the server validates their values.
    return isEdit
      ? api.patch('/registry/members/:memberId', { params: { memberId: member!.id }, body: body as BodyOf<'PATCH /registry/members/:memberId'> })
      : api.post('/registry/organizations/:id/members', { params: { id: orgId }, body: body as BodyOf<'POST /registry/organizations/:id/members'> });
  });

  const setCleared = (field: MaskedMemberField, on: boolean) => {
    setClear(field, on);
    if (on) form.setFields([{ name: field, value: undefined, errors: [] }]);
  };
  /** Edit mode with a stored value: the masked value, and the choice to clear it. */
  const maskedHint = (field: MaskedMemberField) =>
    isEdit && member?.[field] ? (
      <MaskedFieldHint masked={member[field]} cleared={isCleared(field)} onClearedChange={(on) => setCleared(field, on)} testId={`member-clear-${field}`} />
    ) : undefined;

  const initial = member
    ? {
        ...member,
        phone: undefined,
        idNumber: undefined,
        joinedOn: member.joinedOn ? dayjs(member.joinedOn) : undefined,
      }
    : { role: 'member', isPartyMember: false };
  // The band is asked for only when nothing tells the age: an ID number or a birth date does (a
  // derived band is shown, disabled; the server ignores a band sent beside a birth date).
  const idNumber = Form.useWatch('idNumber', form) as string | undefined;
  const birthDate = Form.useWatch('birthDate', form) as dayjs.Dayjs | undefined;
  const ageKnown = !!birthDate || !!idNumber?.trim() || (isEdit && !!member?.ageBand && !member.ageBandEnteredOn);

  return (
    <FormModal title={isEdit ? t('member.edit') : t('member.add')} open={open} onCancel={onClose} onOk={send} busy={busy} okTestId="member-save">
      <Form form={form} layout="vertical" initialValues={initial} preserve={false} data-testid="member-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('member.name')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="role" label={t('member.role')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={enumOptions(t, 'memberRole', MEMBER_ROLES)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('member.phone')}
              extra={maskedHint('phone')}
              rules={[{ validator: (_, v: string) => (!v || isMobilePhone(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone')))) }]}
            >
              <Input maxLength={20} inputMode="tel" disabled={isCleared('phone')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('member.idNumber')}
              extra={maskedHint('idNumber')}
              rules={[
                {
                  validator: (_, v: string) => {
                    if (!v) return Promise.resolve();
                    const p = checkIdNumber(v.trim());
                    return p ? Promise.reject(new Error(t(`validation.idNumber.${p}`))) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input maxLength={18} disabled={isCleared('idNumber')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="gender" label={t('member.gender')}>
              <Select allowClear options={enumOptions(t, 'gender', ['male', 'female'])} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="birthDate" label={t('member.birthDate')} tooltip={t('member.birthDateHint')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="member-birth-date" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="ageBand" label={t('member.ageBand')} tooltip={t('member.ageBandHint')}>
              <Select allowClear disabled={ageKnown} options={enumOptions(t, 'ageBand', AGE_BANDS)} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="isPartyMember" label={t('member.isPartyMember')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="joinedOn" label={t('member.joinedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormModal>
  );
}

export function MembersTab({ orgId, canWrite }: { orgId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const pager = usePager();
  const [editing, setEditing] = useState<Member | null>(null);
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['registry', 'members', orgId, pager.page, pager.pageSize],
    queryFn: () => api.get('/registry/organizations/:id/members', { params: { id: orgId }, query: { page: pager.page, pageSize: pager.pageSize } }),
    placeholderData: (p) => p,
  });

  const remove = async (m: Member) => {
    try {
      await api.del('/registry/members/:memberId', { params: { memberId: m.id } });
      void message.success(t('common.deleted'));
      void qc.invalidateQueries({ queryKey: ['registry'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <div className="page-toolbar">
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
            data-testid="member-add"
          >
            {t('member.add')}
          </Button>
        )}
        <ExportButton path="/registry/organizations/:id/members/export" request={{ params: { id: orgId } }} fallbackName="members.xlsx" testid="members-export" />
      </div>
      <PagedTable<Member>
        size="small"
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={t('member.empty')}
        columns={[
          { title: t('member.name'), dataIndex: 'name' },
          { title: t('member.role'), dataIndex: 'role', render: (v: string) => enumLabel(t, 'memberRole', v) },
          {
            title: t('member.phone'),
            dataIndex: 'phone',
            render: (v: string | null, m: Member) => <RevealValue masked={v} of={{ memberId: m.id }} field="phone" />,
          },
          {
            title: t('member.idNumber'),
            dataIndex: 'idNumber',
            render: (v: string | null, m: Member) => <RevealValue masked={v} of={{ memberId: m.id }} field="idNumber" />,
          },
          { title: t('member.gender'), dataIndex: 'gender', render: (v: string | null) => enumLabel(t, 'gender', v) },
          {
            title: t('member.ageBand'),
            dataIndex: 'ageBand',
            render: (v: string | null, m: Member) =>
              // An entered band says when it was entered: it does not move as the member ages.
              m.ageBandEnteredOn ? (
                <>
                  {enumLabel(t, 'ageBand', v)} <Typography.Text type="secondary">({t('member.ageBandEntered', { date: formatDate(m.ageBandEnteredOn) })})</Typography.Text>
                </>
              ) : (
                enumLabel(t, 'ageBand', v)
              ),
          },
          {
            title: t('member.isPartyMember'),
            dataIndex: 'isPartyMember',
            render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')),
          },
          { title: t('member.joinedOn'), dataIndex: 'joinedOn', render: formatDate },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, m: Member) => (
                    <Space>
                      <a
                        onClick={() => {
                          setEditing(m);
                          setOpen(true);
                        }}
                      >
                        {t('common.edit')}
                      </a>
                      <Popconfirm
                        title={t('member.deleteConfirm', { name: m.name })}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(m)}
                      >
                        <a style={{ color: '#cf1322' }}>{t('common.delete')}</a>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <MemberModal orgId={orgId} member={editing} open={open} onClose={() => setOpen(false)} />
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Drawer, Form, Grid, Input, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { grantableRoles, type Role } from '@shared/roles';
import type { TUser as UserRow } from '@shared/users/schemas';
import { isMobilePhone } from '@shared/validators';
import { MaskedFieldHint, useMaskedClears } from '../../components/MaskedFieldClear';
import { api } from '../../api/client';
import type { BodyOf } from '../../api/contract';
import { useAuth } from '../../app/auth';
import { useRegion } from '../../app/region';
import { RegionPicker } from '../../components/RegionPicker';
import { useApiError } from '../../components/useApiError';
import { enumOptions } from '../../lib/labels';
import { OrgSelect } from '../registry/OrgSelect';

interface GrantValue {
  role: Role;
  regionCode: string;
  organizationId?: string | null;
}

const grantKey = (g: GrantValue) => JSON.stringify([g.role, g.regionCode, g.organizationId ?? null]);

/** Same grants as sets of (role, region, organisation): the order of the rows does not matter. */
function sameGrants(a: GrantValue[], b: GrantValue[]) {
  const left = new Set(a.map(grantKey));
  const right = new Set(b.map(grantKey));
  return left.size === right.size && [...left].every((k) => right.has(k));
}

function GrantOrg({ name }: { name: number }) {
  const form = Form.useFormInstance();
  const regionCode = Form.useWatch(['grants', name, 'regionCode'], form) as string | undefined;
  return (
    <Form.Item name={[name, 'organizationId']} style={{ marginBottom: 0, flex: '1 1 200px' }}>
      <OrgSelect regionCode={regionCode} />
    </Form.Item>
  );
}

export function UserDrawer({ open, user, onClose }: { open: boolean; user: UserRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const { regionCode } = useRegion();
  const { me } = useAuth();
  const [busy, setBusy] = useState(false);
  const isEdit = !!user;
  const roleChoices = useMemo(() => grantableRoles(me?.grants ?? []), [me]);

  const { isCleared, setClear, reset: resetClears, applyTo: applyClears } = useMaskedClears<'phone'>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    resetClears();
    // The phone arrives masked: its field starts empty and is sent only when a new number is typed.
    form.setFieldsValue(
      user
        ? { ...user, password: undefined, phone: undefined, grants: user.grants.map((g) => ({ role: g.role, regionCode: g.regionCode, organizationId: g.organizationId ?? undefined })) }
        : { active: true, homeRegionCode: regionCode, grants: [{ role: 'centre_staff', regionCode }] },
    );
  }, [open, user, form, regionCode, resetClears]);

  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const grants = ((v.grants as GrantValue[] | undefined) ?? []).map((g) => ({
      role: g.role,
      regionCode: g.regionCode,
      ...(g.organizationId ? { organizationId: g.organizationId } : {}),
    }));
    setBusy(true);
    try {
      if (isEdit) {
        const body: BodyOf<'PATCH /users/:id'> = { displayName: (v.displayName as string).trim(), active: v.active as boolean };
        // New grants end the user's sessions, so they are sent only when they change.
        if (!sameGrants(grants, user!.grants)) body.grants = grants;
        if (v.password) body.password = v.password as string;
        body.phone = (v.phone as string | undefined)?.trim();
        applyClears(body, ['phone']);
        await api.patch('/users/:id', { params: { id: user!.id }, body });
      } else {
        await api.post('/users', {
          body: {
            username: (v.username as string).trim(),
            displayName: (v.displayName as string).trim(),
            password: v.password as string,
            homeRegionCode: v.homeRegionCode as string,
            phone: (v.phone as string | undefined)?.trim() || undefined,
            grants,
          },
        });
      }
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={isEdit ? t('user.editTitle', { name: user!.displayName }) : t('user.create')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={submit}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="username" label={t('user.username')} rules={req}>
          <Input disabled={isEdit} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={req}>
          <Input />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('user.phone')}
          extra={
            isEdit && user?.phone ? (
              <MaskedFieldHint masked={user.phone} cleared={isCleared('phone')} onClearedChange={(on) => {
                  // A number typed before ticking would otherwise stay, greyed out, with its error.
                  if (on) form.setFields([{ name: 'phone', value: undefined, errors: [] }]);
                  setClear('phone', on);
                }} testId="user-clear-phone" />
            ) : undefined
          }
          rules={[{ validator: (_, v: string) => (!v || isMobilePhone(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone')))) }]}
        >
          <Input maxLength={20} inputMode="tel" disabled={isCleared('phone')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={isEdit ? t('user.resetPassword') : t('user.initialPassword')}
          extra={isEdit ? t('user.resetPasswordHint') : undefined}
          rules={[...(isEdit ? [] : req), { min: 8, message: t('password.tooShort') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="homeRegionCode" label={t('user.homeRegion')} rules={isEdit ? [] : req}>
          <RegionPicker />
        </Form.Item>
        {isEdit && (
          <Form.Item name="active" label={t('user.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <Card size="small" title={t('user.grants')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ role: 'centre_staff', regionCode })}>{t('user.addGrant')}</Button>}>
              {fields.map((f) => (
                <div key={f.key} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12, alignItems: 'flex-start' }}>
                  <Form.Item name={[f.name, 'role']} rules={req} style={{ marginBottom: 0, flex: '1 1 140px' }}>
                    <Select options={enumOptions(t, 'role', roleChoices)} placeholder={t('user.role')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'regionCode']} rules={req} style={{ marginBottom: 0, flex: '1 1 180px' }}>
                    <RegionPicker />
                  </Form.Item>
                  <GrantOrg name={f.name} />
                  <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                </div>
              ))}
            </Card>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, Col, ConfigProvider, DatePicker, Drawer, Form, Grid, Input, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { FILED_LEGAL_FORMS, LEGAL_FORMS, ORG_STATUSES, REGISTRATION_LEVELS, type LegalForm, type OrgStatus } from '@shared/registry';
import { checkIdNumber, checkUscc, isMobilePhone } from '@shared/validators';
import { ApiError, api } from '../../api/client';
import type { TOrganization as Organization } from '@shared/registry/organizations';
import type { BodyOf } from '../../api/contract';
import { useAuth } from '../../app/auth';
import { useRegion } from '../../app/region';
import { useLocale } from '../../app/locale';
import { RegionPicker } from '../../components/RegionPicker';
import { useApiError } from '../../components/useApiError';
import { categoryName, enumOptions } from '../../lib/labels';
import { MaskedFieldHint, useMaskedClears } from '../../components/MaskedFieldClear';
import { useCategories } from './queries';
import { OrgSelect } from './OrgSelect';

/** The states a registered form may be given by hand; the server refuses the filing states here. */
const REGISTERED_STATUSES = ['registered', 'suspended', 'dissolved'] as const satisfies readonly OrgStatus[];

const DATE_FIELDS = ['foundedOn'] as const;
const MASKED_FIELDS = ['leaderPhone', 'leaderIdNumber'] as const;
type MaskedField = (typeof MASKED_FIELDS)[number];

/** The fields this form shows that a role may be refused (the server's writable-field declaration decides). */
const LOCKABLE_FIELDS = [
  'name', 'uscc', 'usccOverrideReason', 'regionCode', 'categoryId', 'foundedOn', 'status', 'registrationLevel', 'leaderName',
  'leaderPhone', 'leaderIdNumber', 'parentId', 'address', 'activityContent', 'venue', 'businessScope',
];

/** What an official's correction of a filed team may put right: the facts recorded at filing. */
const CORRECTABLE_FIELDS = [
  'name', 'regionCode', 'categoryId', 'foundedOn', 'leaderName', 'leaderPhone', 'leaderIdNumber', 'parentId', 'address', 'activityContent', 'venue',
];

function Lockable({ locked, children }: { locked: boolean; children: ReactNode }) {
  return locked ? <ConfigProvider componentDisabled>{children}</ConfigProvider> : <>{children}</>;
}

export function OrgFormDrawer({
  open,
  onClose,
  organization,
  overrideAllowed,
  editableFields,
}: {
  open: boolean;
  onClose: () => void;
  organization?: Organization;
  overrideAllowed?: boolean;
  /** From the detail's abilities: the fields the server lets this user set on this record. */
  editableFields?: string[];
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { can } = useAuth();
  const { regionCode } = useRegion();
  const [form] = Form.useForm();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const categories = useCategories();
  const screens = Grid.useBreakpoint();
  const [busy, setBusy] = useState(false);
  const [needOverride, setNeedOverride] = useState(false);
  const { isCleared, setClear, reset: resetClears, applyTo: applyClears } = useMaskedClears<MaskedField>();
  const legalForm = Form.useWatch('legalForm', form) as LegalForm | undefined;
  const isEdit = !!organization;
  const filed = legalForm ? FILED_LEGAL_FORMS.includes(legalForm) : false;
  const canOverride = (overrideAllowed ?? true) && can('registry.usccOverride');
  const showOverride = canOverride && (needOverride || !!organization?.usccOverrideReason);
  // A filed team changes through a change filing; an official may instead correct a recording error.
  const filedTeam = isEdit && FILED_LEGAL_FORMS.includes(organization!.legalForm as LegalForm) && organization!.status === 'filed';
  const mayCorrect = filedTeam && can('registry.correct');
  const [correcting, setCorrecting] = useState(false);
  const lockedByFiling = () => filedTeam && !correcting;
  // editableFields leaves a filed team's facts out; an official correcting it sets those facts, nothing else.
  const locked = (field: string) =>
    correcting ? !CORRECTABLE_FIELDS.includes(field) : (isEdit && !!editableFields && !editableFields.includes(field)) || lockedByFiling();

  const initial = useMemo(() => {
    if (!organization) return { regionCode, legalForm: 'grassroots_team' };
    const v: Record<string, unknown> = { ...organization };
    for (const f of DATE_FIELDS) v[f] = organization[f] ? dayjs(organization[f]) : undefined;
    for (const f of MASKED_FIELDS) v[f] = undefined;
    if (v.categoryId !== null && v.categoryId !== undefined) v.categoryId = String(v.categoryId);
    return v;
  }, [organization, regionCode]);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial);
      setNeedOverride(false);
      setCorrecting(false);
      resetClears();
    }
  }, [open, initial, form, resetClears]);

  const setCleared = (field: MaskedField, on: boolean) => {
    setClear(field, on);
    if (on) form.setFields([{ name: field, value: undefined, errors: [] }]);
  };
  /** Edit mode with a stored value: the masked value, and the choice to clear it. */
  const maskedHint = (field: MaskedField) =>
    isEdit && organization?.[field] ? (
      <MaskedFieldHint masked={organization[field]!} cleared={isCleared(field)} onClearedChange={(on) => setCleared(field, on)} testId={`org-clear-${field}`} />
    ) : undefined;

  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) continue;
      if ((DATE_FIELDS as readonly string[]).includes(k)) body[k] = v ? (v as dayjs.Dayjs).format('YYYY-MM-DD') : null;
      else if (typeof v === 'string') body[k] = v.trim() === '' ? null : v.trim();
      else body[k] = v;
    }
    if (isEdit) applyClears(body, MASKED_FIELDS);
    // The correction's reason goes beside the fields, not among them.
    const reason = typeof body.correctionReason === 'string' ? body.correctionReason : '';
    delete body.correctionReason;
    // The server refuses a change to a field this user may not set; a locked field is not sent.
    for (const f of Object.keys(body)) if (locked(f)) delete body[f];
    if (body.uscc && typeof body.uscc === 'string') body.uscc = body.uscc.toUpperCase();
    if (filed) delete body.uscc;
    if (filed) delete body.status;
    if (!showOverride) delete body.usccOverrideReason;
    if (body.categoryId && /^\d+$/.test(String(body.categoryId))) {
      const raw = categories.data?.find((c) => String(c.id) === body.categoryId)?.id;
      if (raw !== undefined) body.categoryId = raw;
    }
    setBusy(true);
    try {
      const r = correcting
        ? await api.post('/registry/organizations/:id/correction', {
            params: { id: organization!.id },
            body: { changes: body as BodyOf<'PATCH /registry/organizations/:id'>, reason },
          })
        : isEdit
        ? await api.patch('/registry/organizations/:id', { params: { id: organization!.id }, body: body as BodyOf<'PATCH /registry/organizations/:id'> })
        : // The form's items are named after the body's fields; the server validates their values.
          await api.post('/registry/organizations', { body: body as BodyOf<'POST /registry/organizations'> });
      void qc.invalidateQueries({ queryKey: ['registry'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
      void message.success(t('common.saved'));
      onClose();
      if (!isEdit) navigate(`/registry/${r.organization.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.fields.some((f) => f.field === 'uscc' && /checksum|registration/.test(f.problem))) setNeedOverride(true);
      showError(e, form);
      // A correction's body nests the fields under `changes` and names its reason `reason`: shown on the form's items.
      if (correcting && e instanceof ApiError) {
        form.setFields(e.fields.map((f) => ({ name: f.field === 'reason' ? 'correctionReason' : f.field.replace(/^changes\./, ''), errors: [f.message] })));
      }
      // The server's word on the code replaces the form's own warning: one message, not a red and an orange one.
      if (e instanceof ApiError && e.fields.some((f) => f.field === 'uscc')) form.setFields([{ name: 'uscc', warnings: [] }]);
    } finally {
      setBusy(false);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  const half = { xs: 24, md: 12 };

  return (
    <Drawer
      title={isEdit ? t('org.editTitle', { name: organization!.name }) : t('org.createTitle')}
      open={open}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {/* Nothing of a filed team is saved here, except by an official's correction. */}
          {(!filedTeam || correcting) && (
            <Button type="primary" loading={busy} onClick={submit} data-testid="org-save">
              {t(correcting ? 'org.correctionSave' : 'common.save')}
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        scrollToFirstError
        data-testid="org-form"
        onValuesChange={(changed: Record<string, unknown>) => {
          // A message about the code answered the code as it was: gone once it is edited (the rules check the new one).
          if ('uscc' in changed) form.setFields([{ name: 'uscc', errors: [], warnings: [] }]);
          if (!isEdit && 'legalForm' in changed) {
            const f = changed.legalForm as LegalForm;
            form.setFieldValue('status', FILED_LEGAL_FORMS.includes(f) ? undefined : 'registered');
          }
        }}
      >
        {filedTeam && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="org-filed-hint"
            title={t('org.filedHint')}
            description={
              mayCorrect && (
                <Checkbox checked={correcting} onChange={(e) => setCorrecting(e.target.checked)} data-testid="org-correct-toggle">
                  {t('org.correctMode')}
                </Checkbox>
              )
            }
          />
        )}
        {correcting && (
          <Form.Item
            name="correctionReason"
            label={t('org.correctionReason')}
            extra={t('org.correctExplain')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="org-correction-reason" />
          </Form.Item>
        )}
        {!filedTeam && isEdit && editableFields && LOCKABLE_FIELDS.some(locked) && <Alert type="info" showIcon title={t('org.lockedHint')} style={{ marginBottom: 16 }} />}
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="legalForm" label={t('org.legalForm')} rules={req}>
              <Select options={enumOptions(t, 'legalForm', LEGAL_FORMS)} disabled={isEdit} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Lockable locked={locked('name')}>
              <Form.Item name="name" label={t('org.name')} rules={[...req, { max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Lockable>
          </Col>
          {!filed && (
            <Col {...half}>
              <Lockable locked={locked('uscc')}>
                <Form.Item
                  name="uscc"
                  label={t('org.uscc')}
                  normalize={(v: string) => v?.toUpperCase()}
                  rules={[
                    {
                      validator: (_, v: string) => {
                        if (!v) return Promise.resolve();
                        const p = checkUscc(v.toUpperCase());
                        return p === 'length' || p === 'charset' ? Promise.reject(new Error(t(`validation.uscc.${p}`))) : Promise.resolve();
                      },
                    },
                    {
                      warningOnly: true,
                      validator: (_, v: string) =>
                        // Where the override reason is asked for, its hint says it; else the check warns as the code is typed.
                        v && !showOverride && checkUscc(v.toUpperCase()) === 'checksum' ? Promise.reject(new Error(t('validation.uscc.checksum'))) : Promise.resolve(),
                    },
                  ]}
                >
                  <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Lockable>
            </Col>
          )}
          {!filed && showOverride && (
            <Col {...half}>
              <Lockable locked={locked('usccOverrideReason')}>
                <Form.Item name="usccOverrideReason" label={t('org.usccOverrideReason')} rules={req} extra={t('org.usccOverrideHint')}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              </Lockable>
            </Col>
          )}
          <Col {...half}>
            <Lockable locked={locked('regionCode')}>
              <Form.Item name="regionCode" label={t('org.region')} rules={req}>
                <RegionPicker />
              </Form.Item>
            </Lockable>
          </Col>
          <Col {...half}>
            <Lockable locked={locked('categoryId')}>
              <Form.Item name="categoryId" label={t('org.category')}>
                <Select
                  allowClear
                  options={(categories.data ?? []).filter((c) => c.active !== false).map((c) => ({ value: String(c.id), label: categoryName(c, locale) }))}
                />
              </Form.Item>
            </Lockable>
          </Col>
          {!filed && (
            <Col {...half}>
              <Lockable locked={locked('registrationLevel')}>
                <Form.Item name="registrationLevel" label={t('org.registrationLevel')}>
                  <Select allowClear options={enumOptions(t, 'registrationLevel', REGISTRATION_LEVELS)} />
                </Form.Item>
              </Lockable>
            </Col>
          )}
          <Col {...half}>
            <Lockable locked={locked('foundedOn')}>
              <Form.Item name="foundedOn" label={t('org.foundedOn')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Lockable>
          </Col>
          {/* A filed form's state moves only through the filing workflow: a new one is a draft, an edit shows the state. */}
          {(!filed || isEdit) && (
            <Col {...half}>
              <Lockable locked={locked('status')}>
                <Form.Item name="status" label={t('org.status')}>
                  <Select allowClear={!filed} options={enumOptions(t, 'status', filed ? ORG_STATUSES : REGISTERED_STATUSES)} disabled={filed} />
                </Form.Item>
              </Lockable>
            </Col>
          )}
          {/* Grade, stars and stage are set on the detail page, each through its own action with its history. */}
          <Col {...half}>
            <Lockable locked={locked('leaderName')}>
              <Form.Item name="leaderName" label={t('org.leaderName')}>
                <Input maxLength={50} />
              </Form.Item>
            </Lockable>
          </Col>
          <Col {...half}>
            <Lockable locked={locked('leaderPhone')}>
              <Form.Item
                name="leaderPhone"
                label={t('org.leaderPhone')}
                extra={maskedHint('leaderPhone')}
                rules={[{ validator: (_, v: string) => (!v || isMobilePhone(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone')))) }]}
              >
                <Input maxLength={20} inputMode="tel" disabled={isCleared('leaderPhone')} />
              </Form.Item>
            </Lockable>
          </Col>
          <Col {...half}>
            <Lockable locked={locked('leaderIdNumber')}>
              <Form.Item
                name="leaderIdNumber"
                label={t('org.leaderIdNumber')}
                extra={maskedHint('leaderIdNumber')}
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
                <Input maxLength={18} style={{ fontFamily: 'monospace' }} disabled={isCleared('leaderIdNumber')} />
              </Form.Item>
            </Lockable>
          </Col>
          <Col {...half}>
            <Lockable locked={locked('parentId')}>
              <Form.Item name="parentId" label={t('org.parent')}>
                <OrgSelect initialLabel={organization?.parentName} excludeId={organization?.id} kind="org" placeholder={t('org.parentPlaceholder')} />
              </Form.Item>
            </Lockable>
          </Col>
          <Col span={24}>
            <Lockable locked={locked('address')}>
              <Form.Item name="address" label={t('org.address')}>
                <Input maxLength={200} />
              </Form.Item>
            </Lockable>
          </Col>
          <Col span={24}>
            <Lockable locked={locked('activityContent')}>
              <Form.Item name="activityContent" label={t('org.activityContent')} extra={filed ? t('org.threeClearHint') : undefined}>
                <Input.TextArea rows={3} maxLength={1000} showCount />
              </Form.Item>
            </Lockable>
          </Col>
          <Col span={24}>
            <Lockable locked={locked('venue')}>
              <Form.Item name="venue" label={t('org.venue')}>
                <Input maxLength={200} />
              </Form.Item>
            </Lockable>
          </Col>
          {!filed && (
            <Col span={24}>
              <Lockable locked={locked('businessScope')}>
                <Form.Item name="businessScope" label={t('org.businessScope')}>
                  <Input.TextArea rows={3} maxLength={1000} />
                </Form.Item>
              </Lockable>
            </Col>
          )}
        </Row>
      </Form>
    </Drawer>
  );
}

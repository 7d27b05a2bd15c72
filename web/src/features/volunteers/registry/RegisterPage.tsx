import { HeartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSelfRegisterBody } from '@shared/volunteers/registry';
import { api, ApiError } from '../../../api/client';
import { LanguageSwitcher } from '../../../components/LanguageSwitcher';
import { useApiError } from '../../../components/useApiError';
import { availabilityOptions, idNumberRules, phoneRules, SKILL_CHOICES } from './labels';
import { registryKeys } from './queries';
import './registry.css';

type Values = Omit<TSelfRegisterBody, 'skills' | 'availability'> & { skills?: string[]; availability?: TSelfRegisterBody['availability']; password2: string };

/** 志愿者注册 (public, phone first): a person registers itself; the centre of its street confirms the record. */
export function RegisterPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ number: string; username: string } | null>(null);
  const [streetQ, setStreetQ] = useState('');
  const streets = useQuery({
    queryKey: registryKeys.streets(streetQ),
    queryFn: () => api.get('/volunteers/public/streets', { query: { q: streetQ.trim() || undefined } }),
    placeholderData: (p) => p,
  });

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const r = await api.post('/volunteers/public/register', {
        body: {
          name: v.name.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          phone: v.phone.trim(),
          street: v.street,
          skills: v.skills ?? [],
          availability: v.availability ?? [],
          username: v.username.trim(),
          password: v.password,
        },
      });
      setDone({ number: r.number, username: v.username.trim() });
      window.scrollTo(0, 0);
    } catch (e) {
      const err = showError(e, form);
      if (err instanceof ApiError && err.fields.length) form.scrollToField(err.fields[0].field);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="vol-public">
      <div className="vol-public-column">
        <div className="vol-public-header">
          <Typography.Text strong>
            <HeartOutlined /> {t('app.name')} · {t('volunteers.registry.register.brand')}
          </Typography.Text>
          <LanguageSwitcher />
        </div>
        {done ? (
          <Card>
            <Result
              status="success"
              title={t('volunteers.registry.register.doneTitle')}
              subTitle={t('volunteers.registry.register.doneBody', { number: done.number })}
              extra={
                <Link to="/login">
                  <Button type="primary" size="large" block data-testid="register-sign-in">
                    {t('volunteers.registry.register.signIn', { username: done.username })}
                  </Button>
                </Link>
              }
              data-testid="register-done"
            />
          </Card>
        ) : (
          <Card>
            <Typography.Title level={3} style={{ marginTop: 0 }}>
              {t('volunteers.registry.register.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('volunteers.registry.register.intro')}</Typography.Paragraph>
            <Form<Values> form={form} layout="vertical" size="large" onFinish={submit} scrollToFirstError requiredMark data-testid="register-form">
              <Typography.Title level={5}>{t('volunteers.registry.register.aboutYou')}</Typography.Title>
              <Form.Item name="name" label={t('volunteers.registry.field.name')} rules={[{ required: true, whitespace: true, message: t('volunteers.registry.field.nameRequired') }]}>
                <Input maxLength={50} autoComplete="name" data-testid="register-name" />
              </Form.Item>
              <Form.Item
                name="idNumber"
                label={t('volunteers.registry.field.idNumber')}
                extra={t('volunteers.registry.register.idHint')}
                validateTrigger={['onChange', 'onBlur']}
                validateFirst
                rules={idNumberRules(t)}
              >
                <Input maxLength={18} autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="register-id-number" />
              </Form.Item>
              <Form.Item name="phone" label={t('volunteers.registry.field.phone')} validateTrigger="onBlur" rules={phoneRules(t)}>
                <Input maxLength={20} inputMode="tel" autoComplete="tel" data-testid="register-phone" />
              </Form.Item>
              <Form.Item
                name="street"
                label={t('volunteers.registry.register.street')}
                extra={t('volunteers.registry.register.streetHint')}
                rules={[{ required: true, message: t('volunteers.registry.register.streetRequired') }]}
              >
                <Select
                  showSearch={{ filterOption: false, onSearch: setStreetQ }}
                  placeholder={t('volunteers.registry.register.streetPlaceholder')}
                  loading={streets.isFetching}
                  options={(streets.data?.items ?? []).map((s) => ({ value: s.code, label: s.districtName ? `${s.name}（${s.districtName}）` : s.name }))}
                  notFoundContent={t('volunteers.registry.register.noStreet')}
                  data-testid="register-street"
                />
              </Form.Item>
              <Form.Item name="skills" label={t('volunteers.registry.field.skills')} extra={t('volunteers.registry.form.tagsHint')}>
                <Select mode="tags" maxCount={20} options={SKILL_CHOICES.map((s) => ({ value: s, label: s }))} tokenSeparators={[',', '，', '、']} />
              </Form.Item>
              <Form.Item name="availability" label={t('volunteers.registry.field.availability')}>
                <Checkbox.Group className="vol-checks" options={availabilityOptions()} />
              </Form.Item>

              <Typography.Title level={5}>{t('volunteers.registry.register.account')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('volunteers.registry.register.accountHint')}</Typography.Paragraph>
              <Form.Item
                name="username"
                label={t('volunteers.registry.register.username')}
                extra={t('volunteers.registry.register.usernameHint')}
                validateTrigger="onBlur"
                rules={[
                  { required: true, whitespace: true, message: t('volunteers.registry.register.usernameRequired') },
                  { pattern: /^[a-zA-Z0-9._-]{3,64}$/, message: t('volunteers.registry.register.usernameFormat') },
                ]}
              >
                <Input maxLength={64} autoComplete="username" autoCapitalize="none" data-testid="register-username" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('volunteers.registry.register.password')}
                extra={t('volunteers.registry.register.passwordHint')}
                validateTrigger="onBlur"
                rules={[
                  { required: true, message: t('volunteers.registry.register.passwordRequired') },
                  {
                    validator: (_, v?: string) =>
                      !v || (v.length >= 8 && /[A-Za-z]/.test(v) && /\d/.test(v)) ? Promise.resolve() : Promise.reject(new Error(t('volunteers.registry.register.passwordWeak'))),
                  },
                ]}
              >
                <Input.Password maxLength={200} autoComplete="new-password" data-testid="register-password" />
              </Form.Item>
              <Form.Item
                name="password2"
                label={t('volunteers.registry.register.password2')}
                dependencies={['password']}
                validateTrigger="onBlur"
                rules={[
                  { required: true, message: t('volunteers.registry.register.password2Required') },
                  ({ getFieldValue }) => ({
                    validator: (_, v?: string) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('volunteers.registry.register.passwordMismatch')))),
                  }),
                ]}
              >
                <Input.Password maxLength={200} autoComplete="new-password" data-testid="register-password2" />
              </Form.Item>
              <Alert type="info" showIcon title={t('volunteers.registry.register.privacy')} style={{ marginBottom: 16 }} />
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="register-submit">
                {t('volunteers.registry.register.submit')}
              </Button>
            </Form>
            <Space style={{ marginTop: 16, width: '100%', justifyContent: 'center' }}>
              <Typography.Text type="secondary">{t('volunteers.registry.register.haveAccount')}</Typography.Text>
              <Link to="/login">{t('volunteers.registry.register.toSignIn')}</Link>
            </Space>
          </Card>
        )}
      </div>
    </div>
  );
}

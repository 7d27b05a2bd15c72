import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { useLocale } from '../../app/locale';
import { ApiError } from '../../api/client';
import { isLocale } from '../../i18n';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';

export function LoginPage() {
  const { t } = useTranslation();
  const { me, signIn } = useAuth();
  const { locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me && !busy) return <Navigate to={from === '/login' ? '/' : from} replace />;

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(v.username.trim(), v.password);
      if (isLocale(user.locale) && user.locale !== locale && !localStorage.getItem('shuniu.locale')) setLocale(user.locale);
      navigate(from === '/login' ? '/' : from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-bg">
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <LanguageSwitcher />
          </div>
          <div style={{ textAlign: 'center' }}>
            <Typography.Title level={3} style={{ marginBottom: 4 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('auth.subtitle')}</Typography.Text>
          </div>
          {error && <Alert type="error" showIcon title={error} data-testid="login-error" />}
          <Form layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('common.required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('common.required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('auth.signIn')}
            </Button>
          </Form>
          <Typography.Link href="/volunteers/register" style={{ display: 'block', textAlign: 'center' }} data-testid="login-volunteer-register">{t('volunteers.registry.register.fromLogin')}</Typography.Link>
        </Space>
      </Card>
    </div>
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Skeleton, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatVerificationCode, normalizeVerificationCode } from '@shared/documents/codes';
import { api, ApiError } from '../../api/client';
import { useLocale } from '../../app/locale';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { enumLabel } from '../../lib/labels';
import { certificateDate, kindKey } from './format';
import './certificate.css';

/** The facts each kind of document shows, in order; a kind not listed shows none. */
const FACTS_OF: Record<string, string[]> = {
  'registry.filing_certificate': ['name', 'legalForm', 'region', 'activityContent', 'venue', 'filingNumber', 'filedOn', 'filedBy'],
  'funding.contract': ['contractNumber', 'title', 'purchaser', 'provider', 'amountInWords', 'startsOn', 'endsOn', 'signedOn'],
  // server/src/modules/volunteers/service/certificate.ts certificateFacts: the name comes masked.
  'volunteer.service': ['name', 'volunteerNumber', 'periodFrom', 'periodTo', 'hours', 'serviceCount', 'issuedBy', 'issuedOn'],
};

/** Facts that are calendar days, written as the document writes dates. */
const DATE_FACTS = new Set(['filedOn', 'startsOn', 'endsOn', 'signedOn', 'periodFrom', 'periodTo', 'issuedOn']);

/** Where anyone checks a printed document: opened from its QR code, or with a code typed in. No sign-in. */
export function VerifyPage() {
  const { code: raw } = useParams<{ code?: string }>();
  const { t } = useTranslation();
  const code = raw ? normalizeVerificationCode(raw) : null;

  return (
    <div className="verify-page">
      <div className="verify-column">
        <div className="verify-header">
          <Typography.Text strong>
            <SafetyCertificateOutlined /> {t('app.name')}
          </Typography.Text>
          <LanguageSwitcher />
        </div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('documents.verify.title')}
        </Typography.Title>
        {raw && !code && <Alert type="error" showIcon title={t('documents.verify.invalidCode')} data-testid="verify-error" />}
        {code && <VerificationResult code={code} />}
        <CodeForm key={raw ?? ''} initial={raw ?? ''} again={!!code} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('documents.verify.privacy')}
        </Typography.Text>
      </div>
    </div>
  );
}

function CodeForm({ initial, again }: { initial: string; again: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Kept from the address: a mistyped or unknown code is there to correct, not to type again.
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const code = normalizeVerificationCode(value);
    if (!code) return setProblem(t('documents.verify.invalidCode'));
    setProblem(null);
    navigate(`/verify/${formatVerificationCode(code)}`);
  };
  return (
    <Card size="small" title={again ? t('documents.verify.another') : t('documents.verify.enterCode')}>
      <Form layout="vertical" onFinish={submit} data-testid="verify-form">
        <Form.Item label={t('documents.verify.codeLabel')} validateStatus={problem ? 'error' : undefined} help={problem} style={{ marginBottom: 12 }}>
          <Input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={t('documents.verify.placeholder')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            inputMode="text"
            maxLength={40}
            size="large"
            style={{ fontFamily: 'monospace', letterSpacing: '0.08em' }}
            data-testid="verify-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" data-testid="verify-submit">
          {t('documents.verify.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function VerificationResult({ code }: { code: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const q = useQuery({
    queryKey: ['documents', 'verify', code],
    queryFn: () => api.get('/verify/:code', { params: { code }, quiet401: true }),
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
  if (q.isError) return <Alert type="error" showIcon title={(q.error as Error).message} data-testid="verify-error" />;
  if (!q.data) return <Card><Skeleton active /></Card>;

  const v = q.data;
  const kind = t(`documents.kinds.${kindKey(v.kind)}`);
  const facts = v.facts as Record<string, string | number | null>;
  const shown = (key: string) => {
    const value = facts[key];
    if (key === 'legalForm') return enumLabel(t, 'legalForm', facts.legalForm as string | null);
    // A certificate of service with no start counts from registration; with no end, up to its issue date.
    if (key === 'periodFrom' && value === null) return t('documents.facts.periodFromStart');
    if (key === 'periodTo' && value === null) return certificateDate(facts.issuedOn as string | null, locale);
    if (DATE_FACTS.has(key)) return certificateDate(value as string | null, locale);
    if (value === null || value === undefined) return '—';
    if (key === 'hours') return t('documents.facts.hoursValue', { hours: value });
    if (key === 'serviceCount') return t('documents.facts.serviceCountValue', { count: Number(value) });
    if (key === 'issuedBy' && v.kind === 'volunteer.service') return t('documents.facts.issuedByCentre', { name: value });
    return String(value);
  };
  // The same fact may be worded for a kind (a volunteer's 姓名, a team's 名称).
  const label = (key: string) => t([`documents.kindFacts.${kindKey(v.kind)}.${key}`, `documents.facts.${key}`]);
  const factKeys = FACTS_OF[v.kind] ?? [];

  return (
    <Card data-testid="verify-result" data-valid={v.valid}>
      <div className="verify-status" style={{ marginBottom: 16 }}>
        {v.valid ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />}
        <div>
          <Typography.Title level={4} style={{ margin: 0, color: v.valid ? '#389e0d' : '#cf1322' }} data-testid="verify-status">
            {v.valid ? t('documents.verify.valid') : t('documents.verify.revoked')}
          </Typography.Title>
          <Typography.Text>
            {v.valid
              ? t('documents.verify.validText', { kind })
              : t('documents.verify.revokedText', {
                  kind,
                  date: certificateDate(v.revokedAt, locale),
                  // A kind may word a reason its own way (a contract is terminated, not a team's status changed).
                  reason: v.revokedReason ? t([`documents.verify.kindReasons.${kindKey(v.kind)}.${v.revokedReason}`, `documents.verify.reasons.${v.revokedReason}`]) : '',
                })}
          </Typography.Text>
        </div>
      </div>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'kind', label: t('documents.verify.kind'), children: kind },
          ...factKeys.map((key) => ({ key, label: label(key), children: <span style={{ whiteSpace: 'pre-wrap' }}>{shown(key)}</span> })),
          // A kind that states its own issue date (kept across reprints) shows that one only.
          ...(factKeys.includes('issuedOn') ? [] : [{ key: 'issuedAt', label: t('documents.verify.issuedAt'), children: certificateDate(v.issuedAt, locale) }]),
          { key: 'code', label: t('documents.verify.codeLabel'), children: <span className="doc-code" style={{ fontSize: 14 }}>{v.code}</span> },
        ]}
      />
    </Card>
  );
}

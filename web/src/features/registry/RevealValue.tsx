import { useRef, useState } from 'react';
import { Popover, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TIdentityField as Field } from '@shared/registry/members';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';

/** Whose identifiers: an organisation's leader, or one member. */
export type RevealTarget = { organizationId: string } | { memberId: string };

/**
 * A masked ID number or phone; users holding `personal.reveal` get a 查看 link that fetches the
 * whole value into a popover. Fetched on each opening and kept nowhere else (not in the query
 * cache): every look is one audited request on the server.
 */
export function RevealValue({ masked, of, field, testid }: { masked: string | null; of: RevealTarget; field: Field; testid?: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // A slow answer to an earlier opening must not fill the popover of a later one.
  const opening = useRef(0);

  if (!masked) return <>—</>;
  if (!can('personal.reveal')) return <>{masked}</>;

  const onOpenChange = async (next: boolean) => {
    const mine = ++opening.current;
    setOpen(next);
    setValue(null);
    setFailed(null);
    if (!next) return;
    try {
      const query = { field };
      const identity =
        'memberId' in of
          ? await api.get('/registry/members/:memberId/identity', { params: { memberId: of.memberId }, query })
          : await api.get('/registry/organizations/:id/identity', { params: { id: of.organizationId }, query });
      if (mine === opening.current) setValue(identity[field] ?? '—');
    } catch (e) {
      if (mine === opening.current) setFailed(e instanceof ApiError ? e.message : t('common.networkError'));
    }
  };

  const content = failed ? (
    <Typography.Text type="danger">{failed}</Typography.Text>
  ) : value === null ? (
    <Spin size="small" />
  ) : (
    <Space orientation="vertical" size={2}>
      <Typography.Text copyable strong data-testid={testid ? `${testid}-full` : undefined}>
        {/* On a phone, a number to call is a tap away. */}
        {field === 'phone' && value !== '—' ? <a href={`tel:${value}`}>{value}</a> : value}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('reveal.audited')}
      </Typography.Text>
    </Space>
  );

  return (
    <Space size={6}>
      <span>{masked}</span>
      <Popover trigger="click" open={open} onOpenChange={(next) => void onOpenChange(next)} content={content} title={t(`reveal.title.${field}`)} destroyOnHidden>
        <Typography.Link data-testid={testid}>{t('reveal.show')}</Typography.Link>
      </Popover>
    </Space>
  );
}

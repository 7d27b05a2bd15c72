import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { TUser as UserRow } from '@shared/users/schemas';
import { useAuth } from '../../app/auth';
import { useRegion } from '../../app/region';
import { enumLabel, formatDateTime } from '../../lib/labels';
import { UserDrawer } from './UserDrawer';
import { ExportButton } from '../../components/ExportButton';
import { PagedTable } from '../../components/PagedTable';
import { usePager } from '../../components/usePager';

export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { byCode } = useRegion();
  const [q, setQ] = useState('');
  const pager = usePager();
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [open, setOpen] = useState(false);
  const query = { q, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({
    queryKey: ['users', query],
    queryFn: () => api.get('/users', { query }),
    placeholderData: (p) => p,
  });
  const regionName = (code: string) => byCode.get(code)?.name ?? code;
  const manage = can('user.manage');

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('user.title')}
        </Typography.Title>
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            pager.setPage(1);
          }}
          style={{ width: 220 }}
        />
        <ExportButton path="/users/export" request={{ query: { q: q || undefined } }} fallbackName="users.xlsx" testid="users-export" />
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            {t('user.create')}
          </Button>
        )}
      </div>
      <PagedTable<UserRow>
        loading={list.isFetching}
        rows={list.data?.items}
        total={list.data?.total}
        pager={pager}
        empty={t('common.empty')}
        columns={[
          { title: t('user.username'), dataIndex: 'username' },
          { title: t('user.displayName'), dataIndex: 'displayName' },
          { title: t('user.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: t('user.homeRegion'), dataIndex: 'homeRegionCode', render: regionName },
          {
            title: t('user.grants'),
            dataIndex: 'grants',
            render: (gs: UserRow['grants']) => (
              <Space size={[4, 4]} wrap>
                {gs.map((g, i) => (
                  <Tag key={i}>
                    {enumLabel(t, 'role', g.role)} · {regionName(g.regionCode)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('user.active'),
            dataIndex: 'active',
            render: (v: boolean, r) =>
              !v ? <Tag>{t('user.inactive')}</Tag> : r.lockedUntil && new Date(r.lockedUntil) > new Date() ? <Tag color="orange">{t('user.lockedUntil', { at: formatDateTime(r.lockedUntil) })}</Tag> : <Tag color="green">{t('user.activeYes')}</Tag>,
          },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'a',
                  // The server says which accounts this user may change (every grant within its reach).
                  render: (_: unknown, r: UserRow) =>
                    r.manageable ? (
                      <a
                        onClick={() => {
                          setEditing(r);
                          setOpen(true);
                        }}
                      >
                        {t('common.edit')}
                      </a>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <UserDrawer open={open} user={editing} onClose={() => setOpen(false)} />
    </Card>
  );
}

import type { ReactNode } from 'react';
import { Card, List, Space, Tag, Typography } from 'antd';
import type { PaginationProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOrganizationListItem as OrgListItem } from '@shared/registry/organizations';
import { tableEmpty } from '../../components/TableEmpty';
import { enumLabel } from '../../lib/labels';
import { StatusTag } from './StatusTag';

/** One line of a card: a muted label and a value that may wrap under it on a narrow phone. */
function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, lineHeight: '22px' }}>
      <Typography.Text type="secondary" style={{ flex: 'none', minWidth: 56 }}>
        {label}
      </Typography.Text>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</span>
    </div>
  );
}

/** The registry page as compact cards, for screens too narrow for the table's columns. */
export function OrgCardList({
  items,
  loading,
  initialLoad,
  pagination,
}: {
  items: OrgListItem[];
  loading: boolean;
  initialLoad: boolean;
  pagination: PaginationProps;
}) {
  const { t } = useTranslation();
  return (
    <List<OrgListItem>
      dataSource={items}
      loading={loading}
      rowKey="id"
      split={false}
      locale={{ emptyText: tableEmpty(t('registry.noResults'), initialLoad) }}
      pagination={{ align: 'center', ...pagination }}
      data-testid="registry-cards"
      renderItem={(o) => (
        <List.Item style={{ padding: '0 0 8px' }}>
          <Card size="small" style={{ width: '100%' }} data-testid="registry-card">
            <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', marginBottom: 6 }}>
              <Link to={`/registry/${o.id}`} style={{ flex: 1, minWidth: 0, fontWeight: 600, fontSize: 15, lineHeight: '22px', overflowWrap: 'anywhere' }}>
                {o.name}
              </Link>
              <span style={{ flex: 'none' }}>
                <StatusTag status={o.status} />
              </span>
            </div>
            <Space size={[4, 4]} wrap style={{ marginBottom: 6 }}>
              <Tag color={o.legalForm === 'grassroots_team' ? 'cyan' : 'blue'} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                {enumLabel(t, 'legalForm', o.legalForm)}
              </Tag>
              {o.categoryName && (
                <Tag style={{ marginInlineEnd: 0 }}>
                  {o.categoryName}
                </Tag>
              )}
            </Space>
            <Line label={t('org.region')}>{o.regionName}</Line>
            <Line label={t('org.leaderName')}>
              {o.leaderName || o.leaderPhone ? (
                <Space size={8} wrap>
                  {o.leaderName && <span>{o.leaderName}</span>}
                  {o.leaderPhone && <Typography.Text type="secondary">{o.leaderPhone}</Typography.Text>}
                </Space>
              ) : (
                '—'
              )}
            </Line>
            {o.filingNumber && <Line label={t('org.filingNumber')}>{o.filingNumber}</Line>}
          </Card>
        </List.Item>
      )}
    />
  );
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Drawer, Grid, Input, List, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { TAuditEntry as AuditRow } from '@shared/audit/schemas';
import { useRegion } from '../../app/region';
import { enumLabel, formatDateTime } from '../../lib/labels';
import { ExportButton } from '../../components/ExportButton';
import { PagedTable } from '../../components/PagedTable';
import { tableEmpty } from '../../components/TableEmpty';
import { usePager } from '../../components/usePager';
import { AuditDiff } from './AuditDiff';

const ENTITY_TYPES = ['organization', 'member', 'filing', 'report', 'region', 'user', 'category', 'file', 'document', 'notification', 'job', 'export'];
/** The API filters actions by prefix (`registry.filing` matches every filing action). */
const ACTION_GROUPS = [
  'auth',
  'user',
  'region',
  'registry.organization',
  'registry.member',
  'registry.filing',
  'registry.report',
  'registry.category',
  'file',
  'document',
  'notification',
  'job',
];
const actionKey = (a: string) => a.replace(/\./g, '_');

/** Who did it: the name people know, the username under it. */
function Actor({ row }: { row: AuditRow }) {
  if (!row.actorName) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span>
      {row.actorName}
      {row.actorUsername && row.actorUsername !== row.actorName && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {row.actorUsername}
        </Typography.Text>
      )}
    </span>
  );
}

/** The record by its name; the ID only on hover, for whoever needs to look it up. */
function Entity({ row }: { row: AuditRow }) {
  const { t } = useTranslation();
  const type = enumLabel(t, 'entityType', row.entityType);
  const name = row.entityName ?? (row.entityId ? t('audit.unnamed') : '—');
  return (
    <Space size={6} wrap={false} style={{ maxWidth: 320 }}>
      <Tag style={{ marginInlineEnd: 0 }}>{type}</Tag>
      {row.entityId ? (
        <Tooltip title={`${t('audit.entityId')}: ${row.entityId}`}>
          <Typography.Text ellipsis style={{ maxWidth: 260 }} type={row.entityName ? undefined : 'secondary'}>
            {name}
          </Typography.Text>
        </Tooltip>
      ) : (
        <Typography.Text>{name}</Typography.Text>
      )}
    </Space>
  );
}

/** One row's whole story, for phones: who, what, on which record, and the field table. */
function AuditDrawer({ row, onClose }: { row: AuditRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { byCode } = useRegion();
  return (
    <Drawer open={!!row} onClose={onClose} placement="bottom" size="85%" title={row?.actionLabel} destroyOnHidden>
      {row && (
        <>
          <div style={{ marginBottom: 12, lineHeight: '24px' }}>
            <div>
              <Entity row={row} />
            </div>
            <Typography.Text type="secondary">
              <Actor row={row} /> · {formatDateTime(row.at)}
              {row.regionCode ? ` · ${byCode.get(row.regionCode)?.name ?? row.regionCode}` : ''}
            </Typography.Text>
            {row.entityId && (
              <div>
                <Typography.Text type="secondary" copyable={{ text: row.entityId }} style={{ fontSize: 12 }}>
                  {t('audit.entityId')}: {row.entityId}
                </Typography.Text>
              </div>
            )}
          </div>
          <AuditDiff rows={row.diff} entityType={row.entityType} />
        </>
      )}
    </Drawer>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const { regionCode, byCode } = useRegion();
  const phone = Grid.useBreakpoint().md === false;
  const [entityType, setEntityType] = useState<string>();
  const [action, setAction] = useState<string>();
  const [actor, setActor] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [opened, setOpened] = useState<AuditRow | null>(null);
  const pager = usePager();
  const filters = {
    regionCode,
    entityType,
    action,
    actor: actor || undefined,
    // Calendar days; the server reads them as Beijing time.
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  };
  const pageQuery = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({
    queryKey: ['audit', pageQuery],
    queryFn: () => api.get('/audit', { query: pageQuery }),
    enabled: !!regionCode,
    placeholderData: (p) => p,
  });
  const reset = () => pager.setPage(1);

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('audit.title')}
        </Typography.Title>
        <ExportButton path="/audit/export" request={{ query: filters }} fallbackName="audit.xlsx" testid="audit-export" />
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={5}>
          <Select
            allowClear
            style={{ width: '100%' }}
            placeholder={t('audit.entityType')}
            value={entityType}
            onChange={(v) => {
              setEntityType(v);
              reset();
            }}
            options={ENTITY_TYPES.map((v) => ({ value: v, label: enumLabel(t, 'entityType', v) }))}
          />
        </Col>
        <Col xs={12} md={5}>
          <Select
            allowClear
            style={{ width: '100%' }}
            placeholder={t('audit.action')}
            value={action}
            onChange={(v) => {
              setAction(v);
              reset();
            }}
            options={ACTION_GROUPS.map((v) => ({ value: v, label: enumLabel(t, 'auditGroup', actionKey(v)) }))}
          />
        </Col>
        <Col xs={24} md={5}>
          <Input.Search
            allowClear
            placeholder={t('audit.actorSearch')}
            aria-label={t('audit.actorSearch')}
            data-testid="audit-actor"
            onSearch={(v) => {
              setActor(v.trim());
              reset();
            }}
          />
        </Col>
        <Col xs={24} md={9}>
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            value={range}
            onChange={(v) => {
              setRange(v);
              reset();
            }}
          />
        </Col>
      </Row>
      {phone ? (
        <List<AuditRow>
          dataSource={q.data?.items ?? []}
          loading={q.isFetching}
          rowKey="id"
          split={false}
          locale={{ emptyText: tableEmpty(t('common.empty')) }}
          pagination={{
            align: 'center',
            current: pager.page,
            pageSize: pager.pageSize,
            total: q.data?.total ?? 0,
            size: 'small',
            showTotal: (n) => t('common.total', { count: n }),
            onChange: pager.onChange,
          }}
          data-testid="audit-cards"
          renderItem={(r) => (
            <List.Item style={{ padding: '0 0 8px' }}>
              <Card size="small" style={{ width: '100%' }} hoverable onClick={() => setOpened(r)} data-testid="audit-card">
                <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
                  <Typography.Text strong style={{ flex: 1, minWidth: 0 }}>
                    {r.actionLabel}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ flex: 'none', fontSize: 12 }}>
                    {formatDateTime(r.at)}
                  </Typography.Text>
                </div>
                <div style={{ margin: '4px 0' }}>
                  <Entity row={r} />
                </div>
                <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                  <Typography.Text type="secondary" style={{ flex: 1, minWidth: 0 }}>
                    <Actor row={r} />
                  </Typography.Text>
                  {r.diff.length > 0 && (
                    <Button type="link" size="small" style={{ padding: 0 }}>
                      {t('audit.details')}
                    </Button>
                  )}
                </div>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <PagedTable<AuditRow>
          size="small"
          loading={q.isFetching}
          rows={q.data?.items}
          total={q.data?.total}
          pager={pager}
          empty={t('common.empty')}
          testid="audit-table"
          expandable={{
            rowExpandable: (r) => r.diff.length > 0,
            expandedRowRender: (r) => (
              <div style={{ maxWidth: 960 }}>
                <AuditDiff rows={r.diff} entityType={r.entityType} />
              </div>
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
            { title: t('audit.actor'), key: 'actor', render: (_: unknown, r: AuditRow) => <Actor row={r} /> },
            { title: t('audit.action'), dataIndex: 'actionLabel' },
            { title: t('audit.entity'), key: 'entity', render: (_: unknown, r: AuditRow) => <Entity row={r} /> },
            { title: t('org.region'), dataIndex: 'regionCode', render: (v: string | null) => (v ? (byCode.get(v)?.name ?? v) : '—') },
          ]}
        />
      )}
      <AuditDrawer row={opened} onClose={() => setOpened(null)} />
    </Card>
  );
}

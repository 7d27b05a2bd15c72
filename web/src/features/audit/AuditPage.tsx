import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Input, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { AuditRow, Page } from '../../api/types';
import { useRegion } from '../../app/region';
import { enumLabel, formatDateTime } from '../../lib/labels';
import { ExportButton } from '../../components/ExportButton';
import { PagedTable } from '../../components/PagedTable';
import { usePager } from '../../components/usePager';

const ENTITY_TYPES = ['organization', 'member', 'filing', 'report', 'region', 'user', 'category', 'file', 'export'];
/** The API filters actions by prefix (`registry.filing` matches every filing action). */
const ACTION_GROUPS = ['auth', 'user', 'region', 'registry.organization', 'registry.member', 'registry.filing', 'registry.report', 'registry.category', 'file'];
const actionKey = (a: string) => a.replace(/\./g, '_');

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const { t } = useTranslation();
  const { regionCode, byCode } = useRegion();
  const [entityType, setEntityType] = useState<string>();
  const [action, setAction] = useState<string>();
  const [actorName, setActorName] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const pager = usePager();
  const filters = {
    regionCode,
    entityType,
    action,
    actorName: actorName || undefined,
    // Calendar days; the server reads them as Beijing time.
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  };
  const pageQuery = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({
    queryKey: ['audit', pageQuery],
    queryFn: () => api.get<Page<AuditRow>>('/audit', pageQuery),
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
        <ExportButton path="/audit/export" query={filters} fallbackName="audit.xlsx" testid="audit-export" />
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
            placeholder={t('audit.actor')}
            onSearch={(v) => {
              setActorName(v.trim());
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
      <PagedTable<AuditRow>
        size="small"
        loading={q.isFetching}
        rows={q.data?.items}
        total={q.data?.total}
        pager={pager}
        empty={t('common.empty')}
        expandable={{
          expandedRowRender: (r) => (
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('audit.before')}</Typography.Text>
                <Json value={r.before} />
              </Col>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('audit.after')}</Typography.Text>
                <Json value={r.after} />
              </Col>
            </Row>
          ),
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: formatDateTime },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => t(`enums.auditAction.${actionKey(v)}`, { defaultValue: v }) },
          { title: t('audit.entityType'), dataIndex: 'entityType', render: (v: string) => enumLabel(t, 'entityType', v) },
          { title: t('audit.entityId'), dataIndex: 'entityId', render: (v: string | null) => <Typography.Text copyable={!!v} style={{ fontSize: 12 }}>{v ?? '—'}</Typography.Text> },
          { title: t('org.region'), dataIndex: 'regionCode', render: (v: string | null) => (v ? byCode.get(v)?.name ?? v : '—') },
        ]}
      />
    </Card>
  );
}

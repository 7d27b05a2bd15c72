import { useState } from 'react';
import { Switch, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TAuditDiffRow as DiffRow } from '@shared/audit/schemas';
import { useRegion } from '../../app/region';
import { enumLabel, formatDateTime } from '../../lib/labels';
import './audit.css';

/** Fields whose values are codes of one enum, by the last part of their path. */
const ENUM_OF: Record<string, string> = {
  legalForm: 'legalForm',
  status: 'status',
  stage: 'stage',
  registrationLevel: 'registrationLevel',
  gender: 'gender',
  ageBand: 'ageBand',
  state: 'filingState',
  filingState: 'filingState',
};
const REGION_FIELDS = new Set(['regionCode', 'homeRegionCode', 'parentCode']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const REDACTED = '[redacted]';

type RegionNames = ReadonlyMap<string, { name: string }>;

/** A stored value in words: codes as their labels, times local, lists one item a line. */
export function formatValue(t: TFunction, byCode: RegionNames, field: string, entityType: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value === REDACTED) return t('audit.redacted');
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  const key = field.split('.').pop()!;
  if (typeof value === 'string') {
    if (REGION_FIELDS.has(key)) return byCode.get(value)?.name ?? value;
    if (key === 'role' && entityType === 'member') return enumLabel(t, 'memberRole', value);
    if (ENUM_OF[key]) return enumLabel(t, ENUM_OF[key], value);
    if (ISO_TIME.test(value)) return formatDateTime(value);
    return value;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? '—' : value.map((item) => (isGrant(item) ? grantText(t, byCode, item) : typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

interface Grant {
  role: string;
  regionCode: string;
}
const isGrant = (v: unknown): v is Grant => typeof v === 'object' && v !== null && 'role' in v && 'regionCode' in v;
const grantText = (t: TFunction, byCode: RegionNames, g: Grant) => `${enumLabel(t, 'role', g.role)} · ${byCode.get(g.regionCode)?.name ?? g.regionCode}`;

/**
 * A row's before and after as a field table: field | before | after, changed fields highlighted.
 * An edit lists the changed fields first-hand; the unchanged ones are a switch away.
 */
export function AuditDiff({ rows, entityType }: { rows: DiffRow[]; entityType: string }) {
  const { t } = useTranslation();
  const { byCode } = useRegion();
  const edit = rows.some((r) => r.before !== null) && rows.some((r) => r.after !== null);
  const someUnchanged = rows.some((r) => !r.changed);
  const [changedOnly, setChangedOnly] = useState(edit && someUnchanged && rows.some((r) => r.changed));
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noFields')}</Typography.Text>;
  const shown = changedOnly ? rows.filter((r) => r.changed) : rows;
  const cell = (field: string, v: unknown) => (
    <span style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{formatValue(t, byCode, field, entityType, v)}</span>
  );
  return (
    <div data-testid="audit-diff">
      {edit && someUnchanged && (
        <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center', marginBottom: 8 }}>
          <Switch size="small" checked={changedOnly} onChange={setChangedOnly} />
          <Typography.Text type="secondary">{t('audit.changedOnly')}</Typography.Text>
        </label>
      )}
      <Table<DiffRow>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={shown}
        tableLayout="fixed"
        rowClassName={(r) => (r.changed && edit ? 'audit-diff-changed' : '')}
        columns={[
          { title: t('audit.field'), dataIndex: 'label', width: '28%', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
          ...(edit || rows.some((r) => r.before !== null)
            ? [{ title: t('audit.before'), dataIndex: 'before', render: (v: unknown, r: DiffRow) => cell(r.field, v) }]
            : []),
          ...(rows.some((r) => r.after !== null) ? [{ title: t('audit.after'), dataIndex: 'after', render: (v: unknown, r: DiffRow) => cell(r.field, v) }] : []),
        ]}
      />
    </div>
  );
}

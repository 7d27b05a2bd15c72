import { Alert, Empty, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TContractDetail } from '@shared/funding/contracts';
import { formatFen } from '../shared/money';
import { contractsLabel } from './labels';

type Change = NonNullable<TContractDetail['changes']>[number];

/** A value of the diff as a person reads it: money in yuan, lists one item a line, nothing raw. */
function shown(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('funding.contracts.yes') : t('funding.contracts.no');
  if (typeof value === 'number') return /amountFen$/i.test(field) ? formatFen(value) : String(value);
  if (Array.isArray(value)) {
    return value
      .map((item: Record<string, unknown>, i) => {
        if (typeof item !== 'object' || item === null) return String(item);
        const name = item.title ?? item.name ?? item.item ?? (item.releasedBy ? contractsLabel(t, 'trigger', String(item.releasedBy)) : '');
        const extra = [item.dueOn, item.target, item.unit, typeof item.amountFen === 'number' ? formatFen(item.amountFen) : null].filter(Boolean).join(' ');
        return `${i + 1}. ${String(name)}${extra ? ` ${extra}` : ''}`;
      })
      .join('\n');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A renewal's change from last year's contract, field by field (seed 002: the content must be
 * adjusted), and why signing is refused while the content is the same.
 */
export function RenewalChanges({ contract: c }: { contract: TContractDetail }) {
  const { t } = useTranslation();
  const changes = c.changes ?? [];
  const contentChanged = changes.some((ch) => ch.field.startsWith('content.'));
  return (
    <>
      <Typography.Paragraph>
        {t('funding.contracts.renewal.comparedWith')} <Link to={`/funding/contracts/${c.previousContractId}`}>{t('funding.contracts.renewal.previous')}</Link>
      </Typography.Paragraph>
      {!contentChanged && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('funding.contracts.renewal.unchanged')} description={t('funding.contracts.renewal.unchangedHint')} />
      )}
      {changes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.contracts.renewal.noChanges')} />
      ) : (
        <Table<Change>
          rowKey="field"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={changes}
          data-testid="renewal-changes"
          columns={[
            { title: t('funding.contracts.renewal.field'), dataIndex: 'field', render: (f: string) => contractsLabel(t, 'field', f) },
            { title: t('funding.contracts.renewal.before'), dataIndex: 'before', render: (v: unknown, r) => <span className="diff-before">{shown(t, r.field, v)}</span> },
            { title: t('funding.contracts.renewal.after'), dataIndex: 'after', render: (v: unknown, r) => <span className="diff-after">{shown(t, r.field, v)}</span> },
          ]}
        />
      )}
    </>
  );
}

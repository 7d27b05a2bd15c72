import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TLineChange, TProposalDiff, TProposalVersion } from '@shared/funding/optimisation';
import { api } from '../../../../api/client';
import { formatFen } from '../../shared/money';
import { reviewLabel } from '../labels';
import { reviewKeys } from '../queries';
import '../review.css';

type FieldChange = TProposalDiff['fields'][number];

/** A value of a version as people read it: money in yuan, lists by their names, empty as a dash. */
function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (field === 'amountFen' && typeof v === 'number') return formatFen(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x ? ((x as { name?: string; item?: string }).name ?? (x as { item?: string }).item ?? '') : String(x))).join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const LINE_CLASS: Record<TLineChange['match'], string> = { added: 'diff-added', removed: 'diff-removed', item: 'diff-changed', position: 'diff-changed' };

function lineLabel(t: TFunction, l: TLineChange) {
  if (l.match === 'added') return <Tag color="green">{t('funding.review.diff.added')}</Tag>;
  if (l.match === 'removed') return <Tag color="red">{t('funding.review.diff.removed')}</Tag>;
  return <Tag color="gold">{t('funding.review.diff.changed')}</Tag>;
}

/** The changed fields of one line, one per row inside the cell: the side's values. */
function LineSide({ changes, side }: { changes: FieldChange[]; side: 'before' | 'after' }) {
  const { t } = useTranslation();
  return (
    <div>
      {changes.map((c) => (
        <div key={c.field}>
          <Typography.Text type="secondary">{t(`funding.review.diff.line.${c.field}`, { defaultValue: c.field })}：</Typography.Text>
          {show(c.field, c[side])}
        </div>
      ))}
    </div>
  );
}

type ListKind = 'budgetLines' | 'activities' | 'indicators';
type Content = TProposalVersion['content'];

/** The line's name in a version (a budget line's item, an activity's or indicator's name), to say which line changed. */
function lineName(content: Content | undefined, kind: ListKind, position: number | null): string {
  if (!content || position === null) return '';
  const line = content[kind][position - 1] as { item?: string; name?: string } | undefined;
  return line?.item ?? line?.name ?? '';
}

function LineTable(props: { title: string; kind: ListKind; lines: TLineChange[]; from: number; to: number; contents: Map<number, Content>; testid?: string }) {
  const { title, kind, lines, from, to, contents, testid } = props;
  const { t } = useTranslation();
  const which = (l: TLineChange) => {
    const name = l.afterPosition !== null ? lineName(contents.get(to), kind, l.afterPosition) : lineName(contents.get(from), kind, l.beforePosition);
    const pos = l.beforePosition !== null && l.afterPosition !== null && l.beforePosition !== l.afterPosition ? `${l.beforePosition} → ${l.afterPosition}` : String(l.afterPosition ?? l.beforePosition);
    return t('funding.review.diff.lineNo', { pos, name });
  };
  if (!lines.length) return null;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {title}
      </Typography.Title>
      <Table<TLineChange>
        rowKey={(l, i) => `${l.match}-${l.beforePosition}-${l.afterPosition}-${i}`}
        size="small"
        pagination={false}
        bordered
        dataSource={lines}
        rowClassName={(l) => LINE_CLASS[l.match]}
        scroll={{ x: 'max-content' }}
        data-testid={testid}
        columns={[
          {
            title: t('funding.review.diff.change'),
            key: 'kind',
            render: (_: unknown, l) => (
              <Space orientation="vertical" size={2}>
                {lineLabel(t, l)}
                <Typography.Text>{which(l)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('funding.review.optimisation.versionNo', { version: from }),
            key: 'before',
            render: (_: unknown, l) => (l.match === 'added' ? '—' : <LineSide changes={l.changes} side="before" />),
          },
          {
            title: t('funding.review.optimisation.versionNo', { version: to }),
            key: 'after',
            render: (_: unknown, l) => (l.match === 'removed' ? '—' : <LineSide changes={l.changes} side="after" />),
          },
        ]}
      />
    </>
  );
}

/** Two versions side by side: the fields that changed, then the budget lines, activities and indicators added, removed or changed. */
export function DiffView({ applicationId, versions, pair, onPair }: { applicationId: string; versions: TProposalVersion[]; pair: [number, number]; onPair: (p: [number, number]) => void }) {
  const { t } = useTranslation();
  const contents = new Map(versions.map((v) => [v.version, v.content]));
  const [from, to] = pair;
  const q = useQuery({
    queryKey: reviewKeys.diff(applicationId, from, to),
    queryFn: () => api.get('/funding/proposals/:applicationId/diff', { params: { applicationId }, query: { fromVersion: from, toVersion: to } }),
    enabled: from !== to,
  });
  const options = versions.map((v) => ({ value: v.version, label: t('funding.review.optimisation.versionNo', { version: v.version }) }));
  const d = q.data;
  const nothing = d && !d.fields.length && !d.budgetLines.length && !d.activities.length && !d.indicators.length;
  return (
    <div data-testid="proposal-diff">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={from} options={options} onChange={(v) => onPair([v, to])} style={{ width: 120 }} aria-label={t('funding.review.diff.from')} />
        <span>→</span>
        <Select value={to} options={options} onChange={(v) => onPair([from, v])} style={{ width: 120 }} aria-label={t('funding.review.diff.to')} />
      </Space>
      {from === to && <Alert type="info" showIcon title={t('funding.review.diff.same')} />}
      {q.error && <Alert type="error" showIcon title={q.error.message} />}
      {nothing && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funding.review.diff.none')} />}
      {d && d.fields.length > 0 && (
        <Table<FieldChange>
          rowKey="field"
          size="small"
          pagination={false}
          bordered
          dataSource={d.fields}
          rowClassName={() => 'diff-changed'}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('funding.review.diff.field'), dataIndex: 'field', width: 140, render: (f: string) => reviewLabel(t, 'proposalField', f) },
            {
              title: t('funding.review.optimisation.versionNo', { version: d.from }),
              key: 'before',
              render: (_: unknown, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{show(c.field, c.before)}</span>,
            },
            {
              title: t('funding.review.optimisation.versionNo', { version: d.to }),
              key: 'after',
              render: (_: unknown, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{show(c.field, c.after)}</span>,
            },
          ]}
        />
      )}
      {d && (
        <>
          <LineTable title={t('funding.review.proposal.budget')} kind="budgetLines" lines={d.budgetLines} from={d.from} to={d.to} contents={contents} testid="diff-budget" />
          <LineTable title={t('funding.review.proposal.activities')} kind="activities" lines={d.activities} from={d.from} to={d.to} contents={contents} />
          <LineTable title={t('funding.review.proposal.indicators')} kind="indicators" lines={d.indicators} from={d.from} to={d.to} contents={contents} />
        </>
      )}
    </div>
  );
}

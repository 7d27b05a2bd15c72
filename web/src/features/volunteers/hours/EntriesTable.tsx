import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { THourEntry } from '@shared/volunteers/hours';
import { PagedTable } from '../../../components/PagedTable';
import type { Pager } from '../../../components/usePager';
import { shiftsLabel } from '../shifts/labels';
import { chinaDateTime } from '../shifts/time';
import { hoursLabel, hoursText, STATE_COLOR } from './labels';
import type { useEntryActions } from './useEntryActions';

type Row = THourEntry & { children?: Row[] };

/**
 * Hang each reversal under the entry it cancels when both are on the page, so the correction reads
 * as one story: the approved entry, then its 更正 with the reason.
 */
function linked(entries: readonly THourEntry[]): Row[] {
  const byId = new Map<string, Row>(entries.map((e) => [e.id, { ...e }]));
  const top: Row[] = [];
  for (const e of entries) {
    const row = byId.get(e.id)!;
    const parent = e.reversesId ? byId.get(e.reversesId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else top.push(row);
  }
  return top;
}

/** An entry's state as a tag: a reversal row says it is the correction, an approved and reversed entry says 已更正. */
export function EntryState({ e }: { e: THourEntry }) {
  const { t } = useTranslation();
  if (e.kind === 'reversal') return <Tag color="purple">{t('volunteers.hours.reversalRow')}</Tag>;
  const state = e.state ?? 'pending';
  return <Tag color={STATE_COLOR[state]}>{hoursLabel(t, 'state', state)}</Tag>;
}

export function EntriesTable({
  entries,
  total,
  capped,
  pager,
  loading,
  empty,
  actions,
  showVolunteer = true,
  selection,
  testid,
}: {
  entries: readonly THourEntry[] | undefined;
  total: number | undefined;
  /** The server counted up to its cap: the total reads as "10000+". */
  capped?: boolean;
  pager: Pager;
  loading: boolean;
  empty: string;
  actions?: ReturnType<typeof useEntryActions>;
  showVolunteer?: boolean;
  selection?: TableProps<Row>['rowSelection'];
  testid: string;
}) {
  const { t } = useTranslation();
  const rows = entries ? linked(entries) : undefined;
  // Corrections show under their entry unless the user folds them away.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const expanded = (rows ?? []).filter((r) => r.children?.length && !folded.has(r.id)).map((r) => r.id);
  return (
    <PagedTable<Row>
      rows={rows}
      total={total}
      capped={capped}
      pager={pager}
      loading={loading}
      empty={empty}
      testid={testid}
      rowSelection={selection}
      expandable={{
        indentSize: 24,
        expandedRowKeys: expanded,
        onExpand: (open, r) =>
          setFolded((f) => {
            const next = new Set(f);
            if (open) next.delete(r.id);
            else next.add(r.id);
            return next;
          }),
      }}
      columns={[
        ...(showVolunteer
          ? [
              {
                title: t('volunteers.hours.col.volunteer'),
                key: 'volunteer',
                render: (_: unknown, e: Row) => (
                  <Space direction="vertical" size={0}>
                    <span>{e.volunteerName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.volunteerNumber}
                    </Typography.Text>
                  </Space>
                ),
              },
            ]
          : []),
        {
          title: t('volunteers.hours.col.activity'),
          key: 'activity',
          render: (_, e) => (
            <Space direction="vertical" size={0}>
              <span>{e.activityTitle ?? '—'}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {shiftsLabel(t, 'activityType', e.activityType)}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('volunteers.hours.col.period'),
          key: 'period',
          render: (_, e) => `${chinaDateTime(e.startsAt)} – ${chinaDateTime(e.endsAt).slice(11)}`,
        },
        {
          title: t('volunteers.hours.col.hours'),
          dataIndex: 'minutes',
          align: 'right',
          render: (m: number, e) => (e.kind === 'reversal' ? <Typography.Text type="danger">−{hoursText(Math.abs(m))}</Typography.Text> : hoursText(m)),
        },
        { title: t('volunteers.hours.col.kind'), dataIndex: 'kind', render: (k: string) => hoursLabel(t, 'kind', k) },
        { title: t('volunteers.hours.col.state'), key: 'state', render: (_, e) => <EntryState e={e} /> },
        {
          title: t('volunteers.hours.col.note'),
          key: 'note',
          render: (_, e) => {
            const lines = [
              e.reason && t(e.kind === 'reversal' ? 'volunteers.hours.note.reversal' : 'volunteers.hours.note.manual', { reason: e.reason, by: e.createdByName ?? '—' }),
              e.decision &&
                t(e.decision.decision === 'approved' ? 'volunteers.hours.note.approved' : 'volunteers.hours.note.rejected', {
                  by: e.decision.decidedByName ?? '—',
                  at: chinaDateTime(e.decision.decidedAt),
                  reason: e.decision.reason ?? '',
                }),
            ].filter(Boolean) as string[];
            return lines.length ? (
              <Space direction="vertical" size={0} style={{ maxWidth: 320 }}>
                {lines.map((l) => (
                  <Typography.Text key={l} style={{ fontSize: 12 }}>
                    {l}
                  </Typography.Text>
                ))}
              </Space>
            ) : (
              '—'
            );
          },
        },
        ...(actions
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                fixed: 'right' as const,
                render: (_: unknown, e: Row) => (
                  <Space size={4}>
                    {e.abilities.decide && (
                      <>
                        <Button size="small" type="primary" onClick={() => actions.approve(e)} data-testid="entry-approve">
                          {t('volunteers.hours.approve.button')}
                        </Button>
                        <Button size="small" danger onClick={() => actions.reject(e)} data-testid="entry-reject">
                          {t('volunteers.hours.reject.button')}
                        </Button>
                      </>
                    )}
                    {e.abilities.reverse && (
                      <Tooltip title={t('volunteers.hours.reverse.tip')}>
                        <Button size="small" onClick={() => actions.reverse(e)} data-testid="entry-reverse">
                          {t('volunteers.hours.reverse.button')}
                        </Button>
                      </Tooltip>
                    )}
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

import { AppstoreOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, InputNumber, Segmented, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { CALL_SORTS, type CallSort, type TCallListItem } from '@shared/funding/calls';
import { CALL_TYPES, PIPELINE_STEPS } from '@shared/funding/pipeline';
import { CALL_STATUSES } from '@shared/funding/states';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { usePager } from '../../../components/usePager';
import { formatFen } from '../shared/money';
import { CallFormDrawer } from './CallFormDrawer';
import { CALL_STATUS_COLOR, frontLabel, frontOptions } from './labels';
import { frontKeys } from './queries';
import { chinaDateTime } from './time';
import './front.css';

const BOARD_LIMIT = 100;

/** 项目征集 (staff): the pipeline as a board of calls by stage, or a list; new calls start here as drafts. */
export function CallsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { regionCode } = useRegion();
  // The dashboard's figures open this page as ?year=…&callType=…: the list those figures count.
  const [params] = useSearchParams();
  const asked = params.get('callType');
  const [view, setView] = useState<'board' | 'list'>(params.get('view') === 'board' || !params.size ? 'board' : 'list');
  const [year, setYear] = useState<number | null>(Number(params.get('year')) || null);
  const [callType, setCallType] = useState<(typeof CALL_TYPES)[number] | undefined>((CALL_TYPES as readonly string[]).includes(asked ?? '') ? (asked as (typeof CALL_TYPES)[number]) : undefined);
  const [status, setStatus] = useState<(typeof CALL_STATUSES)[number] | undefined>();
  const [sort, setSort] = useState<CallSort>('-deadline');
  const [creating, setCreating] = useState(false);
  const pager = usePager();
  const base = { region: regionCode, year: year ?? undefined, callType };
  const listFilters = { ...base, status, sort };
  const query = view === 'board' ? { ...base, page: 1, pageSize: BOARD_LIMIT } : { ...listFilters, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: frontKeys.calls(query), queryFn: () => api.get('/funding/calls', { query }), enabled: !!regionCode, placeholderData: (p) => p });
  const open = (id: string) => navigate(`/funding/calls/${id}`);
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.front.calls.title')}
        </Typography.Title>
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'board' | 'list')}
          options={[
            { value: 'board', icon: <AppstoreOutlined />, label: t('funding.front.calls.board') },
            { value: 'list', icon: <UnorderedListOutlined />, label: t('funding.front.calls.list') },
          ]}
          data-testid="calls-view"
        />
        <InputNumber
          placeholder={t('funding.front.calls.year')}
          min={2000}
          max={2100}
          value={year}
          onChange={(v) => {
            setYear(v);
            pager.setPage(1);
          }}
          style={{ width: 110 }}
        />
        <Select
          allowClear
          placeholder={t('funding.front.calls.callType')}
          value={callType}
          onChange={(v) => {
            setCallType(v);
            pager.setPage(1);
          }}
          options={frontOptions(t, 'callType', CALL_TYPES)}
          style={{ width: 160 }}
        />
        {view === 'list' && (
          <Select
            allowClear
            placeholder={t('funding.front.calls.status')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              pager.setPage(1);
            }}
            options={frontOptions(t, 'callStatus', CALL_STATUSES)}
            style={{ width: 120 }}
          />
        )}
        {view === 'list' && (
          <Select<CallSort>
            value={sort}
            onChange={(v) => {
              setSort(v);
              pager.setPage(1);
            }}
            options={CALL_SORTS.map((s) => ({ value: s, label: t(`funding.front.calls.sort.${s}`) }))}
            style={{ width: 200 }}
            data-testid="calls-sort"
          />
        )}
        <ExportButton path="/funding/calls/export" request={{ query: view === 'board' ? base : listFilters }} fallbackName="calls.xlsx" testid="calls-export" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="call-create">
          {t('funding.front.calls.create')}
        </Button>
      </div>
      {q.isError && <Alert type="error" showIcon title={(q.error as Error).message} />}
      {view === 'board' ? (
        <CallBoard calls={q.data?.items} total={q.data?.total ?? 0} loading={q.isFetching} onOpen={open} onCreate={() => setCreating(true)} />
      ) : (
        <PagedTable<TCallListItem>
          loading={q.isFetching}
          rows={q.data?.items}
          total={q.data?.total}
          pager={pager}
          empty={t('funding.front.calls.empty')}
          onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('funding.front.calls.callTitle'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
            { title: t('funding.front.calls.year'), dataIndex: 'year' },
            { title: t('funding.front.calls.callType'), dataIndex: 'callType', render: (v: string) => frontLabel(t, 'callType', v) },
            { title: t('funding.front.calls.status'), dataIndex: 'status', render: (v: string) => <Tag color={CALL_STATUS_COLOR[v]}>{frontLabel(t, 'callStatus', v)}</Tag> },
            { title: t('funding.front.calls.step'), dataIndex: 'step', render: (v: string, r) => (r.status === 'published' ? frontLabel(t, 'step', v) : '—') },
            { title: t('funding.front.calls.budget'), dataIndex: 'budgetFen', align: 'right', render: formatFen },
            { title: t('funding.front.calls.deadline'), dataIndex: 'deadline', render: chinaDateTime },
            { title: t('funding.front.calls.region'), dataIndex: 'regionName' },
          ]}
          testid="calls-table"
        />
      )}
      <CallFormDrawer open={creating} onClose={(id) => (setCreating(false), id && open(id))} />
    </Card>
  );
}

/** Columns: drafts, each step of the pipeline, then finished calls; a call sits in its current step's column. */
function CallBoard({ calls, total, loading, onOpen, onCreate }: { calls: TCallListItem[] | undefined; total: number; loading: boolean; onOpen: (id: string) => void; onCreate: () => void }) {
  const { t } = useTranslation();
  if (!calls) return null;
  if (calls.length === 0 && !loading)
    return (
      <Empty description={t('funding.front.calls.emptyBoard')}>
        <Button type="primary" onClick={onCreate}>
          {t('funding.front.calls.create')}
        </Button>
      </Empty>
    );
  const columns: { key: string; label: string; calls: TCallListItem[] }[] = [
    { key: 'draft', label: frontLabel(t, 'callStatus', 'draft'), calls: calls.filter((c) => c.status === 'draft') },
    ...PIPELINE_STEPS.map((s) => ({ key: s, label: frontLabel(t, 'step', s), calls: calls.filter((c) => c.status === 'published' && c.step === s) })),
    { key: 'done', label: t('funding.front.calls.finished'), calls: calls.filter((c) => c.status === 'completed' || c.status === 'cancelled') },
  ];
  return (
    <>
      {total > calls.length && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('funding.front.calls.boardLimited', { shown: calls.length, total })} />}
      <div className="funding-board" data-testid="calls-board">
        {columns.map((col) => (
          <div key={col.key} className="funding-board-column" data-testid={`board-${col.key}`}>
            <div className="funding-board-head">
              <Typography.Text strong>{col.label}</Typography.Text> <Tag bordered={false}>{col.calls.length}</Tag>
            </div>
            {col.calls.map((c) => (
              <Card key={c.id} size="small" hoverable className="funding-board-card" onClick={() => onOpen(c.id)} data-testid="call-card">
                <Typography.Text strong>{c.title}</Typography.Text>
                <div>
                  <Tag bordered={false}>{frontLabel(t, 'callType', c.callType)}</Tag>
                  <Tag bordered={false}>{c.year}</Tag>
                  {c.status === 'cancelled' && <Tag color="red">{frontLabel(t, 'callStatus', 'cancelled')}</Tag>}
                  {c.open && <Tag color="green">{t('funding.front.calls.open')}</Tag>}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatFen(c.budgetFen)} · {t('funding.front.calls.deadlineShort', { at: chinaDateTime(c.deadline) })}
                </Typography.Text>
              </Card>
            ))}
          </div>
        ))}
      </div>
    </>
  );
}

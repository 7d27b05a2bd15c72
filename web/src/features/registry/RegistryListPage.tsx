import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Grid, Input, Rate, Select, Space, Table, Tag, Typography } from 'antd';
import type { PaginationProps, TableProps } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DEV_STAGES, LEGAL_FORMS, ORG_STATUSES } from '@shared/registry';
import { api, type Query } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import type { TOrganizationListItem as OrgListItem } from '@shared/registry/organizations';
import { useAuth } from '../../app/auth';
import { overRegion } from './reach';
import { useRegion } from '../../app/region';
import { useLocale } from '../../app/locale';
import { categoryName, enumLabel, enumOptions, formatDate } from '../../lib/labels';
import { useCategories } from './queries';
import { ImportDialog } from './ImportDialog';
import { OrgCardList } from './OrgCardList';
import { OrgFormDrawer } from './OrgFormDrawer';
import { StatusTag } from './StatusTag';
import { tableEmpty } from '../../components/TableEmpty';
import { RegistryColumnPicker, useRegistryColumns, type RegistryColumn } from './RegistryColumnPicker';

const FILTERS = ['q', 'legalForm', 'categoryId', 'status', 'stage', 'kind', 'sort', 'order', 'page', 'pageSize'] as const;

/** The orders a phone offers: the table's sortable columns, each in its more useful direction. */
const PHONE_SORTS = [
  ['updatedAt', 'desc', 'common.updatedAt'],
  ['name', 'asc', 'org.name'],
  ['foundedOn', 'desc', 'org.foundedOn'],
  ['memberCount', 'desc', 'org.memberCount'],
] as const;

export function RegistryListPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { can, me } = useAuth();
  const shown = useRegistryColumns(me?.id ?? '');
  const { regionCode } = useRegion();
  const [params, setParams] = useSearchParams();
  const [qInput, setQInput] = useState(params.get('q') ?? '');
  const [importOpen, setImportOpen] = useState(false);
  const [createOpen, setCreateOpen] = useState(false);
  const categories = useCategories();
  // Unknown until the first layout effect. The list waits for it, so that a phone's first request
  // already asks for the leaders' phones its cards show, instead of fetching the page twice.
  const screens = Grid.useBreakpoint();
  const layoutKnown = screens.md !== undefined;
  const phone = screens.md === false;

  const filters = useMemo(() => {
    const f: Query = {};
    for (const k of FILTERS) f[k] = params.get(k) ?? undefined;
    f.page = Number(params.get('page') ?? 1);
    f.pageSize = Number(params.get('pageSize') ?? 20);
    return f;
  }, [params]);

  // The leader's phone (masked) only where it is shown: a phone's cards, or the column picked.
  const withLeaderPhone = phone || shown.visible.includes('leaderPhone');
  const query: Query = { ...filters, regionCode, include: withLeaderPhone ? 'leaderPhone' : undefined };
  const list = useQuery({
    queryKey: ['registry', 'organizations', query],
    queryFn: () => api.get('/registry/organizations', { query }),
    enabled: !!regionCode && layoutKnown,
    placeholderData: (prev) => prev,
  });

  const update = (patch: Query, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };

  const onTableChange: TableProps<OrgListItem>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? String(s.field ?? s.columnKey) : undefined;
    const order = s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined;
    update({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20, sort, order }, false);
  };

  const pagination: PaginationProps = {
    current: Number(filters.page),
    pageSize: Number(filters.pageSize),
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    showTotal: (n) => (list.data?.totalCapped ? t('common.totalCapped', { count: n }) : t('common.total', { count: n })),
  };

  const onCardPage = (page: number, pageSize: number) => {
    update({ page, pageSize }, false);
    // The pager sits under a long column of cards; start the new page at its top.
    window.scrollTo({ top: 0 });
  };

  const sortOrderOf = (field: string) =>
    filters.sort === field ? (filters.order === 'asc' ? 'ascend' : 'descend') : null;


  const allColumns: NonNullable<TableProps<OrgListItem>['columns']> = [
    {
      title: t('org.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf('name'),
      fixed: 'left',
      width: 240,
      ellipsis: true,
      render: (v: string, r) => <Link to={`/registry/${r.id}`}>{v}</Link>,
    },
    { title: t('org.legalForm'), dataIndex: 'legalForm', key: 'legalForm', render: (v: string) => enumLabel(t, 'legalForm', v) },
    { title: t('org.region'), dataIndex: 'regionName', key: 'region', ellipsis: true },
    { title: t('org.category'), dataIndex: 'categoryName', key: 'category', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('org.status'), dataIndex: 'status', key: 'status', render: (v: string) => <StatusTag status={v} /> },
    { title: t('org.stage'), dataIndex: 'stage', key: 'stage', render: (v: string | null) => enumLabel(t, 'stage', v) },
    {
      title: t('org.gradeOrStars'),
      key: 'grade',
      render: (_: unknown, r) =>
        r.grade ? (
          // An expired grade no longer counts: shown greyed with its state, never as a current grade.
          r.gradeExpired ? (
            <span data-testid="grade-expired-tag" title={t('standing.grade.expiredOn', { date: formatDate(r.gradeValidUntil) })}>
              <Tag>{r.grade}</Tag>
              <Tag color="red">{t('standing.grade.expired')}</Tag>
            </span>
          ) : (
            <Tag color="gold">{r.grade}</Tag>
          )
        ) : r.starRating ? (
          <Rate disabled count={5} value={r.starRating} style={{ fontSize: 12 }} />
        ) : (
          '—'
        ),
    },
    { title: t('org.memberCount'), dataIndex: 'memberCount', key: 'memberCount', align: 'right', sorter: true, sortOrder: sortOrderOf('memberCount') },
    { title: t('org.leaderName'), dataIndex: 'leaderName', key: 'leaderName', render: (v: string | null) => v ?? '—' },
    { title: t('org.leaderPhone'), dataIndex: 'leaderPhone', key: 'leaderPhone', render: (v: string | null) => v ?? '—' },
    { title: t('org.filingNumber'), dataIndex: 'filingNumber', key: 'filingNumber', render: (v: string | null) => v ?? '—' },
    { title: t('org.foundedOn'), dataIndex: 'foundedOn', key: 'foundedOn', sorter: true, sortOrder: sortOrderOf('foundedOn'), render: formatDate },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', sorter: true, sortOrder: sortOrderOf('updatedAt'), render: formatDate },
  ];

  const columnTitle = (c: RegistryColumn) => String(allColumns.find((col) => col.key === c)?.title ?? c);
  const columns = allColumns.filter((col) => shown.visible.includes(col.key as RegistryColumn));

  const str = (k: string) => (params.get(k) ?? undefined) as string | undefined;
  const { page: _page, pageSize: _pageSize, ...exportQuery } = query;

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('registry.title')}
        </Typography.Title>
        <Space wrap>
          {overRegion('registry.write')(me) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreateOpen(true)} data-testid="create-org">
              {t('registry.create')}
            </Button>
          )}
          {can('registry.import') && (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-open">
              {t('registry.import')}
            </Button>
          )}
          <ExportButton path="/registry/organizations/export" request={{ query: exportQuery }} fallbackName="organizations.xlsx" />
          {!phone && <RegistryColumnPicker visible={shown.visible} onChange={shown.choose} onReset={shown.reset} labelOf={columnTitle} />}
        </Space>
      </div>
      <div className="page-toolbar">
        <Input.Search
          allowClear
          placeholder={t('registry.searchPlaceholder')}
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          style={phone ? { flexBasis: '100%' } : { width: 240 }}
          data-testid="registry-search"
        />
        <Select
          allowClear
          placeholder={t('registry.kind')}
          value={str('kind')}
          onChange={(v) => update({ kind: v })}
          options={[
            { value: 'org', label: t('registry.kindOrg') },
            { value: 'team', label: t('registry.kindTeam') },
          ]}
          style={{ width: 130 }}
        />
        <Select
          allowClear
          placeholder={t('org.legalForm')}
          value={str('legalForm')}
          onChange={(v) => update({ legalForm: v })}
          options={enumOptions(t, 'legalForm', LEGAL_FORMS)}
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
        />
        <Select
          allowClear
          placeholder={t('org.category')}
          value={str('categoryId')}
          onChange={(v) => update({ categoryId: v })}
          options={(categories.data ?? []).map((c) => ({ value: String(c.id), label: categoryName(c, locale) }))}
          style={{ width: 150 }}
          popupMatchSelectWidth={false}
          data-testid="registry-category-filter"
        />
        <Select
          allowClear
          placeholder={t('org.status')}
          value={str('status')}
          onChange={(v) => update({ status: v })}
          options={enumOptions(t, 'status', ORG_STATUSES)}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          placeholder={t('org.stage')}
          value={str('stage')}
          onChange={(v) => update({ stage: v })}
          options={enumOptions(t, 'stage', DEV_STAGES)}
          style={{ width: 120 }}
        />
        {phone && (
          // Cards have no column headers to click, so phones choose the order here.
          <Select
            // An order set from the desktop table may have no entry here: show the placeholder then.
            value={PHONE_SORTS.some(([sort, order]) => sort === (str('sort') ?? 'updatedAt') && order === (str('order') ?? 'desc')) ? `${str('sort') ?? 'updatedAt'}:${str('order') ?? 'desc'}` : undefined}
            placeholder={t('registry.sortBy')}
            onChange={(v: string) => {
              const [sort, order] = v.split(':');
              update({ sort, order });
            }}
            options={PHONE_SORTS.map(([sort, order, key]) => ({ value: `${sort}:${order}`, label: `${t('registry.sortBy')}：${t(key)} ${order === 'asc' ? '↑' : '↓'}` }))}
            style={{ width: 120 }}
            popupMatchSelectWidth={false}
            data-testid="registry-sort"
          />
        )}
      </div>
      {phone ? (
        <OrgCardList
          items={list.data?.items ?? []}
          loading={list.isFetching}
          initialLoad={list.isLoading}
          pagination={{ ...pagination, size: 'small', onChange: onCardPage }}
        />
      ) : (
        <Table<OrgListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: tableEmpty(t('registry.noResults'), list.isLoading) }}
          pagination={pagination}
          data-testid="registry-table"
        />
      )}
      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} />
      <OrgFormDrawer open={createOpen} onClose={() => setCreateOpen(false)} />
    </Card>
  );
}

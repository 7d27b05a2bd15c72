import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { NEED_SORTS, type TNeed } from '@shared/funding/needs';
import { NEED_SOURCES, NEED_STATUSES } from '@shared/funding/states';
import { api } from '../../../api/client';
import { useRegion } from '../../../app/region';
import { ExportButton } from '../../../components/ExportButton';
import { PagedTable } from '../../../components/PagedTable';
import { RegionPicker } from '../../../components/RegionPicker';
import { usePager } from '../../../components/usePager';
import { formatDateTime } from '../../../lib/labels';
import { frontLabel, frontOptions, NEED_STATUS_COLOR } from './labels';
import { NeedDrawer } from './NeedDrawer';
import { NeedSubmitModal } from './NeedSubmitModal';
import { frontKeys } from './queries';
import { TopicCreateModal, TopicsPanel } from './TopicsPanel';

/** 需求池 (F1, staff): the region's needs, searched and filtered; merge, close, gather into topics. */
export function NeedsPoolPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { regionCode } = useRegion();
  const [tab, setTab] = useState('needs');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<(typeof NEED_STATUSES)[number] | undefined>('open');
  const [source, setSource] = useState<(typeof NEED_SOURCES)[number] | undefined>();
  const [region, setRegion] = useState<string | undefined>();
  const [sort, setSort] = useState<(typeof NEED_SORTS)[number]>('-createdAt');
  const [selected, setSelected] = useState<TNeed[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [creatingTopic, setCreatingTopic] = useState(false);
  const pager = usePager();
  const filters = { region: region ?? regionCode, q: q.trim() || undefined, status, source, sort };
  const query = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({
    queryKey: frontKeys.needs(query),
    queryFn: () => api.get('/funding/needs', { query }),
    enabled: !!regionCode,
    placeholderData: (p) => p,
  });
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    pager.setPage(1);
  };
  const filtered = !!(filters.q || source || region);

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('funding.front.needs.pool')}
        </Typography.Title>
        <Button icon={<PlusOutlined />} onClick={() => setSubmitting(true)} data-testid="need-submit">
          {t('funding.front.needs.submit')}
        </Button>
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'needs',
            label: t('funding.front.needs.tab'),
            children: (
              <>
                <div className="page-toolbar">
                  <Input.Search
                    allowClear
                    placeholder={t('funding.front.needs.search')}
                    onSearch={filter(setQ)}
                    style={{ width: 220 }}
                    data-testid="needs-search"
                  />
                  <Select allowClear placeholder={t('funding.front.needs.status')} value={status} onChange={filter(setStatus)} options={frontOptions(t, 'needStatus', NEED_STATUSES)} style={{ width: 130 }} />
                  <Select allowClear placeholder={t('funding.front.needs.source')} value={source} onChange={filter(setSource)} options={frontOptions(t, 'needSource', NEED_SOURCES)} style={{ width: 130 }} />
                  <RegionPicker allowClear value={region} onChange={filter(setRegion)} placeholder={t('funding.front.needs.region')} style={{ width: 180 }} />
                  <Select
                    value={sort}
                    onChange={filter(setSort)}
                    options={NEED_SORTS.map((s) => ({ value: s, label: t(`funding.front.needs.sort.${s}`) }))}
                    style={{ width: 140 }}
                  />
                  <ExportButton path="/funding/needs/export" request={{ query: filters }} fallbackName="needs.xlsx" testid="needs-export" />
                  <Button type="primary" disabled={selected.length === 0} onClick={() => setCreatingTopic(true)} data-testid="topic-create">
                    {selected.length ? t('funding.front.topics.createFrom', { count: selected.length }) : t('funding.front.topics.pickFirst')}
                  </Button>
                </div>
                <PagedTable<TNeed>
                  loading={list.isFetching}
                  rows={list.data?.items}
                  total={list.data?.total}
                  pager={pager}
                  empty={filtered || status !== 'open' ? t('funding.front.needs.emptyFiltered') : t('funding.front.needs.empty')}
                  onRow={(r) => ({ onClick: () => navigate(`/funding/needs/${r.id}`), style: { cursor: 'pointer' } })}
                  rowSelection={{
                    selectedRowKeys: selected.map((n) => n.id),
                    onChange: (_keys, rows) => setSelected(rows),
                    getCheckboxProps: (r) => ({ disabled: r.status === 'merged' || r.status === 'closed' }),
                    preserveSelectedRowKeys: true,
                  }}
                  columns={[
                    { title: t('funding.front.needs.title'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
                    {
                      title: t('funding.front.needs.source'),
                      dataIndex: 'source',
                      render: (v: string, r) => `${frontLabel(t, 'needSource', v)}${r.sourceName ? ` · ${r.sourceName}` : ''}`,
                    },
                    { title: t('funding.front.needs.region'), dataIndex: 'regionName' },
                    { title: t('funding.front.needs.status'), dataIndex: 'status', render: (v: string) => <Tag color={NEED_STATUS_COLOR[v]}>{frontLabel(t, 'needStatus', v)}</Tag> },
                    { title: t('funding.front.needs.topic'), dataIndex: ['topic', 'title'], render: (v?: string) => v ?? '—' },
                    { title: t('funding.front.needs.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
                  ]}
                  testid="needs-table"
                />
              </>
            ),
          },
          { key: 'topics', label: t('funding.front.topics.tab'), children: <TopicsPanel region={region ?? regionCode} /> },
        ]}
      />
      <NeedDrawer id={id} onClose={() => navigate('/funding/needs')} />
      <NeedSubmitModal open={submitting} onClose={() => setSubmitting(false)} />
      <TopicCreateModal
        open={creatingTopic}
        needs={selected}
        onClose={(created) => {
          setCreatingTopic(false);
          if (created) {
            setSelected([]);
            setTab('topics');
          }
        }}
      />
    </Card>
  );
}

import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '@shared/dates';
import { LEDGER_FUND_KINDS, type LedgerFundKind } from '@shared/ledger/enums';
import type { TFund, TJournal } from '@shared/ledger/schemas';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useRegion } from '../../app/region';
import { ExportButton } from '../../components/ExportButton';
import { PagedTable } from '../../components/PagedTable';
import { RegionPicker } from '../../components/RegionPicker';
import { useApiError } from '../../components/useApiError';
import { usePager } from '../../components/usePager';
import { formatDateTime } from '../../lib/labels';
import { fenOf, yuan } from './money';

export function FundsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { regionCode } = useRegion();
  const pager = usePager();
  const [opened, setOpened] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const query = { regionCode, page: pager.page, pageSize: pager.pageSize };
  const q = useQuery({ queryKey: ['ledger', 'funds', query], queryFn: () => api.get('/ledger/funds', { query }), enabled: !!regionCode, placeholderData: (p) => p });

  const columns = [
    { title: t('ledger.fund'), dataIndex: 'name', key: 'name', render: (name: string, f: TFund) => <Button type="link" style={{ padding: 0 }} onClick={() => setOpened(f.id)}>{name}</Button> },
    { title: t('ledger.region'), key: 'region', render: (_: unknown, f: TFund) => f.regionName ?? f.regionCode },
    { title: t('ledger.year'), dataIndex: 'year', key: 'year', width: 80 },
    { title: t('ledger.kind'), key: 'kind', render: (_: unknown, f: TFund) => <Tag>{t(`ledger.kinds.${f.kind}`)}</Tag> },
    ...(['budgetFen', 'committedFen', 'paidFen', 'availableFen'] as const).map((k) => ({
      title: t(`ledger.${k}`),
      key: k,
      align: 'right' as const,
      render: (_: unknown, f: TFund) => yuan(f[k]),
    })),
  ];

  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('ledger.title')}
        </Typography.Title>
        {can('ledger.fund.open') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="fund-open">
            {t('ledger.open')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('ledger.explain')}</Typography.Paragraph>
      <PagedTable<TFund> rows={q.data?.items} total={q.data?.total} pager={pager} loading={q.isLoading} empty={t('ledger.empty')} columns={columns} size="small" testid="funds-table" />
      {opened && <FundDrawer id={opened} onClose={() => setOpened(null)} />}
      {creating && <OpenFundModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

function FundDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['ledger', 'fund', id], queryFn: () => api.get('/ledger/funds/:id', { params: { id } }) });
  const f = q.data;
  const journalColumns = [
    { title: t('ledger.at'), key: 'at', width: 150, render: (_: unknown, j: TJournal) => formatDateTime(j.at) },
    { title: t('ledger.reason'), key: 'reason', render: (_: unknown, j: TJournal) => (j.reversesJournalId ? <Space><Tag color="orange">{t('ledger.reversal')}</Tag>{j.reason}</Space> : j.reason) },
    {
      title: t('ledger.lines'),
      key: 'lines',
      render: (_: unknown, j: TJournal) => (
        <Space direction="vertical" size={0}>
          {j.lines.map((l, i) => (
            <span key={i}>
              {t(`ledger.roles.${l.role}`)}：{yuan(l.amountFen)}
            </span>
          ))}
        </Space>
      ),
    },
    { title: t('ledger.actor'), dataIndex: 'actorName', key: 'actor', width: 120 },
  ];
  return (
    <Drawer open width={760} title={f?.name ?? t('ledger.fund')} onClose={onClose} destroyOnHidden extra={f && <ExportButton path="/ledger/funds/:id/journal.xlsx" request={{ params: { id } }} fallbackName="journal.xlsx" testid="fund-export" />}>
      {f && (
        <>
          <Space wrap size="large" style={{ marginBottom: 16 }} data-testid="fund-figures">
            {(['budgetFen', 'committedFen', 'paidFen', 'availableFen'] as const).map((k) => (
              <Statistic key={k} title={t(`ledger.${k}`)} value={yuan(f[k])} suffix={t('ledger.yuan')} />
            ))}
          </Space>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('ledger.region')}>{f.regionName ?? f.regionCode}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.year')}>{f.year}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.kind')}>{t(`ledger.kinds.${f.kind}`)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('ledger.journals')}</Typography.Title>
          <Table<TJournal> rowKey="id" size="small" dataSource={f.journals} columns={journalColumns} pagination={false} scroll={{ x: 'max-content' }} />
        </>
      )}
    </Drawer>
  );
}

function OpenFundModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { regionCode } = useRegion();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    let v: { regionCode: string; year: number; kind: LedgerFundKind; name: string; amount: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.post('/ledger/funds', { body: { regionCode: v.regionCode, year: v.year, kind: v.kind, name: v.name.trim(), appropriationFen: fenOf(v.amount)! } });
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: ['ledger'] });
      onClose();
    } catch (e) {
      // The server names appropriationFen; the form's field is the amount in yuan.
      const err = showError(e);
      if (err) form.setFields(err.fields.map((f) => ({ name: f.field === 'appropriationFen' ? 'amount' : f.field, errors: [f.message] })));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('ledger.open')} onCancel={onClose} onOk={save} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ regionCode, year: Number(todayInChina().slice(0, 4)), kind: 'special_fund' }}>
        <Form.Item name="regionCode" label={t('ledger.region')} rules={[{ required: true, message: t('common.required') }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="year" label={t('ledger.year')} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="kind" label={t('ledger.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={LEDGER_FUND_KINDS.map((k) => ({ value: k, label: t(`ledger.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('ledger.fund')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={100} placeholder={t('ledger.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('ledger.appropriation')}
          rules={[
            { required: true, message: t('common.required') },
            { validator: (_, v: string) => (!v || (fenOf(v) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('ledger.amountFormat')))) },
          ]}
        >
          <Input inputMode="decimal" suffix={t('ledger.yuan')} placeholder="1500000.00" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

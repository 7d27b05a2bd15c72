import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Select, Tabs, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { HOUR_ENTRY_STATES, type THourEntry, type THourEntryListQuery } from '@shared/volunteers/hours';
import { HOUR_ENTRY_KINDS } from '@shared/volunteers/states';
import { api } from '../../../api/client';
import { ExportButton } from '../../../components/ExportButton';
import { usePager } from '../../../components/usePager';
import { EntriesTable } from './EntriesTable';
import { hoursOptions, hoursText } from './labels';
import { ActivitySelect, VolunteerSelect } from './pickers';
import { hoursKeys } from './queries';
import { useEntryActions } from './useEntryActions';
import { VolunteerSummary } from './VolunteerSummary';

/**
 * 时长审核 (staff, an organisation): the entries waiting for its decision on the activities it owns,
 * the ledger of every entry in reach (one volunteer's, with totals, star and honours), manual entry.
 */
export function HoursPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tab = pathname.endsWith('/ledger') ? 'ledger' : 'pending';
  const actions = useEntryActions();
  return (
    <Card>
      <div className="page-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }} className="grow">
          {t('volunteers.hours.page.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => actions.enterManual()} data-testid="manual-open">
          {t('volunteers.hours.manual.button')}
        </Button>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(k === 'ledger' ? '/volunteers/hours/ledger' : '/volunteers/hours/pending')}
        items={[
          { key: 'pending', label: t('volunteers.hours.page.pending'), children: <PendingTab actions={actions} /> },
          { key: 'ledger', label: t('volunteers.hours.page.ledger'), children: <LedgerTab actions={actions} /> },
        ]}
      />
      {actions.modals}
    </Card>
  );
}

type Actions = ReturnType<typeof useEntryActions>;

function PendingTab({ actions }: { actions: Actions }) {
  const { t } = useTranslation();
  const pager = usePager();
  const [activityId, setActivityId] = useState<string>();
  const [selected, setSelected] = useState<THourEntry[]>([]);
  const query = { activityId, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({ queryKey: hoursKeys.pending(query), queryFn: () => api.get('/volunteers/hours/pending', { query }), placeholderData: (p) => p });
  const decidable = selected.filter((e) => e.abilities.decide);
  return (
    <>
      <Alert type="info" showIcon title={t('volunteers.hours.pendingHint')} style={{ marginBottom: 12 }} />
      <div className="page-toolbar">
        <ActivitySelect
          allowClear
          testid="pending-activity"
          value={activityId}
          onChange={(v) => {
            setActivityId(v);
            pager.setPage(1);
          }}
          style={{ width: 280 }}
        />
        <span className="grow" />
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={!decidable.length}
          onClick={() => actions.approveMany(decidable, () => setSelected([]))}
          data-testid="batch-approve"
        >
          {decidable.length
            ? t('volunteers.hours.batch.button', { count: decidable.length, hours: hoursText(decidable.reduce((a, e) => a + e.minutes, 0)) })
            : t('volunteers.hours.batch.none')}
        </Button>
      </div>
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} />}
      <EntriesTable
        entries={list.data?.items}
        total={list.data?.total}
        capped={list.data?.totalCapped}
        pager={pager}
        loading={list.isFetching}
        empty={t(activityId ? 'volunteers.hours.pendingEmptyFiltered' : 'volunteers.hours.pendingEmpty')}
        actions={actions}
        testid="pending-table"
        selection={{
          selectedRowKeys: selected.map((e) => e.id),
          onChange: (_, rows) => setSelected(rows),
          getCheckboxProps: (e) => ({ disabled: !e.abilities.decide }),
        }}
      />
    </>
  );
}

function LedgerTab({ actions }: { actions: Actions }) {
  const { t } = useTranslation();
  const pager = usePager();
  const [params, setParams] = useSearchParams();
  const volunteerId = params.get('volunteer') ?? undefined;
  const [activityId, setActivityId] = useState<string>();
  const [state, setState] = useState<THourEntryListQuery['state']>();
  const [kind, setKind] = useState<THourEntryListQuery['kind']>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filters = {
    volunteerId,
    activityId,
    state,
    kind,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  };
  const query = { ...filters, page: pager.page, pageSize: pager.pageSize };
  const list = useQuery({ queryKey: hoursKeys.entries(query), queryFn: () => api.get('/volunteers/hours', { query }), placeholderData: (p) => p });
  const reset = <V,>(set: (v: V) => void) => (v: V) => {
    set(v);
    pager.setPage(1);
  };
  const pickVolunteer = (v: string | undefined) => {
    setParams(v ? { volunteer: v } : {}, { replace: true });
    pager.setPage(1);
  };
  const narrowed = !!(activityId || state || kind || range);
  // Opened from a link (?volunteer=…): the picker has not searched yet, so it names the volunteer from the totals.
  const totals = useQuery({ queryKey: hoursKeys.totals(volunteerId), queryFn: () => api.get('/volunteers/:id/totals', { params: { id: volunteerId! } }), enabled: !!volunteerId });
  const volunteerLabel = totals.data && `${totals.data.volunteerName} · ${totals.data.volunteerNumber}`;
  return (
    <>
      <div className="page-toolbar">
        <VolunteerSelect allowClear value={volunteerId} onChange={pickVolunteer} initialLabel={volunteerLabel || undefined} style={{ width: 230 }} testid="ledger-volunteer" />
        <ActivitySelect allowClear value={activityId} onChange={reset(setActivityId)} style={{ width: 200 }} />
        <Select allowClear placeholder={t('volunteers.hours.col.state')} value={state} onChange={reset(setState)} options={hoursOptions(t, 'state', HOUR_ENTRY_STATES)} style={{ width: 100 }} />
        <Select allowClear placeholder={t('volunteers.hours.col.kind')} value={kind} onChange={reset(setKind)} options={hoursOptions(t, 'kind', HOUR_ENTRY_KINDS)} style={{ width: 110 }} />
        <DatePicker.RangePicker
          value={range}
          onChange={reset(setRange)}
          allowEmpty={[true, true]}
          placeholder={[t('volunteers.hours.from'), t('volunteers.hours.to')]}
          style={{ width: 230 }}
        />
        <ExportButton path="/volunteers/hours/export" request={{ query: filters }} fallbackName="volunteer-hours.xlsx" testid="hours-export" />
      </div>
      {volunteerId ? (
        <VolunteerSummary volunteerId={volunteerId} />
      ) : (
        <Alert type="info" showIcon title={t('volunteers.hours.ledgerHint')} style={{ marginBottom: 12 }} />
      )}
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} />}
      <EntriesTable
        entries={list.data?.items}
        total={list.data?.total}
        capped={list.data?.totalCapped}
        pager={pager}
        loading={list.isFetching}
        empty={t(narrowed || volunteerId ? 'volunteers.hours.ledgerEmptyFiltered' : 'volunteers.hours.ledgerEmpty')}
        actions={actions}
        showVolunteer={!volunteerId}
        testid="ledger-table"
      />
    </>
  );
}

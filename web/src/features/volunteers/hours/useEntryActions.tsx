import { App, Alert, Form, Input, type ButtonProps } from 'antd';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { THourEntry } from '@shared/volunteers/hours';
import { api } from '../../../api/client';
import { FormModal, useFormSubmit } from '../../../components/FormModal';
import { useApiError } from '../../../components/useApiError';
import { chinaDateTime } from '../shifts/time';
import { hoursText } from './labels';
import { ManualEntryModal, type ManualEntryPrefill } from './ManualEntryModal';
import { useHoursRefresh } from './queries';

/** "张三 · 社区助老 · 2026-11-01 09:00 – 11:00 · 2 小时": an entry in one line, for the confirmations. */
export function entryLine(t: TFunction, e: THourEntry) {
  return t('volunteers.hours.entryLine', {
    name: e.volunteerName,
    activity: e.activityTitle ?? '—',
    from: chinaDateTime(e.startsAt),
    to: chinaDateTime(e.endsAt).slice(11),
    hours: hoursText(e.minutes),
  });
}

/**
 * The owner's decisions on entries: approve (confirmed first: a decision is made once), reject with
 * a reason, approve many at once, and 更正 — reverse an approved entry with a reason (it cannot be
 * undone), then, if the period was wrong rather than the service, record the right one.
 */
export function useEntryActions(onDone?: () => void) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const refresh = useHoursRefresh();
  const [rejecting, setRejecting] = useState<THourEntry | null>(null);
  const [reversing, setReversing] = useState<THourEntry | null>(null);
  const [manual, setManual] = useState<ManualEntryPrefill | null | undefined>(undefined);

  const done = () => {
    refresh();
    onDone?.();
  };

  const approve = (e: THourEntry) =>
    modal.confirm({
      title: t('volunteers.hours.approve.title'),
      content: (
        <>
          <p>{entryLine(t, e)}</p>
          <p>{t('volunteers.hours.approve.warning')}</p>
        </>
      ),
      okText: t('volunteers.hours.approve.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'approve-ok' } as ButtonProps,
      onOk: async () => {
        try {
          await api.post('/volunteers/hours/:id/decision', { params: { id: e.id }, body: { decision: 'approved' } });
          void message.success(t('volunteers.hours.approve.done'));
          done();
        } catch (err) {
          showError(err);
        }
      },
    });

  const approveMany = (entries: THourEntry[], cleared: () => void) =>
    modal.confirm({
      title: t('volunteers.hours.batch.title', { count: entries.length }),
      content: t('volunteers.hours.batch.warning', { count: entries.length, hours: hoursText(entries.reduce((a, e) => a + e.minutes, 0)) }),
      okText: t('volunteers.hours.batch.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'batch-ok' } as ButtonProps,
      onOk: async () => {
        let ok = 0;
        const failed: string[] = [];
        // One by one: each decision is its own write and may be refused on its own (decided meanwhile).
        for (const e of entries) {
          try {
            await api.post('/volunteers/hours/:id/decision', { params: { id: e.id }, body: { decision: 'approved' } });
            ok++;
          } catch (err) {
            failed.push(`${e.volunteerName}：${(err as Error).message}`);
          }
        }
        if (failed.length) {
          modal.warning({ title: t('volunteers.hours.batch.partial', { ok, failed: failed.length }), content: failed.map((f) => <div key={f}>{f}</div>) });
        } else void message.success(t('volunteers.hours.batch.done', { count: ok }));
        cleared();
        done();
      },
    });

  const afterReverse = (e: THourEntry) =>
    modal.confirm({
      title: t('volunteers.hours.reverse.doneTitle'),
      content: t('volunteers.hours.reverse.rerecord'),
      okText: t('volunteers.hours.reverse.rerecordOk'),
      cancelText: t('volunteers.hours.reverse.rerecordNo'),
      onOk: () =>
        setManual({ volunteerId: e.volunteerId, volunteerLabel: `${e.volunteerName} · ${e.volunteerNumber}`, activityId: e.activityId, activityLabel: e.activityTitle, shiftId: e.shiftId, startsAt: e.startsAt, endsAt: e.endsAt }),
    });

  const modals: ReactNode = (
    <>
      <ReasonFormModal
        entry={rejecting}
        title={t('volunteers.hours.reject.title')}
        warning={t('volunteers.hours.reject.warning')}
        okText={t('volunteers.hours.reject.ok')}
        success={t('volunteers.hours.reject.done')}
        onSend={(e, reason) => api.post('/volunteers/hours/:id/decision', { params: { id: e.id }, body: { decision: 'rejected', reason } })}
        onClose={(sent) => {
          setRejecting(null);
          if (sent) done();
        }}
      />
      <ReasonFormModal
        entry={reversing}
        title={t('volunteers.hours.reverse.title')}
        warning={t('volunteers.hours.reverse.warning')}
        okText={t('volunteers.hours.reverse.ok')}
        success={t('volunteers.hours.reverse.done')}
        danger
        onSend={(e, reason) => api.post('/volunteers/hours/:id/reverse', { params: { id: e.id }, body: { reason } })}
        onClose={(sent, e) => {
          setReversing(null);
          if (sent && e) {
            done();
            afterReverse(e);
          }
        }}
      />
      <ManualEntryModal open={manual !== undefined} prefill={manual} onClose={() => (setManual(undefined), done())} />
    </>
  );

  return { approve, approveMany, reject: setRejecting, reverse: setReversing, enterManual: (p?: ManualEntryPrefill) => setManual(p ?? null), modals };
}

function ReasonFormModal({
  entry,
  title,
  warning,
  okText,
  success,
  danger,
  onSend,
  onClose,
}: {
  entry: THourEntry | null;
  title: string;
  warning: string;
  okText: string;
  success: string;
  danger?: boolean;
  onSend: (e: THourEntry, reason: string) => Promise<unknown>;
  onClose: (sent: boolean, e?: THourEntry) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, submit } = useFormSubmit(form, { success, done: () => onClose(true, entry ?? undefined) });
  return (
    <FormModal title={title} open={!!entry} busy={busy} onOk={submit((v) => onSend(entry!, v.reason.trim()))} onCancel={() => onClose(false)} okText={okText} okTestId="hours-reason-ok">
      {entry && <p>{entryLine(t, entry)}</p>}
      <Alert type={danger ? 'error' : 'warning'} showIcon title={warning} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('volunteers.hours.reason')}
          rules={[{ required: true, whitespace: true, message: t('volunteers.hours.form.required', { field: t('volunteers.hours.reason') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="hours-reason-input" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Organization } from '../../api/types';
import { useLocale } from '../../app/locale';
import { useApiError } from '../../components/useApiError';
import { categoryName } from '../../lib/labels';
import { useCategories } from './queries';

export type FilingAction = 'submit' | 'change' | 'deregister';

const CHANGEABLE = ['name', 'activityContent', 'venue', 'leaderName', 'leaderPhone', 'address', 'categoryId'] as const;

/** One modal for the three requests an organisation can file: initial submission, change, deregistration. */
export function FilingActionModal({ org, action, onClose }: { org: Organization; action: FilingAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const categories = useCategories();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const comment = (v.comment as string | undefined)?.trim() || undefined;
    setBusy(true);
    try {
      if (action === 'submit') await api.post(`/registry/organizations/${org.id}/filing/submit`, { comment });
      if (action === 'deregister') await api.post(`/registry/organizations/${org.id}/filing/deregister`, { reason: (v.reason as string).trim() });
      if (action === 'change') {
        const changes: Record<string, unknown> = {};
        for (const k of CHANGEABLE) {
          const val = v[k];
          if (val === undefined || val === null || val === '') continue;
          const current = (org as unknown as Record<string, unknown>)[k];
          if (k === 'categoryId') {
            const raw = categories.data?.find((c) => String(c.id) === String(val))?.id ?? val;
            if (String(raw) !== String(current)) changes[k] = raw;
          } else if (String(val).trim() !== String(current ?? '')) changes[k] = String(val).trim();
        }
        if (Object.keys(changes).length === 0) {
          void message.warning(t('filing.noChanges'));
          setBusy(false);
          return;
        }
        await api.post(`/registry/organizations/${org.id}/filing/change`, { changes, comment });
      }
      void message.success(t('filing.sent'));
      void qc.invalidateQueries({ queryKey: ['registry'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const title = action ? t(`filing.action.${action}`) : '';
  return (
    <Modal
      title={title}
      open={!!action}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'filing-action-ok' } as Record<string, string>}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          action === 'change'
            ? {
                name: org.name,
                activityContent: org.activityContent,
                venue: org.venue,
                leaderName: org.leaderName,
                address: org.address,
                categoryId: org.categoryId !== null && org.categoryId !== undefined ? String(org.categoryId) : undefined,
              }
            : {}
        }
      >
        {action === 'submit' && <p>{t('filing.submitExplain')}</p>}
        {action === 'change' && (
          <>
            <p>{t('filing.changeExplain')}</p>
            <Form.Item name="name" label={t('org.name')}>
              <Input />
            </Form.Item>
            <Form.Item name="categoryId" label={t('org.category')}>
              <Select options={(categories.data ?? []).map((c) => ({ value: String(c.id), label: categoryName(c, locale) }))} />
            </Form.Item>
            <Form.Item name="activityContent" label={t('org.activityContent')}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="venue" label={t('org.venue')}>
              <Input />
            </Form.Item>
            <Form.Item name="leaderName" label={t('org.leaderName')}>
              <Input />
            </Form.Item>
            <Form.Item name="leaderPhone" label={t('org.leaderPhone')} extra={org.leaderPhone ? t('org.maskedKeep', { value: org.leaderPhone }) : undefined}>
              <Input />
            </Form.Item>
            <Form.Item name="address" label={t('org.address')}>
              <Input />
            </Form.Item>
          </>
        )}
        {action === 'deregister' && (
          <Form.Item name="reason" label={t('filing.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        {action !== 'deregister' && (
          <Form.Item name="comment" label={t('filing.comment')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Organization } from '../../api/types';
import { useLocale } from '../../app/locale';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { categoryName } from '../../lib/labels';
import { useCategories } from './queries';

export type FilingAction = 'submit' | 'change' | 'deregister';

const CHANGEABLE = ['name', 'activityContent', 'venue', 'leaderName', 'leaderPhone', 'address', 'categoryId'] as const;

/** One modal for the three requests an organisation can file: initial submission, change, deregistration. */
export function FilingActionModal({ org, action, onClose }: { org: Organization; action: FilingAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const categories = useCategories();
  const { busy, submit } = useFormSubmit<Record<string, unknown>>(form, { success: t('filing.sent'), refreshRegistry: true, done: onClose });

  const send = submit(async (v) => {
    const comment = (v.comment as string | undefined)?.trim() || undefined;
    if (action === 'submit') return api.post(`/registry/organizations/${org.id}/filing/submit`, { comment });
    if (action === 'deregister') return api.post(`/registry/organizations/${org.id}/filing/deregister`, { reason: (v.reason as string).trim() });
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
      return false;
    }
    return api.post(`/registry/organizations/${org.id}/filing/change`, { changes, comment });
  });

  const title = action ? t(`filing.action.${action}`) : '';
  return (
    <FormModal title={title} open={!!action} onCancel={onClose} onOk={send} busy={busy} okText={t('common.submit')} okTestId="filing-action-ok">
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
    </FormModal>
  );
}

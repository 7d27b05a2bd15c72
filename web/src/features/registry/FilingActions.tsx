import { useState } from 'react';
import { App, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANGEABLE_FIELDS, type ChangeableField } from '@shared/registry';
import type { TOrganization as Organization } from '@shared/registry/organizations';
import { api } from '../../api/client';
import { useLocale } from '../../app/locale';
import { FormModal, useFormSubmit } from '../../components/FormModal';
import { categoryName } from '../../lib/labels';
import { AttachmentUpload } from './filings/AttachmentUpload';
import { useCategories } from './queries';

export type FilingAction = 'submit' | 'change' | 'deregister';

/** One modal for the three requests an organisation can file: initial submission, change, deregistration. */
export function FilingActionModal({ org, action, onClose }: { org: Organization; action: FilingAction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const categories = useCategories();
  const [uploading, setUploading] = useState(false);
  const { busy, submit } = useFormSubmit<Record<string, unknown>>(form, { success: t('filing.sent'), refreshRegistry: true, done: onClose });

  const send = submit(async (v) => {
    const comment = (v.comment as string | undefined)?.trim() || undefined;
    const params = { id: org.id };
    if (action === 'submit') {
      if (uploading) {
        void message.warning(t('attachments.stillUploading'));
        return false;
      }
      const attachmentIds = (v.attachmentIds as string[] | undefined) ?? [];
      return api.post('/registry/organizations/:id/filing/submit', { params, body: { comment, attachmentIds } });
    }
    if (action === 'deregister') return api.post('/registry/organizations/:id/filing/deregister', { params, body: { reason: (v.reason as string).trim() } });
    const changes: Partial<Record<ChangeableField, string>> = {};
    for (const k of CHANGEABLE_FIELDS) {
      const val = v[k];
      if (val === undefined || val === null || val === '') continue;
      const current = (org as unknown as Record<string, unknown>)[k];
      if (k === 'categoryId') {
        const raw = categories.data?.find((c) => String(c.id) === String(val))?.id ?? val;
        if (String(raw) !== String(current)) changes[k] = String(raw);
      } else if (String(val).trim() !== String(current ?? '')) changes[k] = String(val).trim();
    }
    if (Object.keys(changes).length === 0) {
      void message.warning(t('filing.noChanges'));
      return false;
    }
    return api.post('/registry/organizations/:id/filing/change', { params, body: { changes, comment } });
  });

  // A returned filing is answered by submitting it again, with what the centre asked for.
  const resubmit = action === 'submit' && org.status === 'returned';
  const title = resubmit ? t('filing.action.resubmit') : action ? t(`filing.action.${action}`) : '';
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
        {action === 'submit' && <p>{t(resubmit ? 'filing.resubmitExplain' : 'filing.submitExplain')}</p>}
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
        {action === 'submit' && (
          // The hint comes before the button: it says what to attach. A refusal on attachmentIds shows here too.
          <Form.Item label={t('attachments.label')}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('attachments.filingHint')}
            </Typography.Paragraph>
            <Form.Item name="attachmentIds" noStyle>
              <AttachmentUpload onBusy={setUploading} />
            </Form.Item>
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

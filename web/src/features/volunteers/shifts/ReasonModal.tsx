import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal, useFormSubmit } from '../../../components/FormModal';

/**
 * Confirms an irreversible step that needs a reason (cancelling an activity or a shift): says what
 * will happen, asks the reason, and sends it.
 */
export function ReasonModal({
  open,
  title,
  warning,
  okText,
  success,
  onSend,
  onClose,
}: {
  open: boolean;
  title: string;
  warning: string;
  okText: string;
  success: string;
  onSend: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, submit } = useFormSubmit(form, { success, done: onClose });
  return (
    <FormModal title={title} open={open} busy={busy} onOk={submit((v) => onSend(v.reason.trim()))} onCancel={onClose} okText={okText} okTestId="reason-ok">
      <Alert type="warning" showIcon title={warning} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('volunteers.shifts.reason.label')}
          rules={[{ required: true, whitespace: true, message: t('volunteers.shifts.form.required', { field: t('volunteers.shifts.reason.label') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('volunteers.shifts.reason.placeholder')} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

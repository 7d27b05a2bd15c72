import { useQueryClient } from '@tanstack/react-query';
import { App, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from './useApiError';

interface SubmitOptions {
  /** The message shown when the request succeeded. */
  success: string;
  /** Registry writes change lists, counts and the dashboard: refetch them. */
  refreshRegistry?: boolean;
  /** Called after success (usually closes the modal). */
  done: () => void;
}

/**
 * The submit cycle every form modal shares: validate (stop quietly on client errors, which the
 * form shows), send, report success, refresh what changed, and put server field errors back on
 * the form. `send` returns false when it decided not to send (it says why itself).
 */
export function useFormSubmit<V>(form: FormInstance<V>, options: SubmitOptions) {
  const [busy, setBusy] = useState(false);
  const showError = useApiError();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const submit = (send: (values: V) => Promise<unknown>) => async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if ((await send(values)) === false) return;
      void message.success(options.success);
      if (options.refreshRegistry) {
        void qc.invalidateQueries({ queryKey: ['registry'] });
        void qc.invalidateQueries({ queryKey: ['dashboard'] });
      }
      options.done();
    } catch (e) {
      showError(e, form as FormInstance);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}

/** A modal around one form: the house buttons, a spinner while sending, nothing kept after close. */
export function FormModal(props: {
  title: string;
  open: boolean;
  busy: boolean;
  onOk: () => void;
  onCancel: () => void;
  okText?: string;
  /** data-testid of the OK button, for end-to-end tests. */
  okTestId?: string;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onCancel}
      onOk={props.onOk}
      confirmLoading={props.busy}
      okText={props.okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={props.width}
      okButtonProps={props.okTestId ? ({ 'data-testid': props.okTestId } as Record<string, string>) : undefined}
    >
      {props.children}
    </Modal>
  );
}

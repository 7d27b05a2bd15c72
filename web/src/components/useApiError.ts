import { useCallback } from 'react';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** Field path from the server (`members.2.phone`) → antd name path. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Shows an API error: the server's localized message as a toast, and each `fields[]`
 * entry on the matching form field. Returns the ApiError (or null) for further checks.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance): ApiError | null => {
      if (err instanceof ApiError) {
        if (err.status === 401 && err.code !== 'login_failed') return err;
        if (form && err.fields.length > 0) {
          form.setFields(err.fields.map((f) => ({ name: namePath(f.field), errors: [f.message] })));
        }
        void message.error(err.message || t('common.error'));
        return err;
      }
      void message.error(t('common.networkError'));
      return null;
    },
    [message, t],
  );
}

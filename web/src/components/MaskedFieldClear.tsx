import { useCallback, useState } from 'react';
import { Checkbox, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * An edit form shows a phone or ID number only masked, and leaves the field empty: left empty, the
 * stored value is kept. Clearing the value is then an explicit choice, sent as null.
 */
export function useMaskedClears<F extends string>() {
  const [cleared, setCleared] = useState<ReadonlySet<F>>(new Set());
  const isCleared = useCallback((field: F) => cleared.has(field), [cleared]);
  const setClear = useCallback((field: F, on: boolean) => {
    setCleared((prev) => {
      const next = new Set(prev);
      if (on) next.add(field);
      else next.delete(field);
      return next;
    });
  }, []);
  const reset = useCallback(() => setCleared(new Set()), []);
  /** Sends null for a cleared field, and leaves out a field left empty, so the stored value stays. */
  const applyTo = useCallback(
    (body: Record<string, unknown>, fields: readonly F[]) => {
      for (const f of fields) {
        if (cleared.has(f)) body[f] = null;
        else if (!body[f]) delete body[f];
      }
    },
    [cleared],
  );
  return { isCleared, setClear, reset, applyTo };
}

/** The hint under a masked field: its stored value, kept unless "clear" is ticked. */
export function MaskedFieldHint({
  masked,
  cleared,
  onClearedChange,
  testId,
}: {
  masked: string;
  cleared: boolean;
  onClearedChange: (cleared: boolean) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Space size={8} wrap>
      <span>{cleared ? t('org.maskedCleared', { value: masked }) : t('org.maskedKeep', { value: masked })}</span>
      <Checkbox checked={cleared} onChange={(e) => onClearedChange(e.target.checked)} data-testid={testId}>
        {t('org.maskedClear')}
      </Checkbox>
    </Space>
  );
}

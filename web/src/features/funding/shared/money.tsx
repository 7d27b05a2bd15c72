import { InputNumber, type InputNumberProps } from 'antd';

/**
 * Money is integer fen (分) in every contract; people read and type yuan with two decimals. The
 * conversion goes through the decimal string, never a float multiplication (0.29 × 100 ≠ 29).
 */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.trunc(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** "1234.5" → 123450; null for an empty or malformed entry. */
export function yuanToFen(yuan: string | number | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(String(yuan).trim());
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** 123450 → "1234.50". */
export function fenToYuan(fen: number | null | undefined): string | null {
  if (fen === null || fen === undefined) return null;
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
}

/** An amount typed in yuan (two decimals) whose form value is integer fen. */
export function MoneyInput({
  value,
  onChange,
  ...rest
}: { value?: number | null; onChange?: (fen: number | null) => void } & Omit<InputNumberProps<string>, 'value' | 'onChange' | 'stringMode'>) {
  return (
    <InputNumber<string>
      {...rest}
      stringMode
      min="0"
      precision={2}
      prefix="¥"
      style={{ width: '100%', ...rest.style }}
      value={fenToYuan(value)}
      onChange={(v) => onChange?.(yuanToFen(v))}
    />
  );
}

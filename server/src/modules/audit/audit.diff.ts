import type { TAuditDiffRow } from '../../../../shared/audit/schemas.js';
import { describeField, type Locale } from '../../i18n/index.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ query: { regionCode } }` → `query.regionCode`; lists stay one value. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (!isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v) && Object.keys(v).length > 0) flatten(v, path, out);
    else out.set(path, v);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A field's name in words; a field no catalogue names yet keeps its own name rather than "此项". */
function labelOf(locale: Locale, path: string) {
  const { label, missing } = describeField(locale, path);
  return missing.length ? path : label;
}

/**
 * A row's before and after as a field table: one line per field either side holds, in `order`
 * (the event's declaration; jsonb keeps its own key order), `changed` where the two differ
 * (every field of a creation or a deletion).
 */
export function auditDiff(locale: Locale, before: unknown, after: unknown, order: readonly string[] = []): TAuditDiffRow[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  flatten(before, '', b);
  flatten(after, '', a);
  const rank = new Map(order.map((path, i) => [path, i]));
  const fields = [...new Set([...a.keys(), ...b.keys()])]
    .filter((field) => (a.get(field) ?? null) !== null || (b.get(field) ?? null) !== null)
    .sort((x, y) => (rank.get(x) ?? order.length) - (rank.get(y) ?? order.length));
  return fields.map((field) => ({
    field,
    label: labelOf(locale, field),
    before: b.get(field) ?? null,
    after: a.get(field) ?? null,
    changed: !same(b.get(field), a.get(field)),
  }));
}

/** The changed fields as text, one a line: the export's cell. */
export function diffText(locale: Locale, rows: TAuditDiffRow[]): string {
  const colon = locale === 'en' ? ': ' : '：';
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
  return rows
    .filter((r) => r.changed)
    .map((r) => `${r.label}${colon}${r.before === null ? show(r.after) : `${show(r.before)} → ${show(r.after)}`}`)
    .join('\n');
}

/**
 * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate (half of an emoji, say) has no UTF-8
 * form: either would fail at the database or be stored damaged. No field of the platform has a use
 * for them, so every way in (request fields, spreadsheet cells, file names) refuses them.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

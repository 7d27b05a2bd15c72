/**
 * Hostile values: what an attacker, a broken client or a pasted spreadsheet sends instead of a
 * well-formed field. Every catalog is a fixed list so a failure names a value one can retype;
 * fast-check only picks from them (and adds random unicode) under the run's seed.
 */
import fc from 'fast-check';

/** A JSON token written as-is into the request text (JSON.stringify cannot produce it). */
export class RawJson {
  constructor(readonly text: string) {}
}

export const ID_NUMBER = '110101199003074512';
export const PHONE = '13912345678';

export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  '   \t\n  ',
  '\u3000',
  'a'.repeat(100_000),
  '中'.repeat(5_000),
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\udbff\udbff',
  '😀'.repeat(30),
  '👨‍👩‍👧‍👦',
  'e\u0301\u0301\u0301',
  '\u202eevil',
  '\ufeffbom',
  'ＡＢＣ１２３',
  "'; drop table users; --",
  "' or '1'='1",
  '%',
  '_',
  '\\',
  '%00',
  '%_\\%',
  '$1',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'true',
  'NaN',
  '-1',
  '1e309',
  '0000-01-01',
  '2024-02-30',
  '9999-12-31',
  '10000-01-01',
  '+275760-09-13',
  '2024-13-01',
  '1970-01-01T00:00:00Z',
  '0000-00',
  '2024-00',
  '9999-12',
  '000000000000',
  '999999999999',
  '12345678901a',
  ' 110000000000',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  ID_NUMBER,
  PHONE,
  '91310000MA1FL0000X',
  '__proto__',
  'constructor',
];

export const HOSTILE_NUMBERS: unknown[] = [
  0,
  -1,
  -0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('0.0000000000000000000001'),
  'NaN',
  'Infinity',
  '1',
];

/** Values of the wrong JSON type, and shapes deep or wide enough to hurt a naive walker. */
export const WRONG_TYPES: unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  [[[]]],
  { a: { b: { c: {} } } },
  ['a', 1, null, {}],
  { $gt: '' },
  { toString: 'x', valueOf: 1 },
  nested(200),
  Array.from({ length: 5_000 }, (_, i) => i),
];

function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { x: v };
  return v;
}

/** Keys that are not in any schema; `__proto__` and friends test the JSON parser and merges. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'createdAt', 'organizationId', 'status', 'role', 'unknown', '', ' ', 'a\u0000b', '\ud800'];

/** Request texts that are not JSON, or JSON of the wrong kind, sent as application/json. */
export const MALFORMED_JSON: string[] = [
  '',
  '{',
  '{"a":',
  '[',
  'nul',
  '"unterminated',
  "{'single': 'quotes'}",
  '{"a":1,}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '\u0000',
  '{"name":"\\ud800"}',
  '{"name":"a\\u0000b"}',
  // Past the body limit (MAX_UPLOAD_MB is 2 in tests).
  `{"name":"${'a'.repeat(3 * 1024 * 1024)}"}`,
];

/** Headers a client controls that the server reads: language, encodings, forwarding. */
export const HOSTILE_HEADERS: [string, string][] = [
  ['accept-language', ''],
  ['accept-language', '*'],
  ['accept-language', 'zh-TW;q=abc, en;q=-1, zh-CN;q=1e400'],
  ['accept-language', 'x'.repeat(8_000)],
  ['accept-language', '__proto__'],
  ['accept-language', 'en-US,en;q=0.9,zh-Hant-TW;q=0.8'],
  ['content-encoding', 'gzip'],
  ['content-encoding', 'deflate, br, x'],
  ['content-type', 'application/json; charset=utf-16'],
  ['content-type', 'application/json; charset=nope'],
  ['x-forwarded-for', "'; drop table users; --"],
  ['x-csrf-token', ''],
];

export const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A query-string value as sent on the wire: already percent-encoded, or deliberately broken. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.map((s) => encodeQuery(s)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('a%00b', '%00', '%', '%ZZ', '%E0%A4%A', '%C0%AE', '%ED%A0%80', '%FF%FE', '%u0041', 'a%2500b', '%0d%0aSet-Cookie:x=1', '+', '%20', '1e309', '-1', '0', 'NaN', '99999999999999999999'),
  },
);

/** Encodes like a browser, except for lone surrogates, which encodeURIComponent refuses. */
export function encodeQuery(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[^A-Za-z0-9]/g, (c) => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`);
  }
}

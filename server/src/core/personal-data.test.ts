import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATA_KEY, useTestDataKey } from '../../test/data-key.js';
import { DATA_KEY_FILE, resolveDataKey } from './data-key.js';
import {
  blindIndex,
  isSealed,
  seal,
  SealedValueError,
  sealIndexed,
  sealPersonalFields,
  unseal,
  unsealPersonalFields,
  usePersonalDataKey,
} from './personal-data.js';

const OTHER_KEY = Buffer.alloc(32, 9);
const ID = '11010519491231002X';
const PHONE = '13812345678';

/** Flips one bit of the decoded body at `offset` (0–11 IV, 12–27 tag, then ciphertext). */
function flip(sealed: string, offset: number) {
  const [prefix, body, ...rest] = sealed.split(':');
  const bytes = Buffer.from(body, 'base64');
  bytes[offset] ^= 1;
  return [prefix, bytes.toString('base64'), ...rest].join(':');
}

afterEach(() => useTestDataKey());

describe('sealing personal values', () => {
  useTestDataKey();

  it('round-trips, and never shows the value or repeats a ciphertext', () => {
    for (const plain of [ID, PHONE, '021-12345678', '王秀英 ✓']) {
      const a = seal(plain);
      expect(isSealed(a)).toBe(true);
      expect(a).not.toContain(plain);
      expect(unseal(a)).toBe(plain);
      expect(seal(plain)).not.toBe(a);
    }
  });

  it('carries the blind index of the normalised value, authenticated with the ciphertext', () => {
    const sealed = sealIndexed('id_number', ID);
    expect(sealed.split(':')[2]).toBe(blindIndex('id_number', ID));
    expect(unseal(sealed)).toBe(ID);
    // Normalised: the lower-case check letter and a phone written with dashes hash alike.
    expect(blindIndex('id_number', ID.toLowerCase())).toBe(blindIndex('id_number', ID));
    expect(blindIndex('phone', '138-1234-5678')).toBe(blindIndex('phone', PHONE));
    // Different kinds use different keys: an ID number's hash says nothing about a phone's.
    expect(blindIndex('phone', '110105194912310020')).not.toBe(blindIndex('id_number', '110105194912310020'));
    // Another row's hash pasted onto this value is refused.
    const other = sealIndexed('id_number', '110105194912310039');
    expect(() => unseal(`${sealed.split(':').slice(0, 2).join(':')}:${other.split(':')[2]}`)).toThrow(SealedValueError);
  });

  it('detects any altered byte (GCM tag): IV, tag or ciphertext', () => {
    const sealed = seal(ID);
    for (const offset of [0, 11, 12, 27, 28, 28 + ID.length - 1]) {
      expect(() => unseal(flip(sealed, offset)), `byte ${offset}`).toThrow(SealedValueError);
    }
    expect(() => unseal('v1:AAAA')).toThrow(SealedValueError);
    expect(() => unseal(ID)).toThrow(SealedValueError);
  });

  it('does not open under another key', () => {
    const sealed = sealIndexed('id_number', ID);
    const hash = blindIndex('id_number', ID);
    usePersonalDataKey(OTHER_KEY);
    expect(() => unseal(sealed)).toThrow(SealedValueError);
    expect(blindIndex('id_number', ID)).not.toBe(hash);
  });

  it('seals the personal keys of a JSON document at any depth, and opens them again', () => {
    const doc = { changes: { leaderPhone: PHONE, venue: '活动室' }, current: { leaderPhone: '13900001111', leaderIdNumber: ID }, list: [{ phone: PHONE }], reason: null };
    const sealed = sealPersonalFields(doc);
    const text = JSON.stringify(sealed);
    for (const v of [PHONE, '13900001111', ID]) expect(text).not.toContain(v);
    expect(sealed.changes.venue).toBe('活动室');
    expect(unsealPersonalFields(sealed)).toEqual(doc);
  });
});

describe('the data key', () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), 'shuniu-key-'));

  it('refuses a server deployment without DATA_KEY, naming the variable and how to make one', () => {
    expect(() => resolveDataKey({ databaseUrl: 'postgres://x@localhost/db', dataDir: dir() })).toThrow(/DATA_KEY is not set.*openssl rand -base64 32/s);
  });

  it('takes DATA_KEY when set', () => {
    const key = TEST_DATA_KEY.toString('base64');
    expect(resolveDataKey({ dataKey: key, databaseUrl: 'postgres://x@localhost/db', dataDir: dir() }).key).toEqual(TEST_DATA_KEY);
  });

  it('on the embedded database, makes data.key once (mode 0600) and reads it back at the next start', () => {
    const dataDir = dir();
    const first = resolveDataKey({ dataDir });
    const file = path.join(dataDir, DATA_KEY_FILE);
    expect(first.origin).toBe(file);
    expect(first.key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first.key);
    expect(resolveDataKey({ dataDir }).key).toEqual(first.key);
  });

  it('refuses a key file that does not hold 32 bytes', () => {
    const dataDir = dir();
    mkdirSync(path.join(dataDir, 'secrets'));
    writeFileSync(path.join(dataDir, DATA_KEY_FILE), 'c2hvcnQ=\n');
    expect(() => resolveDataKey({ dataDir })).toThrow(/32 bytes/);
  });
});

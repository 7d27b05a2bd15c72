import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { gcmOpener, type GcmOpener } from './gcm-open.js';

/**
 * Personal identifiers (ID numbers, phone numbers) are stored sealed: AES-256-GCM under a key
 * derived from the master data key, so a dump of the database, a backup or a stolen disk shows
 * none of them (PIPL art. 28, 51). See docs/decisions/ on personal data at rest.
 *
 * A sealed value reads `v1:<base64 of iv | tag | ciphertext>`, and for a column that is looked up,
 * `v1:<…>:<blind index>`: the keyed hash of the normalised value, bound to the ciphertext as GCM
 * associated data so it cannot be swapped onto another value unnoticed. The database derives the
 * hash column from that suffix, so every write path keeps the two in step.
 */

export const SEALED_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export type BlindIndexKind = 'id_number' | 'phone';

interface Keys {
  encryption: Buffer;
  opener: GcmOpener;
  index: Record<BlindIndexKind, Buffer>;
}

let keys: Keys | null = null;

const derive = (master: Buffer, info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, DATA_KEY_BYTES));

/**
 * Sets the process's data key. Called once at start-up (server.ts; tests: build-app.ts) before
 * anything reads or writes a personal column: the Drizzle column types below have no other way
 * to reach it.
 */
export function usePersonalDataKey(master: Buffer): void {
  if (master.length !== DATA_KEY_BYTES) throw new Error(`the data key must be ${DATA_KEY_BYTES} bytes, not ${master.length}`);
  const encryption = derive(master, 'shuniu personal-data v1 aes-256-gcm');
  keys = {
    encryption,
    opener: gcmOpener(encryption),
    index: {
      id_number: derive(master, 'shuniu personal-data v1 blind-index id_number'),
      phone: derive(master, 'shuniu personal-data v1 blind-index phone'),
    },
  };
}

function activeKeys(): Keys {
  if (!keys) throw new Error('personal data key not configured: call usePersonalDataKey at start-up');
  return keys;
}

/** Raised when a sealed value does not open: another key than the one it was sealed with, or altered bytes. */
export class SealedValueError extends Error {
  constructor(message = 'a sealed personal value does not open: wrong data key, or the stored value was altered') {
    super(message);
    this.name = 'SealedValueError';
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** The form the keyed hash is taken of, so that `110101…x` and `110101…X`, `138-1234-5678` and `13812345678` match. */
export function normalise(kind: BlindIndexKind, plain: string): string {
  return kind === 'id_number' ? plain.trim().toUpperCase() : plain.replace(/\D/g, '');
}

/** HMAC-SHA256 of the normalised value under a key of its own per kind: equal values, equal hashes; nothing else learnt. */
export function blindIndex(kind: BlindIndexKind, plain: string): string {
  return createHmac('sha256', activeKeys().index[kind]).update(normalise(kind, plain), 'utf8').digest('base64url');
}

function encrypt(plain: string, aad?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', activeKeys().encryption, iv);
  if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function seal(plain: string): string {
  return encrypt(plain);
}

/** Sealed with its blind index appended (and authenticated), for the columns the database looks up. */
export function sealIndexed(kind: BlindIndexKind, plain: string): string {
  const hash = blindIndex(kind, plain);
  return `${encrypt(plain, hash)}:${hash}`;
}

export function unseal(sealed: string): string {
  if (!isSealed(sealed)) throw new SealedValueError('not a sealed value');
  // Opened on every record shown (to mask it), so without the intermediate arrays and buffers.
  const end = sealed.indexOf(':', SEALED_PREFIX.length);
  const bytes = Buffer.from(end < 0 ? sealed.slice(SEALED_PREFIX.length) : sealed.slice(SEALED_PREFIX.length, end), 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedValueError('a sealed value is truncated');
  const hash = end < 0 ? '' : sealed.slice(end + 1);
  const plain = activeKeys().opener.open(
    bytes.subarray(0, IV_BYTES),
    bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    bytes.subarray(IV_BYTES + TAG_BYTES),
    hash ? Buffer.from(hash, 'utf8') : undefined,
  );
  if (!plain) throw new SealedValueError();
  return plain.toString('utf8');
}

/**
 * A stored value as the code wants it. A value not yet sealed (written before sealing existed) is
 * returned as it is: the start-up sealer (db/seal-personal-data.ts) turns it into a sealed one.
 */
export function openStored(value: string): string {
  return isSealed(value) ? unseal(value) : value;
}

/** The keys under which JSON documents (a change filing's payload) carry personal identifiers. */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set(['phone', 'leaderPhone', 'idNumber', 'leaderIdNumber']);

/** The document with `fn` applied to every non-empty string under a personal key, at any depth. */
export function mapPersonalFields(value: unknown, fn: (s: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapPersonalFields(v, fn));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = PERSONAL_KEYS.has(k) && typeof v === 'string' && v !== '' ? fn(v) : mapPersonalFields(v, fn);
  }
  return out;
}

export const sealPersonalFields = <T>(doc: T): T => mapPersonalFields(doc, seal) as T;

export const unsealPersonalFields = <T>(doc: T): T => mapPersonalFields(doc, openStored) as T;

/** A fresh random master key, base64 (what DATA_KEY holds). */
export function generateDataKey(): string {
  return randomBytes(DATA_KEY_BYTES).toString('base64');
}

import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_KEY_BYTES, generateDataKey } from './personal-data.js';

export const DATA_KEY_FILE = path.join('secrets', 'data.key');

export interface DataKeySource {
  /** DATA_KEY from the environment: base64 of 32 bytes. */
  dataKey?: string;
  /** Set when the platform runs on a PostgreSQL server. */
  databaseUrl?: string;
  /** The embedded database's data directory (the parent of PGLITE_DIR). */
  dataDir: string;
}

export function decodeDataKey(text: string, origin: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== DATA_KEY_BYTES) throw new Error(`${origin}: expected the base64 of ${DATA_KEY_BYTES} bytes, found ${key.length} bytes`);
  return key;
}

/**
 * The master key that seals personal identifiers. From DATA_KEY when set. Otherwise, on the
 * embedded database only, from `<data dir>/secrets/data.key`, made on first start: one process
 * owns that directory, so the key can live beside the data (and goes with it into a backup of
 * the whole directory). A server deployment must bring its own key: keeping it next to a shared
 * database server would defeat the point, and each instance must use the same one.
 */
export function resolveDataKey(source: DataKeySource): { key: Buffer; origin: string } {
  if (source.dataKey) return { key: decodeDataKey(source.dataKey, 'DATA_KEY'), origin: 'DATA_KEY' };
  if (source.databaseUrl) {
    throw new Error(
      'DATA_KEY is not set. On a PostgreSQL server the platform needs the key that seals ID numbers and phone ' +
        'numbers: generate one with `openssl rand -base64 32`, keep it in your secret store and back it up — ' +
        'without it the sealed personal data cannot be read — and start with DATA_KEY=<that value>.',
    );
  }
  const file = path.join(source.dataDir, DATA_KEY_FILE);
  if (existsSync(file)) {
    // Tighten a key file copied around with looser permissions; only this process's user needs it.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { key: decodeDataKey(readFileSync(file, 'utf8'), file), origin: file };
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': never overwrite a key another process wrote in the meantime.
  writeFileSync(file, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
  return { key: decodeDataKey(readFileSync(file, 'utf8'), file), origin: file };
}

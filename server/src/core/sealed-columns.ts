import { customType } from 'drizzle-orm/pg-core';
import { openStored, seal, sealIndexed, sealPersonalFields, unsealPersonalFields, type BlindIndexKind } from './personal-data.js';

/**
 * A text column holding a personal identifier sealed (core/personal-data.ts). Code reads and
 * writes the plain value; the database only ever sees ciphertext. With `index`, the value carries
 * its blind index, which a generated column exposes for uniqueness and look-up.
 *
 * Never compare such a column with a value in SQL (`eq(col, x)` seals x afresh, with a new IV, and
 * matches nothing): compare the hash column with `blindIndex(kind, x)`.
 */
export function sealedText(name: string, index?: BlindIndexKind) {
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => (index ? sealIndexed(index, value) : seal(value)),
    fromDriver: (value) => openStored(value),
  })(name);
}

/** The SQL of a hash column generated from a `sealedText(…, kind)` column: the suffix after the ciphertext. */
export const blindIndexOf = (column: string) => `nullif(split_part(${column}, ':', 3), '')`;

/** A jsonb document whose personal values (phone, leaderPhone, idNumber, leaderIdNumber, at any depth) are sealed. */
export function sealedJson<T>(name: string) {
  return customType<{ data: T; driverData: unknown }>({
    dataType: () => 'jsonb',
    toDriver: (value) => JSON.stringify(sealPersonalFields(value)),
    fromDriver: (value) => unsealPersonalFields((typeof value === 'string' ? JSON.parse(value) : value) as T),
  })(name);
}

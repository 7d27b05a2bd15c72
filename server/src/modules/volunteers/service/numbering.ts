import { sql } from 'drizzle-orm';
import { regionLevel } from '../../../../../shared/regions.js';
import type { DbOrTx } from '../../../db/client.js';
import { volunteerNumberCounters } from '../volunteers.tables.js';

/**
 * The street a volunteer registers in: a community's parent street (the first 9 digits of its
 * code), a street itself.
 */
export function registeringStreet(regionCode: string): string {
  return `${regionCode.slice(0, 9)}000`;
}

/**
 * The next volunteer number of a region (a street or a community under it).
 *
 * Rule: the 9-digit code of the registering street, a hyphen, and the street's running number
 * zero-padded to 6 digits — 长寿路街道 310107015000's 123rd volunteer is `310107015-000123`
 * (past 999999 the running number simply grows a digit). The counter row of the street
 * (volunteer_number_counters) only ever goes up, and its row lock holds until the caller's write
 * unit ends, so two registrations never share a number and a number is never handed out again,
 * even after its volunteer leaves. A rolled-back registration gives its number back with the
 * rollback: no committed record ever held it.
 */
export async function nextVolunteerNumber(db: DbOrTx, regionCode: string): Promise<string> {
  const level = regionLevel(regionCode);
  if (level !== 'street' && level !== 'community') throw new Error(`volunteer numbers are per street, not per ${level}`);
  const street = registeringStreet(regionCode);
  const [{ last }] = await db
    .insert(volunteerNumberCounters)
    .values({ regionCode: street, last: 1 })
    .onConflictDoUpdate({ target: volunteerNumberCounters.regionCode, set: { last: sql`${volunteerNumberCounters.last} + 1` } })
    .returning({ last: volunteerNumberCounters.last });
  return `${street.slice(0, 9)}-${String(last).padStart(6, '0')}`;
}

/** `count` numbers of one street at once (an import), in order; the same rule as nextVolunteerNumber. */
export async function reserveVolunteerNumbers(db: DbOrTx, regionCode: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const level = regionLevel(regionCode);
  if (level !== 'street' && level !== 'community') throw new Error(`volunteer numbers are per street, not per ${level}`);
  const street = registeringStreet(regionCode);
  const [{ last }] = await db
    .insert(volunteerNumberCounters)
    .values({ regionCode: street, last: count })
    .onConflictDoUpdate({ target: volunteerNumberCounters.regionCode, set: { last: sql`${volunteerNumberCounters.last} + ${count}` } })
    .returning({ last: volunteerNumberCounters.last });
  return Array.from({ length: count }, (_, i) => `${street.slice(0, 9)}-${String(last - count + 1 + i).padStart(6, '0')}`);
}

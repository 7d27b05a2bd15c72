import { ageBandFor, type AgeBand } from './registry.js';

/**
 * A member's age is taken on the day it is asked (in China), from the birth date; it is never stored,
 * so the 60+ figures move as members age. Someone with no birth date may have a band entered by hand
 * (an import sheet that gives only 年龄段): that band is kept as entered, with the day it was entered,
 * and shown as such — it is the best the register knows, not a computed age.
 */

/** The birth date (YYYY-MM-DD) in a valid 18-character ID number (GB 11643: characters 7–14). */
export function birthDateFromIdNumber(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/**
 * Completed years on `today` (both YYYY-MM-DD). One born on 29 February turns a year older on
 * 1 March in common years, as `birth_date <= today - interval 'n years'` counts in SQL.
 */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export interface MemberAgeFacts {
  birthDate: string | null;
  ageBand: string | null;
  ageBandEnteredOn: string | null;
}

/** The band on `today`: from the birth date when known, else the band entered by hand (or none). */
export function memberAgeBand(m: MemberAgeFacts, today: string): { ageBand: AgeBand | null; ageBandEnteredOn: string | null } {
  if (m.birthDate) return { ageBand: ageBandFor(ageOn(m.birthDate, today)), ageBandEnteredOn: null };
  return { ageBand: (m.ageBand as AgeBand | null) ?? null, ageBandEnteredOn: m.ageBand ? m.ageBandEnteredOn : null };
}

/**
 * What other domains may read of the volunteer registry (eslint lets them import this file alone):
 * how many volunteers a region has, by status, and a volunteer's public identity (number and name,
 * never the ID number or phone).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../shared/regions.js';
import type { VolunteerStatus } from '../../../../shared/volunteers/states.js';
import type { DbOrTx } from '../../db/client.js';
import { volunteers } from './volunteers.tables.js';

export type VolunteerCounts = Record<VolunteerStatus, number> & { total: number };

/** Volunteers registered in a region's subtree, by status (`total` counts every record, those who left included). */
export async function volunteerCountsOfRegion(db: DbOrTx, regionCode: string): Promise<VolunteerCounts> {
  const rows = await db
    .select({ status: volunteers.status, n: sql<number>`count(*)::int` })
    .from(volunteers)
    .where(sql`${volunteers.regionCode} like ${regionPrefix(regionCode) + '%'}`)
    .groupBy(volunteers.status);
  const counts: VolunteerCounts = { pending: 0, active: 0, suspended: 0, left: 0, total: 0 };
  for (const r of rows) {
    counts[r.status as VolunteerStatus] = r.n;
    counts.total += r.n;
  }
  return counts;
}

/** Number, name and region of volunteers by id: what another domain shows of a person it refers to. */
export async function volunteerIdentities(db: DbOrTx, ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, { number: string; name: string; regionCode: string; status: VolunteerStatus }>();
  const rows = await db
    .select({ id: volunteers.id, number: volunteers.number, name: volunteers.name, regionCode: volunteers.regionCode, status: volunteers.status })
    .from(volunteers)
    .where(inArray(volunteers.id, unique));
  return new Map(rows.map((r) => [r.id, { number: r.number, name: r.name, regionCode: r.regionCode, status: r.status as VolunteerStatus }]));
}

/** The volunteer record an account owns, if any (a volunteer's own-scope reads start from it). */
export async function volunteerIdOfUser(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, userId));
  return row?.id ?? null;
}

export { teamsLedBy } from './service/teams.js';

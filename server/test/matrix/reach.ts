/** SQL for "outside this outsider's reach", for the fragments' `hidden`. */
import { sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../shared/regions.js';
import { rowsOf } from '../../src/db/client.js';
import type { MatrixWorld } from './world.js';
import type { Outsider } from './types.js';

/**
 * Rows neither in the outsider's region (when its role reaches a region) nor of its organisation:
 * `region` and `organization` name the table's columns.
 */
export function outsideReach(o: Outsider, columns: { region: string; organization?: string }): SQL {
  const inRegion = o.reachesRegion ? sql`${sql.raw(columns.region)} like ${`${regionPrefix(o.regionCode)}%`}` : sql`false`;
  const ofOrganization = o.organizationId && columns.organization ? sql`${sql.raw(columns.organization)}::text = ${o.organizationId}` : sql`false`;
  return sql`not (${inRegion} or ${ofOrganization})`;
}

/** The `value` column of a query, as strings. */
export async function values(w: MatrixWorld, query: SQL): Promise<string[]> {
  return rowsOf<{ value: string }>(await w.t.db.execute(query)).map((r) => r.value);
}

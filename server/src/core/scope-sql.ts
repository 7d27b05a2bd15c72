import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ScopeSlice } from './actor.js';

/**
 * The WHERE clause that keeps a query inside an actor's scope. Rows outside it are simply absent,
 * so a request for one reads as 404, never as "forbidden".
 */
export function scopeWhere(slices: ScopeSlice[], regionCol: AnyPgColumn | SQL, orgCol?: AnyPgColumn | SQL): SQL {
  if (slices.length === 0) return sql`false`;
  const parts = slices.map((s) => {
    const region = s.prefix === '' ? sql`true` : sql`${regionCol} like ${s.prefix + '%'}`;
    if (s.organizationId === null) return region;
    if (!orgCol) return sql`false`;
    return sql`(${region} and ${orgCol} = ${s.organizationId})`;
  });
  return sql`(${sql.join(parts, sql` or `)})`;
}

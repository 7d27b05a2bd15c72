import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ScopeSlice } from './scope.js';
import { assignments } from './core.tables.js';

type Column = AnyPgColumn | SQL;

/**
 * How a table's rows relate to the kinds of scope: where a row lies, which organisation it
 * belongs to, which user owns it, and how to ask whether it is assigned to a user. A kind the
 * table does not declare reaches none of its rows.
 */
export interface ScopeColumns {
  region: Column;
  organization?: Column;
  owner?: Column;
  assignedTo?: (userId: string) => SQL;
}

/**
 * The WHERE clause that keeps a query inside an actor's scope. Rows outside it are simply absent,
 * so a request for one reads as 404, never as "forbidden".
 */
export function scopeWhere(slices: ScopeSlice[], columns: ScopeColumns): SQL {
  const parts = slices.map((s): SQL => {
    switch (s.kind) {
      case 'region':
        return s.prefix === '' ? sql`true` : sql`${columns.region} like ${s.prefix + '%'}`;
      case 'organization':
        if (!columns.organization) return sql`false`;
        return sql`(${s.prefix === '' ? sql`true` : sql`${columns.region} like ${s.prefix + '%'}`} and ${columns.organization} = ${s.organizationId})`;
      case 'own':
        return columns.owner ? sql`${columns.owner} = ${s.userId}` : sql`false`;
      case 'assigned':
        return columns.assignedTo ? columns.assignedTo(s.userId) : sql`false`;
    }
  });
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The `assignedTo` of a table whose rows are assigned through the core assignments table. */
export function assignedTo(entityType: string, idColumn: Column) {
  return (userId: string) =>
    sql`exists (select 1 from ${assignments} a where a.entity_type = ${entityType} and a.entity_id = ${idColumn} and a.user_id = ${userId})`;
}

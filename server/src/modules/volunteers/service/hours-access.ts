import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Permission } from '../../../../../shared/permissions.js';
import type { Actor } from '../../../core/actor.js';
import { scopeFor, type ScopeSlice } from '../../../core/scope.js';
import { volunteerHourEntries, volunteers } from '../volunteers.tables.js';

/*
 * Who reaches which hours. An entry lies in its activity's region and belongs to the activity's
 * owner organisation (copied onto it), and is its volunteer's own record (volunteers.user_id).
 * Rows outside the reach are absent (404), never "forbidden".
 */

const under = (column: SQLWrapper, prefix: string) => (prefix === '' ? sql`true` : sql`${column} like ${prefix + '%'}`);

/** The entries an actor reaches with a permission (the WHERE clause over volunteer_hour_entries joined to volunteers). */
export function entryScope(actor: Actor, permission: Permission): SQL {
  const parts = scopeFor(actor, permission).map((s): SQL => {
    switch (s.kind) {
      case 'region':
        return under(volunteerHourEntries.regionCode, s.prefix);
      case 'organization':
        return sql`(${under(volunteerHourEntries.regionCode, s.prefix)} and ${volunteerHourEntries.organizationId} = ${s.organizationId})`;
      case 'own':
        return sql`${volunteers.userId} = ${s.userId}`;
      case 'assigned':
        return sql`false`;
    }
  });
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/**
 * The volunteers an actor reaches: staff those of their region subtree, an organisation those
 * who served in its activities, a volunteer itself.
 */
export function volunteerScope(actor: Actor, permission: Permission): SQL {
  const parts = scopeFor(actor, permission).map((s): SQL => {
    switch (s.kind) {
      case 'region':
        return under(sql`${volunteers.regionCode}`, s.prefix);
      case 'organization':
        return sql`exists (select 1 from ${volunteerHourEntries} oe where oe.volunteer_id = ${volunteers.id} and oe.organization_id = ${s.organizationId})`;
      case 'own':
        return sql`${volunteers.userId} = ${s.userId}`;
      case 'assigned':
        return sql`false`;
    }
  });
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/**
 * The entries whose hours the actor decides (volunteers.hours.approve): an organisation's own
 * activities, or — when an activity has no owner organisation — the centre of its region.
 */
export function ownedEntryScope(
  actor: Actor,
  columns: { regionCode: SQLWrapper; organizationId: SQLWrapper } = volunteerHourEntries,
): SQL {
  const parts = scopeFor(actor, 'volunteers.hours.approve').map((s): SQL => {
    switch (s.kind) {
      case 'region':
        return sql`(${columns.organizationId} is null and ${under(columns.regionCode, s.prefix)})`;
      case 'organization':
        return sql`(${columns.organizationId} = ${s.organizationId} and ${under(columns.regionCode, s.prefix)})`;
      default:
        return sql`false`;
    }
  });
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/** In-memory twin of ownedEntryScope, for the abilities of a listed entry. */
export function ownsEntry(slices: ScopeSlice[], entry: { regionCode: string; organizationId: string | null }): boolean {
  return slices.some((s) =>
    s.kind === 'region'
      ? entry.organizationId === null && entry.regionCode.startsWith(s.prefix)
      : s.kind === 'organization' && entry.organizationId === s.organizationId && entry.regionCode.startsWith(s.prefix),
  );
}

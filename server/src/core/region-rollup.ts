import { sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../shared/regions.js';

/** The bucket of records that sit at the region itself, or at a level between it and its children. */
export const OWN_BUCKET = '';

/**
 * SQL naming, for each record, the child region whose subtree holds it (its code), or OWN_BUCKET.
 * Built from the children's own prefixes, not from a fixed code length: a child may skip a level
 * (上海市's districts hang directly under the province code), and cutting every code to the next
 * level's length would put all of them in one bucket.
 */
export function childBucket(children: readonly { code: string }[], regionColumn: SQL): SQL {
  if (children.length === 0) return sql`${OWN_BUCKET}::text`;
  const arms = children.map((c) => sql`when ${regionColumn} like ${regionPrefix(c.code) + '%'} then ${c.code}`);
  return sql`(case ${sql.join(arms, sql` `)} else ${OWN_BUCKET} end)`;
}

import { and, eq, sql, type SQL } from 'drizzle-orm';
import { ASSIGNMENT_ENTITY, type AssigneeRole } from '../../../../../shared/funding/monitoring.js';
import type { Permission } from '../../../../../shared/permissions.js';
import type { Actor, Ctx } from '../../../core/actor.js';
import { assignments, userGrants } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import type { DbOrTx } from '../../../db/client.js';
import { notFound } from '../../../errors.js';
import { fundingContracts as contracts } from '../funding-contracts.tables.js';

/*
 * Who reaches a contract's monitoring: staff and officials their region's subtree, an organisation
 * its own, a reviewer account only the contracts it is assigned to — as monitor, as evaluator, or
 * (for what only one of them does) in that role alone.
 */

type MonitoringPermission = Extract<Permission, 'funding.monitoring.read' | 'funding.monitoring.manage' | 'funding.report.submit' | 'funding.visit.record' | 'funding.evaluation.record'>;

// A member of the contracted organisation is no third party: its assignment reaches nothing.
const assignedAs = (roles: readonly AssigneeRole[]) => (userId: string) =>
  sql`(exists (select 1 from ${assignments} a where a.entity_type in (${sql.join(
    roles.map((r) => sql`${ASSIGNMENT_ENTITY[r]}`),
    sql`, `,
  )}) and a.entity_id = ${contracts.id} and a.user_id = ${userId}) and ${notMemberOfProvider(userId)})`;

/** SQL: the user holds no grant of the contract's organisation. */
export function notMemberOfProvider(userId: string) {
  return sql`not exists (select 1 from ${userGrants} g where g.user_id = ${userId} and g.organization_id = ${contracts.organizationId})`;
}

export function monitoringScope(actor: Actor, permission: MonitoringPermission, roles: readonly AssigneeRole[] = ['monitor', 'evaluator']): SQL {
  return scopeWhere(scopeFor(actor, permission), { region: contracts.regionCode, organization: contracts.organizationId, assignedTo: assignedAs(roles) });
}

/** A contract inside the caller's monitoring reach (locked for a write), else 404. */
export async function findMonitoredContract(
  ctx: Pick<Ctx, 'actor'>,
  db: DbOrTx,
  id: string,
  permission: MonitoringPermission,
  opts: { roles?: readonly AssigneeRole[]; lock?: boolean } = {},
) {
  const query = db.select().from(contracts).where(and(eq(contracts.id, id), monitoringScope(ctx.actor, permission, opts.roles)));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('funding_contract');
  return row;
}

/** Whether the user is assigned to the contract in the role. */
export async function isAssigned(db: DbOrTx, contractId: string, userId: string, role: AssigneeRole) {
  if (!userId) return false;
  const [row] = await db
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.entityType, ASSIGNMENT_ENTITY[role]), eq(assignments.entityId, contractId), eq(assignments.userId, userId)));
  return !!row;
}

import { and, asc, eq } from 'drizzle-orm';
import type { Permission } from '../../../shared/roles.js';
import { AppError } from '../errors.js';
import type { DbOrTx } from '../db/client.js';
import { can, type Ctx } from './actor.js';
import { workflowHistory } from './core.tables.js';

export interface Transition<S extends string, A extends string> {
  action: A;
  from: readonly S[];
  to: S;
  /** The permission an actor needs for this step. */
  permission: Permission;
  /** Steps that turn something down must say why. */
  commentRequired?: boolean;
}

export interface WorkflowDefinition<S extends string, A extends string> {
  name: string;
  states: readonly S[];
  transitions: readonly Transition<S, A>[];
}

export function defineWorkflow<S extends string, A extends string>(def: WorkflowDefinition<S, A>) {
  return def;
}

/** Actions the actor could take from `state`, for the `abilities` a response carries. */
export function availableActions<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  ctx: Pick<Ctx, 'actor'>,
  state: S,
): A[] {
  return def.transitions.filter((t) => t.from.includes(state) && can(ctx.actor, t.permission)).map((t) => t.action);
}

export interface TransitionInput {
  comment?: string | null;
  attachmentIds?: string[];
}

/**
 * Checks that `action` is allowed from `state` for this actor, writes the history row and returns
 * the new state. The caller updates its own row in the same transaction.
 */
export async function applyTransition<S extends string, A extends string>(
  tx: DbOrTx,
  ctx: Pick<Ctx, 'actor'>,
  def: WorkflowDefinition<S, A>,
  entity: { id: string; state: S; regionCode: string },
  action: A,
  input: TransitionInput = {},
): Promise<S> {
  const transition = def.transitions.find((t) => t.action === action && t.from.includes(entity.state));
  if (!transition) {
    throw new AppError('invalid_state', { state: entity.state, action, stateKey: entity.state, actionKey: action });
  }
  if (!can(ctx.actor, transition.permission)) throw new AppError('forbidden');
  const comment = input.comment?.trim() || null;
  if (transition.commentRequired && !comment) {
    throw new AppError('validation', {}, [{ field: 'comment', problem: 'reason_required' }]);
  }
  await tx.insert(workflowHistory).values({
    workflow: def.name,
    entityId: entity.id,
    fromState: entity.state,
    toState: transition.to,
    action,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    comment,
    attachmentIds: input.attachmentIds ?? [],
    regionCode: entity.regionCode,
  });
  return transition.to;
}

/** Records the creation of a workflow entity (no "from" state). */
export async function recordStart(
  tx: DbOrTx,
  ctx: Pick<Ctx, 'actor'>,
  workflow: string,
  entity: { id: string; state: string; regionCode: string },
  comment?: string | null,
) {
  await tx.insert(workflowHistory).values({
    workflow,
    entityId: entity.id,
    fromState: null,
    toState: entity.state,
    action: 'create',
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    comment: comment ?? null,
    regionCode: entity.regionCode,
  });
}

export async function historyOf(db: DbOrTx, workflow: string, entityId: string) {
  return db
    .select()
    .from(workflowHistory)
    .where(and(eq(workflowHistory.workflow, workflow), eq(workflowHistory.entityId, entityId)))
    .orderBy(asc(workflowHistory.id));
}

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Permission } from '../../../shared/permissions.js';
import { AppError } from '../errors.js';
import type { DbOrTx } from '../db/client.js';
import { can, type Ctx } from './actor.js';
import { workflowHistory } from './core.tables.js';
import { attachFiles, attachmentsOfOwners, type AttachmentRef } from './file-owners.js';
import { inWriteUnit, type WriteCtx } from './write-unit.js';

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
 * the new state. The caller updates its own row in the same transaction. The step's attachments
 * (the actor's pending uploads) become the entity's files, owner type the workflow's name; a step
 * with attachments needs the write unit as `ctx`.
 */
export async function applyTransition<S extends string, A extends string>(
  tx: DbOrTx,
  ctx: Pick<Ctx, 'actor'> | WriteCtx,
  def: WorkflowDefinition<S, A>,
  entity: { id: string; state: S; regionCode: string; organizationId?: string | null },
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
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  await tx.insert(workflowHistory).values({
    workflow: def.name,
    entityId: entity.id,
    fromState: entity.state,
    toState: transition.to,
    action,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    comment,
    attachmentIds,
    regionCode: entity.regionCode,
  });
  if (attachmentIds.length) {
    if (!inWriteUnit(ctx as Ctx)) throw new Error(`${def.name} ${action}: attachments are attached inside the write unit; pass it as ctx`);
    await attachFiles(ctx as WriteCtx, attachmentIds, { type: def.name, id: entity.id, regionCode: entity.regionCode, organizationId: entity.organizationId });
  }
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

/** The entity's steps in order, each with its attachments' names (files the entity owns; others are left out). */
export async function historyOf(db: DbOrTx, workflow: string, entityId: string) {
  return (await historiesOf(db, workflow, [entityId])).get(entityId) ?? [];
}

/** historyOf for several entities in two queries, whatever their number (a record's filings, say). */
export async function historiesOf(db: DbOrTx, workflow: string, entityIds: readonly string[]) {
  const rows = entityIds.length
    ? await db
        .select()
        .from(workflowHistory)
        .where(and(eq(workflowHistory.workflow, workflow), inArray(workflowHistory.entityId, [...entityIds])))
        .orderBy(asc(workflowHistory.id))
    : [];
  const owned = await attachmentsOfOwners(db, workflow, entityIds, rows.flatMap((r) => r.attachmentIds));
  const byEntity = new Map(entityIds.map((id) => [id, [] as (typeof rows[number] & { attachments: AttachmentRef[] })[]]));
  for (const r of rows) {
    // A file counts only on the entity that owns it: a step cannot show another record's upload.
    const attachments = r.attachmentIds.flatMap((id) => {
      const file = owned.get(id);
      return file && file.ownerId === r.entityId ? [{ id: file.id, originalName: file.originalName, mimeType: file.mimeType, sizeBytes: file.sizeBytes }] : [];
    });
    byEntity.get(r.entityId)?.push({ ...r, attachments });
  }
  return byEntity;
}

import type { PipelineStep } from '../../../../../shared/funding/pipeline.js';
import type { WriteCtx } from '../../../core/write-unit.js';
import type { fundingCalls } from '../funding.tables.js';

export type CallRow = typeof fundingCalls.$inferSelect;

/** Why a call may not leave its step yet: a message key under `problems.` and its parameters. */
export interface StepBlock {
  problem: string;
  params?: Record<string, unknown>;
}

/**
 * A condition on leaving a step, checked inside the advance's write unit with the call row locked.
 * Returns null when the call may leave, else why not (named in the refusal, in the user's language).
 */
export type LeaveCheck = (w: WriteCtx, call: CallRow) => Promise<StepBlock | null>;

/** Work done as the call leaves a step, in the same write unit (the screening when it leaves `call`). */
export type LeaveEffect = (w: WriteCtx, call: CallRow) => Promise<void>;

const checks = new Map<PipelineStep, LeaveCheck[]>();
const effects = new Map<PipelineStep, LeaveEffect[]>();

/**
 * Adds a condition on leaving `step`. Other parts of the pipeline register theirs when their
 * service module loads (review: "every panel closed"; notice: "the objection period is over"): the
 * check returns null, or a StepBlock naming a key under `problems.` in the three catalogues (e.g.
 * screening.ts's `screening_pending`). Idempotent per function: a module loaded twice adds its check once.
 */
export function mayLeaveStep(step: PipelineStep, check: LeaveCheck) {
  const list = checks.get(step) ?? [];
  if (!list.includes(check)) list.push(check);
  checks.set(step, list);
}

/** Adds work to do as a call leaves `step` (after every check passed). */
export function onLeavingStep(step: PipelineStep, effect: LeaveEffect) {
  const list = effects.get(step) ?? [];
  if (!list.includes(effect)) list.push(effect);
  effects.set(step, list);
}

/** Every reason the call may not leave its current step (empty: it may). */
export async function leaveBlocks(w: WriteCtx, call: CallRow): Promise<StepBlock[]> {
  const out: StepBlock[] = [];
  for (const check of checks.get(call.step as PipelineStep) ?? []) {
    const block = await check(w, call);
    if (block) out.push(block);
  }
  return out;
}

export async function runLeaveEffects(w: WriteCtx, call: CallRow) {
  for (const effect of effects.get(call.step as PipelineStep) ?? []) await effect(w, call);
}

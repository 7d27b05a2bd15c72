import { regionPrefix } from '../../../shared/regions.js';
import type { Db, Tx } from '../db/client.js';
import type { Actor, Ctx } from './actor.js';

/**
 * Where a committed write is announced: this process's read caches, and the other instances on
 * one PostgreSQL server (the app's is `app.writes`, plugins/session.ts). `prefixes` are the
 * division-code prefixes written; null: anything.
 */
export interface WriteSink {
  committed(prefixes: readonly string[] | null): Promise<void>;
}

/** For a process that serves no reads (a script run before the app starts): nothing to invalidate. */
export const NO_READ_CACHES: WriteSink = { committed: async () => {} };

/** The actor of writes no user makes (a job, a start-up task): no user id, no grants; audit rows show `name`. */
export function systemActor(name: string): Actor {
  return { id: '', username: name, displayName: name, grants: [] };
}

/**
 * The context of a platform task that writes with no user behind it (the demo seed, the sealing of
 * old values at start-up, a script): its audit rows, if any, name the task. It runs before the app
 * serves, so there are no read caches to tell.
 */
export function systemCtx(db: Db, task: string): Ctx {
  return {
    db,
    actor: systemActor(`system:${task}`),
    locale: 'zh-CN',
    requestId: `system:${task}`,
    writes: NO_READ_CACHES,
  };
}

/** What one write unit gathers while its transaction is open, across every service that joined it. */
interface UnitState {
  /** Region codes written (null: something without a region, or anything). */
  readonly touched: Set<string | null>;
  readonly afterCommit: (() => Promise<void> | void)[];
  /** Whether some part of the unit wrote what a cached read may show. */
  announce: boolean;
}

/**
 * One service's part in a write unit: the unit's shared state, and whether this part declared
 * that nothing it writes is shown by a cached read (`leavesReadCaches`). The declaration covers
 * only the part that made it, so a service joining a caller's unit cannot silence the caller's writes.
 */
export interface WriteUnit {
  readonly state: UnitState;
  leavesCaches: boolean;
}

/** A service context inside a write unit: `db` is its transaction. */
export type WriteCtx = Ctx & { db: Tx; unit: WriteUnit };

export function inWriteUnit(ctx: Ctx): ctx is WriteCtx {
  return ctx.unit !== undefined;
}

async function runPart<T>(w: WriteCtx, fn: (w: WriteCtx) => Promise<T>): Promise<T> {
  const result = await fn(w);
  if (!w.unit.leavesCaches) w.unit.state.announce = true;
  return result;
}

/**
 * Runs `fn` as one write: in a new transaction, or in the caller's when the context is already
 * inside a write unit, so services of different domains compose into one atomic change on both
 * engines. After the outermost COMMIT (never before it, never after a rollback) the read caches
 * covering the regions written are invalidated here and on every other instance, then the
 * unit's after-commit steps run.
 */
export async function mutate<T>(ctx: Ctx, fn: (w: WriteCtx) => Promise<T>): Promise<T> {
  if (inWriteUnit(ctx)) return runPart({ ...ctx, unit: { state: ctx.unit.state, leavesCaches: false } }, fn);
  const state: UnitState = { touched: new Set(), afterCommit: [], announce: false };
  const result = await (ctx.db as Db).transaction((tx) => runPart({ ...ctx, db: tx, unit: { state, leavesCaches: false } }, fn));
  if (state.announce) await ctx.writes.committed(prefixesOf(state.touched));
  for (const step of state.afterCommit) await step();
  return result;
}

/**
 * Names a region this unit writes (audit rows do it for their own records). A unit that names
 * none, or names null, invalidates everything: it cannot say what it changed.
 */
export function touch(w: WriteCtx, regionCode: string | null) {
  w.unit.state.touched.add(regionCode);
}

/**
 * Declares that nothing any read cache holds depends on what this part of the unit writes (a
 * sign-in, an export's audit row, a notification): its audit rows name no region, and unless
 * another part of the unit writes something that matters, no cache is dropped after COMMIT.
 */
export function leavesReadCaches(w: WriteCtx) {
  w.unit.leavesCaches = true;
}

/** Runs `step` once the unit has committed (a notification sent, a file removed); skipped on rollback. */
export function afterCommit(w: WriteCtx, step: () => Promise<void> | void) {
  w.unit.state.afterCommit.push(step);
}

function prefixesOf(touched: Set<string | null>): string[] | null {
  if (touched.size === 0 || touched.has(null)) return null;
  return [...touched].map((code) => regionPrefix(code as string));
}

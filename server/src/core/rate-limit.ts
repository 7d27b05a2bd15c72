import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { clientKey } from './client-key.js';

/**
 * How often one user, and one client address, may start the expensive requests: a registry import
 * (up to 5 MB of spreadsheet parsed and checked row by row) and a spreadsheet export (a whole list
 * read and written). A route opts in with `config: { rateLimit: 'import' | 'export' }`.
 *
 * A core mechanism rather than @fastify/rate-limit: without a Redis store that plugin also counts in
 * each process, and here the limit has to be decided after the session plugin knows the user (its
 * default hook runs before), count one user across all six export routes and their address beside
 * them, and refuse through AppError so the 429 reads like every other error, in the caller's language.
 *
 * The counts live in this process's memory: with several instances (or CLUSTER_WORKERS) each counts
 * its own share, so a client spread over n of them gets up to n times the limit. Imports and
 * exports are bounded in size anyway (import caps, list caps); this bounds their rate per instance.
 */

export type RateLimitKind = 'import' | 'export';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Counted against the caller's import or export allowance (core/rate-limit.ts). */
    rateLimit?: RateLimitKind;
  }
}

/** One office's staff often reach the platform from one address: it gets this many users' allowance. */
export const ADDRESS_SHARE = 5;

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A sliding-window log: per key, the times of the hits admitted within the window. A hit is admitted
 * only when every key it counts against has room, and is then recorded under all of them; a refused
 * hit is not recorded, so retrying does not push the wait further out.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  take(counts: readonly { key: string; limit: number }[]): Verdict {
    const now = this.now();
    this.sweep(now);
    let retryAfterMs = 0;
    for (const { key, limit } of counts) {
      const recent = this.recent(key, now);
      // The hit fits once the oldest hits beyond the limit have left the window.
      if (recent.length >= limit) retryAfterMs = Math.max(retryAfterMs, recent[recent.length - limit] + this.windowMs - now);
    }
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    for (const { key } of counts) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.hits.set(key, recent);
    }
    return { ok: true };
  }

  private recent(key: string, now: number): number[] {
    const times = this.hits.get(key) ?? [];
    const first = times.findIndex((t) => t > now - this.windowMs);
    return first < 0 ? [] : first === 0 ? times : times.slice(first);
  }

  /** Drops keys with nothing left in the window, once per window, so idle users cost no memory. */
  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.hits) {
      if (times[times.length - 1] <= now - this.windowMs) this.hits.delete(key);
    }
  }

  /** How many keys hold hits (tests). */
  get size() {
    return this.hits.size;
  }
}

const REFUSALS = { import: 'import_rate_limited', export: 'export_rate_limited' } as const;

/** Counts each opted-in request once it is through the permission check and validation, before its handler runs. */
export default fp(async function rateLimitPlugin(app: FastifyInstance) {
  const windowMs = app.env.RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const limits: Record<RateLimitKind, number> = { import: app.env.RATE_LIMIT_IMPORTS, export: app.env.RATE_LIMIT_EXPORTS };
  const limiters: Record<RateLimitKind, SlidingWindowLimiter> = {
    import: new SlidingWindowLimiter(windowMs),
    export: new SlidingWindowLimiter(windowMs),
  };
  function limit(kind: RateLimitKind) {
    const max = limits[kind];
    // A plain callback: nothing waits.
    return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const counts = [{ key: `client:${clientKey(request.ip)}`, limit: max * ADDRESS_SHARE }];
      // Every limited route needs a permission, so a user is there; the address alone is the fallback.
      if (request.actor) counts.push({ key: `user:${request.actor.id}`, limit: max });
      const verdict = limiters[kind].take(counts);
      if (verdict.ok) return done();
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      reply.header('retry-after', String(seconds));
      throw new AppError(REFUSALS[kind], { minutes: Math.ceil(seconds / 60) });
    };
  }
  // As with permissions (plugins/session.ts): a new export or import route that forgets its limit
  // stops the server at start-up rather than going out unlimited. A route that declares one gets
  // the limiter as its own preHandler; no other request passes through it.
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const kind = route.url.endsWith('/export') ? 'export' : methods.includes('POST') && /\/import(\/|$)/.test(route.url) ? 'import' : null;
    const declared = (route.config as { rateLimit?: RateLimitKind } | undefined)?.rateLimit;
    if (kind && route.url.startsWith('/api/') && declared !== kind) {
      throw new Error(`route ${methods.join(',')} ${route.url} is an ${kind} and must declare config.rateLimit: '${kind}'`);
    }
    if (!declared || limits[declared] === 0) return;
    // First, before any of the route's own; a new array, as a GET and its HEAD twin start from one set of options.
    route.preHandler = [limit(declared), ...[route.preHandler ?? []].flat()];
  });
});

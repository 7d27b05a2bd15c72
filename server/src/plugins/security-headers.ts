import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, computed once. Nothing in them depends on the request (no CSP nonces), and
 * building them per request (as the Fastify wrapper does, constructing helmet each time) cost about
 * as much as a small route's whole handler.
 */
export function securityHeadersOf(options: HelmetOptions): { set: Record<string, string>; removed: string[] } {
  const set: Record<string, string> = {};
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (set[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void removed.push(name.toLowerCase()),
  };
  let failure: unknown;
  helmet(options)({} as never, res as never, (err?: unknown) => void (failure = err));
  if (failure) throw failure;
  return { set, removed };
}

export default fp(async function securityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const { set, removed } = securityHeadersOf(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(set);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
});

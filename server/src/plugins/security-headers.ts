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

/**
 * What a JSON answer needs of them: it is never rendered as a page, so only the headers that act
 * on such a response (OWASP REST Security Cheat Sheet, "Security Headers"): not sniffed into
 * something else, not framed, no referrer, not readable by another origin's page, HSTS where it is
 * on, and a policy under which it loads nothing. The others (Cross-Origin-Opener-Policy,
 * Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, X-XSS-Protection,
 * X-Permitted-Cross-Domain-Policies) act on documents, or on browsers and plug-ins long gone.
 */
const JSON_HEADERS = ['cross-origin-resource-policy', 'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options'];
export const JSON_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function jsonHeadersOf(document: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { 'content-security-policy': JSON_POLICY };
  for (const name of JSON_HEADERS) if (document[name] !== undefined) out[name] = document[name];
  return out;
}

const isJson = (contentType: unknown) => typeof contentType === 'string' && contentType.startsWith('application/json');

/**
 * Every response starts with the JSON set (most answers are JSON, and every header costs the
 * server and the client a little); anything else (the web app's files, the API's documentation,
 * a downloaded file or sheet, an error page) gets helmet's whole set before it is sent.
 */
export default fp(async function securityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const { set: document, removed } = securityHeadersOf(options);
  const json = jsonHeadersOf(document);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(json);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
  const documentEntries = Object.entries(document);
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!isJson(reply.getHeader('content-type'))) {
      // A header the route set itself stands.
      for (const [name, value] of documentEntries) {
        const current = reply.getHeader(name);
        if (current === undefined || current === json[name]) reply.header(name, value);
      }
    }
    done(null, payload);
  });
});

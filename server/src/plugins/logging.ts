import type { FastifyServerOptions } from 'fastify';
import { dbErrorFacts } from '../core/db-errors.js';

/**
 * What the server log may hold about a request or an error. Personal data (ID numbers, phones,
 * names) arrives in bodies, query strings and, through the database, in error messages: none of
 * those is logged. A request is its method, path, the names of its query parameters and its id; a
 * database error is its SQLSTATE, constraint, table and column, never its message, detail or the
 * statement's parameters.
 */

/** Runs of 7+ digits (phones, ID numbers, bank accounts) masked in any free text that is logged. */
export function scrubText(text: string): string {
  return text.replace(/\d{7,}[\dXx]?/g, (m) => `${m.slice(0, 3)}…(${m.length})`);
}

function pathOf(url: string | undefined) {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${url.slice(0, q)}?${keys.map((k) => `${scrubText(k)}=…`).join('&')}`;
}

function stackFrames(stack: string | undefined) {
  return stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12)
    .join('\n');
}

export function serializeError(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { message: scrubText(String(err)) };
  const e = err as Error & { code?: unknown; statusCode?: unknown; query?: unknown };
  const facts = dbErrorFacts(err);
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    stack: stackFrames(e.stack),
  };
  if (facts) {
    // The statement text has placeholders only; its parameters and the server's message (which
    // quotes values: "Key (uscc)=(…)", "Failing row contains (…)") stay out.
    Object.assign(out, facts);
    if (typeof e.query === 'string') out.query = e.query.slice(0, 2000);
  } else {
    out.message = scrubText(String(e.message ?? ''));
    if (typeof e.code === 'string') out.code = e.code;
    if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  }
  return out;
}

export const logSerializers = {
  req(request: { id?: string; method?: string; url?: string; ip?: string }) {
    return { id: request.id, method: request.method, url: pathOf(request.url), remoteAddress: request.ip };
  },
  res(reply: { statusCode?: number }) {
    return { statusCode: reply.statusCode };
  },
  err: serializeError,
};

/** Fastify logger options with the serializers above, whatever level or destination is asked for. */
export function safeLoggerOptions(options: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!options) return false;
  const base = options === true ? {} : (options as Record<string, unknown>);
  return {
    ...base,
    serializers: { ...((base.serializers as object | undefined) ?? {}), ...logSerializers },
    // Belt and braces should a future log line carry a request's headers or body.
    redact: { paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.body', 'body', 'password', '*.password'], censor: '[redacted]' },
  } as unknown as FastifyServerOptions['logger'];
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isStorableText } from '../core/storable-text.js';
import { AppError, type FieldProblem } from '../errors.js';

/**
 * A NUL or an unpaired UTF-16 surrogate cannot be stored by PostgreSQL (in text or jsonb), so a
 * request carrying one would fail deep in a write. No field of this platform has a use for them:
 * they are refused up front, naming the field, whatever the route.
 */
export function unstorableFields(value: unknown, path = '', out: FieldProblem[] = [], depth = 0): FieldProblem[] {
  if (out.length >= 20 || depth > 32) return out;
  if (typeof value === 'string') {
    if (!isStorableText(value)) out.push({ field: path || 'body', problem: 'invalid_characters' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableFields(v, path ? `${path}.${i}` : String(i), out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (!isStorableText(k)) out.push({ field: path || 'body', problem: 'invalid_characters' });
      else unstorableFields((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
  return out;
}

function check(request: FastifyRequest) {
  const problems: FieldProblem[] = [];
  unstorableFields(request.params, '', problems);
  unstorableFields(request.query, '', problems);
  unstorableFields(request.body, '', problems);
  if (problems.length) throw new AppError('validation', {}, problems);
}

/**
 * Runs before schema validation, after the session plugin's authentication and permission check.
 * A plain callback, not an async function: nothing here waits, and every request passes through.
 */
export default fp(async function inputGuardPlugin(app: FastifyInstance) {
  app.addHook('preValidation', (request, _reply, done) => {
    check(request);
    done();
  });
});

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CONSTRAINT_FIELDS, dbErrorFacts, FOREIGN_KEY_VIOLATION, isInputError, isTransientConflict, UNIQUE_VIOLATION } from '../core/db-errors.js';
import { AppError, type FieldProblem } from '../errors.js';
import { fieldLabel, isProblemKey, translate, type Locale } from '../i18n/index.js';

const KNOWN_PROBLEMS = new Set(['too_small', 'too_big', 'invalid_type', 'invalid_format', 'invalid_value', 'unrecognized_keys']);

function zodProblem(issue: { keyword: string; instancePath: string; message: string; params: any }): FieldProblem {
  const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body';
  // A schema names its own problem through the message (`{ message: 'month_format' }`, a refine's 'required').
  if (isProblemKey(issue.message)) return { field, problem: issue.message, params: issue.params?.params };
  if (issue.keyword === 'custom') return { field, problem: 'invalid_value', params: issue.params?.params };
  const missing = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message);
  if (missing) return { field, problem: 'required' };
  const empty = issue.keyword === 'too_small' && issue.params?.minimum === 1;
  if (empty && (issue.params?.origin === 'string' || issue.params?.origin === 'array')) return { field, problem: 'required' };
  return {
    field,
    problem: KNOWN_PROBLEMS.has(issue.keyword) ? issue.keyword : 'invalid_format',
    params: { minimum: issue.params?.minimum, maximum: issue.params?.maximum, keys: issue.params?.keys?.join?.(', ') },
  };
}

export function presentFieldProblems(locale: Locale, problems: FieldProblem[]) {
  return problems.map((p) => ({
    field: p.field,
    problem: p.problem,
    // An unknown problem key would show as `problems.xyz`; the CI check (field-labels.test.ts) lists any.
    message: translate(locale, `problems.${isProblemKey(p.problem) ? p.problem : 'invalid_value'}`, {
      ...p.params,
      field: fieldLabel(locale, p.field),
    }),
    ...(p.expose?.length ? { params: Object.fromEntries(p.expose.map((k) => [k, p.params?.[k] ?? null])) } : {}),
  }));
}

function translateParams(locale: Locale, params: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...params };
  if (typeof params.entity === 'string') out.entity = translate(locale, `entities.${params.entity}`);
  if (typeof params.state === 'string') out.state = translate(locale, `states.${params.state}`);
  if (typeof params.action === 'string') out.action = translate(locale, `actions.${params.action}`);
  if (Array.isArray(params.missing)) {
    out.missing = params.missing.map((m) => translate(locale, `filingMissing.${m}`)).join('、');
  }
  return out;
}

export function errorBody(locale: Locale, err: AppError) {
  return {
    error: {
      code: err.code,
      message: translate(locale, `errors.${err.code}`, translateParams(locale, err.params)),
      fields: presentFieldProblems(locale, err.fields),
      ...(err.details !== undefined ? { details: err.details } : {}),
    },
  };
}

/**
 * A request that passed validation can still be refused by the database: two requests taking the
 * same username at once, or a value the column cannot hold. Those are the caller's, not a 500.
 */
export function fromDatabaseError(locale: Locale, error: unknown): AppError | null {
  const facts = dbErrorFacts(error);
  // Two writes that met in the database (a deadlock, a serialisation failure): neither is wrong,
  // one of them only has to be sent again.
  if (facts && isTransientConflict(facts)) return new AppError('write_conflict');
  if (!facts || !isInputError(facts)) return null;
  const known = facts.constraint ? CONSTRAINT_FIELDS[facts.constraint] : undefined;
  if (facts.code === UNIQUE_VIOLATION) {
    const what = known ? fieldLabel(locale, known.field) : translate(locale, 'entities.record');
    return new AppError('conflict', { what }, known ? [known] : []);
  }
  if (known) return new AppError('validation', {}, [known]);
  if (facts.code === FOREIGN_KEY_VIOLATION) return new AppError('validation', {}, [{ field: facts.column ?? 'body', problem: 'reference_unknown' }]);
  return new AppError('validation', {}, [{ field: facts.column ?? 'body', problem: 'invalid_format' }]);
}

/** One place maps every error to a status and a message in the caller's language. */
export default fp(async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const locale = request.locale ?? 'zh-CN';
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      appError = new AppError('validation', {}, (error.validation as any[]).map(zodProblem));
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      appError = new AppError('validation', {}, [{ field: 'body', problem: 'invalid_format' }]);
    } else if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      appError = new AppError('file_too_large', { limitMb: app.env.MAX_UPLOAD_MB });
    } else if (error.statusCode && error.statusCode < 500) {
      appError = new AppError('validation', {}, [{ field: 'body', problem: 'invalid_format' }]);
    } else {
      appError = fromDatabaseError(locale, error) ?? new AppError('internal');
    }
    // The error serializer (plugins/logging.ts) keeps SQL parameters and row details out of the log.
    if (appError.status >= 500) request.log.error({ err: error }, 'server error');
    else if (appError.status !== error.statusCode && !(error instanceof AppError)) {
      request.log.warn({ err: error }, 'database refused input');
    }
    reply.status(appError.status).send(errorBody(locale, appError));
  });
});

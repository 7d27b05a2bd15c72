/** Stable error codes. Each maps to one HTTP status and one message key in server/src/i18n. */
export const ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  /** An address under /api that no route answers (or a method it does not take). */
  route_not_found: 404,
  conflict: 409,
  write_conflict: 409,
  invalid_state: 409,
  four_eyes: 403,
  /** The team changed after its filing was submitted: the reviewer would not approve what was submitted. */
  filing_changed: 409,
  /** A write that would leave a filed team without one of its 三清. */
  three_clear_required: 409,
  /** A direct edit of a filed team's filed facts: they change through a change filing. */
  filed_change_requires_filing: 409,
  filing_incomplete: 422,
  /** A filing certificate asked of a record that is not a filed team. */
  not_filed: 409,
  /** A verification code that names no document (public verification page). */
  document_unknown: 404,
  import_rejected: 422,
  /** An organisation import of rows the register already holds, without saying whether to skip or update them. */
  import_existing: 409,
  file_too_large: 413,
  file_type: 415,
  login_failed: 401,
  login_locked: 423,
  rate_limited: 429,
  /** Too many imports or exports in the window (core/rate-limit.ts); the response carries Retry-After. */
  import_rate_limited: 429,
  export_rate_limited: 429,
  too_many_pending_uploads: 429,
  // Refused before any route is reached: by the router (an address part too long or badly encoded)
  // or by Node's HTTP parser (headers or request line beyond its limit, a malformed request).
  bad_request: 400,
  request_timeout: 408,
  uri_too_long: 414,
  headers_too_large: 431,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  /** Path of the field in the request, such as `uscc` or `members.2.phone`. */
  field: string;
  /** Message key under `problems.` in server/src/i18n, or a zod issue code. */
  problem: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldProblem[] = [],
    /** Extra payload returned with the error (an import's row report, say). */
    readonly details?: unknown,
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (entity: string) => new AppError('not_found', { entity });
export const forbidden = () => new AppError('forbidden');
export const invalidField = (field: string, problem: string, params?: Record<string, unknown>) =>
  new AppError('validation', {}, [{ field, problem, params }]);

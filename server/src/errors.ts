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
  /** A funding application submitted after its call's deadline (server clock). */
  call_closed: 409,
  /** A call asked to leave a step whose conditions do not hold yet (funding call-steps). */
  call_step_blocked: 409,
  // Contracts, tranches and renewal (funding F8, F11).
  contract_application_not_approved: 409,
  contract_exists: 409,
  contract_call_step: 409,
  contract_not_draft: 409,
  contract_not_signed: 409,
  contract_no_fund: 409,
  /** Signing a contract its fund cannot commit (ledger `commit` would go below zero). */
  contract_fund_insufficient: 409,
  /** A renewal signed with the previous year's content unchanged (seed 002). */
  contract_renewal_unchanged: 409,
  contract_not_renewable: 409,
  contract_already_renewed: 409,
  contract_not_printable: 409,
  /** A certificate of service asked for a volunteer the centre has not confirmed yet (V5). */
  volunteer_not_confirmed: 409,
  milestone_already_accepted: 409,
  milestone_not_open: 409,
  milestone_not_reported: 409,
  // Monitoring and evaluation (funding F9, F10).
  /** The report schedule changed after a report of it was sent. */
  report_schedule_locked: 409,
  report_not_open: 409,
  report_not_submitted: 409,
  report_period_not_started: 409,
  /** An evaluation of the kind is on record already: a correction is a new version. */
  evaluation_submitted: 409,
  evaluation_after_final: 409,
  evaluation_superseded: 409,
  /** A filing certificate asked of a record that is not a filed team. */
  not_filed: 409,
  /** A verification code that names no document (public verification page). */
  document_unknown: 404,
  /** A ledger posting whose key (the business event) was posted already: a tranche is paid once. */
  ledger_already_posted: 409,
  /** A ledger posting that would take a fund's account below zero. */
  ledger_insufficient_funds: 409,
  ledger_reversal_of_reversal: 409,
  // Funding review, public notice and optimisation (F5–F7).
  panel_closed: 409,
  panel_open: 409,
  call_not_in_review: 409,
  call_not_at_notice: 409,
  /** An expert reading or scoring before it declared its conflicts of interest for the panel. */
  conflicts_undeclared: 403,
  review_deadline_passed: 409,
  already_scored: 409,
  score_missing: 409,
  trimmed_mean_too_few: 409,
  notice_published: 409,
  notice_fixed: 409,
  objection_answered: 409,
  objection_period_open: 409,
  objections_unanswered: 409,
  objection_period_over: 409,
  proposal_not_open: 409,
  proposal_accepted: 409,
  // The volunteer hours ledger (V3, V4).
  /** A period overlapping hours already recorded for the volunteer (a live claim): hours are never counted twice. */
  volunteer_hours_overlap: 409,
  volunteer_hours_decided: 409,
  volunteer_hours_self_approval: 403,
  volunteer_hours_not_approved: 409,
  volunteer_hours_reversed: 409,
  // Volunteer activities, shifts, sign-ups and attendance (V2).
  volunteer_activity_not_editable: 409,
  volunteer_activity_not_draft: 409,
  volunteer_activity_not_published: 409,
  volunteer_activity_no_shifts: 409,
  volunteer_shift_cancelled: 409,
  /** A shift's times changed after volunteers signed up for it: refused (cancel it, which tells them, and add another). */
  volunteer_shift_has_signups: 409,
  volunteer_shift_started: 409,
  volunteer_shift_not_started: 409,
  /** The actor's account owns no volunteer record. */
  volunteer_not_registered: 409,
  /** A self-registered volunteer the centre has not confirmed yet. */
  volunteer_pending: 409,
  volunteer_not_active: 409,
  volunteer_signup_exists: 409,
  /** A place held or waited for on a shift at the same time. */
  volunteer_signup_overlap: 409,
  volunteer_signup_not_cancellable: 409,
  volunteer_signup_not_confirmed: 409,
  volunteer_signup_not_checked_in: 409,
  volunteer_signup_checked_out: 409,
  volunteer_signup_no_show: 409,
  volunteer_scan_no_signup: 409,
  volunteer_scan_waiting: 409,
  volunteer_scan_not_active: 409,
  volunteer_attendance_own: 403,
  volunteer_check_in_not_open: 409,
  volunteer_check_in_closed: 409,
  volunteer_check_out_closed: 409,
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
  /**
   * Names of `params` sent to the client as they are, beside the message: codes a screen acts on
   * (the step to mark), never words or personal data. Other params only fill the message.
   */
  expose?: string[];
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

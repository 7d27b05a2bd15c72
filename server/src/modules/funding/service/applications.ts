import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type {
  ApplicationSort,
  TActivity,
  TApplicationBody,
  TApplicationDetail,
  TApplicationExportQuery,
  TApplicationListQuery,
  TBudgetLine,
  TIndicator,
  TUpdateApplicationBody,
} from '../../../../../shared/funding/applications.js';
import type { TEligibilityRule, TFormQuestion } from '../../../../../shared/funding/calls.js';
import type { ApplicationStatus } from '../../../../../shared/funding/states.js';
import { can, type Ctx } from '../../../core/actor.js';
import { auditExport, writeAudit } from '../../../core/audit.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { applyTransition, defineWorkflow, historyOf, recordStart } from '../../../core/workflow.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound, type FieldProblem } from '../../../errors.js';
import { EXPORT_LIMIT, writeSheet } from '../../../core/xlsx.js';
import { translate } from '../../../i18n/index.js';
import { organizationFacts } from '../../registry/registry.service.js';
import { fundingApplications as apps, fundingBudgetLines as lines, fundingCalls as calls, fundingCallTopics as callTopics } from '../funding.tables.js';
import type { CallRow } from './call-steps.js';
import { callOpen, findCallInScope, sheetYuan } from './calls.js';
import { presentScreening } from './screening-view.js';
import { ruleRegionCodes } from './eligibility.js';
import { regionNames } from '../../regions/regions.service.js';
import { underCall } from './scope.js';
import { chinaTime, serverNow } from './time.js';

export const APPLICATION_WORKFLOW = 'funding.application';

/** An application's steps up to the screening; review and later parts add theirs under the same name. */
export const applicationWorkflow = defineWorkflow({
  name: APPLICATION_WORKFLOW,
  states: ['draft', 'submitted', 'withdrawn', 'screened_in', 'screened_out'] as ApplicationStatus[],
  transitions: [
    { action: 'submit', from: ['draft'], to: 'submitted', permission: 'funding.application.write' },
    { action: 'withdraw', from: ['draft', 'submitted'], to: 'withdrawn', permission: 'funding.application.write' },
    { action: 'decide_rule', from: ['submitted'], to: 'submitted', permission: 'funding.application.screen', commentRequired: true },
    /** Screened with a rule left for staff: the screening is a step of its own, though the status stays. */
    { action: 'screen', from: ['submitted'], to: 'submitted', permission: 'funding.application.screen' },
    { action: 'screen_in', from: ['submitted'], to: 'screened_in', permission: 'funding.application.screen' },
    { action: 'screen_out', from: ['submitted'], to: 'screened_out', permission: 'funding.application.screen' },
  ],
});

export type ApplicationRow = typeof apps.$inferSelect;

/**
 * What a caller reads of applications: an organisation member its own organisation's (drafts too);
 * staff and officials those of organisations in their region, once submitted (a draft is the
 * organisation's own work in progress).
 */
export function applicationScope(ctx: Ctx): SQL {
  const parts: SQL[] = [];
  for (const s of scopeFor(ctx.actor, 'funding.read')) {
    if (s.kind === 'region') parts.push(sql`(${scopeWhere([s], { region: apps.regionCode })} and ${apps.status} <> 'draft')`);
    else if (s.kind === 'organization') parts.push(scopeWhere([s], { region: apps.regionCode, organization: apps.organizationId }));
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

/** The applications the caller writes: its own organisations' only. */
function writeScope(ctx: Ctx): SQL {
  const own = scopeFor(ctx.actor, 'funding.application.write').filter((s) => s.kind === 'organization');
  return scopeWhere(own, { region: apps.regionCode, organization: apps.organizationId });
}

export async function findApplicationInScope(ctx: Ctx, db: DbOrTx, id: string, forWrite = false) {
  const q = db.select().from(apps).where(and(eq(apps.id, id), forWrite ? writeScope(ctx) : applicationScope(ctx)));
  const [row] = forWrite ? await q.for('update') : await q;
  if (!row) throw notFound('application');
  return row;
}

export function applicationAuditOf(a: ApplicationRow, budgetLines?: TBudgetLine[]) {
  return {
    id: a.id,
    callId: a.callId,
    organizationId: a.organizationId,
    regionCode: a.regionCode,
    topicId: a.topicId,
    status: a.status,
    title: a.title,
    summary: a.summary,
    goals: a.goals,
    activities: a.activities,
    targetBeneficiaries: a.targetBeneficiaries,
    beneficiaryCount: a.beneficiaryCount,
    indicators: a.indicators,
    answers: Object.entries(a.answers as Record<string, string>).map(([key, answer]) => ({ key, answer })),
    amountFen: a.amountFen,
    ...(budgetLines ? { budgetLines } : {}),
  };
}

async function budgetOf(db: DbOrTx, id: string): Promise<TBudgetLine[]> {
  const rows = await db.select().from(lines).where(eq(lines.applicationId, id)).orderBy(asc(lines.position));
  return rows.map((r) => ({ item: r.item, category: r.category, amountFen: r.amountFen, note: r.note }));
}

async function saveBudget(w: WriteCtx, id: string, budget: TBudgetLine[]) {
  await w.db.delete(lines).where(eq(lines.applicationId, id));
  if (budget.length) await w.db.insert(lines).values(budget.map((l, position) => ({ applicationId: id, position, ...l })));
}

/** What a draft may hold: dates inside the call's year, the call's topics and questions. Each problem names its field. */
async function draftProblems(db: DbOrTx, call: CallRow, d: Partial<TApplicationBody>): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const first = `${call.year}-01-01`;
  const last = `${call.year}-12-31`;
  (d.activities ?? []).forEach((a, i) => {
    if (a.startsOn < first || a.startsOn > last) problems.push({ field: `activities.${i}.startsOn`, problem: 'date_range', params: { min: first, max: last } });
    if (a.endsOn < first || a.endsOn > last) problems.push({ field: `activities.${i}.endsOn`, problem: 'date_range', params: { min: first, max: last } });
    else if (a.endsOn < a.startsOn) problems.push({ field: `activities.${i}.endsOn`, problem: 'ends_before_start' });
  });
  if (d.topicId) {
    const [hit] = await db.select({ id: callTopics.topicId }).from(callTopics).where(and(eq(callTopics.callId, call.id), eq(callTopics.topicId, d.topicId)));
    if (!hit) problems.push({ field: 'topicId', problem: 'topic_not_of_call' });
  }
  const questions = new Map((call.form as TFormQuestion[]).map((q) => [q.key, q]));
  for (const [key, answer] of Object.entries(d.answers ?? {})) {
    const q = questions.get(key);
    if (!q) problems.push({ field: `answers.${key}`, problem: 'question_unknown' });
    else if (answer.length > q.maxLength) problems.push({ field: `answers.${key}`, problem: 'too_big', params: { maximum: q.maxLength } });
  }
  return problems;
}

/** The organisation the caller applies for: one of its own (named, or its only one). */
function ownOrganization(ctx: Ctx, asked?: string) {
  const own = scopeFor(ctx.actor, 'funding.application.write').flatMap((s) => (s.kind === 'organization' ? [s] : []));
  if (asked) {
    const slice = own.find((s) => s.organizationId === asked);
    if (!slice) throw invalidField('organizationId', 'organization_not_own');
    return slice;
  }
  if (own.length === 1) return own[0];
  throw invalidField('organizationId', own.length ? 'required' : 'organization_not_own');
}

function closedError(call: CallRow) {
  return new AppError('call_closed', { deadline: chinaTime(call.deadline) });
}

export async function createApplication(ctx: Ctx, input: TApplicationBody) {
  const slice = ownOrganization(ctx, input.organizationId);
  return mutate(ctx, async (w) => {
    const call = await findCallInScope(ctx, w.db, input.callId).catch(() => {
      throw invalidField('callId', 'reference_unknown');
    });
    const facts = (await organizationFacts(w.db, [slice.organizationId])).get(slice.organizationId);
    if (!facts || !facts.regionCode.startsWith(slice.prefix)) throw invalidField('organizationId', 'organization_not_own');
    if (call.status === 'published' && call.step === 'call' && serverNow() > call.deadline) throw closedError(call);
    if (!callOpen(call)) throw invalidField('callId', 'call_not_open');
    if (!underCall(call.regionCode, facts.regionCode)) throw invalidField('callId', 'call_other_region');
    const problems = await draftProblems(w.db, call, input);
    if (problems.length) throw new AppError('validation', {}, problems);
    const { budgetLines, organizationId: _o, ...fields } = input;
    const [row] = await w.db
      .insert(apps)
      .values({ ...fields, organizationId: facts.id, regionCode: facts.regionCode, status: 'draft', createdBy: ctx.actor.id || null })
      .returning();
    await saveBudget(w, row.id, budgetLines);
    await recordStart(w.db, ctx, APPLICATION_WORKFLOW, { id: row.id, state: 'draft', regionCode: row.regionCode });
    await writeAudit(w, {
      action: 'funding.application.create',
      entityType: 'application',
      entityId: row.id,
      entityName: row.title,
      regionCode: row.regionCode,
      after: applicationAuditOf(row, budgetLines),
    });
    return applicationDetail(ctx, w.db, row);
  });
}

export async function updateApplication(ctx: Ctx, id: string, input: TUpdateApplicationBody) {
  return mutate(ctx, async (w) => {
    const before = await findApplicationInScope(ctx, w.db, id, true);
    if (before.status !== 'draft') throw new AppError('invalid_state', { state: before.status, action: 'edit' });
    const [call] = await w.db.select().from(calls).where(eq(calls.id, before.callId));
    const problems = await draftProblems(w.db, call, input);
    if (problems.length) throw new AppError('validation', {}, problems);
    const { budgetLines, ...fields } = input;
    const beforeBudget = await budgetOf(w.db, id);
    const [after] = await w.db.update(apps).set({ ...fields, updatedAt: new Date() }).where(eq(apps.id, id)).returning();
    if (budgetLines) await saveBudget(w, id, budgetLines);
    await writeAudit(w, {
      action: 'funding.application.update',
      entityType: 'application',
      entityId: id,
      entityName: after.title,
      regionCode: after.regionCode,
      before: applicationAuditOf(before, beforeBudget),
      after: applicationAuditOf(after, budgetLines ?? beforeBudget),
    });
    return applicationDetail(ctx, w.db, after);
  });
}

/** What a submission needs beyond a draft; each missing or wrong field is named. */
function submitProblems(a: ApplicationRow, call: CallRow, budget: TBudgetLine[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const blank = (v: string | null) => !v || !v.trim();
  if (blank(a.goals)) problems.push({ field: 'goals', problem: 'required' });
  if (!(a.activities as TActivity[]).length) problems.push({ field: 'activities', problem: 'required' });
  if (blank(a.targetBeneficiaries)) problems.push({ field: 'targetBeneficiaries', problem: 'required' });
  if (!a.beneficiaryCount || a.beneficiaryCount <= 0) problems.push({ field: 'beneficiaryCount', problem: 'required_positive' });
  if (!(a.indicators as TIndicator[]).length) problems.push({ field: 'indicators', problem: 'required' });
  const answers = a.answers as Record<string, string>;
  for (const q of call.form as TFormQuestion[]) {
    if (q.required && blank(answers[q.key] ?? null)) problems.push({ field: `answers.${q.key}`, problem: 'answer_required', params: { question: q.label } });
  }
  const cap = call.capFen ?? call.budgetFen;
  if (a.amountFen <= 0) problems.push({ field: 'amountFen', problem: 'required_positive' });
  else if (a.amountFen > cap) problems.push({ field: 'amountFen', problem: 'amount_over_cap', params: { cap: yuan(cap) } });
  if (!budget.length) problems.push({ field: 'budgetLines', problem: 'required' });
  else {
    const sum = budget.reduce((s, l) => s + l.amountFen, 0);
    if (sum !== a.amountFen) problems.push({ field: 'budgetLines', problem: 'budget_sum', params: { sum: yuan(sum), amount: yuan(a.amountFen) } });
  }
  return problems;
}

/** Fen as yuan with two decimals, computed in integers (no float rounding). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Submits a draft. Refused after the call's deadline by the server clock (time.ts), with the
 * deadline in China time; budget lines must add up exactly to the amount, which is at most the cap.
 */
export async function submitApplication(ctx: Ctx, id: string) {
  return mutate(ctx, async (w) => {
    const before = await findApplicationInScope(ctx, w.db, id, true);
    // The call row locked too: a submission and the call leaving `call` do not cross.
    const [call] = await w.db.select().from(calls).where(eq(calls.id, before.callId)).for('update');
    const now = serverNow();
    if (before.status === 'draft' && call.status === 'published' && now > call.deadline) throw closedError(call);
    if (before.status !== 'draft') throw new AppError('invalid_state', { state: before.status, action: 'submit' });
    if (!callOpen(call, now)) throw invalidField('callId', 'call_not_open');
    const budget = await budgetOf(w.db, id);
    const problems = submitProblems(before, call, budget);
    if (problems.length) throw new AppError('validation', {}, problems);
    const to = await applyTransition(w.db, w, applicationWorkflow, { id, state: 'draft', regionCode: before.regionCode, organizationId: before.organizationId }, 'submit');
    const [after] = await w.db.update(apps).set({ status: to, submittedAt: now, submittedBy: ctx.actor.id || null, updatedAt: now }).where(eq(apps.id, id)).returning();
    await writeAudit(w, {
      action: 'funding.application.submit',
      entityType: 'application',
      entityId: id,
      entityName: after.title,
      regionCode: after.regionCode,
      before: { status: before.status },
      after: { status: after.status, submittedAt: now.toISOString() },
    });
    return applicationDetail(ctx, w.db, after);
  });
}

/** The organisation takes its application back: a draft, or submitted and not yet screened. */
export async function withdrawApplication(ctx: Ctx, id: string, comment: string | null) {
  return mutate(ctx, async (w) => {
    const before = await findApplicationInScope(ctx, w.db, id, true);
    if (before.status === 'submitted' && before.screening) throw new AppError('invalid_state', { state: 'screening', action: 'withdraw' });
    const to = await applyTransition(
      w.db,
      w,
      applicationWorkflow,
      { id, state: before.status as ApplicationStatus, regionCode: before.regionCode, organizationId: before.organizationId },
      'withdraw',
      { comment },
    );
    const [after] = await w.db.update(apps).set({ status: to, updatedAt: new Date() }).where(eq(apps.id, id)).returning();
    await writeAudit(w, {
      action: 'funding.application.withdraw',
      entityType: 'application',
      entityId: id,
      entityName: after.title,
      regionCode: after.regionCode,
      before: { status: before.status },
      after: { status: after.status, comment },
    });
    return applicationDetail(ctx, w.db, after);
  });
}

export async function applicationDetail(ctx: Ctx, db: DbOrTx, row: ApplicationRow): Promise<TApplicationDetail> {
  const [call] = await db.select().from(calls).where(eq(calls.id, row.callId));
  const org = (await organizationFacts(db, [row.organizationId])).get(row.organizationId);
  const history = await historyOf(db, APPLICATION_WORKFLOW, row.id);
  const own = scopeFor(ctx.actor, 'funding.application.write').some((s) => s.kind === 'organization' && s.organizationId === row.organizationId);
  const screening = presentScreening(ctx.locale, row.screening, await regionNames(db, ruleRegionCodes(call.eligibility as TEligibilityRule[])));
  return {
    id: row.id,
    callId: row.callId,
    callTitle: call.title,
    organizationId: row.organizationId,
    organizationName: org?.name ?? '',
    regionCode: row.regionCode,
    status: row.status as ApplicationStatus,
    title: row.title,
    amountFen: row.amountFen,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    topicId: row.topicId,
    summary: row.summary,
    goals: row.goals,
    activities: row.activities as TActivity[],
    targetBeneficiaries: row.targetBeneficiaries,
    beneficiaryCount: row.beneficiaryCount,
    indicators: row.indicators as TIndicator[],
    answers: row.answers as Record<string, string>,
    budgetLines: await budgetOf(db, row.id),
    callDeadline: call.deadline.toISOString(),
    callCapFen: call.capFen,
    screening,
    history: history.map((h) => ({ fromState: h.fromState, toState: h.toState, action: h.action, actorName: h.actorName ?? '', comment: h.comment, at: h.at.toISOString() })),
    abilities: {
      edit: own && row.status === 'draft',
      submit: own && row.status === 'draft' && callOpen(call),
      withdraw: own && (row.status === 'draft' || (row.status === 'submitted' && !row.screening)),
      decide:
        can(ctx.actor, 'funding.application.screen') &&
        scopeCoversRegion(scopeFor(ctx.actor, 'funding.application.screen'), row.regionCode) &&
        row.status === 'submitted' &&
        screening?.verdict === 'pending',
    },
  };
}

export async function getApplication(ctx: Ctx, id: string) {
  return applicationDetail(ctx, ctx.db, await findApplicationInScope(ctx, ctx.db, id));
}

function applicationFilters(ctx: Ctx, q: TApplicationExportQuery): SQL {
  const parts: SQL[] = [applicationScope(ctx)];
  if (q.callId) parts.push(eq(apps.callId, q.callId));
  if (q.status) parts.push(eq(apps.status, q.status));
  return and(...parts)!;
}

/** The organisation's pinyin key (the register's name_sort, collation "C"), read without importing the registry's tables. */
const organizationSort = sql`(select o.name_sort from registry_organizations o where o.id = ${apps.organizationId})`;

/** Each sort ends on the id, so pages never split equal keys differently; not-yet-submitted drafts sort last by submission. */
const APPLICATION_ORDER: Record<ApplicationSort, SQL[]> = {
  '-updatedAt': [desc(apps.updatedAt), desc(apps.id)],
  '-submittedAt': [sql`${apps.submittedAt} desc nulls last`, desc(apps.id)],
  submittedAt: [sql`${apps.submittedAt} asc nulls last`, asc(apps.id)],
  '-amountFen': [desc(apps.amountFen), desc(apps.updatedAt), desc(apps.id)],
  amountFen: [asc(apps.amountFen), desc(apps.updatedAt), asc(apps.id)],
  organization: [sql`${organizationSort} asc nulls last`, asc(apps.organizationId), desc(apps.updatedAt), asc(apps.id)],
};

async function applicationRows(ctx: Ctx, q: TApplicationExportQuery, limit: number, offset: number) {
  const rows = await ctx.db
    .select({ app: apps, callTitle: calls.title })
    .from(apps)
    .innerJoin(calls, eq(calls.id, apps.callId))
    .where(applicationFilters(ctx, q))
    .orderBy(...APPLICATION_ORDER[q.sort ?? '-updatedAt'])
    .limit(limit)
    .offset(offset);
  const orgs = await organizationFacts(ctx.db, rows.map((r) => r.app.organizationId));
  return rows.map(({ app, callTitle }) => ({
    id: app.id,
    callId: app.callId,
    callTitle,
    organizationId: app.organizationId,
    organizationName: orgs.get(app.organizationId)?.name ?? '',
    regionCode: app.regionCode,
    status: app.status as ApplicationStatus,
    title: app.title,
    amountFen: app.amountFen,
    submittedAt: app.submittedAt?.toISOString() ?? null,
    updatedAt: app.updatedAt.toISOString(),
    beneficiaryCount: app.beneficiaryCount,
  }));
}

export async function listApplications(ctx: Ctx, q: TApplicationListQuery) {
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(apps).where(applicationFilters(ctx, q));
  const rows = await applicationRows(ctx, q, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(({ beneficiaryCount: _b, ...item }) => item), total };
}

const APPLICATION_EXPORT_COLUMNS = ['title', 'organization', 'call', 'status', 'amount', 'beneficiaryCount', 'submittedAt', 'updatedAt'] as const;

/** The applications the list's filter matches in the caller's reach (its own, or its region's submitted ones), as a workbook. */
export async function exportApplications(ctx: Ctx, q: TApplicationExportQuery) {
  const rows = await applicationRows(ctx, q, EXPORT_LIMIT, 0);
  const t = (key: string) => translate(ctx.locale, key);
  const bytes = await writeSheet(
    t('fundingExport.applicationsSheet'),
    APPLICATION_EXPORT_COLUMNS.map((key) => ({ key, header: t(`fundingExport.applications.${key}`), width: key === 'title' || key === 'call' || key === 'organization' ? 32 : 16 })),
    rows.map((a) => ({
      title: a.title,
      organization: a.organizationName,
      call: a.callTitle,
      status: t(`fundingApplicationStatus.${a.status}`),
      amount: sheetYuan(a.amountFen),
      beneficiaryCount: a.beneficiaryCount,
      submittedAt: a.submittedAt ? chinaTime(new Date(a.submittedAt)) : null,
      updatedAt: chinaTime(new Date(a.updatedAt)),
    })),
  );
  await auditExport(ctx, { action: 'funding.application.export', regionCode: null, rows: rows.length, query: { ...q } });
  return bytes;
}

import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TEligibilityRule } from '../../../../../shared/funding/calls.js';
import type { TScreeningDecisionBody } from '../../../../../shared/funding/applications.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { organizationFacts } from '../../registry/registry.service.js';
import { fundingApplications as apps } from '../funding.tables.js';
import { applicationDetail, applicationWorkflow, type ApplicationRow } from './applications.js';
import { mayLeaveStep, onLeavingStep, type CallRow } from './call-steps.js';
import { findCallInScope } from './calls.js';
import { applyRule } from './eligibility.js';
import { verdictOf, type StoredScreening } from './screening-view.js';
import { chinaTime, serverNow } from './time.js';

/** Moves the application to its verdict when there is one (a transition in its history), else leaves it submitted. */
async function settle(w: WriteCtx, app: ApplicationRow, screening: StoredScreening, comment: string | null) {
  const verdict = verdictOf(screening);
  let status = app.status;
  const entity = { id: app.id, state: 'submitted' as const, regionCode: app.regionCode, organizationId: app.organizationId };
  if (verdict !== 'pending') {
    status = await applyTransition(w.db, w, applicationWorkflow, entity, verdict === 'screened_in' ? 'screen_in' : 'screen_out', { comment });
  } else if (!app.screening) {
    // First screened, a rule left to staff: the organisation sees in the history that it was screened.
    await applyTransition(w.db, w, applicationWorkflow, entity, 'screen', { comment });
  }
  const [after] = await w.db.update(apps).set({ screening: screening as unknown as unknown[], status, updatedAt: new Date() }).where(eq(apps.id, app.id)).returning();
  return after;
}

/**
 * Applies the call's eligibility rules to every submitted application not screened yet, from the
 * registry's facts (organizationFacts). Each rule answers pass, fail or manual with its reason.
 */
export async function screenSubmitted(w: WriteCtx, call: CallRow) {
  const pending = await w.db
    .select()
    .from(apps)
    .where(and(eq(apps.callId, call.id), eq(apps.status, 'submitted'), isNull(apps.screening)))
    .for('update');
  const facts = await organizationFacts(w.db, pending.map((a) => a.organizationId));
  const rules = call.eligibility as TEligibilityRule[];
  const tally = { screened: 0, screenedIn: 0, screenedOut: 0, pending: 0 };
  for (const app of pending) {
    const org = facts.get(app.organizationId)!;
    const screening: StoredScreening = {
      screenedAt: serverNow().toISOString(),
      results: rules.map((rule, index) => ({ index, rule, ...applyRule(rule, org), decision: null, history: [] })),
    };
    const after = await settle(w, app, screening, null);
    const verdict = verdictOf(screening);
    tally.screened++;
    if (verdict === 'screened_in') tally.screenedIn++;
    else if (verdict === 'screened_out') tally.screenedOut++;
    else tally.pending++;
    await writeAudit(w, {
      action: 'funding.application.screen',
      entityType: 'application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      before: { status: app.status },
      after: { status: after.status, verdict, results: screening.results.map((r) => ({ index: r.index, kind: r.rule.kind, outcome: r.outcome, reason: r.reason })) },
    });
  }
  return tally;
}

/** Staff screen the call's submitted applications now (also done as the call leaves `call`). */
export async function screenCall(ctx: Ctx, callId: string) {
  return mutate(ctx, async (w) => {
    const call = await findCallInScope(ctx, w.db, callId, 'funding.call.manage', true);
    if (call.status !== 'published') throw new AppError('invalid_state', { state: call.status, action: 'screen' });
    return screenSubmitted(w, call);
  });
}

/** Staff decide one manual rule; an earlier decision is kept in the rule's history. The last decision settles the verdict. */
export async function decideRule(ctx: Ctx, id: string, body: TScreeningDecisionBody) {
  return mutate(ctx, async (w) => {
    const [app] = await w.db
      .select()
      .from(apps)
      .where(and(eq(apps.id, id), sql`${apps.status} <> 'draft'`, scopeWhere(scopeFor(ctx.actor, 'funding.application.screen'), { region: apps.regionCode })))
      .for('update');
    if (!app) throw notFound('application');
    const stored = app.screening as StoredScreening | null;
    if (app.status !== 'submitted' || !stored || verdictOf(stored) !== 'pending') throw new AppError('invalid_state', { state: app.status, action: 'decide_rule' });
    const result = stored.results.find((r) => r.index === body.index);
    if (!result || result.outcome !== 'manual') throw invalidField('index', 'rule_not_manual');
    const decision = { outcome: body.outcome, reason: body.reason, by: ctx.actor.displayName, at: serverNow().toISOString() };
    if (result.decision) result.history.push(result.decision);
    result.decision = decision;
    await applyTransition(w.db, w, applicationWorkflow, { id: app.id, state: 'submitted', regionCode: app.regionCode, organizationId: app.organizationId }, 'decide_rule', {
      comment: body.reason,
    });
    const after = await settle(w, app, stored, null);
    await writeAudit(w, {
      action: 'funding.application.decide',
      entityType: 'application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      before: { status: app.status },
      after: { status: after.status, index: body.index, outcome: body.outcome, reason: body.reason },
    });
    return applicationDetail(ctx, w.db, after);
  });
}

// The call leaves `call` only once its deadline has passed, and screens what was submitted as it goes.
mayLeaveStep('call', async (_w, call) => (serverNow() <= call.deadline ? { problem: 'deadline_not_passed', params: { deadline: chinaTime(call.deadline) } } : null));
onLeavingStep('call', async (w, call) => {
  await screenSubmitted(w, call);
});
// The screening step ends when no application waits for a staff decision.
mayLeaveStep('screening', async (w, call) => {
  const [{ n }] = await w.db
    .select({ n: sql<number>`count(*)::int` })
    .from(apps)
    .where(and(eq(apps.callId, call.id), eq(apps.status, 'submitted')));
  return n > 0 ? { problem: 'screening_pending', params: { count: n } } : null;
});


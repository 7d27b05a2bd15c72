import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Permission } from '../../../../../shared/permissions.js';
import type { TProposal, TProposalContent, TReviseBody } from '../../../../../shared/funding/optimisation.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { users } from '../../../core/core.tables.js';
import { scopeFor } from '../../../core/scope.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { organizationNames } from '../../registry/registry.service.js';
import {
  fundingNotices as notices,
  fundingPanels as panels,
  fundingProposalVersions as versions,
  fundingReviewResults as results,
} from '../funding-review.tables.js';
import { fundingApplications as apps, fundingBudgetLines as budgetLines, fundingCalls as calls } from '../funding.tables.js';
import { iso } from './review-common.js';
import { changedFields, diffProposals } from './proposal-diff.js';

/*
 * Optimisation (项目优化, F7). Version 1 is the application as approved (made when it is approved);
 * the organisation adds versions under the panel's conditions; staff accept one, the proposal the
 * contract will use (acceptedProposal).
 */

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** The application as it was approved, as a proposal. */
async function contentOf(db: DbOrTx, app: typeof apps.$inferSelect): Promise<TProposalContent> {
  const lines = await db.select().from(budgetLines).where(eq(budgetLines.applicationId, app.id)).orderBy(asc(budgetLines.position));
  const records = (list: unknown[]) => list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
  return {
    title: app.title,
    summary: app.summary,
    goals: app.goals,
    activities: records(app.activities).map((a) => ({ name: String(a.name ?? ''), startsOn: str(a.startsOn), endsOn: str(a.endsOn), description: str(a.description) })),
    targetBeneficiaries: app.targetBeneficiaries,
    beneficiaryCount: app.beneficiaryCount,
    indicators: records(app.indicators).map((i) => ({ name: String(i.name ?? ''), target: String(i.target ?? ''), unit: str(i.unit) })),
    budgetLines: lines.map((l) => ({ item: l.item, category: l.category, amountFen: l.amountFen, note: l.note })),
    amountFen: app.amountFen,
  };
}

/** Makes version 1 of an approved application's proposal, unless it has one already. */
export async function ensureFirstVersion(w: WriteCtx, applicationId: string) {
  const [existing] = await w.db.select({ id: versions.id }).from(versions).where(eq(versions.applicationId, applicationId)).limit(1);
  if (existing) return;
  const [app] = await w.db.select().from(apps).where(eq(apps.id, applicationId));
  const [author] = app.submittedBy ? await w.db.select({ name: users.displayName }).from(users).where(eq(users.id, app.submittedBy)) : [];
  await w.db.insert(versions).values({
    applicationId,
    version: 1,
    content: await contentOf(w.db, app),
    changedFields: [],
    note: null,
    createdBy: app.submittedBy,
    createdByName: author?.name ?? '',
    createdAt: app.submittedAt ?? new Date(),
  });
}

/**
 * Whether an application's approval is final: its panel closed with it approved and, when its
 * call runs a public notice, the notice's results fixed. Contracts start from here.
 */
export async function resultsFinal(db: DbOrTx, applicationId: string): Promise<boolean> {
  const [row] = await db
    .select({ decision: results.decision, panelStatus: panels.status, steps: calls.steps, fixedAt: notices.fixedAt })
    .from(results)
    .innerJoin(panels, eq(panels.id, results.panelId))
    .innerJoin(calls, eq(calls.id, panels.callId))
    .leftJoin(notices, eq(notices.callId, calls.id))
    .where(eq(results.applicationId, applicationId));
  if (!row || row.decision !== 'approved' || row.panelStatus !== 'closed') return false;
  return !row.steps.includes('notice') || row.fixedAt !== null;
}

/** The accepted version of the proposal (what the contract uses), or null while none is accepted. */
export async function acceptedProposal(db: DbOrTx, applicationId: string) {
  const [row] = await db.select().from(versions).where(and(eq(versions.applicationId, applicationId), sql`${versions.acceptedAt} is not null`));
  return row ? { version: row.version, content: row.content, acceptedAt: row.acceptedAt! } : null;
}

async function applicationIn(ctx: Ctx, db: DbOrTx, permission: Permission, applicationId: string, lock = false) {
  const q = db
    .select()
    .from(apps)
    .where(and(eq(apps.id, applicationId), scopeWhere(scopeFor(ctx.actor, permission), { region: apps.regionCode, organization: apps.organizationId })));
  const [app] = lock ? await q.for('update') : await q;
  if (!app) throw notFound('funding_application');
  return app;
}

async function presentProposal(db: DbOrTx, app: typeof apps.$inferSelect): Promise<TProposal> {
  const rows = await db.select().from(versions).where(eq(versions.applicationId, app.id)).orderBy(asc(versions.version));
  if (!rows.length) throw notFound('funding_proposal');
  const [result] = await db.select({ conditions: results.conditions }).from(results).where(eq(results.applicationId, app.id));
  const names = await organizationNames(db, [app.organizationId]);
  const accepted = rows.find((r) => r.acceptedAt);
  return {
    applicationId: app.id,
    title: app.title,
    organizationName: names.get(app.organizationId) ?? '',
    approvedFen: rows[0].content.amountFen,
    conditions: result?.conditions ?? null,
    acceptedVersion: accepted?.version ?? null,
    versions: rows.map((r) => ({
      version: r.version,
      content: r.content,
      changedFields: r.changedFields,
      note: r.note,
      createdByName: r.createdByName,
      createdAt: r.createdAt.toISOString(),
      accepted: r.acceptedAt !== null,
      acceptedAt: iso(r.acceptedAt),
    })),
  };
}

export async function getProposal(ctx: Ctx, applicationId: string) {
  return presentProposal(ctx.db, await applicationIn(ctx, ctx.db, 'funding.read', applicationId));
}

/** A new version by the organisation: within the approved amount, its budget lines adding up, something changed. */
export async function reviseProposal(ctx: Ctx, applicationId: string, input: TReviseBody) {
  return mutate(ctx, async (w) => {
    const app = await applicationIn(w, w.db, 'funding.proposal.revise', applicationId, true);
    if (app.status !== 'approved' || !(await resultsFinal(w.db, app.id))) throw new AppError('proposal_not_open');
    const all = await w.db.select().from(versions).where(eq(versions.applicationId, app.id)).orderBy(desc(versions.version));
    if (!all.length) throw new AppError('proposal_not_open');
    if (all.some((v) => v.acceptedAt)) throw new AppError('proposal_accepted');
    const content = input.content;
    const approvedFen = all[all.length - 1].content.amountFen;
    if (content.amountFen > approvedFen) throw invalidField('content.amountFen', 'over_approved', { maximum: (approvedFen / 100).toFixed(2) });
    const sum = content.budgetLines.reduce((s, l) => s + l.amountFen, 0);
    if (sum !== content.amountFen) throw invalidField('content.budgetLines', 'budget_sum', { sum: (sum / 100).toFixed(2), amount: (content.amountFen / 100).toFixed(2) });
    const latest = all[0];
    const changed = changedFields(latest.content, content);
    if (!changed.length) throw invalidField('content', 'no_change');
    const version = latest.version + 1;
    await w.db.insert(versions).values({
      applicationId: app.id,
      version,
      content,
      changedFields: changed,
      note: input.note,
      createdBy: w.actor.id || null,
      createdByName: w.actor.displayName,
    });
    await writeAudit(w, {
      action: 'funding.proposal.revise',
      entityType: 'funding.application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      after: { version, changedFields: changed, note: input.note, amountFen: content.amountFen },
    });
    return presentProposal(w.db, app);
  });
}

export async function diffVersions(ctx: Ctx, applicationId: string, from: number, to: number) {
  const app = await applicationIn(ctx, ctx.db, 'funding.read', applicationId);
  const rows = await ctx.db.select().from(versions).where(eq(versions.applicationId, app.id));
  const a = rows.find((r) => r.version === from);
  const b = rows.find((r) => r.version === to);
  if (!a) throw invalidField('fromVersion', 'version_unknown');
  if (!b) throw invalidField('toVersion', 'version_unknown');
  return diffProposals(from, a.content, to, b.content);
}

/** Staff accept one version: the proposal the contract will use. Once. */
export async function acceptVersion(ctx: Ctx, applicationId: string, version: number) {
  return mutate(ctx, async (w) => {
    const app = await applicationIn(w, w.db, 'funding.proposal.accept', applicationId, true);
    if (app.status !== 'approved' || !(await resultsFinal(w.db, app.id))) throw new AppError('proposal_not_open');
    const rows = await w.db.select().from(versions).where(eq(versions.applicationId, app.id));
    if (rows.some((r) => r.acceptedAt)) throw new AppError('proposal_accepted');
    const chosen = rows.find((r) => r.version === version);
    if (!chosen) throw invalidField('version', 'version_unknown');
    await w.db.update(versions).set({ acceptedAt: new Date(), acceptedBy: w.actor.id || null }).where(eq(versions.id, chosen.id));
    await writeAudit(w, {
      action: 'funding.proposal.accept',
      entityType: 'funding.application',
      entityId: app.id,
      entityName: app.title,
      regionCode: app.regionCode,
      after: { version, amountFen: chosen.content.amountFen },
    });
    return presentProposal(w.db, app);
  });
}

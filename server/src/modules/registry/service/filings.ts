import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import { type Ctx } from '../../../core/actor.js';
import { scopeCovers, scopeFor } from '../../../core/scope.js';
import { writeAudit } from '../../../core/audit.js';
import { auditLog, workflowHistory } from '../../../core/core.tables.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { applyTransition, availableActions, historyOf, recordStart } from '../../../core/workflow.js';
import { rowsOf, type DbOrTx, type Tx } from '../../../db/client.js';
import { AppError, notFound } from '../../../errors.js';
import { retireFilingCertificate } from '../../documents/documents.service.js';
import { regionNames } from '../../regions/regions.service.js';
import { canRequestOnFiled, canReviewFilings, canSubmitFiling } from '../registry.policy.js';
import { presentFiling, presentHistory, presentOrganization } from '../registry.present.js';
import { findOrganizationInScope, organizationNames } from '../registry.queries.js';
import { CHANGEABLE_FIELDS } from '../../../../../shared/registry.js';
import {
  registryFilingCounters,
  registryFilings,
  registryOrganizations as org,
} from '../registry.tables.js';
import { notifyFiling } from '../../notifications/notifications.service.js';
import { FILING_WORKFLOW } from './filing-workflow.js';
import { withNameSort } from '../../../core/pinyin-key.js';
import { organizationNamesFor } from './organizations.js';
import { validateOrganization } from './validate-organization.js';
import {
  assertFilingRegion,
  assertFilingThreeClear,
  changedSinceSubmitted,
  takeSnapshot,
  type FilingSnapshot,
} from './three-clear.js';

type OrgRow = typeof org.$inferSelect;
type FilingRow = typeof registryFilings.$inferSelect;

/**
 * 街道 code (9 digits) - year - serial, unique; the counter row is locked by the upsert. The year is
 * the approval's in China (a filing approved on 1 January at 07:00 Beijing time is that year's, though
 * UTC still says the old one). The number is issued once: a team that later moves keeps it, as a
 * registration number stays with its organisation.
 */
export async function nextFilingNumber(tx: Tx, regionCode: string, now = new Date()) {
  assertFilingRegion(regionCode);
  const streetCode = regionCode.slice(0, 9);
  const year = Number(todayInChina(now).slice(0, 4));
  // A team filed before the platform may be imported with a number of this street and year; the
  // series goes on after the highest such number, or the next approval would take one already held.
  const series = `${streetCode}-${year}-`;
  const [held] = rowsOf<{ seq: number }>(
    await tx.execute(sql`select coalesce(max(substr(filing_number, ${series.length + 1})::int), 0)::int as seq
      from registry_organizations where filing_number like ${series + '%'} and filing_number ~ ${'^\\d{9}-\\d{4}-\\d{1,9}$'}`),
  );
  const first = held.seq + 1;
  const [row] = await tx
    .insert(registryFilingCounters)
    .values({ streetCode, year, lastSeq: first })
    .onConflictDoUpdate({
      target: [registryFilingCounters.streetCode, registryFilingCounters.year],
      set: { lastSeq: sql`greatest(${registryFilingCounters.lastSeq} + 1, ${first})` },
    })
    .returning();
  return `${streetCode}-${year}-${String(row.lastSeq).padStart(4, '0')}`;
}

async function openFiling(tx: DbOrTx, organizationId: string) {
  const [row] = await tx
    .select()
    .from(registryFilings)
    .where(
      and(eq(registryFilings.organizationId, organizationId), inArray(registryFilings.state, ['draft', 'submitted', 'returned'])),
    )
    .orderBy(desc(registryFilings.createdAt))
    .limit(1);
  return row ?? null;
}

async function setFilingState(tx: Tx, filing: FilingRow, state: string, decided: boolean) {
  const [row] = await tx
    .update(registryFilings)
    .set({
      state,
      updatedAt: new Date(),
      ...(state === 'submitted' ? { submittedAt: new Date() } : {}),
      ...(decided ? { decidedAt: new Date() } : {}),
    })
    .where(eq(registryFilings.id, filing.id))
    .returning();
  return row;
}

async function createFiling(tx: Tx, ctx: Ctx, row: OrgRow, kind: 'initial' | 'change' | 'deregistration', payload: Record<string, unknown>) {
  const [filing] = await tx
    .insert(registryFilings)
    .values({ organizationId: row.id, regionCode: row.regionCode, kind, state: 'draft', payload, createdBy: ctx.actor.id })
    .returning();
  await recordStart(tx, ctx, FILING_WORKFLOW.name, { id: filing.id, state: 'draft', regionCode: row.regionCode });
  return filing;
}

async function submit(w: WriteCtx, filing: FilingRow, comment?: string | null, attachmentIds: string[] = []) {
  const entity = { id: filing.id, state: filing.state as any, regionCode: filing.regionCode, organizationId: filing.organizationId };
  const to = await applyTransition(w.db, w, FILING_WORKFLOW, entity, 'submit', { comment, attachmentIds });
  return setFilingState(w.db, filing, to, false);
}

/** First filing of a team: refused until members, activity content and venue are all there. */
export async function submitInitialFiling(ctx: Ctx, organizationId: string, comment?: string | null, attachmentIds: string[] = []) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const row = await findOrganizationInScope(ctx, tx, organizationId, true);
    if (!canSubmitFiling(ctx.actor, row)) {
      throw new AppError('invalid_state', { state: row.status, action: 'submit' });
    }
    assertFilingRegion(row.regionCode);
    await assertFilingThreeClear(tx, row);
    let filing = await openFiling(tx, row.id);
    if (filing && filing.kind !== 'initial') throw new AppError('invalid_state', { state: filing.state, action: 'submit' });
    // The reviewer reviews this, not whatever the team looks like when the reviewer gets to it.
    const payload = { submitted: await takeSnapshot(tx, row) };
    if (!filing) filing = await createFiling(tx, ctx, row, 'initial', payload);
    else [filing] = await tx.update(registryFilings).set({ payload }).where(eq(registryFilings.id, filing.id)).returning();
    filing = await submit(w, filing, comment, attachmentIds);
    const [updated] = await tx.update(org).set({ status: 'submitted', updatedAt: new Date() }).where(eq(org.id, row.id)).returning();
    await writeAudit(w, {
      action: 'registry.filing.submit',
      entityType: 'filing',
      entityId: filing.id,
      entityName: row.name,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status: updated.status, filingState: filing.state },
    });
    await notifyFiling(w, 'submitted', { filingId: filing.id, filingKind: filing.kind, organizationId: row.id, organizationName: row.name, regionCode: row.regionCode });
    return presentFiling(filing, { organizationName: row.name, regionName: null });
  });
}

export async function requestChange(ctx: Ctx, organizationId: string, changes: Record<string, unknown>, comment?: string | null) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const row = await findOrganizationInScope(ctx, tx, organizationId, true);
    if (!canRequestOnFiled(ctx.actor, row)) throw new AppError('invalid_state', { state: row.status, action: 'submit' });
    if (await openFiling(tx, row.id)) throw new AppError('conflict', { what: '备案申请' });
    const picked = Object.fromEntries(Object.entries(changes).filter(([k]) => (CHANGEABLE_FIELDS as readonly string[]).includes(k)));
    const merged = { ...row, ...picked } as OrgRow;
    const { problems } = await validateOrganization(tx, ctx.actor, {
      regionCode: merged.regionCode,
      legalForm: merged.legalForm as any,
      name: merged.name,
      uscc: merged.uscc,
      usccOverrideReason: merged.usccOverrideReason,
      categoryId: merged.categoryId,
      parentId: merged.parentId,
      leaderPhone: merged.leaderPhone,
      leaderIdNumber: merged.leaderIdNumber,
    }, row.id, { checkRegionScope: false, previousCategoryId: row.categoryId, previousParentId: row.parentId });
    if (problems.length) throw new AppError('validation', {}, problems.map((p) => ({ ...p, field: `changes.${p.field}` })));
    // A change may not leave the team unclear: the same rule as its first filing, on the result.
    await assertFilingThreeClear(tx, merged);
    const current = Object.fromEntries(Object.keys(picked).map((k) => [k, (row as Record<string, unknown>)[k] ?? null]));
    let filing = await createFiling(tx, ctx, row, 'change', { changes: picked, current });
    filing = await submit(w, filing, comment);
    await writeAudit(w, { action: 'registry.filing.change.submit', entityType: 'filing', entityId: filing.id, entityName: row.name, regionCode: row.regionCode, after: filing.payload });
    await notifyFiling(w, 'submitted', { filingId: filing.id, filingKind: filing.kind, organizationId: row.id, organizationName: row.name, regionCode: row.regionCode });
    return presentFiling(filing, { organizationName: row.name, regionName: null });
  });
}

export async function requestDeregistration(ctx: Ctx, organizationId: string, reason: string) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const row = await findOrganizationInScope(ctx, tx, organizationId, true);
    if (!canRequestOnFiled(ctx.actor, row)) throw new AppError('invalid_state', { state: row.status, action: 'submit' });
    if (await openFiling(tx, row.id)) throw new AppError('conflict', { what: '备案申请' });
    let filing = await createFiling(tx, ctx, row, 'deregistration', { reason });
    filing = await submit(w, filing, reason);
    await writeAudit(w, { action: 'registry.filing.deregistration.submit', entityType: 'filing', entityId: filing.id, entityName: row.name, regionCode: row.regionCode, after: filing.payload });
    await notifyFiling(w, 'submitted', { filingId: filing.id, filingKind: filing.kind, organizationId: row.id, organizationName: row.name, regionCode: row.regionCode });
    return presentFiling(filing, { organizationName: row.name, regionName: null });
  });
}

/** Whoever may submit for the organisation may take its application back. */
function canWithdraw(ctx: Ctx, filing: FilingRow) {
  return scopeCovers(scopeFor(ctx.actor, 'registry.filing.submit'), { regionCode: filing.regionCode, organizationId: filing.organizationId });
}

export async function findFilingInScope(ctx: Ctx, db: DbOrTx, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(registryFilings)
    .where(
      and(
        eq(registryFilings.id, id),
        scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: registryFilings.regionCode, organization: registryFilings.organizationId }),
      ),
    );
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('filing');
  return row;
}

function submittedSnapshot(filing: FilingRow): FilingSnapshot | undefined {
  return (filing.payload as { submitted?: FilingSnapshot }).submitted;
}

/** What the approved filing does to the organisation it concerns. */
async function applyDecision(w: WriteCtx, filing: FilingRow) {
  const tx = w.db;
  const [before] = await tx.select().from(org).where(eq(org.id, filing.organizationId)).for('update');
  let patch: Partial<OrgRow>;
  if (filing.kind === 'initial') {
    // Held again at approval: the team may have been edited, or its roster emptied, since it was submitted.
    await assertFilingThreeClear(tx, before);
    if (await changedSinceSubmitted(tx, before, submittedSnapshot(filing))) throw new AppError('filing_changed');
    patch = { status: 'filed', filingNumber: before.filingNumber ?? (await nextFilingNumber(tx, before.regionCode)), filedAt: new Date() };
  } else if (filing.kind === 'change') {
    patch = (filing.payload as { changes: Partial<OrgRow> }).changes;
    await assertFilingThreeClear(tx, { ...before, ...patch });
  } else {
    patch = { status: 'dissolved' };
  }
  // A change filing may rename the team: its sort key goes with the name.
  const [after] = await tx.update(org).set(withNameSort({ ...patch, updatedAt: new Date() })).where(eq(org.id, before.id)).returning();
  await writeAudit(w, {
    action: `registry.organization.${filing.kind === 'initial' ? 'filed' : filing.kind === 'change' ? 'change_applied' : 'deregistered'}`,
    entityType: 'organization',
    entityId: before.id,
    entityName: after.name,
    regionCode: before.regionCode,
    before,
    after,
  });
  if (filing.kind !== 'initial') await retireFilingCertificate(w, before, after, filing.kind === 'change' ? 'change_filing' : 'deregistration');
}

export async function decideFiling(
  ctx: Ctx,
  id: string,
  action: 'approve' | 'return' | 'withdraw',
  input: { comment?: string | null; attachmentIds?: string[] },
) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const filing = await findFilingInScope(ctx, tx, id, true);
    if (action !== 'withdraw' && !canReviewFilings(ctx.actor, filing.regionCode)) throw new AppError('forbidden');
    if (action === 'withdraw' && !canWithdraw(ctx, filing)) throw new AppError('forbidden');
    if (action === 'approve' && (await tookPartInFiling(tx, filing, ctx.actor.id))) throw new AppError('four_eyes');
    const to = await applyTransition(tx, w, FILING_WORKFLOW, { id: filing.id, state: filing.state as any, regionCode: filing.regionCode, organizationId: filing.organizationId }, action, input);
    const updated = await setFilingState(tx, filing, to, action !== 'withdraw');
    if (action === 'approve') await applyDecision(w, updated);
    if (filing.kind === 'initial' && action !== 'approve') {
      await tx
        .update(org)
        .set({ status: action === 'return' ? 'returned' : 'draft', updatedAt: new Date() })
        .where(eq(org.id, filing.organizationId));
    }
    const [owner] = await tx.select({ name: org.name }).from(org).where(eq(org.id, filing.organizationId));
    await writeAudit(w, {
      action: `registry.filing.${action}`,
      entityType: 'filing',
      entityId: filing.id,
      entityName: owner?.name ?? null,
      regionCode: filing.regionCode,
      before: { state: filing.state },
      after: { state: updated.state, comment: input.comment ?? null },
    });
    if (action !== 'withdraw') {
      await notifyFiling(w, action === 'approve' ? 'approved' : 'returned', {
        filingId: filing.id,
        filingKind: filing.kind,
        organizationId: filing.organizationId,
        organizationName: owner?.name ?? '',
        regionCode: filing.regionCode,
        comment: input.comment ?? null,
      });
    }
    return getFilingDetailTx(ctx, tx, id);
  });
}

/** Writes to a team that count as editing it while its filing is under review. */
const EDITS_OF_A_TEAM = [
  'registry.organization.update',
  // An official's correction and a roster import edit the team as much as a form does.
  'registry.organization.correct',
  'registry.member.create',
  'registry.member.import',
  'registry.member.update',
  'registry.member.delete',
];

/**
 * Four eyes: whether the actor submitted this filing (at any round) or edited the team or its
 * roster since it was last submitted. Such an actor may return or withdraw it, never approve it.
 */
async function tookPartInFiling(db: DbOrTx, filing: FilingRow, actorId: string): Promise<boolean> {
  if (!actorId) return false;
  const submitted = await db
    .select({ id: workflowHistory.id })
    .from(workflowHistory)
    .where(
      and(
        eq(workflowHistory.workflow, FILING_WORKFLOW.name),
        eq(workflowHistory.entityId, filing.id),
        eq(workflowHistory.action, 'submit'),
        eq(workflowHistory.actorId, actorId),
      ),
    )
    .limit(1);
  if (submitted.length) return true;
  const since = filing.submittedAt ?? filing.createdAt;
  const edited = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.actorId, actorId),
        inArray(auditLog.action, EDITS_OF_A_TEAM),
        gte(auditLog.at, since),
        sql`((${auditLog.entityType} = 'organization' and ${auditLog.entityId} = ${filing.organizationId})
          or (${auditLog.entityType} = 'member' and coalesce(${auditLog.after}->>'organizationId', ${auditLog.before}->>'organizationId') = ${filing.organizationId}))`,
      ),
    )
    .limit(1);
  return edited.length > 0;
}

async function getFilingDetailTx(ctx: Ctx, db: DbOrTx, id: string) {
  const filing = await findFilingInScope(ctx, db, id);
  const [row] = await db.select().from(org).where(eq(org.id, filing.organizationId));
  const names = await organizationNamesFor(ctx, db, row);
  const actions = availableActions(FILING_WORKFLOW, ctx, filing.state as any);
  const reviewer = canReviewFilings(ctx.actor, filing.regionCode);
  const fourEyes = reviewer && actions.includes('approve') && (await tookPartInFiling(db, filing, ctx.actor.id));
  const changed = filing.kind === 'initial' && filing.state === 'submitted' && (await changedSinceSubmitted(db, row, submittedSnapshot(filing)));
  return {
    filing: presentFiling(filing, { organizationName: row.name, regionName: names.regionName }),
    organization: presentOrganization(row, names),
    history: (await historyOf(db, FILING_WORKFLOW.name, id)).map(presentHistory),
    abilities: {
      approve: reviewer && actions.includes('approve') && !fourEyes && !changed,
      /** The actor could approve but took part in this filing: someone else must. */
      approveRefusedFourEyes: fourEyes,
      /** The team changed since it was submitted: the filing goes back for a resubmission first. */
      approveRefusedChanged: reviewer && actions.includes('approve') && changed,
      return: reviewer && actions.includes('return'),
      withdraw: actions.includes('withdraw') && canWithdraw(ctx, filing),
    },
  };
}

export const getFilingDetail = (ctx: Ctx, id: string) => getFilingDetailTx(ctx, ctx.db, id);

export async function listFilings(
  ctx: Ctx,
  q: { regionCode?: string; state?: string; kind?: string; page: number; pageSize: number },
) {
  const where = and(
    scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: registryFilings.regionCode, organization: registryFilings.organizationId }),
    q.regionCode ? sql`${registryFilings.regionCode} like ${regionPrefix(q.regionCode) + '%'}` : undefined,
    q.state ? eq(registryFilings.state, q.state) : undefined,
    q.kind ? eq(registryFilings.kind, q.kind) : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(registryFilings).where(where);
  const rows = await ctx.db
    .select()
    .from(registryFilings)
    .where(where)
    .orderBy(sql`${registryFilings.submittedAt} asc nulls last`, desc(registryFilings.createdAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const orgNames = await organizationNames(ctx.db, rows.map((r) => r.organizationId));
  const regNames = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  return {
    items: rows.map((r) =>
      presentFiling(r, { organizationName: orgNames.get(r.organizationId) ?? null, regionName: regNames.get(r.regionCode) ?? null }),
    ),
    total,
  };
}

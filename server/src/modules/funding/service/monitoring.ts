import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import {
  ASSIGNMENT_ENTITY,
  isOverdue,
  reportPeriods,
  type ReportFrequency,
  type ReportStatus,
  type TAssignBody,
  type TMonitoring,
  type TMonitoredContractQuery,
  type TProgressReport,
  type TReportBody,
  type TSiteVisit,
  type TVisitBody,
} from '../../../../../shared/funding/monitoring.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import { can, type Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { assignments, userGrants, users } from '../../../core/core.tables.js';
import { attachFiles, attachmentsOfOwners, type FileOwner } from '../../../core/file-owners.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { applyTransition, defineWorkflow, historiesOf, recordStart } from '../../../core/workflow.js';
import { mutate, type WriteCtx } from '../../../core/write-unit.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField, notFound } from '../../../errors.js';
import { fundingContracts as contracts, fundingTranches as tranches } from '../funding-contracts.tables.js';
import {
  fundingProgressReports as reports,
  fundingReportSchedules as schedules,
  fundingSiteVisits as visits,
} from '../funding-monitoring.tables.js';
import type { ContractRow } from './contracts.js';
import { evaluationsOfContract, passLineOf } from './evaluation.js';
import { findMonitoredContract, isAssigned, monitoringScope } from './monitoring-scope.js';
import { serverNow } from './time.js';

/*
 * Monitoring (项目监测, F9): the report schedule of a signed contract, each period's progress report
 * (sent by the organisation, accepted or returned by the centre, every step in the workflow history),
 * third-party site visits, and what one contract's monitoring shows its readers.
 */

export const REPORT_WORKFLOW = 'funding.report';
export const VISIT_OWNER = 'funding.visit';
type ReportRow = typeof reports.$inferSelect;

export const reportWorkflow = defineWorkflow({
  name: REPORT_WORKFLOW,
  states: ['pending', 'submitted', 'accepted', 'returned'] as ReportStatus[],
  transitions: [
    { action: 'submit', from: ['pending', 'returned'], to: 'submitted', permission: 'funding.report.submit' },
    { action: 'accept', from: ['submitted'], to: 'accepted', permission: 'funding.monitoring.manage' },
    { action: 'return', from: ['submitted'], to: 'returned', permission: 'funding.monitoring.manage', commentRequired: true },
  ],
});

const today = () => todayInChina(serverNow());
const manages = (ctx: Pick<Ctx, 'actor'>, regionCode: string) => scopeCoversRegion(scopeFor(ctx.actor, 'funding.monitoring.manage'), regionCode);


/**
 * Attaches photos (core files the actor uploaded) to a record: images only; ids already the
 * record's are kept as they are. A refusal names `photoIds`, the field the request used.
 */
export async function attachPhotos(w: WriteCtx, ids: readonly string[], kept: readonly string[], owner: FileOwner) {
  const fresh = [...new Set(ids)].filter((id) => !kept.includes(id));
  try {
    const attached = await attachFiles(w, fresh, owner);
    if (attached.some((f) => !f.mimeType.startsWith('image/'))) throw invalidField('photoIds', 'photo_not_image');
  } catch (error) {
    if (error instanceof AppError && error.fields.some((f) => f.field === 'attachmentIds')) throw invalidField('photoIds', 'attachment_unavailable');
    throw error;
  }
  return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------
// Schedule and assignees

/**
 * Sets how often a signed contract's organisation reports and lays out its periods. While no report
 * has been sent it may be set again (the owed periods are laid out anew); after that it stays.
 */
export async function setReportSchedule(ctx: Ctx, contractId: string, frequency: ReportFrequency): Promise<TMonitoring> {
  return mutate(ctx, async (w) => {
    const contract = await findMonitoredContract(w, w.db, contractId, 'funding.monitoring.manage', { lock: true });
    if (contract.status !== 'signed') throw new AppError('contract_not_signed');
    const [sent] = await w.db.select({ id: reports.id }).from(reports).where(and(eq(reports.contractId, contractId), sql`${reports.status} <> 'pending'`)).limit(1);
    if (sent) throw new AppError('report_schedule_locked');
    const [before] = await w.db.select().from(schedules).where(eq(schedules.contractId, contractId));
    await w.db.delete(reports).where(eq(reports.contractId, contractId));
    const periods = reportPeriods(contract.startsOn, contract.endsOn, frequency);
    const made = await w.db
      .insert(reports)
      .values(periods.map((p) => ({ contractId, regionCode: contract.regionCode, organizationId: contract.organizationId, ...p })))
      .returning({ id: reports.id });
    for (const r of made) await recordStart(w.db, w, REPORT_WORKFLOW, { id: r.id, state: 'pending', regionCode: contract.regionCode });
    await w.db
      .insert(schedules)
      .values({ contractId, frequency, setBy: w.actor.id || null })
      .onConflictDoUpdate({ target: schedules.contractId, set: { frequency, setBy: w.actor.id || null, setAt: new Date() } });
    await writeAudit(w, {
      action: 'funding.report.schedule',
      entityType: 'funding.contract',
      entityId: contractId,
      entityName: contract.title,
      regionCode: contract.regionCode,
      before: { frequency: before?.frequency ?? null },
      after: { frequency, periods: periods.length },
    });
    return monitoringView(w, w.db, contract);
  });
}

/**
 * Assigns a reviewer account to a contract as its third-party monitor or its evaluator. The account
 * must be active and hold a reviewer grant over the contract's region or inside the assigner's, and
 * no grant of the contracted organisation (a third party, not a member evaluating its own work).
 */
export async function assignReviewer(ctx: Ctx, contractId: string, input: TAssignBody): Promise<TMonitoring> {
  return mutate(ctx, async (w) => {
    const contract = await findMonitoredContract(w, w.db, contractId, 'funding.monitoring.manage', { lock: true });
    if (contract.status !== 'signed') throw new AppError('contract_not_signed');
    const grants = await w.db
      .select({ regionCode: userGrants.regionCode })
      .from(userGrants)
      .innerJoin(users, eq(users.id, userGrants.userId))
      .where(and(eq(userGrants.userId, input.userId), eq(userGrants.role, 'reviewer'), eq(users.active, true)));
    const fits = grants.some((g) => contract.regionCode.startsWith(regionPrefix(g.regionCode)) || manages(w, g.regionCode));
    if (!fits) throw invalidField('userId', 'monitoring_assignee_unknown');
    const [member] = await w.db
      .select({ id: userGrants.id })
      .from(userGrants)
      .where(and(eq(userGrants.userId, input.userId), eq(userGrants.organizationId, contract.organizationId)))
      .limit(1);
    if (member) throw invalidField('userId', 'monitoring_assignee_member');
    const added = await w.db
      .insert(assignments)
      .values({ entityType: ASSIGNMENT_ENTITY[input.role], entityId: contractId, userId: input.userId, assignedBy: w.actor.id || null })
      .onConflictDoNothing()
      .returning({ id: assignments.id });
    if (added.length) {
      await writeAudit(w, {
        action: 'funding.monitoring.assign',
        entityType: 'funding.contract',
        entityId: contractId,
        entityName: contract.title,
        regionCode: contract.regionCode,
        after: { userId: input.userId, role: input.role },
      });
    }
    return monitoringView(w, w.db, contract);
  });
}

// ---------------------------------------------------------------------------------------------
// Progress reports

async function findReport(ctx: Pick<Ctx, 'actor'>, db: DbOrTx, id: string, permission: 'funding.report.submit' | 'funding.monitoring.manage') {
  const [row] = await db
    .select({ report: reports, contract: contracts })
    .from(reports)
    .innerJoin(contracts, eq(contracts.id, reports.contractId))
    .where(and(eq(reports.id, id), monitoringScope(ctx.actor, permission)))
    .for('update', { of: reports });
  if (!row) throw notFound('funding_report');
  return row;
}

/** The organisation sends a period's report (again, after a return): activities inside the period, photos as images. */
export async function submitReport(ctx: Ctx, id: string, input: TReportBody): Promise<TProgressReport> {
  return mutate(ctx, async (w) => {
    const { report, contract } = await findReport(w, w.db, id, 'funding.report.submit');
    if (contract.status !== 'signed') throw new AppError('contract_not_signed');
    if (report.status !== 'pending' && report.status !== 'returned') throw new AppError('report_not_open');
    if (today() < report.startsOn) throw new AppError('report_period_not_started', { startsOn: report.startsOn });
    input.activities.forEach((a, i) => {
      if (a.date < report.startsOn || a.date > report.endsOn) {
        throw invalidField(`activities.${i}.date`, 'report_activity_outside_period', { from: report.startsOn, to: report.endsOn });
      }
    });
    const photoIds = await attachPhotos(w, input.photoIds, report.photoIds, {
      type: REPORT_WORKFLOW,
      id: report.id,
      regionCode: report.regionCode,
      organizationId: report.organizationId,
    });
    await applyTransition(w.db, w, reportWorkflow, { id, state: report.status as ReportStatus, regionCode: report.regionCode, organizationId: report.organizationId }, 'submit');
    await w.db
      .update(reports)
      .set({
        status: 'submitted',
        activities: input.activities,
        beneficiaryCount: input.beneficiaryCount,
        narrative: input.narrative,
        photoIds,
        submittedBy: w.actor.id || null,
        submittedAt: new Date(),
      })
      .where(eq(reports.id, id));
    await writeAudit(w, {
      action: 'funding.report.submit',
      entityType: 'funding.report',
      entityId: id,
      entityName: `${contract.title} #${report.periodNo}`,
      regionCode: report.regionCode,
      before: { status: report.status },
      after: { status: 'submitted', contractId: contract.id, periodNo: report.periodNo, activities: input.activities.length, beneficiaryCount: input.beneficiaryCount, photoIds },
    });
    return reportView(w, w.db, contract, await reportRow(w.db, id));
  });
}

/** The centre accepts a sent report, or returns it with a reason (the organisation sends it again). */
export async function decideReport(ctx: Ctx, id: string, decision: 'accept' | 'return', note: string | null): Promise<TProgressReport> {
  return mutate(ctx, async (w) => {
    const { report, contract } = await findReport(w, w.db, id, 'funding.monitoring.manage');
    if (report.status !== 'submitted') throw new AppError('report_not_submitted');
    const to = await applyTransition(
      w.db,
      w,
      reportWorkflow,
      { id, state: 'submitted', regionCode: report.regionCode, organizationId: report.organizationId },
      decision,
      { comment: note },
    );
    await w.db
      .update(reports)
      .set({ status: to, decidedBy: w.actor.id || null, decidedAt: new Date(), returnReason: decision === 'return' ? note : null })
      .where(eq(reports.id, id));
    const about = { contractId: contract.id, periodNo: report.periodNo };
    const common = { entityType: 'funding.report', entityId: id, entityName: `${contract.title} #${report.periodNo}`, regionCode: report.regionCode, before: { status: 'submitted' } };
    if (decision === 'accept') await writeAudit(w, { action: 'funding.report.accept', ...common, after: { status: to, ...about, comment: note } });
    else await writeAudit(w, { action: 'funding.report.return', ...common, after: { status: to, ...about, reason: note! } });
    return reportView(w, w.db, contract, await reportRow(w.db, id));
  });
}

async function reportRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row;
}

// ---------------------------------------------------------------------------------------------
// Site visits

/** A monitor assigned to the contract records a visit: on a day that has come, inside the contract's term or after it. */
export async function recordVisit(ctx: Ctx, contractId: string, input: TVisitBody): Promise<TSiteVisit> {
  return mutate(ctx, async (w) => {
    const contract = await findMonitoredContract(w, w.db, contractId, 'funding.visit.record', { roles: ['monitor'], lock: true });
    if (contract.status !== 'signed' && contract.status !== 'completed') throw new AppError('contract_not_signed');
    if (input.visitedOn > today()) throw invalidField('visitedOn', 'visit_in_future');
    if (input.visitedOn < contract.startsOn) throw invalidField('visitedOn', 'visit_before_contract', { startsOn: contract.startsOn });
    const [row] = await w.db
      .insert(visits)
      .values({
        contractId,
        regionCode: contract.regionCode,
        organizationId: contract.organizationId,
        monitorId: w.actor.id,
        visitedOn: input.visitedOn,
        findings: input.findings,
        rating: input.rating,
      })
      .returning();
    const photoIds = await attachPhotos(w, input.photoIds, [], { type: VISIT_OWNER, id: row.id, regionCode: row.regionCode, organizationId: row.organizationId });
    if (photoIds.length) await w.db.update(visits).set({ photoIds }).where(eq(visits.id, row.id));
    await writeAudit(w, {
      action: 'funding.visit.record',
      entityType: 'funding.visit',
      entityId: row.id,
      entityName: contract.title,
      regionCode: contract.regionCode,
      after: { contractId, visitedOn: input.visitedOn, rating: input.rating, findings: input.findings, photoIds },
    });
    const [view] = await visitViews(w.db, [{ ...row, photoIds }]);
    return view;
  });
}

async function visitViews(db: DbOrTx, rows: (typeof visits.$inferSelect)[]): Promise<TSiteVisit[]> {
  const photos = await attachmentsOfOwners(db, VISIT_OWNER, rows.map((r) => r.id), rows.flatMap((r) => r.photoIds));
  const names = await displayNames(db, rows.map((r) => r.monitorId));
  return rows.map((r) => ({
    id: r.id,
    visitedOn: r.visitedOn,
    findings: r.findings,
    rating: r.rating as TSiteVisit['rating'],
    monitorName: names.get(r.monitorId) ?? '',
    photos: r.photoIds.flatMap((p) => {
      const f = photos.get(p);
      return f && f.ownerId === r.id ? [{ id: f.id, originalName: f.originalName, mimeType: f.mimeType, sizeBytes: f.sizeBytes }] : [];
    }),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function displayNames(db: DbOrTx, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, unique)) : [];
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

// ---------------------------------------------------------------------------------------------
// Reads

async function reportViews(ctx: Pick<Ctx, 'actor'>, db: DbOrTx, contract: ContractRow, rows: ReportRow[]): Promise<TProgressReport[]> {
  const ids = rows.map((r) => r.id);
  const histories = await historiesOf(db, REPORT_WORKFLOW, ids);
  const photos = await attachmentsOfOwners(db, REPORT_WORKFLOW, ids, rows.flatMap((r) => r.photoIds));
  const submits = can(ctx.actor, 'funding.report.submit') && scopeFor(ctx.actor, 'funding.report.submit').some((s) => s.kind === 'organization' && s.organizationId === contract.organizationId);
  const decides = manages(ctx, contract.regionCode);
  const day = today();
  return rows.map((r) => {
    const status = r.status as ReportStatus;
    return {
      id: r.id,
      periodNo: r.periodNo,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      dueOn: r.dueOn,
      status,
      overdue: isOverdue({ status, dueOn: r.dueOn }, day),
      activities: r.activities,
      beneficiaryCount: r.beneficiaryCount,
      narrative: r.narrative,
      photos: r.photoIds.flatMap((p) => {
        const f = photos.get(p);
        return f && f.ownerId === r.id ? [{ id: f.id, originalName: f.originalName, mimeType: f.mimeType, sizeBytes: f.sizeBytes }] : [];
      }),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      returnReason: r.returnReason,
      history: (histories.get(r.id) ?? []).map((h) => ({ action: h.action, fromState: h.fromState, toState: h.toState, actorName: h.actorName ?? '', comment: h.comment, at: h.at.toISOString() })),
      abilities: {
        submit: submits && contract.status === 'signed' && (status === 'pending' || status === 'returned') && day >= r.startsOn,
        decide: decides && status === 'submitted',
      },
    };
  });
}

const reportView = async (ctx: Pick<Ctx, 'actor'>, db: DbOrTx, contract: ContractRow, row: ReportRow) => (await reportViews(ctx, db, contract, [row]))[0];

/** One contract's monitoring as its reader sees it: schedule, reports, visits, evaluations, assignees. */
export async function monitoringView(ctx: Pick<Ctx, 'actor'>, db: DbOrTx, contract: ContractRow): Promise<TMonitoring> {
  const [schedule] = await db.select().from(schedules).where(eq(schedules.contractId, contract.id));
  const reportRows = await db.select().from(reports).where(eq(reports.contractId, contract.id)).orderBy(asc(reports.periodNo));
  const visitRows = await db.select().from(visits).where(eq(visits.contractId, contract.id)).orderBy(desc(visits.visitedOn), desc(visits.createdAt));
  const assigned = await db
    .select({ userId: assignments.userId, entityType: assignments.entityType, displayName: users.displayName })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(and(eq(assignments.entityId, contract.id), inArray(assignments.entityType, Object.values(ASSIGNMENT_ENTITY))))
    .orderBy(asc(assignments.assignedAt));
  const staff = manages(ctx, contract.regionCode);
  const signed = contract.status === 'signed';
  return {
    contractId: contract.id,
    title: contract.title,
    contractNumber: contract.contractNumber,
    status: contract.status,
    organizationId: contract.organizationId,
    providerName: contract.providerName,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    frequency: (schedule?.frequency as ReportFrequency | undefined) ?? null,
    passLine: await passLineOf(db, contract.callId),
    indicators: contract.content.indicators.map((i) => ({ name: i.name, target: i.target, unit: i.unit ?? null })),
    reports: await reportViews(ctx, db, contract, reportRows),
    visits: await visitViews(db, visitRows),
    evaluations: await evaluationsOfContract(db, contract.id),
    assignees: assigned.map((a) => ({ userId: a.userId, displayName: a.displayName, role: a.entityType === ASSIGNMENT_ENTITY.monitor ? ('monitor' as const) : ('evaluator' as const) })),
    beneficiaryCount: reportRows.filter((r) => r.status === 'accepted').reduce((s, r) => s + (r.beneficiaryCount ?? 0), 0),
    evaluationTranches: await evaluationTranchesOf(db, contract.id),
    abilities: {
      schedule: staff && signed && !reportRows.some((r) => r.status !== 'pending'),
      assign: staff && signed,
      visit: can(ctx.actor, 'funding.visit.record') && (signed || contract.status === 'completed') && (await isAssigned(db, contract.id, ctx.actor.id, 'monitor')),
      evaluate: can(ctx.actor, 'funding.evaluation.record') && signed && (await isAssigned(db, contract.id, ctx.actor.id, 'evaluator')),
    },
  };
}

/**
 * The tranches the contract's evaluations release (评估兑现): every reader of the monitoring may see
 * them — the evaluator is assigned to this contract, and knows what its result pays or withholds.
 */
async function evaluationTranchesOf(db: DbOrTx, contractId: string): Promise<TMonitoring['evaluationTranches']> {
  const rows = await db
    .select({ position: tranches.position, releasedBy: tranches.releasedBy, amountFen: tranches.amountFen, status: tranches.status })
    .from(tranches)
    .where(and(eq(tranches.contractId, contractId), inArray(tranches.releasedBy, ['mid_evaluation', 'final_evaluation'])))
    .orderBy(asc(tranches.position));
  return rows.map((r) => ({
    position: r.position,
    kind: r.releasedBy === 'mid_evaluation' ? ('mid' as const) : ('final' as const),
    amountFen: r.amountFen,
    status: r.status as TMonitoring['evaluationTranches'][number]['status'],
  }));
}

export async function getMonitoring(ctx: Ctx, contractId: string) {
  return monitoringView(ctx, ctx.db, await findMonitoredContract(ctx, ctx.db, contractId, 'funding.monitoring.read'));
}

/** The signed (and finished) contracts the caller monitors: a reviewer's are those assigned to it. */
export async function listMonitoredContracts(ctx: Ctx, q: TMonitoredContractQuery) {
  const where = and(
    monitoringScope(ctx.actor, 'funding.monitoring.read'),
    inArray(contracts.status, ['signed', 'completed', 'terminated']),
    q.region ? sql`${contracts.regionCode} like ${regionPrefix(q.region) + '%'}` : undefined,
    q.organization ? eq(contracts.organizationId, q.organization) : undefined,
    // As the to-do cards count them: contracts in force owing a report past its due date.
    q.overdue === 'true'
      ? and(eq(contracts.status, 'signed'), sql`exists (select 1 from ${reports} where ${reports.contractId} = ${contracts.id} and ${overdueWhere(today())})`)
      : undefined,
  );
  const [{ total }] = await ctx.db.select({ total: count() }).from(contracts).where(where);
  const rows = await ctx.db
    .select()
    .from(contracts)
    .where(where)
    .orderBy(desc(contracts.signedAt), desc(contracts.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const overdue = rows.length
    ? await ctx.db
        .select({ contractId: reports.contractId, n: count() })
        .from(reports)
        .where(and(inArray(reports.contractId, rows.map((r) => r.id)), overdueWhere(today())))
        .groupBy(reports.contractId)
    : [];
  const overdueBy = new Map(overdue.map((o) => [o.contractId, Number(o.n)]));
  return {
    items: rows.map((r) => ({
      contractId: r.id,
      title: r.title,
      contractNumber: r.contractNumber,
      providerName: r.providerName,
      regionCode: r.regionCode,
      status: r.status,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      overdueReports: overdueBy.get(r.id) ?? 0,
    })),
    total: Number(total),
  };
}

/** Reports owed and past due on `day` (a China date): isOverdue as SQL. */
export const overdueWhere = (day: string) => and(inArray(reports.status, ['pending', 'returned']), sql`${reports.dueOn} < ${day}`);

/** Whether the actor reads the record's contract: what a report's or a visit's photos are read by. */
export async function readsMonitoredRecord(ctx: Ctx, table: typeof reports | typeof visits, id: string) {
  const [row] = await ctx.db
    .select({ id: table.id })
    .from(table)
    .innerJoin(contracts, eq(contracts.id, table.contractId))
    .where(and(eq(table.id, id), monitoringScope(ctx.actor, 'funding.monitoring.read')));
  return !!row;
}

import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../core/actor.js';
import { defineFileOwners } from '../../core/file-owners.js';
import { fundingProgressReports, fundingSiteVisits } from './funding-monitoring.tables.js';
import { fundingContracts, fundingMilestones } from './funding-contracts.tables.js';
import { contractScope, MILESTONE_WORKFLOW } from './service/contracts.js';
import { readsMonitoredRecord, REPORT_WORKFLOW, VISIT_OWNER } from './service/monitoring.js';

/**
 * What monitoring's files belong to: a progress report's photos and a site visit's are read by
 * whoever reads the contract's monitoring (its region's staff, the organisation, its assigned monitor
 * and evaluator).
 */
export const monitoringFileOwners = {
  [REPORT_WORKFLOW]: { canRead: (ctx: Ctx, id: string) => readsMonitoredRecord(ctx, fundingProgressReports, id) },
  [VISIT_OWNER]: { canRead: (ctx: Ctx, id: string) => readsMonitoredRecord(ctx, fundingSiteVisits, id) },
};

/** A milestone report's files are read by whoever reads the contract (its region's staff, the organisation). */
export const milestoneFileOwners = {
  [MILESTONE_WORKFLOW]: { canRead: (ctx: Ctx, id: string) => readsMilestone(ctx, id) },
};

async function readsMilestone(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ id: fundingMilestones.id })
    .from(fundingMilestones)
    .innerJoin(fundingContracts, eq(fundingContracts.id, fundingMilestones.contractId))
    .where(and(eq(fundingMilestones.id, id), contractScope(ctx)));
  return !!row;
}

/** The funding domain's file owner types; each part adds its own. */
export const fundingFileOwners = defineFileOwners('funding', { ...monitoringFileOwners, ...milestoneFileOwners });

import type { FilingState } from '../../../../../shared/registry.js';
import { and, desc, eq } from 'drizzle-orm';
import { workflowHistory } from '../../../core/core.tables.js';
import { defineWorkflow } from '../../../core/workflow.js';
import type { WriteCtx } from '../../../core/write-unit.js';
import { registryFilings } from '../registry.tables.js';

/** 群众团队备案 (R2): the same steps serve first filing, change filing and deregistration. */
export const FILING_WORKFLOW = defineWorkflow<FilingState, 'submit' | 'approve' | 'return' | 'withdraw'>({
  name: 'registry.filing',
  states: ['draft', 'submitted', 'returned', 'approved', 'withdrawn'],
  transitions: [
    { action: 'submit', from: ['draft', 'returned'], to: 'submitted', permission: 'registry.filing.submit' },
    { action: 'approve', from: ['submitted'], to: 'approved', permission: 'registry.filing.review' },
    { action: 'return', from: ['submitted'], to: 'returned', permission: 'registry.filing.review', commentRequired: true },
    { action: 'withdraw', from: ['draft', 'submitted', 'returned'], to: 'withdrawn', permission: 'registry.filing.submit' },
  ],
});

/**
 * An official's correction of a filed team is a step in the history of the filing it corrects (the
 * last approved one), beside the audit row, so whoever reads the filing sees the record was corrected
 * and why. A team filed before the platform (imported) has no filing: the audit row alone records it.
 */
export async function recordCorrectionInHistory(w: WriteCtx, organizationId: string, reason: string) {
  const [filing] = await w.db
    .select({ id: registryFilings.id, regionCode: registryFilings.regionCode })
    .from(registryFilings)
    .where(and(eq(registryFilings.organizationId, organizationId), eq(registryFilings.state, 'approved')))
    .orderBy(desc(registryFilings.decidedAt))
    .limit(1);
  if (!filing) return;
  await w.db.insert(workflowHistory).values({
    workflow: FILING_WORKFLOW.name,
    entityId: filing.id,
    fromState: 'approved',
    toState: 'approved',
    action: 'correct',
    actorId: w.actor.id,
    actorName: w.actor.displayName,
    comment: reason,
    regionCode: filing.regionCode,
  });
}

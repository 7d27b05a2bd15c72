import { eq } from 'drizzle-orm';
import { isStagedForm, type TSetStageBody } from '../../../../../shared/registry/grades.js';
import { type Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { invalidField } from '../../../errors.js';
import { registryOrganizations as org, registryStageChanges as stages } from '../registry.tables.js';
import { organizationToAssess, standingOf } from './standing.js';

/**
 * Moves an organisation to another development stage (萌芽型/成长型/支持型 [000]), the centre's own
 * assessment, with the reason kept in the stage history beside who and when.
 */
export async function setStage(ctx: Ctx, id: string, input: TSetStageBody) {
  return mutate(ctx, async (w) => {
    const before = await organizationToAssess(ctx, w.db, id, 'registry.stage.set');
    if (!isStagedForm(before.legalForm)) throw invalidField('stage', 'stage_not_for_form');
    if (before.status === 'dissolved') throw invalidField('stage', 'organization_dissolved');
    if (before.stage === input.stage) throw invalidField('stage', 'stage_unchanged');

    await w.db.insert(stages).values({ organizationId: id, fromStage: before.stage, toStage: input.stage, reason: input.reason, changedBy: ctx.actor.id || null });
    const [after] = await w.db.update(org).set({ stage: input.stage, updatedAt: new Date() }).where(eq(org.id, id)).returning();
    await writeAudit(w, {
      action: 'registry.stage.change',
      entityType: 'organization',
      entityId: id,
      entityName: after.name,
      regionCode: after.regionCode,
      before: { stage: before.stage },
      after: { stage: input.stage, reason: input.reason },
    });
    return standingOf(ctx, w.db, after);
  });
}

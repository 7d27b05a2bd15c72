import { desc, eq } from 'drizzle-orm';
import { isGradedForm, type TSetGradeBody } from '../../../../../shared/registry/grades.js';
import { type Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { AppError, type FieldProblem } from '../../../errors.js';
import { registryGradeAwards as awards, registryOrganizations as org } from '../registry.tables.js';
import { organizationToAssess, standingOf } from './standing.js';

/**
 * Records an evaluation grade awarded by the registration authority (民政部令第39号): an official's
 * act, on a registered organisation in its reach. The award is appended to the history; the
 * organisation's grade and validity are the latest award's (by award date), cached in the same unit.
 * Evaluation itself (E2: indicators, experts, committee) will award grades through this same step.
 */
export async function setGrade(ctx: Ctx, id: string, input: TSetGradeBody) {
  return mutate(ctx, async (w) => {
    const before = await organizationToAssess(ctx, w.db, id, 'registry.grade.set');
    const problems: FieldProblem[] = [];
    if (!isGradedForm(before.legalForm)) problems.push({ field: 'grade', problem: 'grade_not_for_form' });
    else if (before.status !== 'registered') problems.push({ field: 'grade', problem: 'grade_not_registered' });
    if (before.foundedOn && input.awardedOn < before.foundedOn) {
      problems.push({ field: 'awardedOn', problem: 'before_founded', params: { date: before.foundedOn } });
    }
    if (problems.length) throw new AppError('validation', {}, problems);

    const [award] = await w.db
      .insert(awards)
      .values({
        organizationId: id,
        grade: input.grade,
        awardedOn: input.awardedOn,
        documentNumber: input.documentNumber,
        reason: input.reason,
        recordedBy: ctx.actor.id || null,
      })
      .returning();
    // An older award entered late (history kept on paper) does not displace a newer one.
    const [latest] = await w.db
      .select({ grade: awards.grade, validUntil: awards.validUntil })
      .from(awards)
      .where(eq(awards.organizationId, id))
      .orderBy(desc(awards.awardedOn), desc(awards.recordedAt))
      .limit(1);
    const [after] = await w.db
      .update(org)
      .set({ grade: latest.grade, gradeValidUntil: latest.validUntil, updatedAt: new Date() })
      .where(eq(org.id, id))
      .returning();
    await writeAudit(w, {
      action: 'registry.grade.award',
      entityType: 'organization',
      entityId: id,
      entityName: after.name,
      regionCode: after.regionCode,
      before: { grade: before.grade, gradeValidUntil: before.gradeValidUntil },
      after: {
        grade: award.grade,
        awardedOn: award.awardedOn,
        validUntil: award.validUntil,
        documentNumber: award.documentNumber,
        reason: award.reason,
      },
    });
    return standingOf(ctx, w.db, after);
  });
}

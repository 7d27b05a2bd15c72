import { desc, eq } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import { isRatedForm, type TSetStarRatingBody } from '../../../../../shared/registry/grades.js';
import { type Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { AppError, type FieldProblem } from '../../../errors.js';
import { registryOrganizations as org, registryStarRatings as ratings } from '../registry.tables.js';
import { organizationToAssess, standingOf } from './standing.js';

const yearInChina = (d: Date) => Number(todayInChina(d).slice(0, 4));

/**
 * Records a filed grassroots team's stars for one year (星级团队评比 [003]), with the criteria
 * scores and who rated. Ratings are appended; the team's stars are those of the latest year (the
 * latest rating of it, when a year was rated again), cached in the same unit.
 */
export async function setStarRating(ctx: Ctx, id: string, input: TSetStarRatingBody) {
  return mutate(ctx, async (w) => {
    const before = await organizationToAssess(ctx, w.db, id, 'registry.rating.set');
    const problems: FieldProblem[] = [];
    if (!isRatedForm(before.legalForm)) problems.push({ field: 'stars', problem: 'stars_not_for_form' });
    else if (before.status !== 'filed') problems.push({ field: 'stars', problem: 'stars_not_filed' });
    const thisYear = yearInChina(new Date());
    if (input.year > thisYear) problems.push({ field: 'year', problem: 'year_future', params: { maximum: thisYear } });
    else if (before.filedAt && input.year < yearInChina(before.filedAt)) {
      problems.push({ field: 'year', problem: 'year_before_filed', params: { minimum: yearInChina(before.filedAt) } });
    }
    if (problems.length) throw new AppError('validation', {}, problems);

    const [rating] = await w.db
      .insert(ratings)
      .values({ organizationId: id, year: input.year, stars: input.stars, scores: input.scores, comment: input.comment, ratedBy: ctx.actor.id || null })
      .returning();
    const [latest] = await w.db
      .select({ stars: ratings.stars })
      .from(ratings)
      .where(eq(ratings.organizationId, id))
      .orderBy(desc(ratings.year), desc(ratings.ratedAt))
      .limit(1);
    const [after] = await w.db.update(org).set({ starRating: latest.stars, updatedAt: new Date() }).where(eq(org.id, id)).returning();
    await writeAudit(w, {
      action: 'registry.star_rating.set',
      entityType: 'organization',
      entityId: id,
      entityName: after.name,
      regionCode: after.regionCode,
      before: { starRating: before.starRating },
      after: { year: rating.year, stars: rating.stars, scores: input.scores, comment: rating.comment },
    });
    return standingOf(ctx, w.db, after);
  });
}

import { and, eq, inArray, lt } from 'drizzle-orm';
import { NO_SHOW_AFTER_MS } from '../../../../../shared/volunteers/shifts.js';
import { writeAudits } from '../../../core/audit.js';
import type { Job } from '../../../core/jobs/scheduler.js';
import { volunteerActivities, volunteerShifts, volunteerSignups as su } from '../volunteers.tables.js';
import { chinaTime } from './shifts.js';

/*
 * Every hour: confirmed sign-ups of shifts that ended more than 2 hours ago (when check-out closes)
 * with no check-in become no-shows, once each, audited with method 'job'. Staff may still correct
 * one by checking the volunteer in on the list.
 */
export const noShowJob: Job = {
  name: 'volunteers-no-show',
  schedule: { every: 'hours', hours: 1 },
  async run(ctx) {
    const cutoff = new Date(ctx.now.getTime() - NO_SHOW_AFTER_MS);
    const late = await ctx.db
      .select({ id: su.id, regionCode: su.regionCode, title: volunteerActivities.title, startsAt: volunteerShifts.startsAt })
      .from(su)
      .innerJoin(volunteerShifts, eq(volunteerShifts.id, su.shiftId))
      .innerJoin(volunteerActivities, eq(volunteerActivities.id, volunteerShifts.activityId))
      .where(and(eq(su.status, 'confirmed'), lt(volunteerShifts.endsAt, cutoff)))
      .for('update', { of: su, skipLocked: true });
    if (!late.length) return { noShows: 0 };
    await ctx.db
      .update(su)
      .set({ status: 'no_show', updatedAt: ctx.now })
      .where(and(inArray(su.id, late.map((l) => l.id)), eq(su.status, 'confirmed')));
    await writeAudits(
      ctx,
      late.map((l) => ({
        action: 'volunteers.attendance.no_show',
        entityType: 'volunteers.signup',
        entityId: l.id,
        entityName: `${l.title} ${chinaTime(l.startsAt)}`,
        regionCode: l.regionCode,
        before: { status: 'confirmed' },
        after: { status: 'no_show', at: ctx.now.toISOString(), method: 'job' },
      })),
    );
    return { noShows: late.length };
  },
};

export const SHIFT_JOBS: readonly Job[] = [noShowJob];

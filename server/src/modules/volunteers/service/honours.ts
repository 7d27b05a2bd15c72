import { and, desc, eq } from 'drizzle-orm';
import type { THonour, THonourBody } from '../../../../../shared/volunteers/hours.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { notFound } from '../../../errors.js';
import { volunteerHonours, volunteers } from '../volunteers.tables.js';
import { volunteerScope } from './hours-access.js';

/*
 * Honours and incentives on a volunteer (V4). Star awards are recorded by the database when a level
 * is first reached (migration 0033, volunteer_star_award), whichever write raised it — an approval,
 * a region's new thresholds, the seed —, so none is missed and none is given twice; people record
 * named honours and incentives here.
 */

const present = (h: typeof volunteerHonours.$inferSelect): THonour => ({
  id: h.id,
  volunteerId: h.volunteerId,
  kind: h.kind as THonour['kind'],
  title: h.title,
  awardedOn: h.awardedOn,
  awardedBy: h.awardedBy,
  details: (h.details as Record<string, unknown> | null) ?? null,
  createdAt: h.createdAt.toISOString(),
});

async function reachableVolunteer(ctx: Ctx, id: string, permission: 'volunteers.read' | 'volunteers.stars.manage') {
  const [v] = await ctx.db
    .select({ id: volunteers.id, name: volunteers.name, number: volunteers.number, regionCode: volunteers.regionCode })
    .from(volunteers)
    .where(and(eq(volunteers.id, id), volunteerScope(ctx.actor, permission)));
  if (!v) throw notFound('volunteer');
  return v;
}

export async function listHonours(ctx: Ctx, volunteerId: string) {
  const v = await reachableVolunteer(ctx, volunteerId, 'volunteers.read');
  const rows = await ctx.db
    .select()
    .from(volunteerHonours)
    .where(eq(volunteerHonours.volunteerId, v.id))
    .orderBy(desc(volunteerHonours.awardedOn), desc(volunteerHonours.createdAt));
  return { items: rows.map(present) };
}

export async function recordHonour(ctx: Ctx, volunteerId: string, body: THonourBody) {
  const v = await reachableVolunteer(ctx, volunteerId, 'volunteers.stars.manage');
  return mutate(ctx, async (w) => {
    const [row] = await w.db
      .insert(volunteerHonours)
      .values({
        volunteerId: v.id,
        regionCode: v.regionCode,
        kind: body.kind,
        title: body.title,
        awardedOn: body.awardedOn,
        awardedBy: body.awardedBy,
        details: body.note ? { note: body.note } : null,
        createdBy: w.actor.id || null,
      })
      .returning();
    await writeAudit(w, {
      action: 'volunteers.honour.record',
      entityType: 'volunteers.volunteer',
      entityId: v.id,
      entityName: `${v.name}（${v.number}）`,
      regionCode: v.regionCode,
      after: { honourId: row.id, kind: body.kind, title: body.title, awardedOn: body.awardedOn, awardedBy: body.awardedBy, note: body.note },
    });
    return present(row);
  });
}

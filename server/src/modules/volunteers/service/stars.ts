import { eq, sql } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import { HOURS_ROUNDING_RULE, type TStarRule, type TStarSettings, type TStarSettingsBody, type TVolunteerTotals } from '../../../../../shared/volunteers/hours.js';
import { NATIONAL_STAR_THRESHOLD_HOURS } from '../../../../../shared/volunteers/states.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { scopeCoversRegion, scopeFor, workRegions } from '../../../core/scope.js';
import { mutate } from '../../../core/write-unit.js';
import { rowsOf, type DbOrTx } from '../../../db/client.js';
import { notFound } from '../../../errors.js';
import { getRegion } from '../../regions/regions.service.js';
import { volunteerStarSettings, volunteerTotals, volunteers } from '../volunteers.tables.js';
import { volunteerScope } from './hours-access.js';

/** The rule behind the national thresholds (shared/volunteers/states.ts). */
export const NATIONAL_STAR_SOURCE = '《志愿服务记录办法》（民函〔2012〕340号）第十二条；《志愿服务记录与证明出具办法（试行）》（民政部令第67号）';

/**
 * Hours still needed for the next star, two decimals (a minute short shows as 0.02, never 0), null
 * at the last one: the totals page and the home card show the same figure.
 */
export function hoursToNextStar(approvedMinutes: number, thresholdHours: readonly number[]): number | null {
  const next = thresholdHours.find((h) => approvedMinutes < h * 60);
  return next === undefined ? null : Math.round(((next * 60 - approvedMinutes) * 100) / 60) / 100;
}

/**
 * The thresholds that apply to a region and where they come from: the nearest region with its own
 * setting (the longest prefix), else the national rule. The same choice as the database's
 * volunteer_star_thresholds (migration 0033), which the totals' stars are computed with.
 */
export async function starRuleFor(db: DbOrTx, regionCode: string): Promise<TStarRule> {
  const [row] = rowsOf<{ region_code: string; threshold_hours: number[]; source: string; name: string | null }>(
    await db.execute(sql`
      select s.region_code, s.threshold_hours, s.source, r.name
        from ${volunteerStarSettings} s left join regions r on r.code = s.region_code
       where ${regionCode} like volunteer_region_prefix(s.region_code) || '%'
       order by length(volunteer_region_prefix(s.region_code)) desc limit 1`),
  );
  if (!row) return { thresholdHours: [...NATIONAL_STAR_THRESHOLD_HOURS], regionCode: null, regionName: null, source: NATIONAL_STAR_SOURCE };
  return { thresholdHours: row.threshold_hours.map(Number), regionCode: row.region_code, regionName: row.name, source: row.source };
}

/** A volunteer's approved hours, entries, star level, and the thresholds that applied with their source. */
export async function volunteerTotalsOf(ctx: Ctx, volunteerId: string): Promise<TVolunteerTotals> {
  // One statement (the volunteer in scope, its totals row, its undecided entries, the rule of the
  // nearest region — as starRuleFor chooses it): a phone's home page and a city's bench read it often.
  const [row] = rowsOf<{
    id: string;
    name: string;
    number: string;
    approved_minutes: string | null;
    approved_entries: number | null;
    stars: number | null;
    last_served_at: string | null;
    pending: number;
    rule_region: string | null;
    threshold_hours: number[] | null;
    source: string | null;
    rule_region_name: string | null;
  }>(
    await ctx.db.execute(sql`
      select ${volunteers.id} as id, ${volunteers.name} as name, ${volunteers.number} as number,
             t.approved_minutes, t.approved_entries, t.stars,
             to_char(t.last_served_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_served_at,
             (select count(*)::int from volunteer_hour_entries e
               where e.volunteer_id = ${volunteers.id} and e.kind <> 'reversal'
                 and not exists (select 1 from volunteer_hour_decisions d where d.entry_id = e.id)) as pending,
             s.region_code as rule_region, s.threshold_hours, s.source, r.name as rule_region_name
        from ${volunteers}
        left join volunteer_totals t on t.volunteer_id = ${volunteers.id}
        left join lateral (
          select s.region_code, s.threshold_hours, s.source from volunteer_star_settings s
           where ${volunteers.regionCode} like volunteer_region_prefix(s.region_code) || '%'
           order by length(volunteer_region_prefix(s.region_code)) desc limit 1) s on true
        left join regions r on r.code = s.region_code
       where ${volunteers.id} = ${volunteerId} and ${volunteerScope(ctx.actor, 'volunteers.read')}`),
  );
  if (!row) throw notFound('volunteer');
  const rule: TStarRule = row.threshold_hours
    ? { thresholdHours: row.threshold_hours.map(Number), regionCode: row.rule_region, regionName: row.rule_region_name, source: row.source ?? '' }
    : { thresholdHours: [...NATIONAL_STAR_THRESHOLD_HOURS], regionCode: null, regionName: null, source: NATIONAL_STAR_SOURCE };
  const minutes = Number(row.approved_minutes ?? 0);
  return {
    volunteerId: row.id,
    volunteerName: row.name,
    volunteerNumber: row.number,
    approvedMinutes: minutes,
    approvedEntries: row.approved_entries ?? 0,
    pendingEntries: row.pending,
    stars: row.stars ?? 0,
    nextStarHours: hoursToNextStar(minutes, rule.thresholdHours),
    lastServedAt: row.last_served_at,
    rule,
    roundingRule: HOURS_ROUNDING_RULE.text,
  };
}

/** A region's star thresholds as they apply there (its own, or inherited). */
export async function starSettingsOf(ctx: Ctx, code: string): Promise<TStarSettings> {
  if (!workRegions(ctx.actor, 'volunteers.statistics.read').some((s) => s.kind === 'region' && code.startsWith(s.prefix))) throw notFound('region');
  if (!(await getRegion(ctx.db, code))) throw notFound('region');
  const rule = await starRuleFor(ctx.db, code);
  return { ...rule, own: rule.regionCode === code, restarred: 0 };
}

/**
 * Sets a region's own thresholds (volunteers.stars.manage; five strictly increasing positive hours,
 * with the local rule that sets them) and, in the same statement, recomputes the star level of
 * every volunteer under it; those reaching a new level get their star award (trigger).
 */
export async function setStarSettings(ctx: Ctx, code: string, body: TStarSettingsBody): Promise<TStarSettings> {
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.stars.manage'), code)) throw notFound('region');
  return mutate(ctx, async (w) => {
    const region = await getRegion(w.db, code);
    if (!region) throw notFound('region');
    const [before] = await w.db.select().from(volunteerStarSettings).where(eq(volunteerStarSettings.regionCode, code));
    await w.db
      .insert(volunteerStarSettings)
      .values({ regionCode: code, thresholdHours: body.thresholdHours, source: body.source, updatedBy: w.actor.id || null })
      .onConflictDoUpdate({
        target: volunteerStarSettings.regionCode,
        set: { thresholdHours: body.thresholdHours, source: body.source, updatedBy: w.actor.id || null, updatedAt: sql`now()` },
      });
    const restarred = rowsOf<{ volunteer_id: string }>(
      await w.db.execute(sql`
        update ${volunteerTotals} set stars = volunteer_star_level(region_code, approved_minutes), updated_at = now()
         where region_code like ${regionPrefix(code) + '%'} and stars <> volunteer_star_level(region_code, approved_minutes)
        returning volunteer_id`),
    ).length;
    await writeAudit(w, {
      action: 'volunteers.stars.settings',
      entityType: 'volunteers.star_settings',
      entityId: null,
      entityName: region.name,
      regionCode: code,
      before: before ? { thresholdHours: before.thresholdHours, source: before.source } : null,
      after: { thresholdHours: body.thresholdHours, source: body.source, restarred },
    });
    return { thresholdHours: body.thresholdHours, regionCode: code, regionName: region.name, source: body.source, own: true, restarred };
  });
}

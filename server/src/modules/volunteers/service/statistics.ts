import { sql, type SQL } from 'drizzle-orm';
import { todayInChina } from '../../../../../shared/dates.js';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { TServed, TStatistics, TStatisticsQuery } from '../../../../../shared/volunteers/overview.js';
import { HOURS_PER_WORKING_DAY, type ActivityType, type VolunteerStatus } from '../../../../../shared/volunteers/states.js';
import type { Ctx } from '../../../core/actor.js';
import type { DashboardRegion } from '../../../core/dashboard.js';
import { childBucket, OWN_BUCKET } from '../../../core/region-rollup.js';
import { resolveRegion, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { rowsOf, type DbOrTx } from '../../../db/client.js';
import { invalidField, notFound } from '../../../errors.js';
import { childRegions, getRegion } from '../../regions/regions.service.js';

/*
 * A region's volunteer statistics for one year, read from the summaries the hours triggers keep
 * (volunteer_hours_rollup: minutes and person-times per region, month and activity type) and
 * the head counts kept from the people (volunteers registered per region and status, active per
 * region and month or year) — never from the ledger's entries nor the volunteers themselves, so a
 * district of a million-volunteer city reads a few thousand summary rows.
 */

export const currentYear = () => Number(todayInChina().slice(0, 4));

/** The region node of a statistics page, with its children; 404 outside the reader's reach, 400 for a code no region has. */
export async function statisticsRegion(ctx: Ctx, asked?: string | null): Promise<DashboardRegion> {
  const code = resolveRegion(ctx.actor, 'volunteers.statistics.read', asked);
  const region = await getRegion(ctx.db, code);
  if (!region) throw invalidField('region', 'region_unknown');
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.statistics.read'), code)) throw notFound('region');
  const children = (await childRegions(ctx.db, code)).map((c) => ({ code: c.code, name: c.name }));
  return { code: region.code, name: region.name, level: region.level, prefix: regionPrefix(region.code), children };
}

const rows = async <T>(db: DbOrTx, query: SQL) => rowsOf<T>(await db.execute(query));

/** The first days of the year and the next, as the summaries' `month` column holds them. */
const yearBounds = (year: number) => [`${year}-01-01`, `${year + 1}-01-01`] as const;

const served = (minutes: number, personTimes: number): TServed => ({ minutes, personTimes });
/** Served hours as equivalent working days (HOURS_PER_WORKING_DAY each), one decimal. */
export const workingDays = (minutes: number) => Math.round((minutes / 60 / HOURS_PER_WORKING_DAY) * 10) / 10;

/**
 * How rows are grouped by child region: when the children's codes share one prefix length (a
 * district's streets), by that many leading characters — cheaper than a CASE of LIKEs per row at a
 * district's hundred thousand rows — and mapped to the child here; else by core childBucket.
 */
function childGrouping(region: DashboardRegion): { key: (column: SQL) => SQL; child: (key: string) => string } {
  const lengths = new Set(region.children.map((c) => regionPrefix(c.code).length));
  if (lengths.size !== 1) return { key: (column) => childBucket(region.children, column), child: (key) => key };
  const [n] = lengths;
  const byPrefix = new Map(region.children.map((c) => [regionPrefix(c.code), c.code]));
  return { key: (column) => sql`left(${column}, ${n}::int)`, child: (key) => byPrefix.get(key) ?? OWN_BUCKET };
}

/** The statistics of one region node and year (the region already checked against the reader's reach). */
export async function statisticsOf(db: DbOrTx, region: DashboardRegion, year: number): Promise<TStatistics> {
  const under = `${region.prefix}%`;
  const grouping = childGrouping(region);
  const bucket = grouping.key;
  const [from, to] = yearBounds(year);

  // Four reads of summaries, never of people or entries (head counts: migration 0036), sent as one
  // statement: on a dashboard under load, four round trips and four pooled connections per view
  // cost more than the reads themselves.
  const registeredSql = sql`select ${bucket(sql`region_code`)} as child, status, sum(volunteers)::int as n
          from volunteer_region_counts where region_code like ${under} group by 1, 2`;
  const servedSql = sql`select ${bucket(sql`region_code`)} as child, to_char(month, 'YYYY-MM') as month, activity_type as "activityType",
               sum(minutes)::bigint as minutes, sum(person_times)::bigint as "personTimes"
          from volunteer_hours_rollup
         where region_code like ${under} and month >= ${from}::date and month < ${to}::date
         group by 1, 2, 3`;
  // A volunteer is active in a month it has approved minutes in; the year's figure counts each once.
  const activeByMonthSql = sql`select ${bucket(sql`region_code`)} as child, to_char(month, 'YYYY-MM') as month, sum(volunteers)::int as n
          from volunteer_active_month_counts
         where month >= ${from}::date and month < ${to}::date and region_code like ${under}
         group by 1, 2`;
  // A volunteer has one row a year (volunteer_active_years), so the year's head counts add up exactly.
  const activeOfYearSql = sql`select child, sum(volunteers)::int as n
          from (select ${bucket(sql`region_code`)} as child, volunteers
                  from volunteer_active_year_counts
                 where year = ${year} and region_code like ${under}) a
         group by grouping sets ((child), ())`;
  const listOf = (query: SQL) => sql`(select coalesce(json_agg(x), '[]'::json) from (${query}) x)`;
  const [doc] = await rows<Record<'registered' | 'served' | 'activeByMonth' | 'activeOfYear', unknown>>(
    db,
    sql`select ${listOf(registeredSql)} as registered, ${listOf(servedSql)} as served,
               ${listOf(activeByMonthSql)} as "activeByMonth", ${listOf(activeOfYearSql)} as "activeOfYear"`,
  );
  // node-postgres parses json; the embedded driver may hand it over as text.
  const parsed = <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T[];
  const registered = parsed<{ child: string; status: VolunteerStatus; n: number }>(doc.registered);
  const servedRows = parsed<{ child: string; month: string; activityType: ActivityType; minutes: number; personTimes: number }>(doc.served);
  const activeByMonth = parsed<{ child: string; month: string; n: number }>(doc.activeByMonth);
  const activeOfYear = parsed<{ child: string | null; n: number }>(doc.activeOfYear);

  for (const r of [...registered, ...servedRows, ...activeByMonth]) r.child = grouping.child(r.child);
  // Two keys may fall in one child (the region's own rows and a non-child prefix): a distinct count cannot be summed, so they are added as they are.
  for (const r of activeOfYear) if (r.child !== null) r.child = grouping.child(r.child);
  const byStatus = new Map<VolunteerStatus, number>();
  const registeredOf = new Map<string, number>();
  for (const r of registered) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + Number(r.n));
    registeredOf.set(r.child, (registeredOf.get(r.child) ?? 0) + Number(r.n));
  }
  const add = (into: Map<string, TServed>, key: string, minutes: number, personTimes: number) => {
    const s = into.get(key) ?? served(0, 0);
    into.set(key, served(s.minutes + minutes, s.personTimes + personTimes));
  };
  const byType = new Map<string, TServed>();
  const byMonth = new Map<string, TServed>();
  const byChild = new Map<string, TServed>();
  let minutes = 0;
  let personTimes = 0;
  for (const r of servedRows) {
    const m = Number(r.minutes);
    const p = Number(r.personTimes);
    minutes += m;
    personTimes += p;
    add(byType, r.activityType, m, p);
    add(byMonth, r.month, m, p);
    add(byChild, r.child, m, p);
  }
  const activeMonth = new Map<string, number>();
  for (const r of activeByMonth) activeMonth.set(r.month, (activeMonth.get(r.month) ?? 0) + Number(r.n));
  const activeChild = new Map<string, number>();
  let active = 0;
  for (const r of activeOfYear) {
    if (r.child === null) active = Number(r.n);
    else activeChild.set(r.child, (activeChild.get(r.child) ?? 0) + Number(r.n));
  }

  const childRow = (code: string, name: string, direct: boolean) => {
    const key = direct ? OWN_BUCKET : code;
    return {
      regionCode: code,
      name,
      direct,
      registered: registeredOf.get(key) ?? 0,
      active: activeChild.get(key) ?? 0,
      ...(byChild.get(key) ?? served(0, 0)),
    };
  };
  const hasOwn = registeredOf.has(OWN_BUCKET) || byChild.has(OWN_BUCKET) || activeChild.has(OWN_BUCKET);
  return {
    region: { code: region.code, name: region.name, level: region.level },
    year,
    registered: {
      total: [...byStatus.values()].reduce((a, n) => a + n, 0),
      byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort((a, b) => a.status.localeCompare(b.status)),
    },
    active,
    served: served(minutes, personTimes),
    workingDays: workingDays(minutes),
    byType: [...byType]
      .map(([activityType, s]) => ({ activityType: activityType as ActivityType, ...s }))
      .sort((a, b) => b.minutes - a.minutes || a.activityType.localeCompare(b.activityType)),
    byMonth: Array.from({ length: 12 }, (_, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      return { month, active: activeMonth.get(month) ?? 0, ...(byMonth.get(month) ?? served(0, 0)) };
    }),
    children: [
      ...region.children.map((c) => childRow(c.code, c.name, false)),
      // Records at the region itself belong to no child; this row makes the children add up.
      ...(hasOwn ? [childRow(region.code, region.name, true)] : []),
    ],
  };
}

/** GET /api/volunteers/statistics: the region asked for (else the widest in reach) and the year (else this one). */
export async function regionStatistics(ctx: Ctx, query: TStatisticsQuery): Promise<TStatistics> {
  const region = await statisticsRegion(ctx, query.region);
  return statisticsOf(ctx.db, region, query.year ?? currentYear());
}

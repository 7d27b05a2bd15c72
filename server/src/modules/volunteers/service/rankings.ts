import { sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../../../../../shared/regions.js';
import type { TRankingQuery, TTeamRank, TVolunteerRank } from '../../../../../shared/volunteers/hours.js';
import type { Ctx } from '../../../core/actor.js';
import { resolveRegion, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { rowsOf } from '../../../db/client.js';
import { notFound } from '../../../errors.js';

/*
 * Rankings by approved hours (volunteers.statistics.read), read from the summaries the database
 * keeps (volunteer_totals for all time, volunteer_active_years for a year), never from entries.
 * Equal hours rank by volunteer number (or team name), so a page boundary is stable.
 */

function rankedRegion(ctx: Ctx, q: TRankingQuery) {
  const code = resolveRegion(ctx.actor, 'volunteers.statistics.read', q.regionCode);
  if (!scopeCoversRegion(scopeFor(ctx.actor, 'volunteers.statistics.read'), code)) throw notFound('region');
  return `${regionPrefix(code)}%`;
}

/** Minutes per volunteer of the region subtree (its volunteers' own region), all time or in one China-time year. */
function minutesByVolunteer(like: string, year?: number): SQL {
  if (year === undefined) {
    return sql`select volunteer_id, approved_minutes as minutes from volunteer_totals where region_code like ${like} and approved_minutes > 0`;
  }
  return sql`select volunteer_id, minutes from volunteer_active_years
              where year = ${year} and region_code like ${like} and minutes > 0`;
}

export async function volunteerRanking(ctx: Ctx, q: TRankingQuery) {
  const like = rankedRegion(ctx, q);
  const offset = (q.page - 1) * q.pageSize;
  const rows = rowsOf<{ volunteer_id: string; name: string; number: string; region_code: string; minutes: string; stars: number | null; total: number }>(
    await ctx.db.execute(sql`
      with m as (${minutesByVolunteer(like, q.year)})
      select m.volunteer_id, v.name, v.number, v.region_code, m.minutes, t.stars, count(*) over ()::int as total
        from m join volunteers v on v.id = m.volunteer_id left join volunteer_totals t on t.volunteer_id = m.volunteer_id
       order by m.minutes desc, v.number
       limit ${q.pageSize} offset ${offset}`),
  );
  const items: TVolunteerRank[] = rows.map((r, i) => ({
    rank: offset + i + 1,
    volunteerId: r.volunteer_id,
    volunteerName: r.name,
    volunteerNumber: r.number,
    regionCode: r.region_code,
    minutes: Number(r.minutes),
    stars: r.stars ?? 0,
  }));
  return { items, total: rows[0]?.total ?? (offset > 0 ? await countVolunteers(ctx, like, q.year) : 0) };
}

async function countVolunteers(ctx: Ctx, like: string, year?: number) {
  const [row] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from (${minutesByVolunteer(like, year)}) m`));
  return row.n;
}

/** Teams of the region subtree by their members' approved hours (all time or in one year). */
export async function teamRanking(ctx: Ctx, q: TRankingQuery) {
  const like = rankedRegion(ctx, q);
  const offset = (q.page - 1) * q.pageSize;
  // Every member's hours count, wherever the member is registered: a team is ranked by what its people served.
  const memberMinutes =
    q.year === undefined
      ? sql`select volunteer_id, approved_minutes as minutes from volunteer_totals`
      : sql`select volunteer_id, minutes from volunteer_active_years where year = ${q.year}`;
  const rows = rowsOf<{ team_id: string; name: string; region_code: string; members: number; minutes: string; total: number }>(
    await ctx.db.execute(sql`
      with m as (${memberMinutes})
      select t.id as team_id, t.name, t.region_code, count(tm.volunteer_id)::int as members,
             coalesce(sum(m.minutes), 0)::bigint as minutes, count(*) over ()::int as total
        from volunteer_teams t
        left join volunteer_team_members tm on tm.team_id = t.id
        left join m on m.volunteer_id = tm.volunteer_id
       where t.region_code like ${like} and t.active
       group by t.id, t.name, t.region_code
       order by minutes desc, t.name, t.id
       limit ${q.pageSize} offset ${offset}`),
  );
  const items: TTeamRank[] = rows.map((r, i) => ({
    rank: offset + i + 1,
    teamId: r.team_id,
    teamName: r.name,
    regionCode: r.region_code,
    members: r.members,
    minutes: Number(r.minutes),
  }));
  let total = rows[0]?.total ?? 0;
  if (!rows.length && offset > 0) {
    const [row] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from volunteer_teams where region_code like ${like} and active`));
    total = row.n;
  }
  return { items, total };
}

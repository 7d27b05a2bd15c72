import { sql, type SQL } from 'drizzle-orm';
import { todayInChina } from '../../../../shared/dates.js';
import type { Permission } from '../../../../shared/permissions.js';
import { ZVolunteerHomeCard, type TVolunteerHomeCard, type VolunteerStaffTodo } from '../../../../shared/volunteers/home.js';
import type { ActivityType, SignupStatus, VolunteerStatus } from '../../../../shared/volunteers/states.js';
import type { Ctx } from '../../core/actor.js';
import type { HomeContribution } from '../../core/home.js';
import { scopeFor } from '../../core/scope.js';
import { scopeWhere } from '../../core/scope-sql.js';
import { rowsOf } from '../../db/client.js';
import { regionNames } from '../regions/regions.service.js';
import { volunteerOfUser } from './service/me.js';
import { hoursToNextStar } from './service/stars.js';
import { teamsLedBy } from './service/teams.js';

/** How many shifts a card lists (its count is all of them). */
const LISTED = 5;
/** A team leader looks this far ahead for places to fill; centre staff a week. */
const LEADER_DAYS = 14;
const STAFF_DAYS = 7;
/** Sign-ups holding a place (a waiting one does not fill the shift). */
const HOLDING = sql`('confirmed', 'checked_in', 'checked_out')`;

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const rows = async <T>(ctx: Ctx, query: SQL) => rowsOf<T>(await ctx.db.execute(query));

/** A volunteer's own card, and a team leader's shifts to fill. */
async function volunteerCards(ctx: Ctx): Promise<TVolunteerHomeCard[]> {
  if (!scopeFor(ctx.actor, 'volunteers.signup').some((s) => s.kind === 'own')) return [];
  const v = await volunteerOfUser(ctx.db, ctx.actor.id);
  if (!v) return [];
  const street = v.regionCode.slice(0, 9).padEnd(12, '0');
  const [totals] = await rows<{ minutes: string | null; entries: number | null; stars: number | null; thresholds: number[] }>(
    ctx,
    sql`select t.approved_minutes as minutes, t.approved_entries as entries, t.stars, volunteer_star_thresholds(${v.regionCode}) as thresholds
          from (select 1) one left join volunteer_totals t on t.volunteer_id = ${v.id}`,
  );
  const minutes = Number(totals?.minutes ?? 0);
  const thresholdHours = (totals?.thresholds ?? []).map(Number);
  const shifts = await rows<{ shiftId: string; activityId: string; activityTitle: string; activityType: ActivityType; place: string; startsAt: string; endsAt: string; signupStatus: SignupStatus }>(
    ctx,
    sql`select sh.id as "shiftId", a.id as "activityId", a.title as "activityTitle", a.type as "activityType", a.place,
               ${iso(sql`sh.starts_at`)} as "startsAt", ${iso(sql`sh.ends_at`)} as "endsAt", s.status as "signupStatus"
          from volunteer_signups s join volunteer_shifts sh on sh.id = s.shift_id join volunteer_activities a on a.id = sh.activity_id
         where s.volunteer_id = ${v.id} and s.status in ('confirmed', 'waiting') and sh.status = 'open' and sh.ends_at > now()
         order by sh.starts_at, sh.id limit ${LISTED}`,
  );
  const names = await regionNames(ctx.db, [street]);
  const cards: TVolunteerHomeCard[] = [
    {
      kind: 'volunteerSelf',
      volunteerId: v.id,
      number: v.number,
      status: v.status as VolunteerStatus,
      pending: v.status === 'pending',
      regionName: names.get(street) ?? '',
      approvedMinutes: minutes,
      approvedEntries: Number(totals?.entries ?? 0),
      stars: Number(totals?.stars ?? 0),
      thresholdHours,
      nextStarHours: hoursToNextStar(minutes, thresholdHours),
      shifts,
      link: '/volunteers/me',
    },
  ];

  // A leader is a member with the leader role (the registry's teams); its own grant reaches only its own record, so the teams are found through it.
  const teams = (await teamsLedBy(ctx.db, v.id)).filter((t) => t.active);
  if (teams.length) {
    const ids = sql.join(teams.map((t) => sql`${t.id}::uuid`), sql`, `);
    const toFill = sql`from volunteer_shifts sh join volunteer_activities a on a.id = sh.activity_id join volunteer_teams t on t.id = a.team_id
         cross join lateral (select count(*)::int as filled from volunteer_signups s where s.shift_id = sh.id and s.status in ${HOLDING}) f
         where a.team_id in (${ids}) and a.status = 'published' and sh.status = 'open'
           and sh.starts_at > now() and sh.starts_at < now() + make_interval(days => ${LEADER_DAYS}) and f.filled < sh.quota`;
    const [{ n }] = await rows<{ n: number }>(ctx, sql`select count(*)::int as n ${toFill}`);
    const list = await rows<{ shiftId: string; activityId: string; activityTitle: string; teamName: string; startsAt: string; endsAt: string; quota: number; filled: number }>(
      ctx,
      sql`select sh.id as "shiftId", a.id as "activityId", a.title as "activityTitle", t.name as "teamName",
                 ${iso(sql`sh.starts_at`)} as "startsAt", ${iso(sql`sh.ends_at`)} as "endsAt", sh.quota, f.filled
          ${toFill} order by sh.starts_at, sh.id limit ${LISTED}`,
    );
    cards.push({
      kind: 'volunteerTeamShifts',
      teams: teams.map((t) => ({ teamId: t.id, name: t.name })),
      count: Number(n),
      shifts: list.map((s) => ({ ...s, quota: Number(s.quota), filled: Number(s.filled) })),
      link: '/volunteers/team-activities',
    });
  }
  return cards;
}

/** Centre staff's to-dos in its region: each with the count and the list that holds it; no card when nothing waits. */
async function staffCards(ctx: Ctx): Promise<TVolunteerHomeCard[]> {
  const regional = (permission: Permission) => scopeFor(ctx.actor, permission).filter((s) => s.kind === 'region');
  if (!ctx.actor.grants.some((g) => g.role === 'centre_staff')) return [];
  const items: { key: VolunteerStaffTodo; count: number; link: string }[] = [];
  const count = async (key: VolunteerStaffTodo, permission: Permission, link: string, query: (inRegion: (column: SQL) => SQL) => SQL) => {
    const slices = regional(permission);
    if (!slices.length) return;
    const [{ n }] = await rows<{ n: number }>(ctx, query((column) => scopeWhere(slices, { region: column })));
    items.push({ key, count: Number(n), link });
  };
  await count('registrations', 'volunteers.manage', '/volunteers?status=pending', (inRegion) =>
    sql`select count(*)::int as n from volunteers where status = 'pending' and ${inRegion(sql`region_code`)}`,
  );
  // The centre owns the activities no organisation owns: their entries wait for the centre's decision.
  await count('hours', 'volunteers.hours.approve', '/volunteers/hours/pending', (inRegion) =>
    sql`select count(*)::int as n from volunteer_hour_pending p where p.organization_id is null and ${inRegion(sql`p.region_code`)}`,
  );
  await count('shifts', 'volunteers.activity.manage', '/volunteers/activities', (inRegion) =>
    sql`select count(*)::int as n from volunteer_shifts sh join volunteer_activities a on a.id = sh.activity_id
         where ${inRegion(sql`sh.region_code`)} and sh.status = 'open' and a.status = 'published'
           and sh.starts_at > now() and sh.starts_at < now() + make_interval(days => ${STAFF_DAYS})
           and (select count(*) from volunteer_signups s where s.shift_id = sh.id and s.status in ${HOLDING}) < sh.quota`,
  );
  return items.some((i) => i.count > 0) ? [{ kind: 'volunteerStaffTodos', items }] : [];
}

export const volunteersHome: HomeContribution = {
  schema: ZVolunteerHomeCard,
  cards: async (ctx) => [...(await volunteerCards(ctx)), ...(await staffCards(ctx))],
  // Coming shifts and "the next 7 / 14 days" move with the clock, not only with writes.
  key: () => [todayInChina(), Math.floor(Date.now() / 3_600_000)],
};

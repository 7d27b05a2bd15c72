/**
 * Activities, shifts and sign-ups for the hours tests, written straight to the tables (the shifts
 * part's services are not needed to test the ledger), and a write context for service calls.
 */
import { sql, type SQL } from 'drizzle-orm';
import { mutate, systemCtx, type WriteCtx } from '../../core/write-unit.js';
import { rowsOf, type Db } from '../../db/client.js';
import { volunteerActivities, volunteerShifts, volunteerSignups } from './volunteers.tables.js';

let serial = 0;

export async function makeActivity(db: Db, regionCode: string, overrides: Partial<typeof volunteerActivities.$inferInsert> = {}) {
  const [row] = await db
    .insert(volunteerActivities)
    .values({ regionCode, title: `测试活动${++serial}`, type: 'elderly', place: '社区活动室', status: 'published', ...overrides })
    .returning();
  return row;
}

export async function makeShift(db: Db, activity: { id: string; regionCode: string }, startsAt: Date, hours = 3) {
  const [row] = await db
    .insert(volunteerShifts)
    .values({ activityId: activity.id, regionCode: activity.regionCode, startsAt, endsAt: new Date(startsAt.getTime() + hours * 3_600_000), quota: 10, qrSecret: `s${++serial}` })
    .returning();
  return row;
}

export async function makeSignup(db: Db, shift: { id: string; regionCode: string }, volunteerId: string) {
  const [row] = await db.insert(volunteerSignups).values({ shiftId: shift.id, volunteerId, regionCode: shift.regionCode, status: 'checked_in' }).returning();
  return row;
}

/** Runs `fn` in a write unit of the platform's own (no user). */
export function asSystem<T>(db: Db, fn: (w: WriteCtx) => Promise<T>) {
  return mutate(systemCtx(db, 'hours-test'), fn);
}

/** Approves an entry as SQL by hand would (the triggers do the rest). */
export async function approveBySql(db: Db, entryId: string, decision: 'approved' | 'rejected' = 'approved') {
  await db.execute(sql`insert into volunteer_hour_decisions (entry_id, decision, reason) values (${entryId}, ${decision}, ${decision === 'rejected' ? '不符' : null})`);
}

/** Everything the summaries hold, recounted from the ledger: approved entries not reversed. */
export async function recount(db: Db) {
  const live = sql`select e.* from volunteer_hour_entries e join volunteer_hour_decisions d on d.entry_id = e.id and d.decision = 'approved'
                    where not exists (select 1 from volunteer_hour_entries r where r.reverses_id = e.id)`;
  const totals = rowsOf<{ volunteer_id: string; minutes: string; entries: number }>(
    await db.execute(sql`select volunteer_id, sum(minutes)::bigint as minutes, count(*)::int as entries from (${live}) l group by volunteer_id order by volunteer_id`),
  );
  const rollup = rowsOf<{ region_code: string; month: string; activity_type: string; minutes: string; person_times: number }>(
    await db.execute(sql`select region_code, to_char(date_trunc('month', starts_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as month, activity_type,
                                sum(minutes)::bigint as minutes, count(*)::int as person_times
                           from (${live}) l group by 1, 2, 3 order by 1, 2, 3`),
  );
  const months = rowsOf<{ volunteer_id: string; month: string; minutes: string }>(
    await db.execute(sql`select volunteer_id, to_char(date_trunc('month', starts_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as month, sum(minutes)::bigint as minutes
                           from (${live}) l group by 1, 2 order by 1, 2`),
  );
  const years = rowsOf<{ volunteer_id: string; year: string; minutes: string }>(
    await db.execute(sql`select volunteer_id, extract(year from starts_at at time zone 'Asia/Shanghai')::int::text as year, sum(minutes)::bigint as minutes
                           from (${live}) l group by 1, 2 order by 1, 2`),
  );
  const counts = await headCountsRecounted(db);
  return { totals, rollup, months, years, counts };
}

/** The summaries as the triggers keep them, in the shape of `recount`. */
export async function summaries(db: Db) {
  const totals = rowsOf<{ volunteer_id: string; minutes: string; entries: number }>(
    await db.execute(sql`select volunteer_id, approved_minutes as minutes, approved_entries as entries from volunteer_totals
                          where approved_entries > 0 or approved_minutes > 0 order by volunteer_id`),
  );
  const rollup = rowsOf<{ region_code: string; month: string; activity_type: string; minutes: string; person_times: number }>(
    await db.execute(sql`select region_code, to_char(month, 'YYYY-MM-DD') as month, activity_type, minutes, person_times from volunteer_hours_rollup
                          where minutes <> 0 or person_times <> 0 order by 1, 2, 3`),
  );
  const months = rowsOf<{ volunteer_id: string; month: string; minutes: string }>(
    await db.execute(sql`select volunteer_id, to_char(month, 'YYYY-MM-DD') as month, minutes from volunteer_active_months order by 1, 2`),
  );
  const years = rowsOf<{ volunteer_id: string; year: string; minutes: string }>(
    await db.execute(sql`select volunteer_id, year::text as year, minutes from volunteer_active_years order by 1, 2`),
  );
  const norm = <T extends Record<string, unknown>>(rows: T[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : String(v)])));
  const pending = await countRows(db, sql`select entry_id, region_code, coalesce(organization_id::text, '-') from volunteer_hour_pending order by 1`);
  return { totals: norm(totals), rollup: norm(rollup), months: norm(months), years: norm(years), counts: await headCountsKept(db), pending };
}

/** `recount` with every value as text, comparable with `summaries`. */
export async function recountText(db: Db) {
  const r = await recount(db);
  const norm = <T extends Record<string, unknown>>(rows: T[]) => rows.map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, String(v)])));
  const pending = await countRows(
    db,
    sql`select e.id, e.region_code, coalesce(e.organization_id::text, '-') from volunteer_hour_entries e
         where e.kind <> 'reversal' and not exists (select 1 from volunteer_hour_decisions d where d.entry_id = e.id) order by 1`,
  );
  return { totals: norm(r.totals), rollup: norm(r.rollup), months: norm(r.months), years: norm(r.years), counts: r.counts, pending };
}

const countRows = async (db: Db, query: SQL) =>
  rowsOf<Record<string, unknown>>(await db.execute(query)).map((r) => Object.values(r).map(String).join(' '));

/** The head counts (registered per region and status, active per region and month or year) as the triggers keep them. */
export async function headCountsKept(db: Db) {
  return {
    registered: await countRows(db, sql`select region_code, status, volunteers from volunteer_region_counts order by 1, 2`),
    months: await countRows(db, sql`select region_code, to_char(month, 'YYYY-MM-DD'), volunteers from volunteer_active_month_counts order by 1, 2`),
    years: await countRows(db, sql`select region_code, year, volunteers from volunteer_active_year_counts order by 1, 2`),
  };
}

/** The same head counts recounted from the people and their active months and years. */
export async function headCountsRecounted(db: Db) {
  return {
    registered: await countRows(db, sql`select region_code, status, count(*)::int from volunteers group by 1, 2 order by 1, 2`),
    months: await countRows(db, sql`select region_code, to_char(month, 'YYYY-MM-DD'), count(*)::int from volunteer_active_months group by 1, 2 order by 1, 2`),
    years: await countRows(db, sql`select region_code, year, count(*)::int from volunteer_active_years group by 1, 2 order by 1, 2`),
  };
}

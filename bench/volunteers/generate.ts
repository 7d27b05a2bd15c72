/**
 * Builds the volunteers benchmark database on a PostgreSQL server: migrations, the demo seed, then
 * 1,000,000 volunteers over 上海市's streets (valid GB 11643 ID numbers, sealed like the app seals
 * them), 5,000 activities and 20,000,000 hours entries (each volunteer's on distinct days, so no
 * two claims overlap), their decisions (approved; 2 % rejected, 1 % approved then reversed by a
 * reversing entry) and claims on the volunteers' time, all streamed in with COPY FROM STDIN.
 *
 * The load runs in one transaction with the row triggers off (`session_replication_role =
 * replica`) and the secondary indexes and the claims' exclusion constraint dropped; they are built
 * again after the load, and volunteer_totals, volunteer_hours_rollup, volunteer_active_months and
 * volunteer_active_years are filled with one INSERT … SELECT … GROUP BY each, the sums the triggers
 * keep (a replay through the triggers gives the same rows: see README.md). A failure rolls
 * everything back; a rerun skips when the bench activities are there (drop the database to rebuild).
 *
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npx tsx bench/volunteers/generate.ts
 *   (BENCH_VOLUNTEERS_DB, default shuniu_bench_volunteers; BENCH_VOLUNTEERS=1000000 to try a smaller load)
 */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { execSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { idCheckDigit } from '../../shared/validators.js';
import { blindIndex, seal, sealIndexed, usePersonalDataKey } from '../../server/src/core/personal-data.js';
import { pinyinSortKey } from '../../server/src/core/pinyin-key.js';
import { openPostgres, runMigrations } from '../../server/src/db/client.js';
import { fillDerivedColumns } from '../../server/src/db/derived-columns.js';
import { sealPersonalData } from '../../server/src/db/seal-personal-data.js';
import { seedDemo } from '../../server/src/db/seed/index.js';
import { benchDataKey } from '../registry/generate.js';

export const CITY = '310000000000';
export const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 1_000_000);
export const ENTRIES_PER_VOLUNTEER = 20;
export const ACTIVITIES = 5_000;
/** Bench activities' titles start with it (the rerun's marker) and bench entries carry it as their reason. */
export const MARKER = '基准测试';
const REVERSAL_REASON = `${MARKER}更正`;
export const BENCH_POOL = 10;

/** Entries fall on one day of each 32-day slot from 2025-01-01, so a volunteer's 20 entries are on distinct days. */
const SLOT_DAYS = 32;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const DAYS = Array.from({ length: SLOT_DAYS * ENTRIES_PER_VOLUNTEER + 16 }, (_, k) => new Date(FIRST_DAY + k * 86_400_000).toISOString().slice(0, 10));
/** Birth dates: one of 18,250 days from 1950-01-01 (to 1999-12); with the 3-digit sequence number, a distinct ID per volunteer. */
const BIRTH_DAYS = 18_250;
const BIRTH0 = Date.UTC(1950, 0, 1);

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '胡', '沈', '陆', '顾', '郭', '何', '高'];
const GIVEN = ['伟', '芳', '敏', '静', '丽', '强', '磊', '秀英', '桂英', '建国', '玉兰', '美华', '国强', '佩华', '志明', '丽萍', '卫东', '雪梅'];
const SKILLS = ['{}', '{助老服务}', '{医疗护理}', '{心理疏导}', '{法律咨询}', '{文艺演出,摄影}', '{}', '{应急救援}'];
const AVAILABILITY = ['{sat_am,sun_am}', '{sat_pm}', '{weekday_pm}', '{sun_pm}', '{}'];
const ACTIVITY_TYPES = ['elderly', 'children', 'disability', 'charity_supermarket', 'community_affairs', 'environment', 'culture', 'safety', 'health', 'emergency', 'other'];
const ACTIVITY_NAMES: Record<string, string> = {
  elderly: '为老助餐', children: '四点半课堂', disability: '助残陪伴', charity_supermarket: '慈善超市值守', community_affairs: '楼组议事',
  environment: '垃圾分类引导', culture: '社区文艺汇演', safety: '平安巡逻', health: '义诊服务', emergency: '应急演练', other: '社区志愿服务',
};

/** The volunteers bench's own database on BENCH_DATABASE_URL's server (BENCH_VOLUNTEERS_DB, default shuniu_bench_volunteers). */
export function benchVolunteersUrl(): string {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) throw new Error('set BENCH_DATABASE_URL (e.g. postgres://postgres:postgres@127.0.0.1:5432/postgres); the bench makes a database of its own there');
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_VOLUNTEERS_DB ?? 'shuniu_bench_volunteers'}`;
  return url.toString();
}

async function createDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const hex12 = (n: number) => n.toString(16).padStart(12, '0');
/** Made-up but well-formed UUIDs, in order: each volunteer's entries sit together in the primary key. */
const entryId = (c: number) => `b0000000-0000-4000-8000-${hex12(c)}`;
const reversalId = (c: number) => `c0000000-0000-4000-8000-${hex12(c)}`;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const hash = (n: number) => Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) >>> 0;

interface Plan {
  streets: string[];
  volunteerIds: string[];
  /** Bench activities per street: [id, type]. */
  activities: Map<string, [string, string][]>;
  /** The last running number each street has handed out already (the demo's volunteers). */
  numbered: Map<string, number>;
  /** Blind indexes of the ID numbers already there, which a bench volunteer must not repeat. */
  takenIds: Set<string>;
}

/** Volunteer i: its street, number, and a GB 11643 ID number (area = its district, unique birth date × sequence). */
function volunteerRow(i: number, plan: Plan): string {
  const street = plan.streets[i % plan.streets.length];
  const running = (plan.numbered.get(street) ?? 0) + Math.floor(i / plan.streets.length) + 1;
  const birth = new Date(BIRTH0 + (i % BIRTH_DAYS) * 86_400_000).toISOString().slice(0, 10);
  let sequence = Math.floor(i / BIRTH_DAYS) % 500;
  let id = idNumber(street, birth, sequence);
  // Bench volunteers use sequence numbers below 500; one the demo holds already moves up by 500.
  if (plan.takenIds.has(blindIndex('id_number', id))) id = idNumber(street, birth, (sequence += 500));
  const phone = `139${String(i).padStart(8, '0')}`;
  const name = SURNAMES[hash(i) % SURNAMES.length] + GIVEN[hash(i + 7) % GIVEN.length];
  return [
    plan.volunteerIds[i],
    `${street.slice(0, 9)}-${String(running).padStart(6, '0')}`,
    street,
    name,
    nameSortOf(name),
    sealIndexed('id_number', id),
    birth,
    sequence % 2 === 1 ? 'male' : 'female',
    seal(phone),
    SKILLS[i % SKILLS.length],
    AVAILABILITY[i % AVAILABILITY.length],
    'active',
    'import',
    '2024-12-01 09:00:00+08',
    phone.slice(-4),
  ].join('\t');
}
function idNumber(street: string, birth: string, sequence: number) {
  const first17 = `${street.slice(0, 6)}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}
const NAME_SORT = new Map<string, string>();
function nameSortOf(name: string) {
  let key = NAME_SORT.get(name);
  if (key === undefined) NAME_SORT.set(name, (key = pinyinSortKey(name)));
  return key;
}

/** Entry j of volunteer i, and what happens to it: approved, rejected or approved and then reversed. */
function entryOf(i: number, j: number, plan: Plan) {
  const c = i * ENTRIES_PER_VOLUNTEER + j;
  const street = plan.streets[i % plan.streets.length];
  const acts = plan.activities.get(street)!;
  const [activityId, type] = acts[(i * 31 + j * 7) % acts.length];
  const day = j * SLOT_DAYS + (hash(i) % SLOT_DAYS);
  // One volunteer in ten serves whole days (4–11 hours from 7–10 o'clock), enough for a star by the
  // end of the period; the others half an hour to 4 hours from 8–17 o'clock. Never past midnight.
  const allDay = i % 10 === 0;
  const hour = allDay ? 7 + ((i + j) % 4) : 8 + ((i + j) % 10);
  const minutes = allDay ? 240 + ((i * 7 + j * 11) % 8) * 60 : 30 + ((i * 7 + j * 11) % 8) * 30;
  const endMinute = hour * 60 + minutes;
  const startsAt = `${DAYS[day]} ${pad2(hour)}:00:00+08`;
  const endsAt = `${DAYS[day]} ${pad2(Math.floor(endMinute / 60))}:${pad2(endMinute % 60)}:00+08`;
  const roll = hash(c + 1) % 1000;
  const fate: 'approved' | 'rejected' | 'reversed' = roll < 20 ? 'rejected' : roll < 30 ? 'reversed' : 'approved';
  return { c, street, activityId, type, startsAt, endsAt, minutes, fate, decidedAt: `${DAYS[day + 1]} 10:00:00+08`, reversedAt: `${DAYS[day + 8]} 10:00:00+08` };
}

/** Rows of a COPY as chunks of about 1 MB, volunteer by volunteer (rowsOf gives one or more lines, never none). */
function rowsStream(count: number, rowsOf: (i: number) => string): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i >= count) {
        this.push(null);
        return;
      }
      const lines: string[] = [];
      let size = 0;
      while (i < count && size < 1_000_000) {
        const rows = rowsOf(i++);
        lines.push(rows);
        size += rows.length;
      }
      this.push(`${lines.join('\n')}\n`);
    },
  });
}

async function copy(client: pg.Client, table: string, columns: string[], source: Readable) {
  await pipeline(source, client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
}

/** The secondary indexes and non-key constraints of the bulk tables, dropped for the load and built again after. */
async function dropSecondaryIndexes(client: pg.Client, tables: string[]) {
  const constraints = (
    await client.query<{ table: string; name: string; def: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
         from pg_constraint where conrelid = any($1::regclass[]) and contype in ('u', 'x')`,
      [tables],
    )
  ).rows;
  const indexes = (
    await client.query<{ name: string; def: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i where i.indrelid = any($1::regclass[]) and not i.indisprimary
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
      [tables],
    )
  ).rows;
  for (const c of constraints) await client.query(`alter table ${c.table} drop constraint ${c.name}`);
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  return { constraints, indexes };
}

async function step(label: string, fn: () => Promise<unknown>) {
  const t = performance.now();
  await fn();
  console.info(`  ${label}: ${seconds(t)}`);
}

/**
 * The summaries as the hours triggers keep them (migrations 0033_volunteers_totals and
 * 0035_volunteers_active_years, volunteer_hours_apply): an approved decision adds its entry's minutes and one person-time, a
 * reversal takes them away again, in the month (Asia/Shanghai) of the entry's start; a roll-up or
 * active-month row that comes back to zero is deleted; stars by the same volunteer_star_level.
 */
async function fillSummaries(client: pg.Client) {
  const counted = `
    select e.volunteer_id, e.region_code, e.activity_type, e.starts_at, e.ends_at, e.minutes, 1 as times, e.id as entry_id
      from volunteer_hour_entries e join volunteer_hour_decisions d on d.entry_id = e.id and d.decision = 'approved'
     where e.reason = '${MARKER}'
    union all
    select r.volunteer_id, r.region_code, r.activity_type, r.starts_at, r.ends_at, r.minutes, -1, r.reverses_id
      from volunteer_hour_entries r where r.kind = 'reversal' and r.reason = '${REVERSAL_REASON}'`;
  await step('volunteer_totals (one INSERT … SELECT … GROUP BY)', () =>
    client.query(`
      with s as (select volunteer_id, sum(minutes)::bigint as minutes, sum(times)::int as entries from (${counted}) c group by volunteer_id),
           last as (select e.volunteer_id, max(e.ends_at) as at
                      from volunteer_hour_entries e join volunteer_hour_decisions d on d.entry_id = e.id and d.decision = 'approved'
                     where e.reason = '${MARKER}' and not exists (select 1 from volunteer_hour_entries r where r.reverses_id = e.id)
                     group by e.volunteer_id)
      insert into volunteer_totals (volunteer_id, region_code, approved_minutes, approved_entries, stars, last_served_at, updated_at)
      select v.id, v.region_code, s.minutes, s.entries,
             volunteer_star_level(v.region_code, s.minutes), last.at, now()
        from s join volunteers v on v.id = s.volunteer_id left join last on last.volunteer_id = s.volunteer_id`),
  );
  await step('volunteer_hours_rollup (one INSERT … SELECT … GROUP BY)', () =>
    client.query(`
      insert into volunteer_hours_rollup (region_code, month, activity_type, minutes, person_times)
      select region_code, date_trunc('month', starts_at at time zone 'Asia/Shanghai')::date, activity_type, sum(minutes), sum(times)
        from (${counted}) c group by 1, 2, 3 having sum(minutes) <> 0 or sum(times) <> 0
      on conflict (region_code, month, activity_type) do update
        set minutes = volunteer_hours_rollup.minutes + excluded.minutes, person_times = volunteer_hours_rollup.person_times + excluded.person_times`),
  );
  await step('volunteer_active_months (one INSERT … SELECT … GROUP BY)', () =>
    client.query(`
      insert into volunteer_active_months (volunteer_id, month, region_code, minutes)
      select c.volunteer_id, date_trunc('month', c.starts_at at time zone 'Asia/Shanghai')::date, min(v.region_code), sum(c.minutes)
        from (${counted}) c join volunteers v on v.id = c.volunteer_id
       group by 1, 2 having sum(c.minutes) <> 0`),
  );
  await step('volunteer_active_years (one INSERT … SELECT … GROUP BY)', () =>
    client.query(`
      insert into volunteer_active_years (volunteer_id, year, region_code, minutes)
      select c.volunteer_id, extract(year from c.starts_at at time zone 'Asia/Shanghai')::int, min(v.region_code), sum(c.minutes)
        from (${counted}) c join volunteers v on v.id = c.volunteer_id
       group by 1, 2 having sum(c.minutes) <> 0`),
  );
}

/**
 * The head counts the statistics read (migration 0036_volunteers_head_counts), recounted whole from
 * the people and their active months and years, as the triggers would have kept them.
 */
async function fillHeadCounts(client: pg.Client) {
  await step('head counts (three INSERT … SELECT … GROUP BY)', async () => {
    await client.query('delete from volunteer_region_counts');
    await client.query('delete from volunteer_active_month_counts');
    await client.query('delete from volunteer_active_year_counts');
    await client.query(`insert into volunteer_region_counts (region_code, status, volunteers) select region_code, status, count(*)::int from volunteers group by 1, 2`);
    await client.query(`insert into volunteer_active_month_counts (region_code, month, volunteers) select region_code, month, count(*)::int from volunteer_active_months group by 1, 2`);
    await client.query(`insert into volunteer_active_year_counts (region_code, year, volunteers) select region_code, year, count(*)::int from volunteer_active_years group by 1, 2`);
  });
}

/** The undecided entries, as the entry and decision triggers keep them (migration 0038_volunteers_pending_hours). */
async function fillPending(client: pg.Client) {
  await step('pending entries (one INSERT … SELECT)', async () => {
    await client.query('delete from volunteer_hour_pending');
    await client.query(`insert into volunteer_hour_pending (entry_id, region_code, organization_id)
      select e.id, e.region_code, e.organization_id from volunteer_hour_entries e
       where e.kind <> 'reversal' and not exists (select 1 from volunteer_hour_decisions d where d.entry_id = e.id)`);
  });
}

/**
 * The star awards the totals' trigger (volunteer_star_award) records for every level reached, once
 * per volunteer and level, for the rows filled without it. Idempotent: levels already awarded are skipped.
 */
export async function fillStarAwards(client: pg.Client): Promise<number> {
  const missing = await client.query(`
    select 1 from volunteer_totals t
     where t.stars > 0 and not exists (select 1 from volunteer_honours h where h.volunteer_id = t.volunteer_id and h.kind = 'star_award')
     limit 1`);
  if (!missing.rowCount) return 0;
  const names = ['一星级志愿者', '二星级志愿者', '三星级志愿者', '四星级志愿者', '五星级志愿者'];
  const res = await client.query(
    `insert into volunteer_honours (volunteer_id, region_code, kind, title, awarded_on, details)
     select t.volunteer_id, t.region_code, 'star_award', ($1::text[])[lvl], (now() at time zone 'Asia/Shanghai')::date,
            jsonb_build_object('stars', lvl, 'approvedMinutes', t.approved_minutes, 'thresholdHours', to_jsonb(volunteer_star_thresholds(t.region_code)))
       from volunteer_totals t cross join lateral generate_series(1, t.stars) lvl
      where t.stars > 0 and not exists (select 1 from volunteer_honours h
                                         where h.volunteer_id = t.volunteer_id and h.kind = 'star_award' and (h.details ->> 'stars')::int = lvl)`,
    [names],
  );
  return res.rowCount ?? 0;
}

async function load(client: pg.Client, plan: Plan) {
  const n = VOLUNTEERS;
  await client.query('begin');
  // Superuser only: the ledger's append-only and summary triggers and the foreign-key checks stay off
  // for this transaction; every row is made consistent here, and the summaries are filled at the end.
  await client.query(`set local session_replication_role = replica`);
  await client.query(`set local maintenance_work_mem = '1GB'`);
  await client.query(`set local synchronous_commit = off`);
  const bulk = ['volunteers', 'volunteer_hour_entries', 'volunteer_hour_decisions', 'volunteer_hour_claims', 'volunteer_totals', 'volunteer_active_months', 'volunteer_active_years'];
  const dropped = await dropSecondaryIndexes(client, bulk);
  console.info(`  dropped ${dropped.indexes.length} indexes and ${dropped.constraints.length} constraints of ${bulk.join(', ')} for the load`);

  let sealMs = 0;
  await step(`${n.toLocaleString('en')} volunteers (COPY, ID numbers and phones sealed in Node)`, () =>
    copy(
      client,
      'volunteers',
      ['id', 'number', 'region_code', 'name', 'name_sort', 'id_number', 'birth_date', 'gender', 'phone', 'skills', 'availability', 'status', 'source', 'created_at', 'phone_tail'],
      rowsStream(n, (i) => {
        const t = performance.now();
        const row = volunteerRow(i, plan);
        sealMs += performance.now() - t;
        return row;
      }),
    ),
  );
  console.info(`    of which building the rows (2 seals, 1 blind index each): ${(sealMs / 1000).toFixed(1)} s`);
  const counters = plan.streets.map((s, k) => [s, (plan.numbered.get(s) ?? 0) + Math.floor(n / plan.streets.length) + (k < n % plan.streets.length ? 1 : 0)]);
  await client.query(
    `insert into volunteer_number_counters (region_code, last) select * from unnest($1::text[], $2::int[])
     on conflict (region_code) do update set last = excluded.last`,
    [counters.map((c) => c[0]), counters.map((c) => c[1])],
  );

  const activityRows: string[] = [];
  for (const [street, acts] of plan.activities)
    for (const [k, [id, type]] of acts.entries())
      activityRows.push([id, street, `${MARKER}${ACTIVITY_NAMES[type]}${k + 1}`, type, `${street}社区活动室`, 'closed', '2024-12-01 09:00:00+08'].join('\t'));
  await step(`${activityRows.length.toLocaleString('en')} activities (COPY)`, () =>
    copy(client, 'volunteer_activities', ['id', 'region_code', 'title', 'type', 'place', 'status', 'created_at'], Readable.from([`${activityRows.join('\n')}\n`])),
  );

  const per = ENTRIES_PER_VOLUNTEER;
  await step(`${(n * per).toLocaleString('en')} hours entries + their reversals (COPY)`, () =>
    copy(
      client,
      'volunteer_hour_entries',
      ['id', 'volunteer_id', 'region_code', 'kind', 'activity_id', 'activity_type', 'starts_at', 'ends_at', 'minutes', 'reason', 'reverses_id', 'created_at'],
      rowsStream(n, (i) => {
        const lines: string[] = [];
        const v = plan.volunteerIds[i];
        for (let j = 0; j < per; j++) {
          const e = entryOf(i, j, plan);
          lines.push(`${entryId(e.c)}\t${v}\t${e.street}\tmanual\t${e.activityId}\t${e.type}\t${e.startsAt}\t${e.endsAt}\t${e.minutes}\t${MARKER}\t\\N\t${e.endsAt}`);
          if (e.fate === 'reversed')
            lines.push(`${reversalId(e.c)}\t${v}\t${e.street}\treversal\t${e.activityId}\t${e.type}\t${e.startsAt}\t${e.endsAt}\t${-e.minutes}\t${REVERSAL_REASON}\t${entryId(e.c)}\t${e.reversedAt}`);
        }
        return lines.join('\n');
      }),
    ),
  );
  await step(`${(n * per).toLocaleString('en')} decisions (COPY)`, () =>
    copy(
      client,
      'volunteer_hour_decisions',
      ['entry_id', 'decision', 'reason', 'decided_at'],
      rowsStream(n, (i) => {
        const lines: string[] = [];
        for (let j = 0; j < per; j++) {
          const e = entryOf(i, j, plan);
          lines.push(e.fate === 'rejected' ? `${entryId(e.c)}\trejected\t时间与签到记录不符\t${e.decidedAt}` : `${entryId(e.c)}\tapproved\t\\N\t${e.decidedAt}`);
        }
        return lines.join('\n');
      }),
    ),
  );
  await step(`${(n * per).toLocaleString('en')} claims (COPY; rejected and reversed ones released)`, () =>
    copy(
      client,
      'volunteer_hour_claims',
      ['entry_id', 'volunteer_id', 'starts_at', 'ends_at', 'released_at'],
      rowsStream(n, (i) => {
        const lines: string[] = [];
        const v = plan.volunteerIds[i];
        for (let j = 0; j < per; j++) {
          const e = entryOf(i, j, plan);
          const released = e.fate === 'rejected' ? e.decidedAt : e.fate === 'reversed' ? e.reversedAt : '\\N';
          lines.push(`${entryId(e.c)}\t${v}\t${e.startsAt}\t${e.endsAt}\t${released}`);
        }
        return lines.join('\n');
      }),
    ),
  );

  await fillSummaries(client);
  await fillHeadCounts(client);
  await fillPending(client);
  for (const i of dropped.indexes) await step(`index ${i.name}`, () => client.query(i.def));
  for (const c of dropped.constraints) await step(`constraint ${c.name}`, () => client.query(`alter table ${c.table} add constraint ${c.name} ${c.def}`));
  await step('star awards (one INSERT … SELECT)', () => fillStarAwards(client));
  await step('commit', () => client.query('commit'));
}

async function makePlan(client: pg.Client): Promise<Plan> {
  const streets = (await client.query<{ code: string }>(`select code from regions where code like '31%' and level = 'street' order by code`)).rows.map((r) => r.code);
  if (!streets.length) throw new Error('no streets of 上海市 in regions: the demo seed did not load');
  const volunteerIds = (await client.query<{ id: string }>(`select gen_random_uuid()::text as id from generate_series(1, $1)`, [VOLUNTEERS])).rows.map((r) => r.id);
  const activities = new Map<string, [string, string][]>(streets.map((s) => [s, []]));
  const ids = (await client.query<{ id: string }>(`select gen_random_uuid()::text as id from generate_series(1, $1)`, [ACTIVITIES])).rows;
  ids.forEach((r, k) => activities.get(streets[k % streets.length])!.push([r.id, ACTIVITY_TYPES[k % ACTIVITY_TYPES.length]]));
  const numbered = new Map(
    (await client.query<{ region_code: string; last: number }>(`select region_code, last from volunteer_number_counters`)).rows.map((r) => [r.region_code, r.last]),
  );
  const takenIds = new Set((await client.query<{ h: string }>(`select id_number_hash as h from volunteers where id_number_hash is not null`)).rows.map((r) => r.h));
  return { streets, volunteerIds, activities, numbered, takenIds };
}

const diskFree = () => {
  try {
    return execSync('df -h / | tail -1', { encoding: 'utf8' }).trim().replace(/\s+/g, ' ');
  } catch {
    return 'n/a';
  }
};

/** Opens the bench database (creating it when missing) and fills what is not there yet. */
export async function ensureVolunteersBenchData(): Promise<void> {
  const url = benchVolunteersUrl();
  const t0 = performance.now();
  usePersonalDataKey(benchDataKey());
  await createDatabase(url);
  const database = await openPostgres(url, 2);
  try {
    await runMigrations(database);
    await sealPersonalData(database.db);
    await fillDerivedColumns(database.db);
    if ((await seedDemo(database.db)).seeded) console.info(`demo seed loaded in ${seconds(t0)}`);
  } finally {
    await database.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const done = (await client.query(`select count(*)::int as n from volunteer_activities where title like $1`, [`${MARKER}%`])).rows[0].n;
    if (!done) {
      console.info(`loading on ${cpus().length} CPUs; disk before: ${diskFree()}`);
      const t = performance.now();
      await load(client, await makePlan(client));
      console.info(`load in ${seconds(t)}`);
      await step('vacuum (analyze) of the bench tables', async () => {
        for (const table of ['volunteers', 'volunteer_hour_entries', 'volunteer_hour_decisions', 'volunteer_hour_claims', 'volunteer_totals', 'volunteer_hours_rollup', 'volunteer_active_months', 'volunteer_active_years'])
          await client.query(`vacuum (analyze) ${table}`);
      });
      console.info(`disk after: ${diskFree()}`);
    } else {
      const awarded = await fillStarAwards(client);
      if (awarded) console.info(`star awards the load had not recorded: ${awarded.toLocaleString('en')}`);
    }
    const counts = (
      await client.query(`
        select (select count(*) from volunteers)::int as volunteers, (select count(*) from volunteer_activities)::int as activities,
               (select count(*) from volunteer_hour_entries)::int as entries, (select count(*) from volunteer_totals)::int as totals,
               (select count(*) from volunteer_hours_rollup)::int as rollup_rows, (select count(*) from volunteer_active_months)::int as active_months,
               pg_size_pretty(pg_database_size(current_database())) as size`)
    ).rows[0] as Record<string, number | string>;
    console.info(`bench data: ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}; ${seconds(t0)}`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await ensureVolunteersBenchData();
}

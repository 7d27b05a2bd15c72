/**
 * Builds the benchmark database: an embedded PGlite at bench/registry/.data/pglite holding the
 * migrations, the demo seed and 200,000 extra grassroots teams. Idempotent: skips when done.
 *
 *   npx tsx bench/registry/generate.ts
 */
import { sql } from 'drizzle-orm';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveDataKey } from '../../server/src/core/data-key.js';
import { seal, usePersonalDataKey } from '../../server/src/core/personal-data.js';
import pg from 'pg';
import { openPglite, openPostgres, runMigrations, type Database } from '../../server/src/db/client.js';
import { fillDerivedColumns } from '../../server/src/db/derived-columns.js';
import { sealPersonalData } from '../../server/src/db/seal-personal-data.js';
import { seedDemo } from '../../server/src/db/seed/index.js';

export const DATA_DIR = fileURLToPath(new URL('./.data/pglite', import.meta.url));
/** A PostgreSQL server database to bench instead of the embedded one (created when missing). */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL;
/** Connections of the app's pool on a server (openPostgres's default); the bare route gets as many. */
export const BENCH_POOL = 10;

/** The bench database: PGlite under DATA_DIR, or BENCH_DATABASE_URL's database, created if missing. */
export async function openBenchDatabase(): Promise<Database> {
  if (!BENCH_DATABASE_URL) return openPglite({ dataDir: DATA_DIR });
  const target = new URL(BENCH_DATABASE_URL);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(BENCH_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  return openPostgres(BENCH_DATABASE_URL, BENCH_POOL);
}

/** The key that seals the bench's personal data, kept beside the embedded data for either engine. */
export function benchDataKey(): Buffer {
  return resolveDataKey({ dataKey: process.env.DATA_KEY, dataDir: path.dirname(DATA_DIR) }).key;
}
export const BENCH_TEAMS = 200_000;
/** Bench teams carry this marker in activity_content, so they can be counted apart from the demo. */
export const BENCH_MARKER = '基准测试团队';

export const ACTIVITIES: Record<'fitness' | 'entertainment' | 'hobby' | 'public_service', string[]> = {
  fitness: ['太极拳队', '太极剑队', '木兰扇队', '腰鼓队', '健身操队', '广场舞队', '排舞队', '柔力球队', '乒乓球队', '门球队', '八段锦队', '健步走队', '空竹队', '秧歌队', '瑜伽队'],
  entertainment: ['合唱队', '沪剧沙龙', '越剧队', '京剧票房', '舞蹈队', '民乐队', '口琴队', '时装表演队', '评弹沙龙', '交谊舞队', '手风琴队', '朗诵队'],
  hobby: ['书画社', '英语社', '诗词小组', '编织小组', '摄影小组', '集邮沙龙', '棋牌队', '花卉养护小组', '剪纸小组', '读书会'],
  public_service: ['平安巡逻队', '助老志愿者服务队', '环保志愿者队', '健康宣传队', '文明劝导队', '楼组互助队', '法律宣传队', '便民修理队'],
};
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '胡', '沈', '陆', '顾', '郭', '何', '高'];
const GIVEN = ['伟', '芳', '敏', '静', '丽', '强', '磊', '秀英', '桂英', '建国', '玉兰', '美华', '国强', '佩华', '志明', '丽萍', '卫东', '雪梅'];

const arr = (items: readonly string[]) => sql.raw(`array[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`);

async function benchTeamCount(database: Database): Promise<number> {
  const res = (await database.db.execute(
    sql`select count(*)::int as n from registry_organizations where activity_content = ${BENCH_MARKER}`,
  )) as any;
  return res.rows[0].n;
}

/** Opens (creating if need be) the bench database and fills it. Returns the open database. */
export async function ensureBenchData(options: { keepOpen?: boolean } = {}): Promise<Database | null> {
  mkdirSync(DATA_DIR, { recursive: true });
  const t0 = performance.now();
  // As startServer does: the key beside the embedded data (bench/registry/.data/secrets), set for this whole process.
  usePersonalDataKey(benchDataKey());
  const database = await openBenchDatabase();
  await runMigrations(database);
  await sealPersonalData(database.db);
  await fillDerivedColumns(database.db);
  const seeded = await seedDemo(database.db);
  if (seeded.seeded) console.info(`demo seed loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const have = await benchTeamCount(database);
  if (have >= BENCH_TEAMS) {
    console.info(`bench data present: ${have.toLocaleString('en')} generated teams (delete bench/registry/.data to rebuild)`);
  } else {
    if (have > 0) throw new Error(`bench database holds ${have} of ${BENCH_TEAMS} teams; delete bench/registry/.data (or drop the BENCH_DATABASE_URL database) and rerun`);
    const t1 = performance.now();
    // Leader phones are sealed like the app's; a pool of 997 keeps the statement small (list pages open them all the same).
    const phones = Array.from({ length: 997 }, (_, i) => seal(`13${String((i * 7919) % 1000000000).padStart(9, '0')}`));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`
        with r as (
          select array_agg(code order by code) as codes,
                 array_agg(regexp_replace(name, '(街道|社区)$', '') order by code) as names,
                 count(*)::int as n
          from regions where level in ('street', 'community') or code = '340103000000'
        ),
        c as (
          select array_agg(id order by array_position(array['fitness','entertainment','hobby','public_service'], code)) as ids
          from registry_categories where code in ('fitness', 'entertainment', 'hobby', 'public_service')
        ),
        a as (
          select ${arr(ACTIVITIES.fitness)} as f, ${arr(ACTIVITIES.entertainment)} as e,
                 ${arr(ACTIVITIES.hobby)} as h, ${arr(ACTIVITIES.public_service)} as p,
                 ${arr(SURNAMES)} as sn, ${arr(GIVEN)} as gn, ${arr(phones)} as ph
        ),
        g as (
          select g, 1 + g % r.n as ri, (g / 7) % 4 as k, 2001 + (g / 3) % 25 as yr
          from generate_series(1, ${BENCH_TEAMS}) as g, r
        ),
        rows as (
          select g.g, g.k, g.yr, r.codes[g.ri] as region_code, r.names[g.ri] as place,
                 case g.k
                   when 0 then a.f[1 + (g.g / 28) % array_length(a.f, 1)]
                   when 1 then a.e[1 + (g.g / 28) % array_length(a.e, 1)]
                   when 2 then a.h[1 + (g.g / 28) % array_length(a.h, 1)]
                   else a.p[1 + (g.g / 28) % array_length(a.p, 1)]
                 end as activity,
                 a.sn[1 + (g.g * 7) % array_length(a.sn, 1)] || a.gn[1 + (g.g * 13) % array_length(a.gn, 1)] as leader,
                 a.ph[1 + g.g % array_length(a.ph, 1)] as phone,
                 c.ids[1 + g.k] as category_id
          from g, r, a, c
        ),
        numbered as (
          select rows.*, row_number() over (partition by left(region_code, 9), yr order by g) as seq from rows
        )
        insert into registry_organizations
          (region_code, legal_form, name, category_id, founded_on, status, registration_level, star_rating,
           leader_name, leader_phone, activity_content, venue, filing_number, filed_at, member_count, created_at, updated_at)
        select region_code, 'grassroots_team',
               place || '第' || (1 + g / 500) || activity,
               category_id,
               make_date(yr, 1 + g % 12, 1 + g % 28),
               'filed', 'street',
               case when g % 3 = 0 then 1 + g % 5 end,
               leader,
               phone,
               ${BENCH_MARKER},
               place || '活动室',
               left(region_code, 9) || '-' || yr || '-' || lpad((5000 + seq)::text, 4, '0'),
               make_timestamptz(yr, 1 + g % 12, 1 + g % 28, 10, 0, 0, 'Asia/Shanghai'),
               0,
               make_timestamptz(yr, 1 + g % 12, 1 + g % 28, 9, 0, 0, 'Asia/Shanghai'),
               timestamptz '2026-11-01 00:00:00+08' - make_interval(secs => (g::bigint * 104729) % 31536000)
        from numbered
      `);
      // Numbers handed out later must continue after the generated ones.
      await tx.execute(sql`
        insert into registry_filing_counters (street_code, year, last_seq)
        select split_part(filing_number, '-', 1), split_part(filing_number, '-', 2)::int, max(split_part(filing_number, '-', 3)::int)
        from registry_organizations where filing_number is not null group by 1, 2
        on conflict (street_code, year) do update set last_seq = greatest(registry_filing_counters.last_seq, excluded.last_seq)
      `);
    });
    // The names were made in SQL: their pinyin keys come from the app, as at start-up.
    await fillDerivedColumns(database.db);
    // As the server's start-up maintenance does (db/maintenance.ts).
    await database.db.execute(sql`vacuum (analyze)`);
    console.info(
      `generated ${BENCH_TEAMS.toLocaleString('en')} teams in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
  }
  const total = (await database.db.execute(sql`select count(*)::int as n from registry_organizations`)) as any;
  console.info(`registry_organizations: ${total.rows[0].n.toLocaleString('en')} rows; total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (options.keepOpen) return database;
  await database.close();
  return null;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await ensureBenchData();
}

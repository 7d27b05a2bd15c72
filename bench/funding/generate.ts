/**
 * Builds the funding benchmark database on a PostgreSQL server: migrations, the demo seed, then
 * 50,000 projects (applications) of about 3,000 calls over 上海市's districts and streets, years
 * 2021–2026 and every call type, with their contracts, tranches and progress reports, and 1,000,000
 * ledger entries over 300 funds. Everything goes in through the tables' own triggers (the ledger's
 * balances and double-entry checks, the funding roll-up), in batches. Idempotent: skips when done.
 *
 *   BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npx tsx bench/funding/generate.ts
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { usePersonalDataKey } from '../../server/src/core/personal-data.js';
import { openPostgres, runMigrations, type Database } from '../../server/src/db/client.js';
import { fillDerivedColumns } from '../../server/src/db/derived-columns.js';
import { sealPersonalData } from '../../server/src/db/seal-personal-data.js';
import { seedDemo } from '../../server/src/db/seed/index.js';
import { benchDataKey } from '../registry/generate.js';

export const CITY = '310000000000';
export const PROJECTS = 50_000;
export const FUNDS = 300;
export const LEDGER_ENTRIES = 1_000_000;
const ORGANIZATIONS = 5_000;
/** Generated rows carry this marker, so a rerun can tell whether they are there. */
const MARKER = '基准测试';
export const BENCH_POOL = 10;

/** The funding bench's own database on BENCH_DATABASE_URL's server (BENCH_FUNDING_DB, default shuniu_bench_funding). */
export function benchFundingUrl(): string {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) throw new Error('set BENCH_DATABASE_URL (e.g. postgres://postgres:postgres@127.0.0.1:5432/postgres); the bench makes a database of its own there');
  const url = new URL(base);
  url.pathname = `/${process.env.BENCH_FUNDING_DB ?? 'shuniu_bench_funding'}`;
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

const n = async (db: Database['db'], query: ReturnType<typeof sql>) => Number(((await db.execute(query)) as { rows: { n: number }[] }).rows[0].n);
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** Organisations that apply: social service agencies in 上海市's streets and communities. */
async function organizations(db: Database['db']) {
  await db.execute(sql`
    with r as (select array_agg(code order by code) as codes, count(*)::int as n from regions
                where code like '31%' and level in ('street', 'community'))
    insert into registry_organizations (region_code, legal_form, name, status, registration_level, activity_content, member_count)
    select r.codes[1 + (g * 7919) % r.n], 'social_service_agency', '基准社会工作服务社' || g, 'registered', 'district', ${MARKER}, 0
      from generate_series(1, ${ORGANIZATIONS}) g, r`);
}

/**
 * 300 funds of 上海市's districts (a special fund and a seed fund a year), each appropriated once,
 * then contracts committed and tranches paid in turn until there are LEDGER_ENTRIES entries; each
 * journal balances and no account goes below zero at any point, so the triggers accept every row.
 */
async function ledger(db: Database['db']) {
  await db.execute(sql`
    with d as (select array_agg(code order by code) as codes, count(*)::int as n from regions where code like '31%' and level = 'district')
    insert into ledger_funds (region_code, year, kind, name)
    select d.codes[1 + (g / 12) % d.n], 2021 + g % 6, case when g % 2 = 0 then 'special_fund' else 'seed_fund' end, ${MARKER} || '资金' || g
      from generate_series(0, ${FUNDS - 1}) g, d`);
  await db.execute(sql`
    insert into ledger_accounts (fund_id, role, owner_type, owner_id, allow_negative)
    select f.id, a.role, a.owner_type, a.owner_id, a.role = 'source'
      from ledger_funds f cross join lateral (values ('source', null, null), ('available', null, null), ('committed', null, null),
                                                    ('payee', 'organization', f.id::text)) a(role, owner_type, owner_id)
     where f.name like ${MARKER + '%'}`);
  const perFund = Math.floor(LEDGER_ENTRIES / 2 / FUNDS); // journals per fund: one appropriation, then commit / pay pairs
  const funds = ((await db.execute(sql`select id from ledger_funds where name like ${MARKER + '%'} order by id`)) as { rows: { id: string }[] }).rows.map((r) => r.id);
  const batch = 20;
  for (let i = 0; i < funds.length; i += batch) {
    const ids = funds.slice(i, i + batch);
    const extra = i === 0 ? LEDGER_ENTRIES / 2 - perFund * FUNDS : 0; // the first fund takes the rounding
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        with plan as (
          select f.id as fund_id, j,
                 case when j = 0 then 'open' when j % 2 = 1 then 'commit' else 'pay' end as step,
                 case when j = 0 then 200000000::bigint else 1000 + (abs(hashtext(f.id::text || ((j + 1) / 2)::text)) % 99000) end as amount
            from ledger_funds f, generate_series(0, ${perFund - 1} + case when f.id = ${funds[0]}::uuid then ${extra} else 0 end) j
           where f.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
        ),
        js as (
          insert into ledger_journals (fund_id, key, reason, source_type, source_id, actor_name, at)
          select fund_id, 'bench:' || fund_id || ':' || j, case step when 'open' then '年度拨款' when 'commit' then '合同承诺' else '分期拨付' end,
                 'bench', j::text, '基准测试', timestamptz '2021-01-01 00:00:00+08' + j * interval '1 hour'
            from plan
          returning id, fund_id, source_id
        ),
        acct as (
          select fund_id, max(id::text) filter (where role = 'source')::uuid as source, max(id::text) filter (where role = 'available')::uuid as available,
                 max(id::text) filter (where role = 'committed')::uuid as committed, max(id::text) filter (where role = 'payee')::uuid as payee
            from ledger_accounts where fund_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) group by fund_id
        )
        insert into ledger_entries (journal_id, account_id, amount_fen)
        select js.id, e.account, e.amount
          from js join plan p on p.fund_id = js.fund_id and p.j = js.source_id::int join acct a on a.fund_id = js.fund_id
         cross join lateral (values
           (1, case p.step when 'open' then a.source when 'commit' then a.available else a.committed end, -p.amount),
           (2, case p.step when 'open' then a.available when 'commit' then a.committed else a.payee end, p.amount)) e(k, account, amount)
         order by js.fund_id, p.j, e.k`);
    });
  }
}

/**
 * About 3,000 calls: each district a call of every type every year, each street a venture and a
 * micro-venture call every year; 50,000 applications spread over them by the organisations; the
 * approved ones contracted (30/40/30 tranches, paid as far as the year has gone) with quarterly
 * reports, accepted with their 受益人次.
 */
async function projects(db: Database['db']) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into funding_calls (region_code, call_type, year, title, steps, step, status, budget_fen, deadline, published_at)
      select r.code, t.call_type, y, ${MARKER} || r.name || y || '年' || t.call_type, array['call', 'screening', 'review', 'notice', 'contract', 'monitoring', 'evaluation'],
             case when y < 2026 then 'evaluation' else 'monitoring' end, case when y < 2026 then 'completed' else 'published' end,
             case r.level when 'district' then 300000000 else 50000000 end,
             make_timestamptz(y, 3, 1, 17, 0, 0, 'Asia/Shanghai'), make_timestamptz(y, 1, 10, 9, 0, 0, 'Asia/Shanghai')
        from regions r
        cross join generate_series(2021, 2026) y
        cross join (values ('purchase'), ('venture'), ('micro_venture'), ('self_governance'), ('seed_fund')) t(call_type)
       where r.code like '31%' and (r.level = 'district' or (r.level = 'street' and t.call_type in ('venture', 'micro_venture')))`);
    const fund = sql`(select id from ledger_funds where name like ${MARKER + '%'} order by id limit 1)`;
    await tx.execute(sql`
      with c as (select array_agg(id order by id) as ids, count(*)::int as n from funding_calls where title like ${MARKER + '%'}),
           o as (select array_agg(id order by id) as ids, array_agg(region_code order by id) as regions, count(*)::int as n
                   from registry_organizations where activity_content = ${MARKER})
      insert into funding_applications (call_id, organization_id, region_code, status, title, amount_fen, beneficiary_count, submitted_at)
      select c.ids[1 + (g * 31) % c.n], o.ids[1 + (g * 7) % o.n], o.regions[1 + (g * 7) % o.n],
             case when g % 10 < 6 then 'contracted' when g % 10 = 6 then 'approved' when g % 10 < 9 then 'not_funded' else 'screened_out' end,
             ${MARKER} || '社区服务项目' || g, 1000000 * (5 + g % 46), 100 + g % 900, timestamptz '2026-02-20 10:00:00+08'
        from generate_series(1, ${PROJECTS}) g, c, o`);
    await tx.execute(sql`
      insert into funding_contracts (application_id, call_id, organization_id, region_code, purchaser_name, provider_name, title, content,
                                     amount_fen, fund_id, starts_on, ends_on, status, contract_number, signed_at, completed_at)
      select a.id, a.call_id, a.organization_id, a.region_code, '上海市民政局', '基准社会工作服务社', a.title, '{}'::jsonb, a.amount_fen, ${fund},
             make_date(c.year, 4, 1), make_date(c.year + 1, 3, 31), case when c.year < 2026 then 'completed' else 'signed' end,
             'BENCH-' || c.year || '-' || row_number() over (order by a.id), make_timestamptz(c.year, 3, 20, 10, 0, 0, 'Asia/Shanghai'),
             case when c.year < 2026 then make_timestamptz(c.year + 1, 3, 31, 17, 0, 0, 'Asia/Shanghai') end
        from funding_applications a join funding_calls c on c.id = a.call_id
       where a.status = 'contracted' and a.title like ${MARKER + '%'}`);
    const journal = sql`(select id from ledger_journals where fund_id = ${fund} order by id limit 1)`;
    await tx.execute(sql`
      insert into funding_tranches (contract_id, position, amount_fen, released_by, status, journal_id, decided_at)
      select k.id, t.position, case t.position when 2 then k.amount_fen - 7 * (k.amount_fen / 10) else t.pct * (k.amount_fen / 10) end,
             t.released_by, case when k.status = 'completed' or t.position = 0 then 'paid' else 'pending' end,
             case when k.status = 'completed' or t.position = 0 then ${journal} end,
             case when k.status = 'completed' or t.position = 0 then k.signed_at end
        from funding_contracts k cross join (values (0, 3, 'signing'), (1, 4, 'mid_evaluation'), (2, 3, 'final_evaluation')) t(position, pct, released_by)
       where k.contract_number like 'BENCH-%'`);
    await tx.execute(sql`
      insert into funding_progress_reports (contract_id, region_code, organization_id, period_no, starts_on, ends_on, due_on, status,
                                            beneficiary_count, narrative, submitted_at)
      select k.id, k.region_code, k.organization_id, q, k.starts_on + (q - 1) * interval '3 months', k.starts_on + q * interval '3 months' - interval '1 day',
             k.starts_on + q * interval '3 months' + interval '14 days', 'accepted', 50 + abs(hashtext(k.id::text || q)) % 400, '本季度按计划开展活动', k.signed_at
        from funding_contracts k cross join generate_series(1, 2) q
       where k.contract_number like 'BENCH-%'`);
  });
}

/** Opens the bench database (creating it when missing) and fills what is not there yet. */
export async function ensureFundingBenchData(): Promise<void> {
  const url = benchFundingUrl();
  const t0 = performance.now();
  usePersonalDataKey(benchDataKey());
  await createDatabase(url);
  const database = await openPostgres(url, BENCH_POOL);
  try {
    await runMigrations(database);
    await sealPersonalData(database.db);
    await fillDerivedColumns(database.db);
    if ((await seedDemo(database.db)).seeded) console.info(`demo seed loaded in ${seconds(t0)}`);
    const db = database.db;
    if (!(await n(db, sql`select count(*)::int as n from registry_organizations where activity_content = ${MARKER}`))) {
      const t = performance.now();
      await organizations(db);
      console.info(`${ORGANIZATIONS.toLocaleString('en')} organisations in ${seconds(t)}`);
    }
    if (!(await n(db, sql`select count(*)::int as n from ledger_funds where name like ${MARKER + '%'}`))) {
      const t = performance.now();
      await ledger(db);
      console.info(`ledger: ${FUNDS} funds, ${LEDGER_ENTRIES.toLocaleString('en')} entries in ${seconds(t)}`);
    }
    if (!(await n(db, sql`select count(*)::int as n from funding_calls where title like ${MARKER + '%'}`))) {
      const t = performance.now();
      await projects(db);
      console.info(`funding: calls, ${PROJECTS.toLocaleString('en')} projects, contracts, tranches, reports in ${seconds(t)}`);
      await db.execute(sql`vacuum (analyze)`);
    }
    const counts = ((await db.execute(sql`
      select (select count(*) from funding_calls)::int as calls, (select count(*) from funding_applications)::int as projects,
             (select count(*) from funding_contracts)::int as contracts, (select count(*) from funding_tranches)::int as tranches,
             (select count(*) from ledger_funds)::int as funds, (select count(*) from ledger_entries)::int as entries,
             (select count(*) from funding_rollup)::int as rollup_rows`)) as { rows: Record<string, number>[] }).rows[0];
    console.info(`bench data: ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}; ${seconds(t0)}`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await ensureFundingBenchData();
}

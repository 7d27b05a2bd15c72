/**
 * funding_rollup (migration funding_rollup) against a recount of the records it summarises, after a
 * generated sequence of writes straight to the tables — the triggers, not the services, keep it —
 * including moves, deletes with their cascades, a changed call year and type, and a rollback.
 */
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_TYPES } from '../../../../shared/funding/pipeline.js';
import { CALL_STATUSES, APPLICATION_STATUSES } from '../../../../shared/funding/states.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { buildTestApp, type TestApp } from '../../../test/build-app.js';
import type { Ctx } from '../../core/actor.js';
import type { DashboardRegion } from '../../core/dashboard.js';
import { openFund } from '../../core/ledger/ledger.js';
import { ledgerJournals } from '../../core/ledger/ledger.tables.js';
import { systemCtx } from '../../core/write-unit.js';
import { rowsOf } from '../../db/client.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeOrganization } from '../registry/registry.factories.js';
import { fundingContracts, fundingTranches } from './funding-contracts.tables.js';
import { fundingProgressReports } from './funding-monitoring.tables.js';
import { recountCells, rollupCells, type FundingCell } from './funding.dashboard.js';
import { makeApplication, makeCall } from './funding.factories.js';
import { fundingApplications, fundingCalls } from './funding.tables.js';

let t: TestApp;
let A: RegionTree;
let ctx: Ctx;
let region: DashboardRegion;
let orgs: { id: string; regionCode: string }[];
let journalId: string;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  ctx = systemCtx(t.db, 'test');
  region = { code: A.city, name: '测试省', level: 'province', prefix: regionPrefix(A.city), children: [] };
  orgs = [
    await makeOrganization(t.db, A.street, { name: '甲街道助老服务社' }),
    await makeOrganization(t.db, A.community2, { name: '乙一社区睦邻会' }),
    await makeOrganization(t.db, A.district, { name: '区社工服务中心' }),
  ];
  const fund = await openFund(ctx, { regionCode: A.district, year: 2026, kind: 'special_fund', name: '汇总测试资金', appropriationFen: 100_000_000 });
  const [journal] = await t.db.select({ id: ledgerJournals.id }).from(ledgerJournals).where(eq(ledgerJournals.fundId, fund.id));
  // A paid tranche names the journal that paid it; which one does not matter to the figures.
  journalId = journal.id;
});
afterAll(async () => t?.close());

/** Cells per own region (not per child), zero cells dropped, in one order: what the two must agree on. */
const byRegion = (column: ReturnType<typeof sql>) => column;
const sorted = (cells: FundingCell[]) => [...cells].sort((a, b) => `${a.child}|${a.year}|${a.callType}`.localeCompare(`${b.child}|${b.year}|${b.callType}`));
async function expectSummaryEqualsRecount() {
  const summary = sorted(await rollupCells(ctx, region, byRegion));
  const recount = sorted(await recountCells(ctx, region, undefined, byRegion));
  expect(summary).toEqual(recount);
  return summary;
}

/** A small seeded generator (mulberry32) for the choices; the rows picked are the database's random(). */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}

describe('funding_rollup', () => {
  it('equals a recount after a generated sequence of writes', async () => {
    const seed = 20261122;
    const r = random(seed);
    const regions = [A.district, A.street, A.street2, A.community];
    let period = 0;

    const one = async <T>(query: string): Promise<T | undefined> => rowsOf<T>(await t.db.execute(sql.raw(query)))[0];
    const ops: (() => Promise<unknown>)[] = [
      // A call, in any status, year and type.
      () =>
        makeCall(t.db, r.pick(regions), {
          callType: r.pick(CALL_TYPES),
          year: 2021 + r.int(6),
          status: r.pick(CALL_STATUSES),
          budgetFen: 1_000_000 * (1 + r.int(50)),
          capFen: null,
        }),
      // A call's status or budget changes.
      async () => {
        const c = await one<{ id: string }>('select id from funding_calls order by random() limit 1');
        if (c) await t.db.update(fundingCalls).set(r.next() < 0.5 ? { status: r.pick(CALL_STATUSES) } : { budgetFen: 1_000_000 * (1 + r.int(80)) }).where(eq(fundingCalls.id, c.id));
      },
      // A call's year or type changes: its applications and contracts move with it.
      async () => {
        const c = await one<{ id: string }>('select call_id as id from funding_applications order by random() limit 1');
        if (c) await t.db.update(fundingCalls).set(r.next() < 0.5 ? { year: 2021 + r.int(6) } : { callType: r.pick(CALL_TYPES) }).where(eq(fundingCalls.id, c.id));
      },
      // An application, in any status.
      async () => {
        const c = await one<{ id: string; year: number }>('select id, year from funding_calls order by random() limit 1');
        if (c) await makeApplication(t.db, c, r.pick(orgs), { status: r.pick(APPLICATION_STATUSES) });
      },
      // An application moves on, or to another region.
      async () => {
        const a = await one<{ id: string }>('select id from funding_applications order by random() limit 1');
        if (a)
          await t.db
            .update(fundingApplications)
            .set(r.next() < 0.7 ? { status: r.pick(APPLICATION_STATUSES) } : { regionCode: r.pick(regions) })
            .where(eq(fundingApplications.id, a.id));
      },
      // A draft contract with two pending tranches, for an application that has none.
      async () => {
        const a = await one<{ id: string; call_id: string; organization_id: string; region_code: string }>(
          `select a.id, a.call_id, a.organization_id, a.region_code from funding_applications a
            where not exists (select 1 from funding_contracts k where k.application_id = a.id) order by random() limit 1`,
        );
        if (!a) return;
        const amountFen = 100_000 * (10 + r.int(90));
        const [k] = await t.db
          .insert(fundingContracts)
          .values({
            applicationId: a.id,
            callId: a.call_id,
            organizationId: a.organization_id,
            regionCode: a.region_code,
            purchaserName: '测试区民政局',
            providerName: '测试机构',
            title: '测试合同',
            content: {} as never,
            amountFen,
            startsOn: '2026-01-01',
            endsOn: '2026-12-31',
          })
          .returning();
        const first = Math.floor(amountFen * 0.3);
        await t.db.insert(fundingTranches).values([
          { contractId: k.id, position: 0, amountFen: first, releasedBy: 'signing' },
          { contractId: k.id, position: 1, amountFen: amountFen - first, releasedBy: 'final_evaluation' },
        ]);
      },
      // A draft contract is signed, or deleted (its tranches and reports go with it).
      async () => {
        const k = await one<{ id: string }>(`select id from funding_contracts where status = 'draft' order by random() limit 1`);
        if (!k) return;
        if (r.next() < 0.75) await t.db.update(fundingContracts).set({ status: 'signed', signedAt: new Date() }).where(eq(fundingContracts.id, k.id));
        else await t.db.delete(fundingContracts).where(eq(fundingContracts.id, k.id));
      },
      // A signed contract is completed or terminated.
      async () => {
        const k = await one<{ id: string }>(`select id from funding_contracts where status = 'signed' order by random() limit 1`);
        if (!k) return;
        const set = r.next() < 0.5 ? { status: 'completed', completedAt: new Date() } : { status: 'terminated', terminatedAt: new Date(), terminationReason: '测试终止' };
        await t.db.update(fundingContracts).set(set).where(eq(fundingContracts.id, k.id));
      },
      // A pending tranche of a contract past draft is paid or withheld.
      async () => {
        const tr = await one<{ id: string }>(
          `select t.id from funding_tranches t join funding_contracts k on k.id = t.contract_id
            where t.status = 'pending' and k.status <> 'draft' order by random() limit 1`,
        );
        if (tr) await t.db.update(fundingTranches).set({ status: r.next() < 0.8 ? 'paid' : 'withheld', journalId, decidedAt: new Date() }).where(eq(fundingTranches.id, tr.id));
      },
      // A progress report of a contract, in any status.
      async () => {
        const k = await one<{ id: string; region_code: string; organization_id: string }>(
          `select id, region_code, organization_id from funding_contracts order by random() limit 1`,
        );
        if (!k) return;
        const status = r.pick(['pending', 'submitted', 'accepted', 'returned'] as const);
        const sent = status === 'pending' ? {} : { submittedAt: new Date(), beneficiaryCount: r.int(500), narrative: '本期开展活动' };
        await t.db.insert(fundingProgressReports).values({
          contractId: k.id,
          regionCode: k.region_code,
          organizationId: k.organization_id,
          periodNo: ++period,
          startsOn: '2026-01-01',
          endsOn: '2026-03-31',
          dueOn: '2026-04-15',
          status,
          ...sent,
          ...(status === 'returned' ? { returnReason: '请补充照片' } : {}),
        });
      },
      // A report is accepted, returned, or its 受益人次 corrected.
      async () => {
        const p = await one<{ id: string }>(`select id from funding_progress_reports where status <> 'pending' order by random() limit 1`);
        if (!p) return;
        const set = r.next() < 0.5 ? { status: r.pick(['accepted', 'submitted'] as const) } : { beneficiaryCount: r.int(800) };
        await t.db.update(fundingProgressReports).set(set).where(eq(fundingProgressReports.id, p.id));
      },
      // A write rolled back leaves the figures as they were.
      async () => {
        await expect(
          t.db.transaction(async (tx) => {
            const c = await makeCall(tx as never, A.street, { status: 'published', year: 2024, callType: 'venture', budgetFen: 7_000_000 });
            await makeApplication(tx as never, c, orgs[0], { status: 'approved' });
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
      },
    ];

    for (let i = 1; i <= 240; i++) {
      await r.pick(ops)();
      if (i % 40 === 0) await expectSummaryEqualsRecount();
    }
    const cells = await expectSummaryEqualsRecount();
    // The sequence reached every kind of figure, so the equality above says something about each.
    const total = (k: keyof FundingCell) => cells.reduce((a, c) => a + Number(c[k]), 0);
    for (const k of ['calls', 'budgetFen', 'applications', 'approved', 'contracts', 'committedFen', 'paidFen', 'beneficiaries'] as const) {
      expect(total(k), `${k} (seed ${seed})`).toBeGreaterThan(0);
    }
  });

  it("moves a call's applications, contracts, payments and reports when its year and type change", async () => {
    // Years the generated sequence never uses, so the cells hold this call's records alone.
    const c = await makeCall(t.db, A.street, { callType: 'seed_fund', year: 2019, budgetFen: 30_000_000, capFen: null });
    const app = await makeApplication(t.db, c, orgs[0], { status: 'contracted' });
    const [k] = await t.db
      .insert(fundingContracts)
      .values({ applicationId: app.id, callId: c.id, organizationId: orgs[0].id, regionCode: orgs[0].regionCode, purchaserName: '测试街道办事处', providerName: '测试机构', title: '种子基金项目', content: {} as never, amountFen: 1_000_000, startsOn: '2021-04-01', endsOn: '2022-03-31' })
      .returning();
    await t.db.insert(fundingTranches).values({ contractId: k.id, position: 0, amountFen: 1_000_000, releasedBy: 'signing' });
    await t.db.update(fundingContracts).set({ status: 'signed', signedAt: new Date() }).where(eq(fundingContracts.id, k.id));
    await t.db.update(fundingTranches).set({ status: 'paid', journalId, decidedAt: new Date() }).where(eq(fundingTranches.contractId, k.id));
    await t.db.insert(fundingProgressReports).values({
      contractId: k.id, regionCode: k.regionCode, organizationId: k.organizationId, periodNo: 1, startsOn: '2021-04-01', endsOn: '2021-06-30', dueOn: '2021-07-15',
      status: 'accepted', submittedAt: new Date(), beneficiaryCount: 321, narrative: '本期开展活动',
    });
    const cell = async (year: number, callType: string) =>
      (await rollupCells(ctx, region, byRegion)).filter((x) => x.year === year && x.callType === callType && x.child === orgs[0].regionCode);
    expect(await cell(2019, 'seed_fund')).toMatchObject([{ applications: 1, approved: 1, contracts: 1, committedFen: 1_000_000, paidFen: 1_000_000, beneficiaries: 321 }]);
    await t.db.update(fundingCalls).set({ year: 2020, callType: 'micro_venture' }).where(eq(fundingCalls.id, c.id));
    expect(await cell(2019, 'seed_fund')).toEqual([]);
    expect(await cell(2020, 'micro_venture')).toMatchObject([{ applications: 1, paidFen: 1_000_000, beneficiaries: 321 }]);
    await expectSummaryEqualsRecount();
  });

  it('is filled from the records by the migration, as a recount would', async () => {
    const before = await expectSummaryEqualsRecount();
    expect(before.length).toBeGreaterThan(0);
    const migration = readFileSync(new URL('../../db/migrations/0029_funding_rollup.sql', import.meta.url), 'utf8');
    const fill = migration.split('--> statement-breakpoint').at(-1)!;
    expect(fill).toContain('INSERT INTO funding_rollup');
    await t.db.execute(sql`delete from funding_rollup`);
    await t.db.execute(sql.raw(fill));
    expect(await expectSummaryEqualsRecount()).toEqual(before);
  });
});

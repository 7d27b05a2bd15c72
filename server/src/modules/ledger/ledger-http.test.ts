import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Agent, type TestApp } from '../../../test/build-app.js';
import { dbSnapshot, readWorkbook } from '../../../test/helpers.js';
import { commit, disburse } from '../../core/ledger/ledger.js';
import { systemCtx } from '../../core/write-unit.js';
import { makeRegionTree, type RegionTree } from '../regions/regions.factories.js';
import { makeUser, PASSWORD } from '../users/users.factories.js';

let t: TestApp;
let A: RegionTree;
let B: RegionTree;
let official: Agent;
let staff: Agent;
let otherOfficial: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  A = await makeRegionTree(t.db);
  B = await makeRegionTree(t.db);
  const as = async (role: 'official' | 'centre_staff', regionCode: string) => signIn(t.app, (await makeUser(t.db, [{ role, regionCode }])).username, PASSWORD);
  official = await as('official', A.district);
  staff = await as('centre_staff', A.district);
  otherOfficial = await as('official', B.district);
});
afterAll(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({ regionCode: A.street, year: 2026, kind: 'seed_fund', name: '五里桥街道种子基金', appropriationFen: 30_000_000, ...over });

describe('ledger HTTP', () => {
  let fundId: string;

  it('opens a fund with its appropriation, and lists it with its figures in the region', async () => {
    const res = await official.post('/api/ledger/funds', body());
    expect(res.status, res.body).toBe(200);
    const fund = res.json();
    fundId = fund.id;
    expect(fund).toMatchObject({ name: '五里桥街道种子基金', budgetFen: 30_000_000, availableFen: 30_000_000, committedFen: 0, paidFen: 0 });
    expect(fund.journals).toHaveLength(1);
    expect(fund.journals[0].lines.map((l: { role: string; amountFen: number }) => [l.role, l.amountFen])).toEqual(
      expect.arrayContaining([
        ['source', -30_000_000],
        ['available', 30_000_000],
      ]),
    );
    await commit(systemCtx(t.db, 'test'), { fundId, amountFen: 10_000_000, key: `contract:${fundId}`, reason: '合同签订' });
    await disburse(systemCtx(t.db, 'test'), { fundId, amountFen: 3_000_000, key: `tranche:${fundId}`, reason: '首期拨付', payee: { type: 'organization', id: 'org-1' } });
    const list = (await staff.get(`/api/ledger/funds?regionCode=${A.district}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: fundId, budgetFen: 30_000_000, availableFen: 20_000_000, committedFen: 7_000_000, paidFen: 3_000_000 });
    const detail = (await staff.get(`/api/ledger/funds/${fundId}`)).json();
    expect(detail.journals.map((j: { reason: string }) => j.reason)).toEqual(['首期拨付', '合同签订', '五里桥街道种子基金拨款']);
    const balance = await staff.get(`/api/ledger/funds/${fundId}/balance`);
    expect(balance.status).toBe(200);
    expect(balance.json()).toEqual({ ...list.items[0], journals: undefined });
    expect(balance.json()).not.toHaveProperty('journals');
  });

  it('exports the journal, one row per line, amounts in yuan to the fen', async () => {
    const res = await staff.get(`/api/ledger/funds/${fundId}/journal.xlsx`);
    expect(res.status).toBe(200);
    const rows = await readWorkbook(res.rawPayload);
    expect(rows[0]).toEqual(['时间', '事由', '账户', '收款方', '金额（元）', '操作人', '记账键']);
    expect(rows.slice(1).map((r) => [r[1], r[4]])).toEqual(
      expect.arrayContaining([
        ['首期拨付', '30000.00'],
        ['首期拨付', '-30000.00'],
        ['五里桥街道种子基金拨款', '300000.00'],
      ]),
    );
  });

  it('hides a fund from another region and refuses to open one there', async () => {
    expect((await otherOfficial.get(`/api/ledger/funds/${fundId}`)).status).toBe(404);
    expect((await otherOfficial.get(`/api/ledger/funds?regionCode=${A.district}`)).json()).toEqual({ items: [], total: 0 });
    const before = await dbSnapshot(t.db);
    expect((await otherOfficial.post('/api/ledger/funds', body({ name: '越权资金' }))).status).toBe(404);
    expect(await dbSnapshot(t.db)).toEqual(before);
  });

  it('refuses bad input naming the field in the user language, changing nothing', async () => {
    const before = await dbSnapshot(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ appropriationFen: 1.5 }, 'appropriationFen'],
      [{ appropriationFen: 0 }, 'appropriationFen'],
      [{ appropriationFen: '300000' }, 'appropriationFen'],
      [{ name: '' }, 'name'],
      [{ year: 1999 }, 'year'],
      [{ kind: 'slush_fund' }, 'kind'],
      // The same name in the same region and year.
      [{}, 'name'],
    ];
    for (const [over, field] of cases) {
      const res = await official.post('/api/ledger/funds', body(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.json().error.fields[0].field, JSON.stringify(over)).toBe(field);
    }
    const taken = await official.post('/api/ledger/funds', body());
    expect(taken.json().error.fields[0].message).toBe('该区划本年度已有同名资金');
    expect(await dbSnapshot(t.db)).toEqual(before);
  });
});

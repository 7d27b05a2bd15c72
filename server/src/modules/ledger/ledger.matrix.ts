/** The fund ledger's routes in the refusal matrix (server/test/access-matrix.test.ts). */
import { openFund } from '../../core/ledger/ledger.js';
import { systemCtx } from '../../core/write-unit.js';
import { defineMatrix, type Outsiders } from '../../../test/matrix/types.js';

/** Area A's fund: another region's staff finds none, roles without the ledger hold no permission. */
const FUND: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };

let fundId: string;

export default defineMatrix({
  async setup(w) {
    const fund = await openFund(systemCtx(w.t.db, 'matrix'), { regionCode: w.A.street, year: 2026, kind: 'seed_fund', name: `种子基金${w.uniq()}`, appropriationFen: 30_000_000 });
    fundId = fund.id;
  },
  routes: {
    'GET /api/ledger/funds': {
      permission: 'ledger.read',
      outsiders: { region: 'empty', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({ method: 'GET', url: `/api/ledger/funds?regionCode=${w.A.district}` }),
    },
    'GET /api/ledger/funds/:id': { permission: 'ledger.read', outsiders: FUND, req: () => ({ method: 'GET', url: `/api/ledger/funds/${fundId}` }) },
    'GET /api/ledger/funds/:id/balance': { permission: 'ledger.read', outsiders: FUND, req: () => ({ method: 'GET', url: `/api/ledger/funds/${fundId}/balance` }) },
    'GET /api/ledger/funds/:id/journal.xlsx': { permission: 'ledger.read', outsiders: FUND, req: () => ({ method: 'GET', url: `/api/ledger/funds/${fundId}/journal.xlsx` }) },
    'POST /api/ledger/funds': {
      permission: 'ledger.fund.open',
      outsiders: { region: 'refused', sibling: 'forbidden', unassigned: 'forbidden' },
      req: (w) => ({
        method: 'POST',
        url: '/api/ledger/funds',
        body: { regionCode: w.A.district, year: 2026, kind: 'special_fund', name: `专项资金${w.uniq()}`, appropriationFen: 150_000_000 },
      }),
    },
  },
});

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ledgerRoutes as R } from '../../../../shared/ledger/api.js';
import { sendSheet } from '../../core/xlsx.js';
import { ctxOf } from '../../plugins/session.js';
import { exportFundJournal, getFund, getFundBalance, listFunds, openFundInRegion } from './ledger.service.js';

/** Read-only views of the fund ledger, and opening a fund; the domains that move money call core/ledger directly. */
export async function ledgerHttpRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['ledger'];
  app.get('/funds', { config: { permission: 'ledger.read' }, schema: { tags, ...R['GET /ledger/funds'] } }, async (request) =>
    listFunds(ctxOf(request), request.query),
  );
  app.post('/funds', { config: { permission: 'ledger.fund.open' }, schema: { tags, ...R['POST /ledger/funds'] } }, async (request) =>
    openFundInRegion(ctxOf(request), request.body),
  );
  app.get('/funds/:id', { config: { permission: 'ledger.read' }, schema: { tags, ...R['GET /ledger/funds/:id'] } }, async (request) =>
    getFund(ctxOf(request), request.params.id),
  );
  app.get('/funds/:id/balance', { config: { permission: 'ledger.read' }, schema: { tags, ...R['GET /ledger/funds/:id/balance'] } }, async (request) =>
    getFundBalance(ctxOf(request), request.params.id),
  );
  app.get(
    '/funds/:id/journal.xlsx',
    { config: { permission: 'ledger.read', rateLimit: 'export' }, schema: { tags, ...R['GET /ledger/funds/:id/journal.xlsx'] } },
    async (request, reply) => {
      const { bytes, filename } = await exportFundJournal(ctxOf(request), request.params.id);
      return sendSheet(reply, bytes, filename);
    },
  );
}

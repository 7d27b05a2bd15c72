import { defineRoutes, fileResponse, pageOf, XLSX_MIME, ZIdParams } from '../contract.js';
import { ZFund, ZFundDetail, ZFundListQuery, ZOpenFundBody } from './schemas.js';

export const ledgerRoutes = defineRoutes({
  'GET /ledger/funds': { querystring: ZFundListQuery, response: { 200: pageOf(ZFund) } },
  'POST /ledger/funds': { body: ZOpenFundBody, response: { 200: ZFundDetail } },
  'GET /ledger/funds/:id': { params: ZIdParams, response: { 200: ZFundDetail } },
  'GET /ledger/funds/:id/balance': { params: ZIdParams, response: { 200: ZFund } },
  'GET /ledger/funds/:id/journal.xlsx': { params: ZIdParams, response: fileResponse(XLSX_MIME, "The fund's journal, every line of every posting.") },
});

type LedgerRoutesType = typeof ledgerRoutes;

declare module '../contract.js' {
  interface Api extends LedgerRoutesType {}
}

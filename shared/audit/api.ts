import { defineRoutes, fileResponse, pageOf, XLSX_MIME } from '../contract.js';
import { ZAuditEntry, ZAuditExportQuery, ZAuditQuery } from './schemas.js';

export const auditRoutes = defineRoutes({
  'GET /audit': { querystring: ZAuditQuery, response: { 200: pageOf(ZAuditEntry) } },
  'GET /audit/export': { querystring: ZAuditExportQuery, response: fileResponse(XLSX_MIME, 'The audit rows the filter matches.') },
});

type AuditRoutesType = typeof auditRoutes;

declare module '../contract.js' {
  interface Api extends AuditRoutesType {}
}

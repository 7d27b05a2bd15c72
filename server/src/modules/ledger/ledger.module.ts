import { LEDGER_PERMISSIONS } from '../../../../shared/ledger/permissions.js';
import { ledgerAudit } from '../../core/ledger/ledger.audit.js';
import { defineDomain } from '../../core/domain.js';
import { ledgerMessages } from './ledger.messages.js';
import { ledgerHttpRoutes } from './ledger.routes.js';

/** The fund ledger (core/ledger): its audit events, its words, and read-only HTTP views of a region's funds. */
export default defineDomain({
  name: 'ledger',
  routes: [{ prefix: '/api/ledger', plugin: ledgerHttpRoutes }],
  permissions: LEDGER_PERMISSIONS,
  audit: ledgerAudit,
  messages: ledgerMessages,
});

import { defineAuditEvents } from '../../core/audit-events.js';
import { frontAuditEvents } from './funding-front.audit.js';
import { contractAuditEvents } from './funding-contracts.audit.js';
import { reviewAuditEvents } from './funding-review.audit.js';
import { monitoringAuditEvents } from './funding-monitoring.audit.js';

/** What the funding pipeline records in the audit log; each part adds its block. */
export const fundingAudit = defineAuditEvents('funding', {
  // Step settings, needs, calls, applications and screening (F1–F4).
  ...frontAuditEvents,
  // Review, public notice and optimisation (F5–F7).
  ...reviewAuditEvents,
  // Contracts, tranches and renewal (F8, F11).
  ...contractAuditEvents,
  // Monitoring and evaluation (F9, F10).
  ...monitoringAuditEvents,
});

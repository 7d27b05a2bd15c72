import { defineAuditEvents } from '../../core/audit-events.js';
import { hoursAuditEvents } from './volunteers-hours.audit.js';
import { overviewAuditEvents } from './volunteers-overview.audit.js';
import { registryAuditEvents } from './volunteers-registry.audit.js';
import { shiftsAuditEvents } from './volunteers-shifts.audit.js';

/** What the volunteers domain records in the audit log; each part adds its block. */
export const volunteersAudit = defineAuditEvents('volunteers', {
  // Volunteers, teams, self-registration, import (V1).
  ...registryAuditEvents,
  // Activities, shifts, sign-ups, attendance (V2).
  ...shiftsAuditEvents,
  // The hours ledger, star levels, honours (V3, V4).
  ...hoursAuditEvents,
  // Certificates of service (V5).
  ...overviewAuditEvents,
});

import type { AuditEventDeclaration } from '../../core/audit-events.js';

/** Audit events of the hours part, spread into volunteers.audit.ts. */
export const hoursAuditEvents: Record<string, AuditEventDeclaration> = {};

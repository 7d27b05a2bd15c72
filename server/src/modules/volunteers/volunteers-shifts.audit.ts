import type { AuditEventDeclaration } from '../../core/audit-events.js';

/** Audit events of the shifts part, spread into volunteers.audit.ts. */
export const shiftsAuditEvents: Record<string, AuditEventDeclaration> = {};

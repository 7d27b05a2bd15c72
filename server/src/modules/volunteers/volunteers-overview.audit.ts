import type { AuditEventDeclaration } from '../../core/audit-events.js';

/** Audit events of the overview part, spread into volunteers.audit.ts. */
export const overviewAuditEvents: Record<string, AuditEventDeclaration> = {};

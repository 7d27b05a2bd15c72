import type { AuditEventDeclaration } from '../../core/audit-events.js';

/** Audit events of the registry part, spread into volunteers.audit.ts. */
export const registryAuditEvents: Record<string, AuditEventDeclaration> = {};

import { z } from 'zod';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/** Audit events of the overview part, spread into volunteers.audit.ts. The volunteer is named by its number, never its ID number. */
export const overviewAuditEvents: Record<string, AuditEventDeclaration> = {
  'volunteers.certificate.issue': {
    entity: 'volunteer',
    label: { 'zh-CN': '出具志愿服务证明', en: 'Certificate of service issued', 'zh-TW': '開立志願服務證明' },
    after: z.object({
      documentId: z.string(),
      code: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      minutes: z.number(),
      entries: z.number(),
    }),
  },
};

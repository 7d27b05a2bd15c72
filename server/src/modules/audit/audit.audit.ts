import { z } from 'zod';
import { ZAuditExportQuery } from '../../../../shared/audit/schemas.js';
import { defineAuditEvents } from '../../core/audit-events.js';

export const auditAudit = defineAuditEvents('audit', {
  'audit.export': {
    entity: 'export',
    label: { 'zh-CN': '导出审计日志', en: 'Audit log exported', 'zh-TW': '匯出稽核日誌' },
    after: z.object({ rows: z.number(), query: ZAuditExportQuery }),
  },
});

import { z } from 'zod';
import { defineAuditEvents } from '../audit-events.js';

/** The document, not what it states: the facts stay in issued_documents, which never changes them. */
const DOCUMENT = {
  kind: z.string(),
  /** Printed on paper for anyone to read; the log keeps it so a code in hand leads to its issue. */
  code: z.string(),
  entityType: z.string(),
  entityId: z.string(),
};

export const documentsAudit = defineAuditEvents('documents', {
  'document.issue': {
    entity: 'document',
    label: { 'zh-CN': '出具证明文件', en: 'Document issued', 'zh-TW': '開立證明文件' },
    after: z.object(DOCUMENT),
  },
  'document.revoke': {
    entity: 'document',
    label: { 'zh-CN': '证明文件作废', en: 'Document revoked', 'zh-TW': '證明文件作廢' },
    before: z.object({ revokedAt: z.null() }),
    after: z.object({ ...DOCUMENT, reason: z.string() }),
  },
});

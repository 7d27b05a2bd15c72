import { z } from 'zod';
import { defineAuditEvents, omitted, type AuditFieldsOf } from '../../core/audit-events.js';
import type { files } from '../../core/core.tables.js';

const FILE = z.object({
  id: z.string(),
  // Where the bytes lie in the store: of no use to a reader of the log.
  storageKey: omitted(),
  originalName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  regionCode: z.string(),
  organizationId: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
  ownerType: z.string().nullable(),
  ownerId: z.string().nullable(),
  attachedAt: z.string().nullable(),
} satisfies AuditFieldsOf<typeof files.$inferSelect>);

const OWNER = z.object({
  ownerType: z.string(),
  ownerId: z.string(),
  regionCode: z.string(),
  organizationId: z.string().nullable(),
});

export const filesAudit = defineAuditEvents('files', {
  'file.upload': {
    entity: 'file',
    label: { 'zh-CN': '上传文件', en: 'File uploaded', 'zh-TW': '上傳檔案' },
    after: FILE,
  },
  'file.attach': {
    entity: 'file',
    label: { 'zh-CN': '附加文件', en: 'File attached', 'zh-TW': '附加檔案' },
    after: OWNER,
  },
  'file.purge': {
    entity: 'file',
    label: { 'zh-CN': '清理未使用的上传文件', en: 'Unused upload removed', 'zh-TW': '清除未使用的上傳檔案' },
    before: FILE,
  },
});

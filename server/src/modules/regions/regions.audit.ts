import { z } from 'zod';
import { defineAuditEvents, type AuditFieldsOf } from '../../core/audit-events.js';
import type { regions } from '../../core/core.tables.js';

const REGION = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  level: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
} satisfies AuditFieldsOf<typeof regions.$inferSelect>);

export const regionsAudit = defineAuditEvents('regions', {
  'region.create': {
    entity: 'region',
    label: { 'zh-CN': '新建区划', en: 'Region created', 'zh-TW': '新增區劃' },
    after: REGION,
  },
  'region.rename': {
    entity: 'region',
    label: { 'zh-CN': '重命名区划', en: 'Region renamed', 'zh-TW': '重新命名區劃' },
    before: REGION.pick({ name: true }),
    after: REGION.pick({ name: true }),
  },
});

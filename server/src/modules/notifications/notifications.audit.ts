import { z } from 'zod';
import { defineAuditEvents } from '../../core/audit-events.js';

export const notificationsAudit = defineAuditEvents('notifications', {
  'notification.read': {
    entity: 'notification',
    label: { 'zh-CN': '阅读通知', en: 'Notification read', 'zh-TW': '閱讀通知' },
    before: z.object({ readAt: z.string().nullable() }),
    after: z.object({ readAt: z.string().nullable() }),
  },
  'notification.read_all': {
    entity: 'notification',
    label: { 'zh-CN': '全部通知标为已读', en: 'All notifications marked read', 'zh-TW': '全部通知標為已讀' },
    after: z.object({ count: z.number() }),
  },
});

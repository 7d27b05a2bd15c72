import { z } from 'zod';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of the hours part (V3, V4), spread into volunteers.audit.ts. An entry names its
 * volunteer by record id and public number, never by ID number or phone.
 */

const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });
const text = z.string().nullable();
const STATE = z.object({ state: z.string() });
const THRESHOLDS = z.object({ thresholdHours: z.array(z.number()), source: z.string() });

export const hoursAuditEvents: Record<string, AuditEventDeclaration> = {
  'volunteers.hours.enter': {
    entity: 'volunteers.hour_entry',
    label: label('补录志愿服务时长', 'Service hours entered by hand', '補登志工服務時數'),
    after: z.object({
      volunteerId: z.string(),
      volunteerNumber: z.string(),
      activityId: text,
      shiftId: text,
      startsAt: z.string(),
      endsAt: z.string(),
      minutes: z.number(),
      reason: text,
    }),
  },
  'volunteers.hours.decide': {
    entity: 'volunteers.hour_entry',
    label: label('审核志愿服务时长', 'Service hours decided', '審核志工服務時數'),
    before: STATE,
    after: STATE.extend({ reason: text, minutes: z.number() }),
  },
  'volunteers.hours.reverse': {
    entity: 'volunteers.hour_entry',
    label: label('更正志愿服务时长', 'Service hours corrected', '更正志工服務時數'),
    before: STATE.extend({ minutes: z.number() }),
    after: STATE.extend({ reversalId: z.string(), minutes: z.number(), reason: z.string() }),
  },
  'volunteers.hours.export': {
    entity: 'export',
    label: label('导出志愿服务时长', 'Service hours exported', '匯出志工服務時數'),
    after: z.object({
      rows: z.number(),
      query: z.object({
        volunteerId: z.string().optional(),
        activityId: z.string().optional(),
        state: z.string().optional(),
        kind: z.string().optional(),
        from: z.string().optional(),
        to: z.string().optional(),
        regionCode: z.string().optional(),
        sort: z.string().optional(),
        order: z.string().optional(),
      }),
    }),
  },
  'volunteers.stars.settings': {
    entity: 'volunteers.star_settings',
    label: label('设置志愿者星级标准', 'Volunteer star thresholds set', '設定志工星級標準'),
    before: THRESHOLDS,
    after: THRESHOLDS.extend({ restarred: z.number() }),
  },
  'volunteers.honour.record': {
    entity: 'volunteers.volunteer',
    label: label('记录志愿者荣誉激励', 'Volunteer honour recorded', '記錄志工榮譽激勵'),
    after: z.object({ honourId: z.string(), kind: z.string(), title: z.string(), awardedOn: z.string(), awardedBy: text, note: text }),
  },
};

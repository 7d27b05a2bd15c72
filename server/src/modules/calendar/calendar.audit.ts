import { z } from 'zod';
import { defineAuditEvents } from '../../core/audit-events.js';

const DAY = z.object({ date: z.string(), kind: z.string(), name: z.string() });
const YEAR = z.object({ year: z.number(), status: z.string(), source: z.string() });

/** Every change of the working-day calendar: a deadline counted from it must be explainable later. */
export const calendarAudit = defineAuditEvents('calendar', {
  'calendar.day.put': {
    entity: 'calendar_day',
    label: { 'zh-CN': '设置节假日/调休日', en: 'Calendar day set', 'zh-TW': '設定節假日／補班日' },
    before: DAY,
    after: DAY,
  },
  'calendar.day.delete': {
    entity: 'calendar_day',
    label: { 'zh-CN': '删除节假日/调休日', en: 'Calendar day removed', 'zh-TW': '刪除節假日／補班日' },
    before: DAY,
  },
  'calendar.year.set': {
    entity: 'calendar_year',
    label: { 'zh-CN': '设置年度放假安排状态', en: 'Calendar year status set', 'zh-TW': '設定年度放假安排狀態' },
    before: YEAR,
    after: YEAR,
  },
});

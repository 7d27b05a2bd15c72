import { z } from 'zod';
import { defineAuditEvents } from '../audit-events.js';

export const jobsAudit = defineAuditEvents('jobs', {
  'job.run': {
    entity: 'job',
    label: { 'zh-CN': '定时任务运行', en: 'Scheduled job ran', 'zh-TW': '排程工作執行' },
    after: z.object({
      dueAt: z.string(),
      /** What the run did, as the job reported it (counts; JSON). Personal data never goes here. */
      summary: z.string(),
    }),
  },
});

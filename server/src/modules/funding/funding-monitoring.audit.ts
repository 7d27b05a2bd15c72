import { z } from 'zod';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of monitoring and evaluation (F9, F10), spread into funding.audit.ts. Reports,
 * visits and evaluations name contracts, periods and scores; the people are the log's actors.
 */

const text = z.string().nullable();
const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });
const STATUS = z.object({ status: z.string() });
const INDICATOR = z.object({ name: z.string(), target: z.string(), unit: text, achieved: z.string(), score: z.number() });
const RESULT = z.object({
  contractId: z.string(),
  kind: z.string(),
  version: z.number(),
  indicators: z.array(INDICATOR),
  overallScore: z.number(),
  passLine: z.number(),
  passed: z.boolean(),
  summary: z.string(),
});

export const monitoringAuditEvents = {
  'funding.report.schedule': {
    entity: 'funding.contract',
    label: label('设定项目进度报告周期', 'Report schedule set', '設定專案進度報告週期'),
    before: z.object({ frequency: text }),
    after: z.object({ frequency: z.string(), periods: z.number() }),
  },
  'funding.monitoring.assign': {
    entity: 'funding.contract',
    label: label('指派第三方监测或评估人员', 'Monitor or evaluator assigned', '指派第三方監測或評估人員'),
    after: z.object({ userId: z.string(), role: z.string() }),
  },
  'funding.report.submit': {
    entity: 'funding.report',
    label: label('提交项目进度报告', 'Progress report sent', '提交專案進度報告'),
    before: STATUS,
    after: STATUS.extend({ contractId: z.string(), periodNo: z.number(), activities: z.number(), beneficiaryCount: z.number(), photoIds: z.array(z.string()) }),
  },
  'funding.report.accept': {
    entity: 'funding.report',
    label: label('通过项目进度报告', 'Progress report accepted', '通過專案進度報告'),
    before: STATUS,
    after: STATUS.extend({ contractId: z.string(), periodNo: z.number(), comment: text }),
  },
  'funding.report.return': {
    entity: 'funding.report',
    label: label('退回项目进度报告', 'Progress report returned', '退回專案進度報告'),
    before: STATUS,
    after: STATUS.extend({ contractId: z.string(), periodNo: z.number(), reason: z.string() }),
  },
  'funding.report.overdue': {
    entity: 'funding.report',
    label: label('项目进度报告逾期未交', 'Progress report overdue', '專案進度報告逾期未交'),
    after: z.object({ contractId: z.string(), periodNo: z.number(), dueOn: z.string(), status: z.string() }),
  },
  'funding.visit.record': {
    entity: 'funding.visit',
    label: label('记录实地走访', 'Site visit recorded', '記錄實地走訪'),
    after: z.object({ contractId: z.string(), visitedOn: z.string(), rating: z.string(), findings: z.string(), photoIds: z.array(z.string()) }),
  },
  'funding.evaluation.submit': {
    entity: 'funding.evaluation',
    label: label('提交项目评估结果', 'Evaluation submitted', '提交專案評估結果'),
    after: RESULT.extend({ paidTrancheIds: z.array(z.string()), withheldTrancheIds: z.array(z.string()) }),
  },
  'funding.evaluation.correct': {
    entity: 'funding.evaluation',
    label: label('更正项目评估结果（新版本）', 'Evaluation corrected (new version)', '更正專案評估結果（新版本）'),
    before: z.object({ evaluationId: z.string(), version: z.number(), overallScore: z.number(), passed: z.boolean() }),
    after: RESULT.extend({ reason: z.string() }),
  },
  'funding.evaluation.pass_line': {
    entity: 'funding.call',
    label: label('设定评估合格分数线', 'Evaluation pass line set', '設定評估合格分數線'),
    before: z.object({ passLine: z.number() }),
    after: z.object({ passLine: z.number() }),
  },
} satisfies Record<string, AuditEventDeclaration>;

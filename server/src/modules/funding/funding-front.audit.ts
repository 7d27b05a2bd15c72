import { z } from 'zod';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of step settings, needs, topics, calls, applications and screening (F1–F4), spread
 * into funding.audit.ts. A need's text is what its submitter wrote for the centre; no person's
 * identifiers are stored on these records.
 */

const text = z.string().nullable();
const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });

const NEED = z.object({
  id: z.string(),
  regionCode: z.string(),
  source: z.string(),
  sourceName: text,
  title: z.string(),
  description: z.string(),
  beneficiaries: text,
  status: z.string(),
  mergedIntoId: text,
  topicId: text,
  closeReason: text,
});

/** Every key an eligibility rule of any kind may hold (shared/funding/calls.ts). */
const RULE = z.object({ kind: z.string(), in: z.array(z.string()).optional(), code: z.string().optional(), grade: z.string().optional(), months: z.number().optional(), text: z.string().optional() });
const QUESTION = z.object({ key: z.string(), label: z.string(), required: z.boolean(), maxLength: z.number() });

const CALL = z.object({
  id: z.string(),
  regionCode: z.string(),
  callType: z.string(),
  year: z.number(),
  title: z.string(),
  description: text,
  steps: z.array(z.string()),
  step: z.string(),
  status: z.string(),
  budgetFen: z.number(),
  capFen: z.number().nullable(),
  opensAt: text,
  deadline: z.string(),
  eligibility: z.array(RULE),
  form: z.array(QUESTION),
  cancelReason: text,
  topicIds: z.array(z.string()),
  fundId: z.string().nullable().optional(),
});

const APPLICATION = z.object({
  id: z.string(),
  callId: z.string(),
  organizationId: z.string(),
  regionCode: z.string(),
  topicId: text,
  status: z.string(),
  title: z.string(),
  summary: text,
  goals: text,
  activities: z.array(z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string(), description: text })),
  targetBeneficiaries: text,
  beneficiaryCount: z.number().nullable(),
  indicators: z.array(z.object({ name: z.string(), target: z.string(), unit: text })),
  /** The answers as a list: their keys are the call's question codes, which no declaration can name in advance. */
  answers: z.array(z.object({ key: z.string(), answer: z.string() })),
  amountFen: z.number(),
  budgetLines: z.array(z.object({ item: z.string(), category: text, amountFen: z.number(), note: text })).optional(),
});

const STATUS = z.object({ status: z.string() });
const CALL_STEP = z.object({ status: z.string(), step: z.string() });

export const frontAuditEvents = {
  'funding.settings.steps': {
    entity: 'funding_settings',
    label: label('设置项目流程步骤', 'Pipeline steps set', '設定專案流程步驟'),
    before: z.object({ callType: z.string(), steps: z.array(z.string()).nullable() }),
    after: z.object({ callType: z.string(), steps: z.array(z.string()).nullable() }),
  },
  'funding.need.submit': { entity: 'need', label: label('提交需求', 'Need submitted', '提交需求'), after: NEED },
  'funding.need.merge': {
    entity: 'need',
    label: label('合并重复需求', 'Duplicate need merged', '合併重複需求'),
    before: NEED,
    after: NEED.extend({ reason: text }),
  },
  'funding.need.close': { entity: 'need', label: label('关闭需求', 'Need closed', '關閉需求'), before: NEED, after: NEED },
  'funding.need.topic': { entity: 'need', label: label('调整需求所属课题', 'Need topic changed', '調整需求所屬課題'), before: NEED, after: NEED },
  'funding.need.export': {
    entity: 'export',
    label: label('导出需求池', 'Needs pool exported', '匯出需求池'),
    after: z.object({
      rows: z.number(),
      query: z.object({ region: z.string().optional(), q: z.string().optional(), status: z.string().optional(), source: z.string().optional(), topicId: z.string().optional(), sort: z.string().optional() }),
    }),
  },
  'funding.topic.create': {
    entity: 'topic',
    label: label('新建课题', 'Topic created', '新增課題'),
    after: z.object({ id: z.string(), regionCode: z.string(), title: z.string(), description: text }),
  },
  'funding.topic.update': {
    entity: 'topic',
    label: label('修改课题', 'Topic edited', '修改課題'),
    before: z.object({ id: z.string(), regionCode: z.string(), title: z.string(), description: text }),
    after: z.object({ id: z.string(), regionCode: z.string(), title: z.string(), description: text }),
  },
  'funding.topic.close': { entity: 'topic', label: label('关闭课题', 'Topic closed', '關閉課題'), after: z.object({ id: z.string(), reason: z.string() }) },
  'funding.call.export': {
    entity: 'export',
    label: label('导出项目征集', 'Calls exported', '匯出專案徵集'),
    after: z.object({
      rows: z.number(),
      query: z.object({ region: z.string().optional(), status: z.string().optional(), callType: z.string().optional(), year: z.number().optional(), sort: z.string().optional() }),
    }),
  },
  'funding.application.export': {
    entity: 'export',
    label: label('导出申报', 'Applications exported', '匯出申報'),
    after: z.object({ rows: z.number(), query: z.object({ callId: z.string().optional(), status: z.string().optional(), sort: z.string().optional() }) }),
  },
  'funding.call.create': { entity: 'call', label: label('新建项目征集', 'Call created', '新增專案徵集'), after: CALL },
  'funding.call.update': { entity: 'call', label: label('修改项目征集', 'Call edited', '修改專案徵集'), before: CALL, after: CALL },
  'funding.call.publish': {
    entity: 'call',
    label: label('发布项目征集', 'Call published', '發布專案徵集'),
    before: CALL_STEP,
    after: CALL_STEP.extend({ comment: text }),
  },
  'funding.call.advance': {
    entity: 'call',
    label: label('推进项目阶段', 'Call moved to its next step', '推進專案階段'),
    before: CALL_STEP,
    after: CALL_STEP.extend({ comment: text }),
  },
  'funding.call.complete': {
    entity: 'call',
    label: label('项目征集完成', 'Call completed', '專案徵集完成'),
    before: CALL_STEP,
    after: CALL_STEP.extend({ comment: text }),
  },
  'funding.call.cancel': {
    entity: 'call',
    label: label('取消项目征集', 'Call cancelled', '取消專案徵集'),
    before: CALL_STEP,
    after: CALL_STEP.extend({ comment: text }),
  },
  'funding.application.create': { entity: 'application', label: label('新建申报', 'Application drafted', '新增申報'), after: APPLICATION },
  'funding.application.update': { entity: 'application', label: label('修改申报', 'Application edited', '修改申報'), before: APPLICATION, after: APPLICATION },
  'funding.application.submit': {
    entity: 'application',
    label: label('提交申报', 'Application submitted', '提交申報'),
    before: STATUS,
    after: STATUS.extend({ submittedAt: z.string() }),
  },
  'funding.application.withdraw': {
    entity: 'application',
    label: label('撤回申报', 'Application withdrawn', '撤回申報'),
    before: STATUS,
    after: STATUS.extend({ comment: text }),
  },
  'funding.application.screen': {
    entity: 'application',
    label: label('项目初筛', 'Application screened', '專案初篩'),
    before: STATUS,
    after: STATUS.extend({
      verdict: z.string(),
      results: z.array(z.object({ index: z.number(), kind: z.string(), outcome: z.string(), reason: z.string() })),
    }),
  },
  'funding.application.decide': {
    entity: 'application',
    label: label('初筛人工判定', 'Screening rule decided', '初篩人工判定'),
    before: STATUS,
    after: STATUS.extend({ index: z.number(), outcome: z.string(), reason: z.string() }),
  },
} satisfies Record<string, AuditEventDeclaration>;

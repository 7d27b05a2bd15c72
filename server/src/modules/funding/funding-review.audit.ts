import { z } from 'zod';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of review, public notice and optimisation (F5–F7), spread into funding.audit.ts.
 * An objector's name and contact never reach the log: its events carry neither.
 */

const text = z.string().nullable();
const criterion = z.object({ code: z.string(), name: z.string(), weight: z.number(), maxScore: z.number() });
const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });

export const reviewAuditEvents = {
  'funding.panel.create': {
    entity: 'funding.panel',
    label: label('组建评审小组', 'Review panel set up', '組建評審小組'),
    after: z.object({
      callId: z.string(),
      aggregation: z.string(),
      criteria: z.array(criterion),
      reviewDeadline: z.string(),
      chairId: z.string(),
      expertIds: z.array(z.string()),
    }),
  },
  'funding.panel.update': {
    entity: 'funding.panel',
    label: label('修改评审小组', 'Review panel changed', '修改評審小組'),
    before: z.object({ aggregation: z.string(), criteria: z.array(criterion), reviewDeadline: z.string(), expertIds: z.array(z.string()) }),
    after: z.object({ aggregation: z.string(), criteria: z.array(criterion), reviewDeadline: z.string(), expertIds: z.array(z.string()) }),
  },
  'funding.review.assign': {
    entity: 'funding.application',
    label: label('分配评审专家', 'Expert assigned', '分配評審專家'),
    after: z.object({ panelId: z.string(), expertId: z.string(), status: z.string() }),
  },
  'funding.review.unassign': {
    entity: 'funding.application',
    label: label('撤销专家分配', 'Expert assignment removed', '撤銷專家分配'),
    before: z.object({ panelId: z.string(), expertId: z.string() }),
    after: z.object({ reason: z.string() }),
  },
  // The draft's values stay out of the log: until submitted they are the expert's alone.
  'funding.review.draft': {
    entity: 'funding.application',
    label: label('暂存评分草稿', 'Score draft saved', '暫存評分草稿'),
    after: z.object({ panelId: z.string(), expertId: z.string(), criteriaFilled: z.number() }),
  },
  'funding.review.conflicts_declare': {
    entity: 'funding.panel',
    label: label('专家申报利益冲突', 'Conflicts of interest declared', '專家申報利益衝突'),
    after: z.object({
      expertId: z.string(),
      conflicts: z.array(z.object({ organizationId: z.string(), tie: z.string() })),
      removedFrom: z.array(z.string()),
    }),
  },
  'funding.review.score': {
    entity: 'funding.application',
    label: label('专家提交评分', 'Score submitted', '專家提交評分'),
    after: z.object({ panelId: z.string(), expertId: z.string(), total: z.number() }),
  },
  'funding.review.return': {
    entity: 'funding.application',
    label: label('退回重新评分', 'Score returned for re-scoring', '退回重新評分'),
    before: z.object({ total: z.number() }),
    after: z.object({ expertId: z.string(), reason: z.string() }),
  },
  'funding.panel.close': {
    entity: 'funding.panel',
    label: label('评审结束', 'Review panel closed', '評審結束'),
    after: z.object({ reason: text, missingScores: z.number(), approvedFen: z.number(), approved: z.number(), notFunded: z.number() }),
  },
  'funding.review.adjust': {
    entity: 'funding.application',
    label: label('调整立项结果', 'Funding decision adjusted', '調整立項結果'),
    before: z.object({ decision: z.string(), status: z.string() }),
    after: z.object({ decision: z.string(), status: z.string(), reason: z.string() }),
  },
  'funding.review.conditions': {
    entity: 'funding.application',
    label: label('设定优化条件', 'Conditions set', '設定優化條件'),
    before: z.object({ conditions: text }),
    after: z.object({ conditions: text }),
  },
  'funding.notice.publish': {
    entity: 'funding.notice',
    label: label('发布立项公示', 'Results published', '發布立項公示'),
    after: z.object({ callId: z.string(), objectionDays: z.number(), publishedOn: z.string(), endsOn: z.string(), projects: z.number() }),
  },
  'funding.objection.lodge': {
    entity: 'funding.objection',
    label: label('提出公示异议', 'Objection lodged', '提出公示異議'),
    after: z.object({ noticeId: z.string(), applicationId: text }),
  },
  'funding.objection.answer': {
    entity: 'funding.objection',
    label: label('答复公示异议', 'Objection answered', '答覆公示異議'),
    after: z.object({ decision: z.string(), answer: z.string(), withdrewApproval: z.boolean(), applicationId: text }),
  },
  'funding.objection.reveal': {
    entity: 'funding.objection',
    label: label('查看异议人联系方式', 'Objector contact viewed', '查看異議人聯絡方式'),
    after: z.object({ fields: z.array(z.string()) }),
  },
  'funding.notice.fix': {
    entity: 'funding.notice',
    label: label('公示结果确定', 'Results fixed', '公示結果確定'),
    after: z.object({ callId: z.string(), objections: z.number(), approved: z.number() }),
  },
  'funding.proposal.revise': {
    entity: 'funding.application',
    label: label('提交优化方案', 'Proposal revised', '提交優化方案'),
    after: z.object({ version: z.number(), changedFields: z.array(z.string()), note: text, amountFen: z.number() }),
  },
  'funding.proposal.accept': {
    entity: 'funding.application',
    label: label('确认优化方案', 'Proposal version accepted', '確認優化方案'),
    after: z.object({ version: z.number(), amountFen: z.number() }),
  },
} satisfies Record<string, AuditEventDeclaration>;

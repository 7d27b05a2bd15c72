import { z } from 'zod';
import { ZProposalContent } from '../../../../shared/funding/optimisation.js';
import type { AuditEventDeclaration } from '../../core/audit-events.js';

/*
 * Audit events of contracts, tranches and renewal (F8, F11), spread into funding.audit.ts. A
 * contract names organisations and a region's office, never a person.
 */

const text = z.string().nullable();
const label = (zhCN: string, en: string, zhTW: string) => ({ 'zh-CN': zhCN, en, 'zh-TW': zhTW });

const MILESTONE = z.object({ position: z.number(), title: z.string(), dueOn: z.string() });
const TRANCHE = z.object({ position: z.number(), amountFen: z.number(), releasedBy: z.string(), milestonePosition: z.number().nullable() });

/** A contract's terms as the log keeps them. */
const TERMS = z.object({
  title: z.string(),
  amountFen: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  recurringService: z.boolean(),
  recurringReason: text,
  fundId: text,
  content: ZProposalContent,
  milestones: z.array(MILESTONE),
  tranches: z.array(TRANCHE),
});

const CREATED = TERMS.extend({
  applicationId: z.string(),
  callId: z.string(),
  organizationId: z.string(),
  regionCode: z.string(),
  purchaserName: z.string(),
  providerName: z.string(),
  previousContractId: text,
});

const STATUS = z.object({ status: z.string() });

export const contractAuditEvents = {
  'funding.contract.create': {
    entity: 'funding.contract',
    label: label('起草合同', 'Contract drafted', '起草合約'),
    after: CREATED,
  },
  'funding.contract.renew': {
    entity: 'funding.contract',
    label: label('续签合同（起草下一年度合同）', "Contract renewed (next year's draft)", '續簽合約（起草下一年度合約）'),
    after: CREATED,
  },
  'funding.contract.update': {
    entity: 'funding.contract',
    label: label('修改合同草稿', 'Contract draft edited', '修改合約草稿'),
    before: TERMS.partial(),
    after: TERMS.partial(),
  },
  'funding.contract.sign': {
    entity: 'funding.contract',
    label: label('签订合同', 'Contract signed', '簽訂合約'),
    before: STATUS,
    after: STATUS.extend({ contractNumber: z.string(), amountFen: z.number(), fundId: z.string(), journalId: z.string() }),
  },
  'funding.contract.complete': {
    entity: 'funding.contract',
    label: label('合同履行完毕', 'Contract completed', '合約履行完畢'),
    before: STATUS,
    after: STATUS.extend({ paidFen: z.number(), withheldFen: z.number() }),
  },
  'funding.contract.terminate': {
    entity: 'funding.contract',
    label: label('终止合同', 'Contract terminated', '終止合約'),
    before: STATUS,
    after: STATUS.extend({ reason: z.string(), releasedFen: z.number() }),
  },
  'funding.contract.export': {
    entity: 'export',
    label: label('导出合同', 'Contracts exported', '匯出合約'),
    after: z.object({
      rows: z.number(),
      query: z.object({
        status: z.string().optional(),
        callId: z.string().optional(),
        region: z.string().optional(),
        q: z.string().optional(),
        year: z.number().optional(),
        organization: z.string().optional(),
        sort: z.string().optional(),
      }),
    }),
  },
  'funding.milestone.report': {
    entity: 'funding.contract',
    label: label('报告履约节点完成', 'Milestone reported done', '回報履約節點完成'),
    before: z.object({ milestoneId: z.string(), status: z.string() }),
    after: z.object({ milestoneId: z.string(), status: z.string(), note: z.string(), attachmentIds: z.array(z.string()) }),
  },
  'funding.milestone.reject': {
    entity: 'funding.contract',
    label: label('退回履约节点', 'Milestone rejected', '退回履約節點'),
    before: z.object({ milestoneId: z.string(), status: z.string() }),
    after: z.object({ milestoneId: z.string(), status: z.string(), reason: z.string() }),
  },
  'funding.milestone.accept': {
    entity: 'funding.contract',
    label: label('验收合同节点', 'Milestone accepted', '驗收合約節點'),
    before: z.object({ milestoneId: z.string(), status: z.string() }),
    after: z.object({ milestoneId: z.string(), status: z.string(), comment: text }),
  },
  'funding.tranche.pay': {
    entity: 'funding.tranche',
    label: label('拨付合同款项', 'Tranche paid', '撥付合約款項'),
    before: STATUS,
    after: STATUS.extend({ contractId: z.string(), amountFen: z.number(), releasedBy: z.string(), journalId: z.string(), evaluationId: text }),
  },
  'funding.tranche.withhold': {
    entity: 'funding.tranche',
    label: label('暂缓拨付并释放资金', 'Tranche withheld, its money released', '暫緩撥付並釋放資金'),
    before: STATUS,
    after: STATUS.extend({ contractId: z.string(), amountFen: z.number(), releasedBy: z.string(), journalId: z.string(), evaluationId: text, reason: z.string() }),
  },
} satisfies Record<string, AuditEventDeclaration>;

import { z } from 'zod';
import { defineAuditEvents } from '../audit-events.js';

const LINE = z.object({ accountId: z.string(), role: z.string(), ownerType: z.string().nullable(), ownerId: z.string().nullable(), amountFen: z.number() });

/** A journal as the log keeps it: what moved, why, for which record; the ledger holds the same, the log says who. */
const JOURNAL = {
  fundId: z.string(),
  key: z.string(),
  reason: z.string(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  reversesJournalId: z.string().nullable(),
  lines: z.array(LINE),
};

/** The ledger's events (core: every domain that moves money posts through it). */
export const ledgerAudit = defineAuditEvents('ledger', {
  'ledger.fund.open': {
    entity: 'ledger_fund',
    label: { 'zh-CN': '设立资金', en: 'Fund opened', 'zh-TW': '設立資金' },
    after: z.object({ regionCode: z.string(), year: z.number(), kind: z.string(), name: z.string() }),
  },
  'ledger.post': {
    entity: 'ledger_journal',
    label: { 'zh-CN': '资金记账', en: 'Ledger posting', 'zh-TW': '資金記帳' },
    after: z.object(JOURNAL),
  },
  'ledger.reverse': {
    entity: 'ledger_journal',
    label: { 'zh-CN': '资金冲正', en: 'Ledger reversal', 'zh-TW': '資金沖正' },
    after: z.object(JOURNAL),
  },
  'ledger.export': {
    entity: 'export',
    label: { 'zh-CN': '导出资金流水', en: 'Fund journal exported', 'zh-TW': '匯出資金流水' },
    after: z.object({ rows: z.number(), query: z.object({}) }),
  },
});

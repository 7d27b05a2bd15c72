import type { DomainMessages } from '../../i18n/index.js';

/** The ledger's words in the server's messages: its refusals of a posting and the names of its records. */
export const ledgerMessages: DomainMessages = {
  'zh-CN': {
    problems: {
      ledger_fund_name_taken: '该区划本年度已有同名资金',
      ledger_key: '{{field}}不能为空，且不超过 240 个字符',
      ledger_unbalanced: '记账分录借贷不平：各行金额之和必须为 0，且至少两行',
      ledger_account_unknown: '{{field}}不是本账簿中的账户',
      ledger_other_fund: '一笔记账的各行必须属于同一项资金',
      ledger_amount_integer: '{{field}}必须是以“分”为单位的整数',
      ledger_amount_positive: '{{field}}必须大于 0',
      ledger_amount_non_zero: '{{field}}不能为 0',
      ledger_amount_too_large: '{{field}}超出上限',
    },
    fields: { appropriationFen: '拨款金额', journalKey: '记账键', lines: '记账分录', accountId: '账户', reversesJournalId: '冲正的记账', sourceType: '来源类型', sourceId: '来源记录' },
    entities: { ledger_fund: '资金', ledger_account: '资金账户', ledger_journal: '记账记录' },
  },
  en: {
    problems: {
      ledger_fund_name_taken: 'The region already has a fund of this name for the year',
      ledger_key: '{{field}} is required, at most 240 characters',
      ledger_unbalanced: 'The posting does not balance: its lines must sum to 0, with at least two lines',
      ledger_account_unknown: '{{field}} is not an account of this ledger',
      ledger_other_fund: 'All lines of one posting must belong to one fund',
      ledger_amount_integer: '{{field}} must be a whole number of fen',
      ledger_amount_positive: '{{field}} must be greater than 0',
      ledger_amount_non_zero: '{{field}} cannot be 0',
      ledger_amount_too_large: '{{field}} is over the limit',
    },
    fields: { appropriationFen: 'Appropriation', journalKey: 'Posting key', lines: 'Posting lines', accountId: 'Account', reversesJournalId: 'Posting reversed', sourceType: 'Source type', sourceId: 'Source record' },
    entities: { ledger_fund: 'fund', ledger_account: 'fund account', ledger_journal: 'posting' },
  },
  'zh-TW': {
    problems: {
      ledger_fund_name_taken: '該區劃本年度已有同名資金',
      ledger_key: '{{field}}不能為空，且不超過 240 個字元',
      ledger_unbalanced: '記帳分錄借貸不平：各行金額之和必須為 0，且至少兩行',
      ledger_account_unknown: '{{field}}不是本帳簿中的帳戶',
      ledger_other_fund: '一筆記帳的各行必須屬於同一項資金',
      ledger_amount_integer: '{{field}}必須是以「分」為單位的整數',
      ledger_amount_positive: '{{field}}必須大於 0',
      ledger_amount_non_zero: '{{field}}不能為 0',
      ledger_amount_too_large: '{{field}}超出上限',
    },
    fields: { appropriationFen: '撥款金額', journalKey: '記帳鍵', lines: '記帳分錄', accountId: '帳戶', reversesJournalId: '沖正的記帳', sourceType: '來源類型', sourceId: '來源紀錄' },
    entities: { ledger_fund: '資金', ledger_account: '資金帳戶', ledger_journal: '記帳紀錄' },
  },
};

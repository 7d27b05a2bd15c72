/**
 * Kinds of fund (F12): a region's special fund for purchasing services and venture philanthropy
 * (专项资金, e.g. 150万 a year), a seed fund for young organisations (种子基金), a charity fund
 * (慈善基金, donations), an aid fund (救助资金). Later domains add theirs here.
 */
export const LEDGER_FUND_KINDS = ['special_fund', 'seed_fund', 'charity', 'aid'] as const;
export type LedgerFundKind = (typeof LEDGER_FUND_KINDS)[number];

/**
 * The accounts of a fund: `source` (the appropriating treasury) and `donor` are outside it and
 * alone may go negative; `available` and `committed` are its money; `payee` is money paid out.
 */
export const LEDGER_ACCOUNT_ROLES = ['source', 'donor', 'available', 'committed', 'payee'] as const;
export type LedgerAccountRole = (typeof LEDGER_ACCOUNT_ROLES)[number];

/** The largest amount one line may carry: 1,000 亿 yuan in fen, far below 2^53. */
export const LEDGER_MAX_FEN = 10_000_000_000_000;

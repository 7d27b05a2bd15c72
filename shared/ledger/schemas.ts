import { z } from 'zod';
import { text, ZRegionCode } from '../contract.js';
import { LEDGER_ACCOUNT_ROLES, LEDGER_FUND_KINDS, LEDGER_MAX_FEN } from './enums.js';

const ZYear = z.coerce.number().int().min(2000).max(2100);
/** Integer fen (分), never a float: 150万元 is 150000000. */
export const ZFen = z.number().int().min(1).max(LEDGER_MAX_FEN);

export const ZFundListQuery = z.object({
  /** Narrow to this region's subtree (inside the caller's own scope). */
  regionCode: ZRegionCode.optional(),
  year: ZYear.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TFundListQuery = z.infer<typeof ZFundListQuery>;

export const ZOpenFundBody = z.object({
  regionCode: ZRegionCode,
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(LEDGER_FUND_KINDS),
  name: text(100).min(1),
  /** The first appropriation, in fen. */
  appropriationFen: ZFen,
  reason: text(200).optional(),
});
export type TOpenFundBody = z.infer<typeof ZOpenFundBody>;

export const ZFundFigures = z.object({
  budgetFen: z.number(),
  availableFen: z.number(),
  committedFen: z.number(),
  paidFen: z.number(),
});

export const ZFund = ZFundFigures.extend({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  year: z.number(),
  kind: z.enum(LEDGER_FUND_KINDS),
  name: z.string(),
  createdAt: z.string(),
});
export type TFund = z.infer<typeof ZFund>;

export const ZJournalLine = z.object({
  role: z.enum(LEDGER_ACCOUNT_ROLES),
  ownerType: z.string().nullable(),
  ownerId: z.string().nullable(),
  amountFen: z.number(),
});

export const ZJournal = z.object({
  id: z.string(),
  key: z.string(),
  reason: z.string(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  reversesJournalId: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
  lines: z.array(ZJournalLine),
});
export type TJournal = z.infer<typeof ZJournal>;

export const ZFundDetail = ZFund.extend({ journals: z.array(ZJournal) });
export type TFundDetail = z.infer<typeof ZFundDetail>;

import { z } from 'zod';
import { defineRoutes, fileResponse, optionalText, text, XLSX_MIME, ZIdParams, ZRegionCode } from '../contract.js';
import { ZBusinessDate } from '../dates.js';
import { ZIssuedDocument } from '../documents/api.js';
import { ZProposalContent } from './optimisation.js';

/*
 * Contracts (项目签约, F8), their payment tranches (评估兑现) and renewal (F11): the API contract and
 * the rules the server and the web app share (term length, tranche split, amount in words).
 */

export const CONTRACT_STATUSES = ['draft', 'signed', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** What releases a tranche: the signing, an accepted milestone, a passed mid-term or final evaluation. */
export const TRANCHE_TRIGGERS = ['signing', 'milestone', 'mid_evaluation', 'final_evaluation'] as const;
export type TrancheTrigger = (typeof TRANCHE_TRIGGERS)[number];

export const TRANCHE_STATUSES = ['pending', 'paid', 'withheld'] as const;
export const MILESTONE_STATUSES = ['pending', 'submitted', 'accepted', 'rejected'] as const;

/** The most one contract may be for: 1,000 亿 yuan in fen (the ledger's own ceiling). */
export const CONTRACT_MAX_FEN = 10_000_000_000_000;
export const MAX_TRANCHES = 12;
export const MAX_MILESTONES = 50;

/** The split most contracts use (seed 002): 30% at signing, 40% on the mid-term evaluation, 30% on the final one. */
export const DEFAULT_TRANCHES = [
  { releasedBy: 'signing', percent: 30 },
  { releasedBy: 'mid_evaluation', percent: 40 },
  { releasedBy: 'final_evaluation', percent: 30 },
] as const satisfies readonly { releasedBy: TrancheTrigger; percent: number }[];

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * `years` calendar years after an ISO date, as PostgreSQL's `date + interval 'n years'` counts
 * them (29 February goes to 28 February), so the server's check and the database's agree.
 */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * Why a contract term is not allowed, or null. 财政部令第102号《政府购买服务管理办法》第二十四条:
 * a purchase contract runs at most one year; a service that is stable, recurring and of a regular
 * kind may be bought for up to three years, which the contract must justify (`recurringReason`).
 */
export function termProblem(term: { startsOn: string; endsOn: string; recurringService: boolean; recurringReason: string | null }):
  | { field: 'endsOn' | 'recurringReason'; problem: 'contract_term_order' | 'contract_term_one_year' | 'contract_term_three_years' | 'contract_recurring_reason' }
  | null {
  if (term.endsOn < term.startsOn) return { field: 'endsOn', problem: 'contract_term_order' };
  if (term.recurringService && !term.recurringReason?.trim()) return { field: 'recurringReason', problem: 'contract_recurring_reason' };
  const limit = addYears(term.startsOn, term.recurringService ? 3 : 1);
  if (term.endsOn >= limit) return { field: 'endsOn', problem: term.recurringService ? 'contract_term_three_years' : 'contract_term_one_year' };
  return null;
}

/**
 * Splits an amount in fen by whole percentages that sum to 100: each tranche the floor of its share,
 * the fen left over on the last, so the tranches always add up to the amount exactly.
 */
export function splitByPercentages(amountFen: number, percents: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError('amountFen must be a non-negative integer');
  if (!percents.length || percents.some((p) => !Number.isInteger(p) || p <= 0) || percents.reduce((a, b) => a + b, 0) !== 100) {
    throw new RangeError('percentages must be positive integers summing to 100');
  }
  const parts = percents.map((p) => Math.floor((amountFen * p) / 100));
  parts[parts.length - 1] += amountFen - parts.reduce((a, b) => a + b, 0);
  return parts;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万'];

function yuanInWords(yuan: number): string {
  const digits = String(yuan);
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    const pos = digits.length - 1 - i;
    if (d === 0) pendingZero = true;
    else {
      if (pendingZero && out) out += '零';
      pendingZero = false;
      out += DIGITS[d] + PLACES[pos % 4];
    }
    // The end of a group of four: its name (万, 亿) unless every digit of it was zero.
    if (pos % 4 === 0 && pos > 0) {
      const group = digits.slice(Math.max(0, i - 3), i + 1);
      if (/[1-9]/.test(group)) out += GROUPS[pos / 4];
    }
  }
  return out;
}

/**
 * An amount in fen in Chinese capital numerals as a contract writes it (人民币大写): 壹佰伍拾万元整,
 * 壹元零伍分, 叁角整. Following 《支付结算办法》: "整" after 元 or 角, none after 分; one 零 for a run of
 * zeros inside the number.
 */
export function fenToChineseCapital(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('fen must be a non-negative integer');
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuan > 0 ? `${yuanInWords(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cents > 0) return `${out}${DIGITS[cents]}分`;
  return `${out}整`;
}

/** A key-order-independent form of a JSON value: two contents are the same when these are equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

// ---------------------------------------------------------------------------------------------
// Requests

const ZAmount = z.number().int().min(1).max(CONTRACT_MAX_FEN);

export const ZMilestoneInput = z.object({ title: text(200).min(1), dueOn: ZBusinessDate });

/**
 * A tranche as written: its amount in fen, or its whole percentage of the contract amount (every
 * tranche one way or the other); a milestone tranche names its milestone by its place in `milestones`.
 */
export const ZTrancheInput = z.object({
  releasedBy: z.enum(TRANCHE_TRIGGERS),
  milestone: z.number().int().min(0).max(MAX_MILESTONES - 1).nullable().default(null),
  amountFen: ZAmount.optional(),
  percent: z.number().int().min(1).max(100).optional(),
});
export type TTrancheInput = z.infer<typeof ZTrancheInput>;

const termFields = {
  title: text(200).min(1),
  amountFen: ZAmount,
  startsOn: ZBusinessDate,
  endsOn: ZBusinessDate,
  recurringService: z.boolean(),
  recurringReason: optionalText(1000),
  milestones: z.array(ZMilestoneInput).max(MAX_MILESTONES),
  tranches: z.array(ZTrancheInput).min(1).max(MAX_TRANCHES),
};

/**
 * POST /funding/contracts — a draft from an approved application. Title and content come from the
 * accepted proposal, the amount from the approved one, the tranches 30/40/30, unless given.
 */
export const ZCreateContractBody = z.object({
  applicationId: z.uuid(),
  title: termFields.title.optional(),
  amountFen: ZAmount.optional(),
  startsOn: ZBusinessDate,
  endsOn: ZBusinessDate,
  recurringService: z.boolean().default(false),
  recurringReason: termFields.recurringReason,
  milestones: termFields.milestones.default([]),
  tranches: termFields.tranches.optional(),
  /** The ledger fund the contract is paid from; left out: the call's fund. */
  fundId: z.uuid().optional(),
});
export type TCreateContractBody = z.infer<typeof ZCreateContractBody>;

/** PATCH /funding/contracts/:id — a draft's terms; what is left out stays. */
export const ZUpdateContractBody = z
  .object({
    title: termFields.title,
    amountFen: ZAmount,
    startsOn: ZBusinessDate,
    endsOn: ZBusinessDate,
    recurringService: z.boolean(),
    recurringReason: termFields.recurringReason,
    milestones: termFields.milestones,
    tranches: termFields.tranches,
    content: ZProposalContent,
    /** The ledger fund the contract is paid from (a renewal's next-year fund). */
    fundId: z.uuid(),
  })
  .partial();
export type TUpdateContractBody = z.infer<typeof ZUpdateContractBody>;

/** POST /funding/contracts/:id/renew — next year's draft: the term moves on a year unless given. */
export const ZRenewContractBody = ZUpdateContractBody;
export type TRenewContractBody = TUpdateContractBody;

export const ZTerminateContractBody = z.object({ reason: text(1000).min(1) });
export const ZAcceptMilestoneBody = z.object({ comment: optionalText(1000) });
/** The most files one milestone report carries. */
export const MAX_MILESTONE_ATTACHMENTS = 20;
/** POST /funding/milestones/:id/report — the organisation says a milestone is done, with what shows it. */
export const ZMilestoneReportBody = z.object({
  note: text(2000).min(1),
  /** Core files uploaded first (POST /api/files). */
  attachmentIds: z.array(z.uuid()).max(MAX_MILESTONE_ATTACHMENTS).default([]),
});
export type TMilestoneReportBody = z.infer<typeof ZMilestoneReportBody>;
/** POST /funding/milestones/:id/reject — staff send a reported milestone back, saying why. */
export const ZRejectMilestoneBody = z.object({ reason: text(1000).min(1) });

export const CONTRACT_SORTS = ['-createdAt', 'createdAt', '-signedAt', 'signedAt', '-amountFen', 'amountFen', '-endsOn', 'endsOn'] as const;
export type ContractSort = (typeof CONTRACT_SORTS)[number];

export const ZContractListQuery = z.object({
  status: z.enum(CONTRACT_STATUSES).optional(),
  callId: z.uuid().optional(),
  region: ZRegionCode.optional(),
  /** Part of the title, the provider's name or the contract number. */
  q: text(100).optional(),
  /** The China year the term starts in. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  organization: z.uuid().optional(),
  sort: z.enum(CONTRACT_SORTS).default('-createdAt'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TContractListQuery = z.infer<typeof ZContractListQuery>;
/** GET /funding/contracts/export — the contracts the list's filter matches, in its order. */
export const ZContractExportQuery = ZContractListQuery.omit({ page: true, pageSize: true });
export type TContractExportQuery = z.infer<typeof ZContractExportQuery>;

export const ZPublicContractQuery = z.object({
  region: ZRegionCode.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

// ---------------------------------------------------------------------------------------------
// Responses

export const ZAttachmentRef = z.object({ id: z.string(), originalName: z.string(), mimeType: z.string(), sizeBytes: z.number() });

/** A milestone's step: reported (the note and its files), accepted, rejected (with the reason). */
export const ZMilestoneStep = z.object({
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  comment: z.string().nullable(),
  attachments: z.array(ZAttachmentRef),
  at: z.string(),
});

export const ZMilestone = z.object({
  id: z.string(),
  position: z.number(),
  title: z.string(),
  dueOn: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  acceptedAt: z.string().nullable(),
  history: z.array(ZMilestoneStep),
  /** report: the caller's organisation may say it is done; decide: staff may accept or reject it. */
  abilities: z.object({ report: z.boolean(), accept: z.boolean(), reject: z.boolean() }),
});

export const ZTranche = z.object({
  id: z.string(),
  position: z.number(),
  amountFen: z.number(),
  releasedBy: z.enum(TRANCHE_TRIGGERS),
  milestoneId: z.string().nullable(),
  status: z.enum(TRANCHE_STATUSES),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});

/** One field of a renewal that differs from the contract it renews. */
export const ZContractChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

export const ZContractHistoryStep = z.object({
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorName: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const ZContractSummary = z.object({
  id: z.string(),
  contractNumber: z.string().nullable(),
  status: z.enum(CONTRACT_STATUSES),
  title: z.string(),
  purchaserName: z.string(),
  providerName: z.string(),
  organizationId: z.string(),
  regionCode: z.string(),
  callId: z.string(),
  amountFen: z.number(),
  paidFen: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  previousContractId: z.string().nullable(),
});
export type TContractSummary = z.infer<typeof ZContractSummary>;

/** The content as a response carries it (the request schema's trims and defaults do not run backwards). */
export const ZContractContent = z.object({
  title: z.string(),
  summary: z.string().nullable(),
  goals: z.string().nullable(),
  activities: z.array(z.object({ name: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable(), description: z.string().nullable() })),
  targetBeneficiaries: z.string().nullable(),
  beneficiaryCount: z.number().nullable(),
  indicators: z.array(z.object({ name: z.string(), target: z.string(), unit: z.string().nullable() })),
  budgetLines: z.array(z.object({ item: z.string(), category: z.string().nullable(), amountFen: z.number(), note: z.string().nullable() })),
  amountFen: z.number(),
});

export const ZContractDetail = ZContractSummary.extend({
  applicationId: z.string(),
  content: ZContractContent,
  amountInWords: z.string(),
  fundId: z.string().nullable(),
  recurringService: z.boolean(),
  recurringReason: z.string().nullable(),
  signedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  terminatedAt: z.string().nullable(),
  terminationReason: z.string().nullable(),
  renewedById: z.string().nullable(),
  milestones: z.array(ZMilestone),
  tranches: z.array(ZTranche),
  /** A renewal's differences from the contract it renews, field by field; null for a first contract. */
  changes: z.array(ZContractChange).nullable(),
  history: z.array(ZContractHistoryStep),
  abilities: z.object({ edit: z.boolean(), sign: z.boolean(), terminate: z.boolean(), renew: z.boolean(), print: z.boolean() }),
});
export type TContractDetail = z.infer<typeof ZContractDetail>;

export const ZContractPage = z.object({ items: z.array(ZContractSummary), total: z.number() });

/** The contract announcement (合同公告): what the purchaser publishes, no person named. */
export const ZPublicContract = z.object({
  contractNumber: z.string(),
  title: z.string(),
  purchaserName: z.string(),
  providerName: z.string(),
  amountFen: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  signedOn: z.string(),
  status: z.enum(CONTRACT_STATUSES),
});
export const ZPublicContractPage = z.object({ items: z.array(ZPublicContract), total: z.number() });

/** The printed contract: the issued document (code, QR) and the page to print. */
export const ZContractDocument = ZIssuedDocument.extend({ html: z.string() });

export const fundingContractRoutes = defineRoutes({
  'GET /funding/contracts': { querystring: ZContractListQuery, response: { 200: ZContractPage } },
  'GET /funding/contracts/export': { querystring: ZContractExportQuery, response: fileResponse(XLSX_MIME, 'The contracts the filter matches.') },
  'POST /funding/contracts': { body: ZCreateContractBody, response: { 200: ZContractDetail } },
  'GET /funding/contracts/:id': { params: ZIdParams, response: { 200: ZContractDetail } },
  'PATCH /funding/contracts/:id': { params: ZIdParams, body: ZUpdateContractBody, response: { 200: ZContractDetail } },
  'POST /funding/contracts/:id/sign': { params: ZIdParams, response: { 200: ZContractDetail } },
  'POST /funding/contracts/:id/terminate': { params: ZIdParams, body: ZTerminateContractBody, response: { 200: ZContractDetail } },
  'POST /funding/contracts/:id/renew': { params: ZIdParams, body: ZRenewContractBody, response: { 200: ZContractDetail } },
  'POST /funding/contracts/:id/document': { params: ZIdParams, response: { 200: ZContractDocument } },
  'POST /funding/milestones/:id/accept': { params: ZIdParams, body: ZAcceptMilestoneBody, response: { 200: ZContractDetail } },
  'POST /funding/milestones/:id/report': { params: ZIdParams, body: ZMilestoneReportBody, response: { 200: ZContractDetail } },
  'POST /funding/milestones/:id/reject': { params: ZIdParams, body: ZRejectMilestoneBody, response: { 200: ZContractDetail } },
  'GET /funding/public/contracts': { querystring: ZPublicContractQuery, response: { 200: ZPublicContractPage } },
});

type FundingContractRoutesType = typeof fundingContractRoutes;

declare module '../contract.js' {
  interface Api extends FundingContractRoutesType {}
}

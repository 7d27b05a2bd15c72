import { z } from 'zod';
import { text } from '../contract.js';

/*
 * The public notice of a call's results (项目公示, F6): the approved projects, an objection period in
 * working days counted from the day after publication, objections from anyone, and the centre's
 * answers. The results are fixed only once the period is over and every objection is answered.
 */

export const DEFAULT_OBJECTION_DAYS = 5;
export const OBJECTION_DECISIONS = ['upheld', 'dismissed'] as const;
export type ObjectionDecision = (typeof OBJECTION_DECISIONS)[number];

/** One approved project as published: no person, only the organisation, the project and the amount. */
export const ZNoticeEntry = z.object({
  applicationId: z.string(),
  organizationName: z.string(),
  title: z.string(),
  amountFen: z.number(),
});
export type TNoticeEntry = z.infer<typeof ZNoticeEntry>;

export const NOTICE_STATES = ['objection_period', 'awaiting_answers', 'fixed'] as const;

export const ZPublishNoticeBody = z.object({
  objectionDays: z.number().int().min(1).max(30).default(DEFAULT_OBJECTION_DAYS),
});

export const ZPublicNotice = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  regionCode: z.string(),
  publishedOn: z.string(),
  objectionDays: z.number(),
  /** The last day an objection is taken (China date). */
  endsOn: z.string(),
  /** objection_period: objections taken; awaiting_answers: period over, answers pending; fixed. */
  state: z.enum(NOTICE_STATES),
  entries: z.array(ZNoticeEntry.extend({ withdrawn: z.boolean() })),
});
export type TPublicNotice = z.infer<typeof ZPublicNotice>;

export const ZObjectionBody = z.object({
  name: text(100).min(1),
  /** A phone number or an e-mail address, so the centre can answer. */
  contact: text(100).min(3),
  objectionText: text(4000).min(1),
  /** The project objected to, when it is one of the notice's. */
  applicationId: z.uuid().optional(),
});
export type TObjectionBody = z.infer<typeof ZObjectionBody>;

export const ZObjectionLodged = z.object({ id: z.string(), lodgedAt: z.string(), endsOn: z.string() });

export const ZObjection = z.object({
  id: z.string(),
  applicationId: z.string().nullable(),
  applicationTitle: z.string().nullable(),
  name: z.string(),
  /** Masked (139****1111, z***@example.com): the list never shows it whole. */
  contact: z.string(),
  text: z.string(),
  lodgedAt: z.string(),
  decision: z.enum(OBJECTION_DECISIONS).nullable(),
  answer: z.string().nullable(),
  withdrewApproval: z.boolean(),
  answeredAt: z.string().nullable(),
});
export type TObjection = z.infer<typeof ZObjection>;

export const ZNoticeDetail = ZPublicNotice.extend({
  objections: z.array(ZObjection),
  fixedAt: z.string().nullable(),
});

export const ZAnswerObjectionBody = z
  .object({
    decision: z.enum(OBJECTION_DECISIONS),
    answer: text(4000).min(1),
    /** Only with `upheld`: the approval of the project objected to is withdrawn (it becomes not funded). */
    withdrawApproval: z.boolean().default(false),
  })
  .refine((b) => !b.withdrawApproval || b.decision === 'upheld', { path: ['withdrawApproval'], message: 'withdraw_needs_upheld' });
export type TAnswerObjectionBody = z.infer<typeof ZAnswerObjectionBody>;

/** GET /funding/notice/list — the notices in the staff's scope, newest first. */
export const ZNoticeListQuery = z.object({
  state: z.enum(NOTICE_STATES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TNoticeListQuery = z.infer<typeof ZNoticeListQuery>;

export const ZNoticeListItem = z.object({
  id: z.string(),
  callId: z.string(),
  callTitle: z.string(),
  regionCode: z.string(),
  publishedOn: z.string(),
  endsOn: z.string(),
  state: z.enum(NOTICE_STATES),
  projects: z.number(),
  objections: z.number(),
  unanswered: z.number(),
});

export const ZObjectionContact = z.object({ contact: z.string() });
export const ZCallIdParams = z.object({ callId: z.uuid() });

/** A contact as lists show it: a phone as 139****1111, an address as z***@example.com, anything else by its first character. */
export function maskContact(contact: string): string {
  const digits = contact.replace(/[\s-]/g, '');
  if (/^\+?\d{7,15}$/.test(digits)) return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
  const at = contact.indexOf('@');
  if (at > 0) return `${contact[0]}***${contact.slice(at)}`;
  return `${[...contact][0] ?? ''}***`;
}

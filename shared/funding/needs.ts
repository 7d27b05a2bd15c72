import { z } from 'zod';
import { optionalText, pageOf, text, ZRegionCode } from '../contract.js';
import { CALL_STATUSES, NEED_SOURCES, NEED_STATUSES } from './states.js';
import { PIPELINE_STEPS } from './pipeline.js';

/** POST /funding/needs — a need put into the pool (F1). */
export const ZNeedBody = z.object({
  /** Inside the submitter's reach; an organisation member, volunteer or unit: inside its own grant's region. */
  regionCode: ZRegionCode,
  source: z.enum(NEED_SOURCES),
  /** Who raised it as the submitter names it (a resident group, a community, 区体育局 …). */
  sourceName: optionalText(100),
  title: text(200).min(1),
  description: text(5000).min(1),
  beneficiaries: optionalText(500),
});
export type TNeedBody = z.infer<typeof ZNeedBody>;

export const NEED_SORTS = ['-createdAt', 'createdAt', 'title', 'status'] as const;

/** GET /funding/needs — staff see their region's pool; a submitter without region reach sees its own needs. */
export const ZNeedListQuery = z.object({
  /** Only this region's subtree (default: all the caller reaches). */
  region: ZRegionCode.optional(),
  q: text(100).optional(),
  status: z.enum(NEED_STATUSES).optional(),
  source: z.enum(NEED_SOURCES).optional(),
  topicId: z.string().uuid().optional(),
  sort: z.enum(NEED_SORTS).default('-createdAt'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TNeedListQuery = z.infer<typeof ZNeedListQuery>;
export const ZNeedExportQuery = ZNeedListQuery.omit({ page: true, pageSize: true });
export type TNeedExportQuery = z.infer<typeof ZNeedExportQuery>;

const ZRef = z.object({ id: z.string(), title: z.string() });

/** A call that funds the need's topic, as its submitter may see it (published or later; never a draft). */
export const ZNeedCall = z.object({ id: z.string(), title: z.string(), status: z.enum(CALL_STATUSES), step: z.enum(PIPELINE_STEPS), year: z.number() });

/** A need and what became of it: merged into which, in which topic, which calls fund that topic, closed and why. */
export const ZNeed = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  source: z.enum(NEED_SOURCES),
  sourceName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  beneficiaries: z.string().nullable(),
  status: z.enum(NEED_STATUSES),
  mergedInto: ZRef.nullable(),
  /** The topic it is in — for a merged need, the topic of the need kept. */
  topic: ZRef.nullable(),
  calls: z.array(ZNeedCall),
  closeReason: z.string().nullable(),
  /** Whether the caller submitted it. */
  mine: z.boolean(),
  createdAt: z.string(),
});
export type TNeed = z.infer<typeof ZNeed>;
export const ZNeedPage = pageOf(ZNeed);

/** POST /funding/needs/:id/merge — the need (a duplicate) is merged into `intoId`, the one kept. */
export const ZMergeNeedBody = z.object({ intoId: z.string().uuid(), reason: optionalText(500) });
export type TMergeNeedBody = z.infer<typeof ZMergeNeedBody>;

/** POST /funding/needs/:id/close — not taken up, with the reason its submitter will read. */
export const ZCloseNeedBody = z.object({ reason: text(500).min(1) });

/** POST /funding/topics — a topic curated from needs (需求梳理). */
export const ZTopicBody = z.object({
  regionCode: ZRegionCode,
  title: text(200).min(1),
  description: optionalText(5000),
  needIds: z.array(z.string().uuid()).max(500).default([]),
});
export type TTopicBody = z.infer<typeof ZTopicBody>;

/** POST /funding/topics/:id/needs — needs added to the topic. */
export const ZTopicNeedsBody = z.object({ needIds: z.array(z.string().uuid()).min(1).max(500) });
export const ZTopicNeedParams = z.object({ id: z.string().uuid(), needId: z.string().uuid() });

/** open: still taking needs and offered to new calls; closed: done with (its needs and calls stay). */
export const TOPIC_STATUSES = ['open', 'closed'] as const;

export const ZTopicListQuery = z.object({
  region: ZRegionCode.optional(),
  /** Only open or only closed topics (default: both, open first). */
  status: z.enum(TOPIC_STATUSES).optional(),
  q: text(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TTopicListQuery = z.infer<typeof ZTopicListQuery>;

/** PATCH /funding/topics/:id — rename, or reword its description (open or closed). */
export const ZUpdateTopicBody = z.object({ title: text(200).min(1), description: optionalText(5000) }).partial();
export type TUpdateTopicBody = z.infer<typeof ZUpdateTopicBody>;

/** POST /funding/topics/:id/close — no more needs, not offered to new calls; the reason is kept. */
export const ZCloseTopicBody = z.object({ reason: text(500).min(1) });

export const ZTopic = z.object({
  id: z.string(),
  regionCode: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(TOPIC_STATUSES),
  closeReason: z.string().nullable(),
  closedAt: z.string().nullable(),
  needs: z.array(ZRef),
  calls: z.array(ZNeedCall),
  createdAt: z.string(),
});
export type TTopic = z.infer<typeof ZTopic>;

/** One step of a need's way through the pool (core workflow history): who, when, why. */
export const ZNeedHistoryEntry = z.object({
  fromState: z.string().nullable(),
  toState: z.string(),
  action: z.string(),
  actorName: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});

/** GET /funding/needs/:id — the need with its workflow history. */
export const ZNeedDetail = ZNeed.extend({ history: z.array(ZNeedHistoryEntry) });
export type TNeedDetail = z.infer<typeof ZNeedDetail>;

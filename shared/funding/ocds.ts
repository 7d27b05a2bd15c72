import { z } from 'zod';
import { defineRoutes, ZRegionCode } from '../contract.js';

/*
 * The funding pipeline's open data: calls, awards and contracts as Open Contracting Data Standard
 * (OCDS 1.1.5) releases in a release package. The server builds them (server/src/modules/funding/
 * service/ocds.ts); these are the formats both sides agree on.
 */

export const OCDS_VERSION = '1.1';

/**
 * An amount in fen as OCDS writes it: a number of yuan with at most two decimals, made from the
 * integer's digits (yuan and fen as text, then parsed) so no binary fraction enters: 1_000_001 fen
 * is 10000.01, never 10000.009999…
 */
export function fenToYuan(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError('fen must be a safe integer');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return Number(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
}

/** An instant as ISO 8601 in China time with its offset: 2026-03-01T09:30:00+08:00. */
export function isoChina(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A China date's first and last second, with the offset (a contract's period is in dates). */
export const dayStart = (isoDate: string) => `${isoDate}T00:00:00+08:00`;
export const dayEnd = (isoDate: string) => `${isoDate}T23:59:59+08:00`;

export const ZOcdsQuery = z.object({
  /** Only the contracting processes (calls) of this region's subtree. */
  region: ZRegionCode.optional(),
  /** Calls per page, newest first; each call's releases come whole. */
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type TOcdsQuery = z.infer<typeof ZOcdsQuery>;

/** What the route promises; the releases are described by the OCDS schema (validated in the tests), kept whole here. */
export const ZReleasePackage = z.looseObject({
  uri: z.string(),
  version: z.literal(OCDS_VERSION),
  publishedDate: z.string(),
  publisher: z.looseObject({ name: z.string() }),
  releases: z.array(z.looseObject({ ocid: z.string(), id: z.string(), date: z.string(), tag: z.array(z.string()) })),
});
export type TReleasePackage = z.infer<typeof ZReleasePackage>;

export const fundingOcdsRoutes = defineRoutes({
  'GET /funding/public/ocds': { querystring: ZOcdsQuery, response: { 200: ZReleasePackage } },
});

type FundingOcdsRoutes = typeof fundingOcdsRoutes;

declare module '../contract.js' {
  interface Api extends FundingOcdsRoutes {}
}

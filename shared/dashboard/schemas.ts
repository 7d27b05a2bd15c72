import { z } from 'zod';
import { ZRegionCode } from '../contract.js';

export const ZSummaryQuery = z.object({ regionCode: ZRegionCode.optional() });

/**
 * A region's dashboard: the region, and one section per domain that contributes figures, keyed by
 * the domain's name; each section's shape is its domain's (e.g. shared/registry/dashboard.ts).
 */
export const ZSummary = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  sections: z.record(z.string(), z.unknown()),
});
export type TSummary = z.infer<typeof ZSummary>;

import { z } from 'zod';
import { ZRegionCode } from '../contract.js';

export const ZRegion = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  level: z.string(),
  /** Inside the caller's scope; the regions above it are listed too, to draw the tree. */
  inScope: z.boolean(),
});
export type TRegion = z.infer<typeof ZRegion>;

export const ZCreateRegionBody = z.object({
  /** 12-digit statistical division code. */
  code: z.string().trim().min(1),
  parentCode: ZRegionCode,
  name: z.string().trim().min(1).max(64),
});
export const ZRenameRegionBody = z.object({ name: z.string().trim().min(1).max(64) });
export const ZRegionCodeParams = z.object({ code: ZRegionCode });

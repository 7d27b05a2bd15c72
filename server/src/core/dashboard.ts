import type { z } from 'zod';
import type { Permission } from '../../../shared/permissions.js';
import type { Ctx } from './actor.js';

/** The region node a dashboard is about, with its direct children (for per-child breakdowns). */
export interface DashboardRegion {
  code: string;
  name: string;
  level: string;
  /** Its division-code prefix: records under it have region codes starting with this. */
  prefix: string;
  children: { code: string; name: string }[];
}

/**
 * A domain's section of a region's dashboard. The dashboard shows the section to a reader who
 * holds `permission` over the whole region; the section's figures come from the domain's own
 * tables and respect the reader's scope of each permission in `reads` (which, with `key`, make
 * the section's part of the cache key).
 */
export interface DashboardContribution {
  permission: Permission;
  reads: readonly Permission[];
  /** The section's shape, from shared/<domain>/: what is sent is parsed through it. */
  schema: z.ZodType;
  /** What else the figures depend on besides scope, language and region (a month shown, say). */
  key?: () => unknown;
  load(ctx: Ctx, region: DashboardRegion): Promise<unknown>;
}

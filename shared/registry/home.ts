import { z } from 'zod';

/*
 * The registry's cards on the home page (server/src/modules/registry/registry.home.ts), each drawn by
 * the registry feature of the web app (web/src/features/registry/home/).
 */

const ZLink = z.string();

/** Centre worker: filings of its region waiting for a decision. */
const ZFilingsToReview = z.object({ kind: z.literal('filingsToReview'), count: z.number(), link: ZLink });

/** Centre worker: filed teams of its region with no "六个一" report for the last complete month. */
const ZOverdueReports = z.object({
  kind: z.literal('overdueReports'),
  month: z.string(),
  count: z.number(),
  /** Filed teams in the region, for "3 of 40". */
  teams: z.number(),
  link: ZLink,
});

/** Official: a region's figures (a few of the dashboard's). */
const ZRegionFigures = z.object({
  kind: z.literal('regionFigures'),
  regionCode: z.string(),
  regionName: z.string(),
  organizations: z.number(),
  teams: z.number(),
  members: z.number(),
  filingQueue: z.number(),
  complianceMonth: z.string(),
  complianceRate: z.number(),
  link: ZLink,
});

/** Team member: whether this month's "六个一" report is in. */
const ZTeamReport = z.object({
  kind: z.literal('teamReport'),
  organizationId: z.string(),
  organizationName: z.string(),
  month: z.string(),
  submitted: z.boolean(),
  link: ZLink,
});

/** Team member: a team not filed yet (draft: to complete and submit; submitted: waiting for the centre). */
const ZTeamFiling = z.object({
  kind: z.literal('teamFiling'),
  organizationId: z.string(),
  organizationName: z.string(),
  status: z.enum(['draft', 'submitted']),
  link: ZLink,
});

/** Team member: filings the centre returned, with its reasons. */
const ZReturnedFilings = z.object({
  kind: z.literal('returnedFilings'),
  organizationId: z.string(),
  organizationName: z.string(),
  filings: z.array(z.object({ id: z.string(), kind: z.string(), reason: z.string().nullable() })),
  link: ZLink,
});

export const ZRegistryHomeCard = z.discriminatedUnion('kind', [ZFilingsToReview, ZOverdueReports, ZRegionFigures, ZTeamReport, ZTeamFiling, ZReturnedFilings]);
export type TRegistryHomeCard = z.infer<typeof ZRegistryHomeCard>;

declare module '../home/schemas.js' {
  interface HomeCardRegistry {
    registry: TRegistryHomeCard;
  }
}

import { z } from 'zod';

const ZKeyCount = z.object({ key: z.string(), count: z.number() });
const ZNamedCount = ZKeyCount.extend({ name: z.string() });
export type TNamedCount = z.infer<typeof ZNamedCount>;

/** The registry's section of a region's dashboard (server/src/modules/registry/registry.dashboard.ts). */
export const ZRegistryDashboard = z.object({
  totals: z.object({
    organizations: z.number(),
    /** Filed grassroots teams. */
    teams: z.number(),
    /** Grassroots teams in any live status, filed or not. */
    teamsAll: z.number(),
    /** Members of filed teams (the seeds' "参加活动总人数"). */
    members: z.number(),
    /** Of them, aged 60 and over. */
    seniors: z.number(),
    filingQueue: z.number(),
  }),
  byLegalForm: z.array(ZKeyCount),
  byCategory: z.array(ZNamedCount),
  teamsByCategory: z.array(ZNamedCount),
  byStatus: z.array(ZKeyCount),
  compliance: z.object({ month: z.string(), teams: z.number(), reported: z.number(), compliant: z.number(), rate: z.number() }),
  /** One row per child region, plus one (direct: true) for records at the region itself. */
  children: z.array(z.object({ regionCode: z.string(), name: z.string(), direct: z.boolean(), organizations: z.number(), teams: z.number() })),
});
export type TRegistryDashboard = z.infer<typeof ZRegistryDashboard>;

import { z } from 'zod';
import { ZServed } from './overview.js';
import { ACTIVITY_TYPES, VOLUNTEER_STATUSES } from './states.js';

/** The volunteers section of a region's dashboard (server/src/modules/volunteers/volunteers.dashboard.ts): this year's figures, from the summaries. */
export const ZVolunteerDashboard = z.object({
  year: z.number(),
  registered: z.number(),
  byStatus: z.array(z.object({ status: z.enum(VOLUNTEER_STATUSES), count: z.number() })),
  active: z.number(),
  served: ZServed,
  workingDays: z.number(),
  byType: z.array(ZServed.extend({ activityType: z.enum(ACTIVITY_TYPES) })),
});
export type TVolunteerDashboard = z.infer<typeof ZVolunteerDashboard>;

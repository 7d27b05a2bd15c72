/**
 * Activities and shifts for tests, written straight to the tables (no audit): a shift may start
 * in the past here (the API refuses that), which the attendance tests need.
 */
import type { ActivityStatus, ActivityType } from '../../../../shared/volunteers/states.js';
import type { Db } from '../../db/client.js';
import { newQrSecret } from './service/shift-qr.js';
import { volunteerActivities, volunteerShifts } from './volunteers.tables.js';

let serial = 0;

/** A published activity of `regionCode` owned by its centre (override anything). */
export async function makeActivity(
  db: Db,
  regionCode: string,
  overrides: Partial<Omit<typeof volunteerActivities.$inferInsert, 'status' | 'type'>> & { status?: ActivityStatus; type?: ActivityType } = {},
) {
  const [row] = await db
    .insert(volunteerActivities)
    .values({ regionCode, title: `测试志愿活动${++serial}`, type: 'elderly', place: '社区活动室', status: 'published', ...overrides })
    .returning();
  return row;
}

/** A shift of the activity: by default from an hour from now, two hours long, 5 places. */
export async function makeShift(
  db: Db,
  activity: { id: string; regionCode: string },
  overrides: { startsAt?: Date; endsAt?: Date; quota?: number; status?: 'open' | 'cancelled' } = {},
) {
  const startsAt = overrides.startsAt ?? new Date(Date.now() + 3600_000);
  const endsAt = overrides.endsAt ?? new Date(startsAt.getTime() + 2 * 3600_000);
  const [row] = await db
    .insert(volunteerShifts)
    .values({ activityId: activity.id, regionCode: activity.regionCode, startsAt, endsAt, quota: overrides.quota ?? 5, status: overrides.status ?? 'open', qrSecret: newQrSecret() })
    .returning();
  return row;
}

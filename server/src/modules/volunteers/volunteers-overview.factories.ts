/** Hours written straight to the ledger for the overview tests (certificates, statistics, home cards); the hours part's triggers keep the summaries. */
import type { ActivityType } from '../../../../shared/volunteers/states.js';
import type { Db } from '../../db/client.js';
import { volunteerHourDecisions, volunteerHourEntries } from './volunteers.tables.js';

/** An approved manual entry. */
export async function approvedEntry(
  db: Db,
  v: { id: string; regionCode: string },
  at: string,
  minutes: number,
  more: { organizationId?: string | null; activityType?: ActivityType; regionCode?: string } = {},
) {
  const startsAt = new Date(at);
  const [entry] = await db
    .insert(volunteerHourEntries)
    .values({
      volunteerId: v.id,
      regionCode: more.regionCode ?? v.regionCode,
      kind: 'manual',
      activityType: more.activityType ?? 'elderly',
      organizationId: more.organizationId ?? null,
      startsAt,
      endsAt: new Date(startsAt.getTime() + minutes * 60_000),
      minutes,
      reason: '补录',
    })
    .returning();
  await db.insert(volunteerHourDecisions).values({ entryId: entry.id, decision: 'approved' });
  return entry;
}

/** The reversal of an approved entry (never decided: it takes effect when written). */
export async function reversal(db: Db, entry: typeof volunteerHourEntries.$inferSelect) {
  const [row] = await db
    .insert(volunteerHourEntries)
    .values({
      volunteerId: entry.volunteerId,
      regionCode: entry.regionCode,
      kind: 'reversal',
      activityType: entry.activityType,
      organizationId: entry.organizationId,
      startsAt: entry.startsAt,
      endsAt: entry.endsAt,
      minutes: -entry.minutes,
      reversesId: entry.id,
      reason: '误录更正',
    })
    .returning();
  return row;
}

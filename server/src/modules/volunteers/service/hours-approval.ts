import { and, eq } from 'drizzle-orm';
import type { THourDecisionBody } from '../../../../../shared/volunteers/hours.js';
import type { Ctx } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { dbErrorFacts, UNIQUE_VIOLATION } from '../../../core/db-errors.js';
import { mutate } from '../../../core/write-unit.js';
import { AppError, notFound } from '../../../errors.js';
import { volunteerHourDecisions, volunteerHourEntries } from '../volunteers.tables.js';
import { ownedEntryScope } from './hours-access.js';
import { refuseOwnHours } from './hours-ledger.js';

/**
 * The owner's decision on an entry (volunteers.hours.approve): an organisation for its own
 * activities, the centre of the region for activities no organisation owns. Once (the decision's
 * primary key settles racing approvals); an approval counts the hours (trigger: totals, stars,
 * roll-up, active months), a rejection gives the period back. Never on one's own hours.
 */
export async function decideEntry(ctx: Ctx, id: string, body: THourDecisionBody) {
  return mutate(ctx, async (w) => {
    const [e] = await w.db
      .select()
      .from(volunteerHourEntries)
      .where(and(eq(volunteerHourEntries.id, id), ownedEntryScope(w.actor)));
    if (!e) throw notFound('volunteer_hour_entry');
    await refuseOwnHours(w, e.volunteerId);
    if (e.kind === 'reversal') throw new AppError('volunteer_hours_decided');
    try {
      await w.db.transaction((sp) =>
        sp.insert(volunteerHourDecisions).values({ entryId: e.id, decision: body.decision, reason: body.reason, decidedBy: w.actor.id || null }),
      );
    } catch (error) {
      const facts = dbErrorFacts(error);
      if (facts?.code === UNIQUE_VIOLATION && facts.constraint === 'volunteer_hour_decisions_pkey') throw new AppError('volunteer_hours_decided');
      throw error;
    }
    await writeAudit(w, {
      action: 'volunteers.hours.decide',
      entityType: 'volunteers.hour_entry',
      entityId: e.id,
      regionCode: e.regionCode,
      before: { state: 'pending' },
      after: { state: body.decision, reason: body.reason, minutes: e.minutes },
    });
    return e.id;
  });
}

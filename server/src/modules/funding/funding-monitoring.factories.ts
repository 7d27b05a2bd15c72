/** Test data of monitoring and evaluation (test code: nothing the server imports). */
import { expect } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { addDays } from '../../../../shared/funding/monitoring.js';
import type { Agent } from '../../../test/build-app.js';
import type { Db } from '../../db/client.js';
import { makeApprovedApplication } from './funding-contracts.factories.js';

/**
 * A contract signed through the API by `staff` (30/40/30: signing, mid-term, final evaluation), its
 * term starting `daysAgo` days before today (China date) and running 300 days, so its first reports
 * are past due and its last ones still to come. With `frequency`, its report schedule is set too.
 */
export async function makeSignedContract(
  db: Db,
  staff: Agent,
  opts: { callRegion: string; organization: { id: string; regionCode: string }; amountFen?: number; daysAgo?: number; frequency?: 'monthly' | 'quarterly' },
) {
  const made = await makeApprovedApplication(db, { callRegion: opts.callRegion, organization: opts.organization, amountFen: opts.amountFen });
  const startsOn = addDays(todayInChina(), -(opts.daysAgo ?? 130));
  const draft = await staff.post('/api/funding/contracts', { applicationId: made.application.id, startsOn, endsOn: addDays(startsOn, 300) });
  expect(draft.status, draft.body).toBe(200);
  const signed = await staff.post(`/api/funding/contracts/${draft.json().id}/sign`);
  expect(signed.status, signed.body).toBe(200);
  if (opts.frequency) {
    const res = await staff.put(`/api/funding/contracts/${draft.json().id}/report-schedule`, { frequency: opts.frequency });
    expect(res.status, res.body).toBe(200);
  }
  return { ...made, contract: signed.json() as { id: string; title: string; amountFen: number; tranches: { id: string; releasedBy: string; status: string; amountFen: number }[] } };
}

/** Assigns a reviewer account to a contract as its monitor or evaluator, through the API. */
export async function assign(staff: Agent, contractId: string, userId: string, role: 'monitor' | 'evaluator') {
  const res = await staff.post(`/api/funding/contracts/${contractId}/assignees`, { userId, role });
  expect(res.status, res.body).toBe(200);
}

import { VOLUNTEER_STATUSES } from '../../../../../shared/volunteers/states.js';
import { defineWorkflow } from '../../../core/workflow.js';
import type { volunteers } from '../volunteers.tables.js';

export const VOLUNTEER_WORKFLOW = 'volunteers.volunteer';

/**
 * A volunteer record's way: a self-registration waits for the centre's confirmation; staff suspend
 * and reactivate with a reason; anyone may leave (the record and its number stay).
 */
export const volunteerWorkflow = defineWorkflow({
  name: VOLUNTEER_WORKFLOW,
  states: VOLUNTEER_STATUSES,
  transitions: [
    { action: 'confirm', from: ['pending'], to: 'active', permission: 'volunteers.manage' },
    { action: 'suspend', from: ['active'], to: 'suspended', permission: 'volunteers.manage', commentRequired: true },
    { action: 'reactivate', from: ['suspended', 'left'], to: 'active', permission: 'volunteers.manage', commentRequired: true },
    { action: 'leave', from: ['pending', 'active', 'suspended'], to: 'left', permission: 'volunteers.manage', commentRequired: true },
  ],
});
export type VolunteerAction = (typeof volunteerWorkflow.transitions)[number]['action'];

export type VolunteerRow = typeof volunteers.$inferSelect;

/** The audit record of a volunteer: the ID number redacted and the phone masked by the event's declaration. */
export function volunteerAuditOf(v: VolunteerRow) {
  return {
    id: v.id,
    number: v.number,
    userId: v.userId,
    regionCode: v.regionCode,
    name: v.name,
    idNumber: v.idNumber,
    phone: v.phone,
    gender: v.gender,
    skills: v.skills,
    availability: v.availability,
    status: v.status,
    source: v.source,
    confirmedBy: v.confirmedBy,
    confirmedAt: v.confirmedAt?.toISOString() ?? null,
  };
}

export const volunteerEntityName = (v: { name: string; number: string }) => `${v.name}（${v.number}）`;

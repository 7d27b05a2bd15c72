import { z } from 'zod';
import { ACTIVITY_TYPES, SIGNUP_STATUSES, VOLUNTEER_STATUSES } from './states.js';

/*
 * The volunteers domain's cards on the home page (server/src/modules/volunteers/volunteers.home.ts).
 * Hours travel as whole minutes.
 */

/** A volunteer's own card: its hours and star, the hours to the next star, its coming shifts; `pending` asks it to wait for the centre. */
const ZVolunteerSelf = z.object({
  kind: z.literal('volunteerSelf'),
  volunteerId: z.string(),
  number: z.string(),
  status: z.enum(VOLUNTEER_STATUSES),
  /** The record still waits for the centre's confirmation (it cannot sign up before). */
  pending: z.boolean(),
  /** Where to ask: the name of the volunteer's street (its centre). */
  regionName: z.string(),
  approvedMinutes: z.number(),
  approvedEntries: z.number(),
  stars: z.number(),
  thresholdHours: z.array(z.number()),
  /** Hours still needed for the next star; null at five stars. */
  nextStarHours: z.number().nullable(),
  shifts: z.array(
    z.object({
      shiftId: z.string(),
      activityId: z.string(),
      activityTitle: z.string(),
      activityType: z.enum(ACTIVITY_TYPES),
      place: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      signupStatus: z.enum(SIGNUP_STATUSES),
    }),
  ),
  link: z.string(),
});

/** A team leader: its teams' shifts of the next 14 days that still have places to fill. */
const ZTeamShiftsToFill = z.object({
  kind: z.literal('volunteerTeamShifts'),
  teams: z.array(z.object({ teamId: z.string(), name: z.string() })),
  /** All such shifts; the list shows the nearest few. */
  count: z.number(),
  shifts: z.array(
    z.object({
      shiftId: z.string(),
      activityId: z.string(),
      activityTitle: z.string(),
      teamName: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      quota: z.number(),
      filled: z.number(),
    }),
  ),
  link: z.string(),
});

export const VOLUNTEER_STAFF_TODOS = ['registrations', 'hours', 'shifts'] as const;
export type VolunteerStaffTodo = (typeof VOLUNTEER_STAFF_TODOS)[number];

/** Centre staff: registrations to confirm, hours waiting for its approval, shifts of the next 7 days short of volunteers. */
const ZVolunteerStaffTodos = z.object({
  kind: z.literal('volunteerStaffTodos'),
  items: z.array(z.object({ key: z.enum(VOLUNTEER_STAFF_TODOS), count: z.number(), link: z.string() })),
});

export const ZVolunteerHomeCard = z.discriminatedUnion('kind', [ZVolunteerSelf, ZTeamShiftsToFill, ZVolunteerStaffTodos]);
export type TVolunteerHomeCard = z.infer<typeof ZVolunteerHomeCard>;

declare module '../home/schemas.js' {
  interface HomeCardRegistry {
    volunteers: TVolunteerHomeCard;
  }
}

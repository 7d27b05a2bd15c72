import { sql } from 'drizzle-orm';
import { outsideReach, values } from '../../../test/matrix/reach.js';
import type { MatrixFragment, Outsiders } from '../../../test/matrix/types.js';
import { recordHours } from './service/hours-ledger.js';
import { makeVolunteer } from './volunteers.factories.js';
import { approveBySql, asSystem, makeActivity } from './volunteers-hours.factories.js';

/*
 * The hours part's routes in the refusal matrix (server/test/access-matrix.test.ts). A's records: a
 * volunteer of A's street, an activity no organisation owns (the centre approves its hours), a
 * pending entry and an approved one. Reviewers hold no volunteers permission at all.
 */

type Key = 'volunteer' | 'activity' | 'pending' | 'approved';
const ids = {} as Record<Key, string>;
const HOUR = 3_600_000;
const BASE = new Date('2025-01-06T00:00:00Z').getTime();

/** A's record: B's holders and the sibling organisation do not find it. */
const HIDDEN: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };
/** Lists: each answers with its own reach, which holds nothing of A's. */
const LIST: Outsiders = { region: 'ownOnly', sibling: 'ownOnly', unassigned: 'forbidden' };
/** Staff and officials' work: members and reviewers hold no such permission. */
const MANAGE: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };

export const hoursMatrix: MatrixFragment = {
  async setup(w) {
    const db = w.t.db;
    const volunteer = await makeVolunteer(db, w.A.street);
    const activity = await makeActivity(db, w.A.street);
    ids.volunteer = volunteer.id;
    ids.activity = activity.id;
    const entry = (day: number) =>
      asSystem(db, (u) =>
        recordHours(u, { volunteerId: volunteer.id, kind: 'manual', activityId: activity.id, startsAt: new Date(BASE + day * 24 * HOUR), endsAt: new Date(BASE + day * 24 * HOUR + 2 * HOUR), reason: '补录', actorId: '' }),
      );
    ids.pending = (await entry(0)).entry!.id;
    ids.approved = (await entry(1)).entry!.id;
    await approveBySql(db, ids.approved);
  },

  async hidden(w, o) {
    const outside = outsideReach(o, { region: 'region_code', organization: 'organization_id' });
    return values(w, sql`select id::text as value from volunteer_hour_entries where ${outside} union all select volunteer_id::text from volunteer_hour_entries where ${outside}`);
  },

  routes: {
    'GET /api/volunteers/hours': { permission: 'volunteers.read', outsiders: LIST, req: () => ({ method: 'GET', url: '/api/volunteers/hours' }) },
    'GET /api/volunteers/hours/export': {
      permission: 'volunteers.read',
      outsiders: { region: 'empty', sibling: 'empty', unassigned: 'forbidden' },
      req: () => ({ method: 'GET', url: '/api/volunteers/hours/export' }),
    },
    'GET /api/volunteers/hours/pending': { permission: 'volunteers.hours.approve', outsiders: LIST, req: () => ({ method: 'GET', url: '/api/volunteers/hours/pending' }) },
    'POST /api/volunteers/hours': {
      permission: 'volunteers.hours.enter',
      // The body names A's activity: outside the caller's reach it reads as unknown (400 naming activityId).
      outsiders: { region: 'refused', sibling: 'refused', unassigned: 'forbidden' },
      req: (w) => {
        const startsAt = BASE + (10 + w.uniq()) * 24 * HOUR;
        return {
          method: 'POST',
          url: '/api/volunteers/hours',
          body: { volunteerId: ids.volunteer, activityId: ids.activity, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + HOUR).toISOString(), reason: '签退设备故障' },
        };
      },
    },
    'GET /api/volunteers/hours/:id': { permission: 'volunteers.read', outsiders: HIDDEN, req: () => ({ method: 'GET', url: `/api/volunteers/hours/${ids.pending}` }) },
    'POST /api/volunteers/hours/:id/decision': {
      permission: 'volunteers.hours.approve',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/hours/${ids.pending}/decision`, body: { decision: 'approved' } }),
    },
    'POST /api/volunteers/hours/:id/reverse': {
      permission: 'volunteers.hours.approve',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/hours/${ids.approved}/reverse`, body: { reason: '录入有误' } }),
    },
    'GET /api/volunteers/:id/totals': { permission: 'volunteers.read', outsiders: HIDDEN, req: () => ({ method: 'GET', url: `/api/volunteers/${ids.volunteer}/totals` }) },
    'GET /api/volunteers/:id/honours': { permission: 'volunteers.read', outsiders: HIDDEN, req: () => ({ method: 'GET', url: `/api/volunteers/${ids.volunteer}/honours` }) },
    'POST /api/volunteers/:id/honours': {
      permission: 'volunteers.stars.manage',
      outsiders: MANAGE,
      req: () => ({ method: 'POST', url: `/api/volunteers/${ids.volunteer}/honours`, body: { kind: 'honour', title: '优秀志愿者', awardedOn: '2025-12-05' } }),
    },
    'GET /api/volunteers/star-settings/:code': {
      permission: 'volunteers.statistics.read',
      outsiders: MANAGE,
      req: (w) => ({ method: 'GET', url: `/api/volunteers/star-settings/${w.A.district}` }),
    },
    'PUT /api/volunteers/star-settings/:code': {
      permission: 'volunteers.stars.manage',
      outsiders: MANAGE,
      req: (w) => ({ method: 'PUT', url: `/api/volunteers/star-settings/${w.A.street2}`, body: { thresholdHours: [100, 300, 600, 1000, 1500], source: '本街道沿用国家标准' } }),
    },
    'GET /api/volunteers/rankings/volunteers': {
      permission: 'volunteers.statistics.read',
      outsiders: MANAGE,
      req: (w) => ({ method: 'GET', url: `/api/volunteers/rankings/volunteers?regionCode=${w.A.district}` }),
    },
    'GET /api/volunteers/rankings/teams': {
      permission: 'volunteers.statistics.read',
      outsiders: MANAGE,
      req: (w) => ({ method: 'GET', url: `/api/volunteers/rankings/teams?regionCode=${w.A.district}` }),
    },
  },
};

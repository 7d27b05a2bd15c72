import { defineMatrix, type MatrixFragment, type Outsiders } from '../../../test/matrix/types.js';
import type { MatrixWorld } from '../../../test/matrix/world.js';
import { minuteOf, shiftCode } from './service/shift-qr.js';
import { makeActivity, makeShift } from './volunteers-shifts.factories.js';
import { makeVolunteer, volunteerRecordOf } from './volunteers.factories.js';
import { volunteerSignups } from './volunteers.tables.js';

/*
 * The shifts part's routes in the refusal matrix (server/test/access-matrix.test.ts). Records are
 * written straight to the tables in A's street; each state-changing route gets a record of its own,
 * so the one allowed request at the end still finds it in the state it needs.
 */

type Key =
  | 'read'
  | 'patch'
  | 'publish'
  | 'close'
  | 'cancel'
  | 'addShift'
  | 'signupShift'
  | 'patchShift'
  | 'cancelShift'
  | 'scanShift'
  | 'cancelSignup'
  | 'checkIn'
  | 'checkOut'
  | 'noShow';
const ids = {} as Record<Key, string>;
let scanSecret = '';
const hiddenValues: string[] = [];

/** A's records: absent for B's readers and for the sibling organisation; the reviewer holds no such permission. */
const HIDDEN: Outsiders = { region: 'notFound', sibling: 'notFound', unassigned: 'forbidden' };
const LIST: Outsiders = { region: 'empty', sibling: 'empty', unassigned: 'forbidden' };
/** The volunteer's own routes: B's volunteer does not find A's shift or sign-up; no other role signs up. */
const VOLUNTEER: Outsiders = { region: 'notFound', sibling: 'forbidden', unassigned: 'forbidden' };

const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR);

export const shiftsMatrix: MatrixFragment = defineMatrix({
  async setup(w: MatrixWorld) {
    const db = w.t.db;
    const me = await volunteerRecordOf(db, w.users.volunteer.id, w.A.street);
    // B's volunteer has a record too, so its refusals are about A's shift, not about being unregistered.
    const volunteerOfB = w.outsiders.region.find((o) => o.role === 'volunteer');
    if (volunteerOfB) await volunteerRecordOf(db, volunteerOfB.userId, w.B.street);

    const activity = async (status: 'draft' | 'published', title: string) => {
      const row = await makeActivity(db, w.A.street, { status, title: `矩阵活动：${title}` });
      hiddenValues.push(row.id, row.title);
      return row;
    };
    const shiftOf = async (a: { id: string; regionCode: string }, startsAt: Date, endsAt?: Date) => {
      const row = await makeShift(db, a, { startsAt, endsAt });
      hiddenValues.push(row.id);
      return row;
    };
    const signup = async (shift: { id: string; regionCode: string; startsAt: Date }, volunteerId: string, status: 'confirmed' | 'checked_in') => {
      const [row] = await db
        .insert(volunteerSignups)
        .values({ shiftId: shift.id, volunteerId, regionCode: shift.regionCode, status, ...(status === 'checked_in' ? { checkedInAt: shift.startsAt, checkInMethod: 'staff' } : {}) })
        .returning();
      hiddenValues.push(row.id);
      return row.id;
    };

    const published = await activity('published', '助老探访');
    ids.read = published.id;
    ids.signupShift = (await shiftOf(published, at(48))).id;
    ids.cancelSignup = await signup(await shiftOf(published, at(72)), me.id, 'confirmed');
    const started = await shiftOf(published, at(-10 / 60), at(12));
    ids.scanShift = started.id;
    scanSecret = started.qrSecret;
    await signup(started, me.id, 'confirmed');
    ids.checkIn = await signup(started, (await makeVolunteer(db, w.A.street)).id, 'confirmed');
    ids.checkOut = await signup(started, (await makeVolunteer(db, w.A.street)).id, 'checked_in');
    ids.noShow = await signup(started, (await makeVolunteer(db, w.A.street)).id, 'confirmed');
    ids.cancelShift = (await shiftOf(published, at(96))).id;

    ids.patch = (await activity('draft', '修改')).id;
    const toPublish = await activity('draft', '发布');
    await shiftOf(toPublish, at(120));
    ids.publish = toPublish.id;
    ids.close = (await activity('published', '结束报名')).id;
    ids.cancel = (await activity('published', '取消')).id;
    const draft = await activity('draft', '班次');
    ids.addShift = draft.id;
    ids.patchShift = (await shiftOf(draft, at(144))).id;
  },
  async hidden() {
    return hiddenValues;
  },
  routes: {
    'GET /api/volunteers/activities': { permission: 'volunteers.read', outsiders: LIST, req: () => ({ method: 'GET', url: '/api/volunteers/activities' }) },
    'GET /api/volunteers/activities/export': {
      permission: 'volunteers.read',
      outsiders: LIST,
      req: () => ({ method: 'GET', url: '/api/volunteers/activities/export' }),
    },
    'POST /api/volunteers/activities': {
      permission: 'volunteers.activity.manage',
      // B's staff and A's sibling name an organisation they cannot reach: 400 on ownerOrganizationId.
      outsiders: { region: 'refused', sibling: 'refused', unassigned: 'forbidden' },
      req: (w) => ({ method: 'POST', url: '/api/volunteers/activities', body: { title: '矩阵新活动', type: 'elderly', place: '活动室', ownerOrganizationId: w.team.id } }),
    },
    'GET /api/volunteers/activities/:id': { permission: 'volunteers.read', outsiders: HIDDEN, req: () => ({ method: 'GET', url: `/api/volunteers/activities/${ids.read}` }) },
    'PATCH /api/volunteers/activities/:id': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'PATCH', url: `/api/volunteers/activities/${ids.patch}`, body: { place: '新地点' } }),
    },
    'POST /api/volunteers/activities/:id/publish': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/activities/${ids.publish}/publish` }),
    },
    'POST /api/volunteers/activities/:id/close': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/activities/${ids.close}/close` }),
    },
    'POST /api/volunteers/activities/:id/cancel': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/activities/${ids.cancel}/cancel`, body: { reason: '矩阵取消' } }),
    },
    'POST /api/volunteers/activities/:id/shifts': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/activities/${ids.addShift}/shifts`, body: { startsAt: at(200).toISOString(), endsAt: at(202).toISOString(), quota: 3 } }),
    },
    'GET /api/volunteers/shifts/:id': { permission: 'volunteers.read', outsiders: HIDDEN, req: () => ({ method: 'GET', url: `/api/volunteers/shifts/${ids.signupShift}` }) },
    'PATCH /api/volunteers/shifts/:id': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'PATCH', url: `/api/volunteers/shifts/${ids.patchShift}`, body: { quota: 7 } }),
    },
    'POST /api/volunteers/shifts/:id/cancel': {
      permission: 'volunteers.activity.manage',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/shifts/${ids.cancelShift}/cancel`, body: { reason: '矩阵取消' } }),
    },
    'GET /api/volunteers/open-shifts': { permission: 'volunteers.read', outsiders: LIST, req: () => ({ method: 'GET', url: '/api/volunteers/open-shifts' }) },
    'GET /api/volunteers/my/signups': {
      permission: 'volunteers.signup',
      // B's volunteer reads its own list (nothing of A's to reach); no other role signs up.
      outsiders: { region: 'own', sibling: 'forbidden', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.volunteer,
      req: () => ({ method: 'GET', url: '/api/volunteers/my/signups' }),
    },
    // A team leader's own lists: B's volunteer reads its own (empty: it leads nothing); no other role signs up.
    'GET /api/volunteers/my/led-teams': {
      permission: 'volunteers.signup',
      outsiders: { region: 'own', sibling: 'forbidden', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.volunteer,
      req: () => ({ method: 'GET', url: '/api/volunteers/my/led-teams' }),
    },
    'GET /api/volunteers/my/led-activities': {
      permission: 'volunteers.signup',
      outsiders: { region: 'own', sibling: 'forbidden', unassigned: 'forbidden' },
      allowedAs: (w) => w.agents.volunteer,
      req: () => ({ method: 'GET', url: '/api/volunteers/my/led-activities' }),
    },
    'POST /api/volunteers/shifts/:id/signup': {
      permission: 'volunteers.signup',
      outsiders: VOLUNTEER,
      allowedAs: (w) => w.agents.volunteer,
      req: () => ({ method: 'POST', url: `/api/volunteers/shifts/${ids.signupShift}/signup` }),
    },
    'POST /api/volunteers/signups/:id/cancel': {
      permission: 'volunteers.signup',
      outsiders: VOLUNTEER,
      allowedAs: (w) => w.agents.volunteer,
      req: () => ({ method: 'POST', url: `/api/volunteers/signups/${ids.cancelSignup}/cancel` }),
    },
    'POST /api/volunteers/shifts/:id/scan': {
      permission: 'volunteers.signup',
      outsiders: VOLUNTEER,
      allowedAs: (w) => w.agents.volunteer,
      // The code of the minute the request is built in: the matrix runs for minutes.
      req: () => ({ method: 'POST', url: `/api/volunteers/shifts/${ids.scanShift}/scan`, body: { code: shiftCode(scanSecret, ids.scanShift, minuteOf(new Date())) } }),
    },
    'GET /api/volunteers/shifts/:id/qr': {
      permission: 'volunteers.attendance.record',
      outsiders: HIDDEN,
      req: () => ({ method: 'GET', url: `/api/volunteers/shifts/${ids.scanShift}/qr` }),
    },
    'GET /api/volunteers/shifts/:id/signups': {
      permission: 'volunteers.attendance.record',
      outsiders: HIDDEN,
      req: () => ({ method: 'GET', url: `/api/volunteers/shifts/${ids.scanShift}/signups` }),
    },
    'POST /api/volunteers/signups/:id/check-in': {
      permission: 'volunteers.attendance.record',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/signups/${ids.checkIn}/check-in`, body: {} }),
    },
    'POST /api/volunteers/signups/:id/check-out': {
      permission: 'volunteers.attendance.record',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/signups/${ids.checkOut}/check-out`, body: {} }),
    },
    'POST /api/volunteers/signups/:id/no-show': {
      permission: 'volunteers.attendance.record',
      outsiders: HIDDEN,
      req: () => ({ method: 'POST', url: `/api/volunteers/signups/${ids.noShow}/no-show` }),
    },
  },
});

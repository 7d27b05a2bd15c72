/**
 * The volunteers demo (issue 10): 长寿路街道 as seed 003 tells it — 1,825 residents registered as
 * volunteers (义工) in 52 teams, social workers leading some of them (社工引领义工), and the charity
 * supermarket's year 2006: 1,320 person-times and 3,960 hours (= 495 working days of 8 hours). Then
 * the service of 2025–2026 up to the demo day, the coming weeks' shifts with places open and a
 * waiting list, hours waiting for approval, one rejected and one reversed, and veterans whose paper
 * records were typed in, up to five stars.
 *
 * Everything is written through the ledger's own tables as the hours service writes them (entry,
 * claim, decision, reversal), so the database's triggers keep the totals, star levels and the
 * statistics' roll-up: nothing here states a total. Minutes come from the ledger's rounding rule
 * (hours-rounding.ts); no volunteer's counted hours ever overlap (the claims' exclusion constraint
 * would refuse them). Rows are built in memory and inserted in bulk.
 */
import { todayInChina } from '../../../../shared/dates.js';
import { idCheckDigit } from '../../../../shared/validators.js';
import { NATIONAL_STAR_THRESHOLD_HOURS, starLevel } from '../../../../shared/volunteers/states.js';
import { workflowHistory } from '../../core/core.tables.js';
import { pinyinSortKey } from '../../core/pinyin-key.js';
import { clipToShift, countedMinutes } from '../../modules/volunteers/service/hours-rounding.js';
import { ACTIVITY_WORKFLOW } from '../../modules/volunteers/service/activities.js';
import { VOLUNTEER_WORKFLOW } from '../../modules/volunteers/service/volunteer-state.js';
import {
  volunteerActivities,
  volunteerHonours,
  volunteerHourClaims,
  volunteerHourDecisions,
  volunteerHourEntries,
  volunteerNumberCounters,
  volunteers,
  volunteerShifts,
  volunteerSignups,
  volunteerTeamMembers,
  volunteerTeams,
} from '../../modules/volunteers/volunteers.tables.js';
import type { DbOrTx } from '../client.js';
import { DEMO_NOW, DEMO_TODAY, type OrgInsert } from './builder.js';
import { mobilePhone, personName, type Gender } from './names.js';
import { chunks, splitExact, type Rng } from './prng.js';
import { CHANGSHOU, communitiesOf } from './regions.js';
import {
  AVAILABILITY,
  BACKFILL,
  CURRENT_ACTIVITIES,
  HONOURS,
  PLACES,
  REJECTION_REASON,
  REVERSAL_REASON,
  SKILLS,
  STAR_TITLES,
  SUPERMARKET_2006,
  TEAMS,
  type ActivityText,
} from './volunteers-texts.js';

/** Seed 003's figures, as the demo reproduces them. */
export const CHANGSHOU_VOLUNTEERS = {
  volunteers: 1825,
  teams: TEAMS.length,
  supermarket2006: { personTimes: 1320, hours: 3960, workingDays: 495 },
  /** Self-registrations waiting for the centre's confirmation. */
  pending: 14,
} as const;
/** Demo accounts the volunteers data names (users.ts). */
export const VOLUNTEER_ACCOUNTS = { volunteer: 'zyz.li', centre: 'zx.changshou' } as const;
/** zyz.li's own record: two stars (300–600 hours). */
export const ZYZ_LI = { name: '李建华', stars: 2 } as const;

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];
type VolunteerRow = Insert<typeof volunteers> & { id: string; createdAt: Date; confirmedAt: Date | null; birthDate: string };
type ShiftRow = Insert<typeof volunteerShifts> & { id: string; startsAt: Date; endsAt: Date };
type SignupRow = Insert<typeof volunteerSignups> & { id: string };
type EntryRow = Insert<typeof volunteerHourEntries> & { id: string; startsAt: Date; endsAt: Date; minutes: number };
type DecisionRow = Insert<typeof volunteerHourDecisions> & { decidedAt: Date };
type ActivityRow = Insert<typeof volunteerActivities> & { id: string; type: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** ISO weekday (1 = Monday … 7 = Sunday) of a date. */
const weekdayOf = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const minutesLater = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/** Stars wanted for a few veterans (besides zyz.li): how many, and the hours aimed at. */
const STAR_PLAN: { count: number; hours: [number, number] }[] = [
  { count: 1, hours: [1510, 1600] },
  { count: 2, hours: [1010, 1150] },
  { count: 3, hours: [610, 760] },
  { count: 5, hours: [310, 450] },
  { count: 10, hours: [110, 240] },
];
const ZYZ_LI_HOURS = 336;

export interface VolunteersSeedInput {
  rng: Rng;
  orgs: readonly OrgInsert[];
  userIds: ReadonlyMap<string, string>;
  displayNames: ReadonlyMap<string, string>;
  /** The clock the coming weeks are counted from (never before the demo day). */
  now?: Date;
}

/** A GB 11643 ID number of 普陀区 (310107) born on `birthDate`, unique among `taken`. */
function putuoIdNumber(rng: Rng, birthDate: string, gender: Gender, taken: Set<string>): string {
  for (;;) {
    const seq = rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
    const first17 = `310107${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const id = first17 + idCheckDigit(first17);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Each volunteer's counted periods, so no two entries of one volunteer ever overlap. */
class Timetable {
  private readonly periods = new Map<string, [number, number][]>();

  free(volunteerId: string, startsAt: Date, endsAt: Date): boolean {
    const s = startsAt.getTime();
    const e = endsAt.getTime();
    return !(this.periods.get(volunteerId) ?? []).some(([a, b]) => a < e && s < b);
  }

  take(volunteerId: string, startsAt: Date, endsAt: Date) {
    const list = this.periods.get(volunteerId) ?? [];
    list.push([startsAt.getTime(), endsAt.getTime()]);
    this.periods.set(volunteerId, list);
  }
}

export async function seedVolunteers(tx: DbOrTx, input: VolunteersSeedInput): Promise<void> {
  const { rng, userIds } = input;
  const user = (name: string) => {
    const id = userIds.get(name);
    if (!id) throw new Error(`demo seed: account ${name} missing`);
    return id;
  };
  const centre = user(VOLUNTEER_ACCOUNTS.centre);
  const centreName = input.displayNames.get(VOLUNTEER_ACCOUNTS.centre) ?? VOLUNTEER_ACCOUNTS.centre;
  const orgId = (name: string) => {
    const org = input.orgs.find((o) => o.name === name && o.regionCode.startsWith('310107015'));
    if (!org?.id) throw new Error(`demo seed: organisation ${name} missing in 长寿路`);
    return org.id;
  };
  const communities = communitiesOf(CHANGSHOU);
  const cutoff = DEMO_NOW.getTime();

  // ---- Volunteers (V1): 1,825, mostly retirees, registered since the centre opened (2003).
  const taken = new Set<string>();
  const people: VolunteerRow[] = [];
  for (let i = 0; i < CHANGSHOU_VOLUNTEERS.volunteers; i++) {
    const isLi = i === 0;
    const pending = i >= CHANGSHOU_VOLUNTEERS.volunteers - CHANGSHOU_VOLUNTEERS.pending;
    const gender: Gender = isLi ? 'male' : rng.chance(0.62) ? 'female' : 'male';
    const band = rng.next();
    const birthDate = isLi ? '1958-04-17' : band < 0.55 ? rng.date('1940-01-01', '1962-12-31') : band < 0.85 ? rng.date('1963-01-01', '1985-12-31') : rng.date('1986-01-01', '2005-12-31');
    const adult = `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
    // The first registered (2003–2005) include the supermarket's 2006 volunteers; pending ones registered in the last weeks.
    const earliest = adult > '2003-01-01' ? adult : '2003-01-01';
    const registeredOn = isLi
      ? '2004-03-15'
      : pending
        ? addDays(DEMO_TODAY, -rng.int(1, 20))
        : i < 420 && earliest < '2005-06-30'
          ? rng.date(earliest, '2005-06-30')
          : rng.date(earliest > '2005-07-01' ? earliest : '2005-07-01', addDays(DEMO_TODAY, -30));
    const createdAt = at(registeredOn, `${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
    const name = isLi ? ZYZ_LI.name : personName(rng, gender);
    const skills = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(SKILLS)))];
    const availability = [...new Set(Array.from({ length: rng.int(2, 4) }, () => rng.pick(AVAILABILITY)))];
    const confirmedAt = pending ? null : new Date(createdAt.getTime() + rng.int(1, 6) * DAY);
    const phone = mobilePhone(rng);
    // The phone registration page came with the platform; earlier volunteers were registered by the centre (zyz.li too, its account linked later).
    const source = pending || (!isLi && registeredOn >= '2021-01-01' && rng.chance(0.5)) ? 'self' : 'staff';
    people.push({
      id: rng.uuid(),
      number: '',
      userId: isLi ? user(VOLUNTEER_ACCOUNTS.volunteer) : null,
      // The registration page asks for a street; staff file a volunteer under its community.
      regionCode: source === 'self' ? CHANGSHOU : rng.pick(communities).code,
      name,
      nameSort: pinyinSortKey(name),
      idNumber: putuoIdNumber(rng, birthDate, gender, taken),
      birthDate,
      gender,
      phone,
      phoneTail: phone.slice(-4),
      skills,
      availability,
      status: pending ? 'pending' : 'active',
      source,
      confirmedBy: pending ? null : centre,
      confirmedAt,
      createdBy: source === 'self' ? null : centre,
      createdAt,
      updatedAt: confirmedAt ?? createdAt,
    });
  }
  // Numbers in order of registration, as numbering.ts hands them out: 310107015-000001 …
  const street = CHANGSHOU.slice(0, 9);
  [...people]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .forEach((p, i) => (p.number = `${street}-${String(i + 1).padStart(6, '0')}`));
  const li = people[0];
  // Each record's 办理记录 as the registry writes it: registered (pending when by the person itself), then confirmed.
  const history: Insert<typeof workflowHistory>[] = [];
  for (const p of people) {
    const self = p.source === 'self';
    const step = { workflow: VOLUNTEER_WORKFLOW, entityId: p.id, regionCode: p.regionCode, comment: null };
    history.push({ ...step, fromState: null, toState: self ? 'pending' : 'active', action: 'create', actorId: self ? p.userId : centre, actorName: self ? p.name : centreName, at: p.createdAt });
    if (self && p.confirmedAt) history.push({ ...step, fromState: 'pending', toState: 'active', action: 'confirm', actorId: centre, actorName: centreName, at: p.confirmedAt });
  }
  const active = people.filter((p) => p.status === 'active');
  /** In service by then: confirmed, and in the team (joined within 30 days of confirmation, below). */
  const joinable = (p: VolunteerRow, on: Date) => p.confirmedAt !== null && p.confirmedAt.getTime() + 31 * DAY < on.getTime();

  // ---- Teams (52) with leaders and members; every active volunteer is in at least one.
  const teamRows: (Insert<typeof volunteerTeams> & { id: string; createdAt: Date })[] = [];
  const members: Insert<typeof volunteerTeamMembers>[] = [];
  const membersOf = new Map<string, VolunteerRow[]>();
  const teamByName = new Map<string, string>();
  const veteransFirst = [...active].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const unplaced = rng.shuffle(active.filter((p) => p !== li));
  for (const t of TEAMS) {
    const id = rng.uuid();
    const createdAt = at(t.name === '长寿社区义工服务总站' || t.name === '慈善超市志愿服务队' ? '2003-06-01' : rng.date('2003-06-01', '2012-12-31'), '10:00');
    teamRows.push({
      id,
      regionCode: CHANGSHOU,
      name: t.name,
      description: t.description,
      organizationId: t.organization ? orgId(t.organization) : null,
      socialWorkerId: t.socialWorker ? centre : null,
      createdBy: centre,
      createdAt,
      updatedAt: createdAt,
    });
    teamByName.set(t.name, id);
    // The supermarket's team holds the early registrants who served there in 2006.
    const pool = t.name === '慈善超市志愿服务队' ? veteransFirst.filter((p) => p !== li && p.createdAt < at('2005-07-01', '00:00') && p.birthDate <= '1985-12-31') : null;
    const chosen: VolunteerRow[] = [];
    if (t.name === '长寿社区义工服务总站' || t.name === '助老服务队') chosen.push(li);
    if (pool) chosen.push(...pool.slice(0, t.size));
    while (chosen.length < t.size && unplaced.length) chosen.push(unplaced.pop()!);
    while (chosen.length < t.size) {
      const p = rng.pick(active);
      if (!chosen.includes(p)) chosen.push(p);
    }
    membersOf.set(id, chosen);
  }
  // Whoever is still without a team joins the 分队 of their community (self-registered ones, of any).
  for (const p of unplaced) {
    const community = communities.find((c) => c.code === p.regionCode) ?? rng.pick(communities);
    const id = teamByName.get(`${community.name}社区义工分队`)!;
    membersOf.get(id)!.push(p);
  }
  for (const team of teamRows) {
    const list = membersOf.get(team.id)!;
    // zyz.li also leads 助老服务队 (its home shows the team's shifts to fill), beside that team's own leader.
    const leaders = team.name === '长寿社区义工服务总站' ? 2 : 1 + (list.length > 40 ? 1 : 0);
    list.forEach((p, i) => {
      const joinedAt = new Date(Math.max(team.createdAt.getTime(), p.confirmedAt!.getTime()) + rng.int(1, 30) * DAY);
      members.push({ teamId: team.id, volunteerId: p.id, role: (i < leaders && p !== li) || (p === li && team.name === '助老服务队') ? 'leader' : 'member', joinedAt: new Date(Math.min(joinedAt.getTime(), cutoff - DAY)) });
    });
  }

  // ---- The ledger, built as the services build it.
  const activities: ActivityRow[] = [];
  const shifts: ShiftRow[] = [];
  const signups: SignupRow[] = [];
  const entries: EntryRow[] = [];
  const decisions: DecisionRow[] = [];
  const reversals: EntryRow[] = [];
  const timetable = new Timetable();
  const qrSecret = () => rng.uuid().replaceAll('-', '') + rng.uuid().replaceAll('-', '');

  const newActivity = (a: Omit<ActivityRow, 'id'>) => {
    const row = { ...a, id: rng.uuid() } as ActivityRow;
    activities.push(row);
    return row;
  };
  const newShift = (activity: ActivityRow, startsAt: Date, endsAt: Date, quota: number) => {
    const row: ShiftRow = { id: rng.uuid(), activityId: activity.id, regionCode: activity.regionCode, startsAt, endsAt, quota, status: 'open', qrSecret: qrSecret(), createdBy: centre, createdAt: new Date(startsAt.getTime() - rng.int(7, 20) * DAY) };
    shifts.push(row);
    return row;
  };
  /** An attendance: the sign-up checked in and out, its entry and claim (as recordHours writes them), approved unless `decide` says otherwise. */
  const attend = (activity: ActivityRow, shift: ShiftRow, p: VolunteerRow, method: 'staff' | 'qr', decide: 'approved' | 'rejected' | 'pending') => {
    const checkedInAt = minutesLater(shift.startsAt, -rng.int(0, 12));
    const checkedOutAt = minutesLater(shift.endsAt, rng.int(0, 12));
    const signup: SignupRow = {
      id: rng.uuid(), shiftId: shift.id, volunteerId: p.id, regionCode: shift.regionCode, status: 'checked_out',
      queuedAt: new Date(shift.startsAt.getTime() - rng.int(2, 6) * DAY), checkedInAt, checkedInBy: method === 'staff' ? centre : p.userId, checkInMethod: method,
      checkedOutAt, checkedOutBy: method === 'staff' ? centre : p.userId, checkOutMethod: method, updatedAt: checkedOutAt,
    };
    signups.push(signup);
    const period = clipToShift({ startsAt: checkedInAt, endsAt: checkedOutAt }, shift)!;
    const entry: EntryRow = {
      id: rng.uuid(), volunteerId: p.id, regionCode: activity.regionCode, kind: 'shift', activityId: activity.id, shiftId: shift.id, signupId: signup.id,
      activityType: activity.type, organizationId: activity.ownerOrganizationId ?? null, startsAt: period.startsAt, endsAt: period.endsAt,
      minutes: countedMinutes(period), createdBy: method === 'staff' ? centre : p.userId, createdAt: checkedOutAt,
    };
    entries.push(entry);
    timetable.take(p.id, entry.startsAt, entry.endsAt);
    if (decide !== 'pending') {
      const decidedAt = new Date(checkedOutAt.getTime() + rng.int(2, 48) * HOUR);
      decisions.push({ entryId: entry.id, decision: decide, reason: decide === 'rejected' ? REJECTION_REASON : null, decidedBy: centre, decidedAt });
    }
    return entry;
  };
  const pickFree = (pool: VolunteerRow[], n: number, startsAt: Date, endsAt: Date) => {
    const out: VolunteerRow[] = [];
    for (let tries = 0; out.length < n && tries < n * 20; tries++) {
      const p = rng.pick(pool);
      if (!out.includes(p) && joinable(p, startsAt) && timetable.free(p.id, startsAt, endsAt)) out.push(p);
    }
    return out;
  };

  // ---- 2006 at the charity supermarket [003]: Tuesdays, Thursdays and Saturdays, two 3-hour shifts a day.
  const supermarketId = orgId('长寿社区慈善超市');
  const supermarketTeam = teamByName.get('慈善超市志愿服务队')!;
  const supermarket2006 = newActivity({
    regionCode: CHANGSHOU, ownerOrganizationId: supermarketId, teamId: supermarketTeam, title: SUPERMARKET_2006.title, type: 'charity_supermarket',
    description: SUPERMARKET_2006.description, place: PLACES.supermarket, skillsWanted: ['收银理货', '物资搬运'], status: 'closed', createdBy: centre,
    createdAt: at('2005-12-20', '10:00'), updatedAt: at('2007-01-05', '10:00'),
  });
  const days2006: string[] = [];
  for (let d = '2006-01-01'; d <= '2006-12-31'; d = addDays(d, 1)) if ([2, 4, 6].includes(weekdayOf(d))) days2006.push(d);
  const slots2006 = days2006.flatMap((d) => [[at(d, '09:00'), at(d, '12:00')], [at(d, '13:30'), at(d, '16:30')]] as const);
  const perShift = splitExact(rng, CHANGSHOU_VOLUNTEERS.supermarket2006.personTimes, slots2006.length, 3, 6);
  const supermarketPool = membersOf.get(supermarketTeam)!;
  slots2006.forEach(([startsAt, endsAt], i) => {
    const shift = newShift(supermarket2006, startsAt, endsAt, 6);
    const crew = pickFree(supermarketPool, perShift[i], startsAt, endsAt);
    if (crew.length !== perShift[i]) throw new Error(`demo seed: ${perShift[i]} volunteers wanted on ${startsAt.toISOString()}`);
    for (const p of crew) attend(supermarket2006, shift, p, 'staff', 'approved');
  });

  // ---- 2025–2026: the activities running now, every week or two up to the demo day.
  const current = CURRENT_ACTIVITIES.map((a: ActivityText) => {
    const created = at(rng.date('2024-11-20', '2024-12-20'), '10:00');
    return {
      text: a,
      row: newActivity({
        regionCode: CHANGSHOU, ownerOrganizationId: a.owner ? orgId(a.owner) : null, teamId: teamByName.get(a.team)!, title: a.title, type: a.type,
        description: a.description, place: a.place, skillsWanted: a.skills, status: 'published', createdBy: centre, createdAt: created, updatedAt: created,
      }),
    };
  });
  const pendingFrom = cutoff - 8 * DAY;
  const pastShifts: { activity: ActivityRow; text: ActivityText; shift: ShiftRow }[] = [];
  for (const { text, row } of current) {
    let week = 0;
    for (let d = '2025-01-01'; d < DEMO_TODAY; d = addDays(d, 1)) {
      if (weekdayOf(d) !== text.weekday) continue;
      if (week++ % text.every !== 0) continue;
      const startsAt = at(d, text.from);
      const endsAt = at(d, text.to);
      if (endsAt.getTime() > cutoff) continue;
      pastShifts.push({ activity: row, text, shift: newShift(row, startsAt, endsAt, text.quota) });
    }
  }
  pastShifts.sort((a, b) => a.shift.startsAt.getTime() - b.shift.startsAt.getTime());
  // zyz.li serves the Wednesday visits to old people most weeks.
  const liActivity = current.find((c) => c.text.title === '独居老人上门探访')!.row;
  for (const { activity, text, shift } of pastShifts) {
    const pool = membersOf.get(activity.teamId!)!;
    // Past shifts were seldom full: the quota is what the coming weeks fill.
    const wanted = rng.int(Math.max(1, text.quota - 3), text.quota - 1);
    const crew = pickFree(pool.filter((p) => p !== li), wanted, shift.startsAt, shift.endsAt);
    if (activity === liActivity && rng.chance(0.8) && timetable.free(li.id, shift.startsAt, shift.endsAt)) crew[0] = li;
    const recent = shift.endsAt.getTime() > pendingFrom;
    for (const p of crew) {
      // A few did not come: the sign-up is recorded, no hours.
      if (p !== li && rng.chance(0.03)) {
        signups.push({ id: rng.uuid(), shiftId: shift.id, volunteerId: p.id, regionCode: shift.regionCode, status: 'no_show', queuedAt: new Date(shift.startsAt.getTime() - 3 * DAY), updatedAt: shift.endsAt });
        continue;
      }
      attend(activity, shift, p, rng.chance(0.8) ? 'qr' : 'staff', recent ? 'pending' : 'approved');
    }
  }
  // One rejected check-out and one approved entry reversed later, with the reason.
  const approvedIds = new Set(decisions.filter((d) => d.decision === 'approved').map((d) => d.entryId));
  const approvedNow = entries.filter((e) => e.kind === 'shift' && e.activityId !== supermarket2006.id && approvedIds.has(e.id));
  const toReverse = approvedNow[Math.floor(approvedNow.length * 0.6)];
  const reversedDecision = decisions.find((d) => d.entryId === toReverse.id)!;
  const reversalAt = new Date(reversedDecision.decidedAt.getTime() + 5 * DAY);
  reversals.push({
    id: rng.uuid(), volunteerId: toReverse.volunteerId, regionCode: toReverse.regionCode, kind: 'reversal', activityId: toReverse.activityId, shiftId: toReverse.shiftId,
    signupId: null, activityType: toReverse.activityType, organizationId: toReverse.organizationId, startsAt: toReverse.startsAt, endsAt: toReverse.endsAt,
    minutes: -toReverse.minutes, reason: REVERSAL_REASON, reversesId: toReverse.id, createdBy: centre, createdAt: reversalAt,
  });
  const rejectedShift = pastShifts.find((s) => s.activity.type === 'safety' && s.shift.startsAt > at('2026-06-01', '00:00'))!;
  const rejectCandidates = membersOf.get(rejectedShift.activity.teamId!)!.filter((p) => p !== li && joinable(p, rejectedShift.shift.startsAt) && timetable.free(p.id, rejectedShift.shift.startsAt, rejectedShift.shift.endsAt));
  attend(rejectedShift.activity, rejectedShift.shift, rejectCandidates[0], 'staff', 'rejected');

  // ---- Veterans: their paper records of 2007–2024 typed in as manual entries, one day of 8 hours at a time.
  const backfill = newActivity({
    regionCode: CHANGSHOU, ownerOrganizationId: null, teamId: teamByName.get('长寿社区义工服务总站')!, title: BACKFILL.title, type: 'other',
    description: BACKFILL.description, place: PLACES.centre, skillsWanted: [], status: 'closed', createdBy: centre, createdAt: at('2024-12-02', '10:00'), updatedAt: at('2024-12-02', '10:00'),
  });
  const approvedMinutes = new Map<string, number>();
  const reversedIds = new Set(reversals.map((r) => r.reversesId));
  for (const e of entries) {
    if (!approvedIds.has(e.id) || reversedIds.has(e.id)) continue;
    approvedMinutes.set(e.volunteerId, (approvedMinutes.get(e.volunteerId) ?? 0) + e.minutes);
  }
  const veterans = rng.shuffle(active.filter((p) => p !== li && p.createdAt < at('2006-06-30', '00:00')));
  const targets: [VolunteerRow, number][] = [[li, ZYZ_LI_HOURS]];
  let v = 0;
  for (const plan of STAR_PLAN) for (let k = 0; k < plan.count; k++) targets.push([veterans[v++], rng.int(plan.hours[0], plan.hours[1])]);
  const typedIn = at('2024-12-10', '10:00');
  for (const [p, hours] of targets) {
    let left = hours * 60 - (approvedMinutes.get(p.id) ?? 0);
    const from = Math.max(2007, Number(todayInChina(p.confirmedAt!).slice(0, 4)) + 1);
    const daysWanted = Math.ceil(left / 480);
    const days = new Set<string>();
    while (days.size < daysWanted) days.add(rng.date(`${from}-01-01`, '2024-11-30'));
    for (const d of [...days].sort()) {
      if (left <= 0) break;
      const minutes = Math.min(480, left);
      const startsAt = at(d, '09:00');
      const endsAt = minutesLater(startsAt, minutes);
      const entry: EntryRow = {
        id: rng.uuid(), volunteerId: p.id, regionCode: CHANGSHOU, kind: 'manual', activityId: backfill.id, shiftId: null, signupId: null, activityType: 'other',
        organizationId: null, startsAt, endsAt, minutes: countedMinutes({ startsAt, endsAt }), reason: BACKFILL.reason(Number(d.slice(0, 4))), createdBy: centre, createdAt: typedIn,
      };
      entries.push(entry);
      timetable.take(p.id, startsAt, endsAt);
      decisions.push({ entryId: entry.id, decision: 'approved', reason: null, decidedBy: centre, decidedAt: new Date(typedIn.getTime() + rng.int(1, 5) * DAY) });
      left -= entry.minutes;
    }
  }

  // ---- The coming four weeks: places open, one shift full with a waiting list, zyz.li confirmed on a visit.
  const clock = Math.max(cutoff, (input.now ?? new Date()).getTime());
  const base = todayInChina(new Date(clock));
  let waitingListDone = false;
  let liBooked = false;
  for (const { text, row } of current) {
    const pool = membersOf.get(row.teamId!)!.filter((p) => p.confirmedAt && p !== li);
    for (let d = addDays(base, 1), week = 0; d <= addDays(base, 28); d = addDays(d, 1)) {
      if (weekdayOf(d) !== text.weekday || week++ % text.every !== 0) continue;
      const startsAt = at(d, text.from);
      const shift = newShift(row, startsAt, at(d, text.to), text.quota);
      shift.createdAt = new Date(Math.min((shift.createdAt as Date).getTime(), clock));
      const full = !waitingListDone && text.quota >= 5;
      const forLi = row === liActivity && !liBooked;
      const confirmed = full ? text.quota : rng.int(forLi ? 1 : 0, text.quota - 1);
      const queue = rng.shuffle([...pool]).slice(0, confirmed + (full ? 2 : 0));
      if (forLi) {
        queue[0] = li;
        liBooked = true;
      }
      queue.forEach((p, i) => {
        const queuedAt = new Date(Math.min(startsAt.getTime() - DAY, (shift.createdAt as Date).getTime() + (i + 1) * HOUR));
        signups.push({ id: rng.uuid(), shiftId: shift.id, volunteerId: p.id, regionCode: shift.regionCode, status: i < confirmed ? 'confirmed' : 'waiting', queuedAt, updatedAt: queuedAt });
      });
      if (full) waitingListDone = true;
    }
  }

  // ---- Honours: a star award each time a volunteer's approved hours crossed a threshold; the street's and the district's honours for the five-star ones.
  const honours: Insert<typeof volunteerHonours>[] = [];
  const decidedOn = new Map(decisions.filter((d) => d.decision === 'approved' && !reversedIds.has(d.entryId)).map((d) => [d.entryId, d.decidedAt]));
  const served = new Map<string, { minutes: number; at: Date }[]>();
  for (const e of entries) {
    const when = decidedOn.get(e.id);
    if (!when) continue;
    const list = served.get(e.volunteerId) ?? [];
    list.push({ minutes: e.minutes, at: when });
    served.set(e.volunteerId, list);
  }
  for (const [volunteerId, list] of served) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    let total = 0;
    let stars = 0;
    for (const s of list) {
      total += s.minutes;
      const reached = starLevel(total, NATIONAL_STAR_THRESHOLD_HOURS);
      for (; stars < reached; stars++) {
        const awardedOn = todayInChina(s.at);
        honours.push({
          id: rng.uuid(), volunteerId, regionCode: CHANGSHOU, kind: 'star_award', title: STAR_TITLES[stars], awardedOn, awardedBy: '长寿路街道社区民间组织服务中心',
          details: { stars: stars + 1, approvedMinutes: total, thresholdHours: NATIONAL_STAR_THRESHOLD_HOURS }, createdBy: null, createdAt: s.at,
        });
      }
    }
    if (stars === 5) {
      for (const h of HONOURS) {
        const awardedOn = rng.date('2019-01-01', '2024-12-31');
        honours.push({ id: rng.uuid(), volunteerId, regionCode: CHANGSHOU, kind: 'honour', title: h.title, awardedOn, awardedBy: h.awardedBy, details: null, createdBy: centre, createdAt: at(awardedOn, '10:00') });
      }
    }
  }

  // ---- Write: volunteers, teams, then the ledger in the order the services write it.
  const insert = async (table: any, rows: any[], size = 500) => {
    for (const part of chunks(rows, size)) await tx.insert(table).values(part);
  };
  // Each activity's history as the centre made it: created, published within the hour, closed when it ended.
  for (const a of activities) {
    const created = a.createdAt as Date;
    const step = { workflow: ACTIVITY_WORKFLOW, entityId: a.id, regionCode: a.regionCode, comment: null, actorId: centre, actorName: centreName };
    history.push({ ...step, fromState: null, toState: 'draft', action: 'create', at: created });
    history.push({ ...step, fromState: 'draft', toState: 'published', action: 'publish', at: new Date(created.getTime() + 3_600_000) });
    if (a.status === 'closed') history.push({ ...step, fromState: 'published', toState: 'closed', action: 'close', at: new Date(Math.max((a.updatedAt as Date).getTime(), created.getTime() + 7_200_000)) });
  }
  await insert(volunteers, people);
  await insert(workflowHistory, history, 1000);
  await insert(volunteerNumberCounters, [{ regionCode: CHANGSHOU, last: people.length }]);
  await insert(volunteerTeams, teamRows);
  await insert(volunteerTeamMembers, members, 1000);
  await insert(volunteerActivities, activities);
  await insert(volunteerShifts, shifts, 1000);
  await insert(volunteerSignups, signups, 1000);
  await insert(volunteerHourEntries, entries, 1000);
  await insert(
    volunteerHourClaims,
    entries.map((e) => ({ entryId: e.id, volunteerId: e.volunteerId, startsAt: e.startsAt, endsAt: e.endsAt, releasedAt: null })),
    1000,
  );
  // Star awards first, dated when each was earned: the award trigger then finds them and adds none dated today.
  await insert(volunteerHonours, honours);
  // The triggers do the rest: totals, stars, roll-up, active months; a rejection or reversal releases its claim.
  await insert(volunteerHourDecisions, decisions, 1000);
  await insert(volunteerHourEntries, reversals);
}

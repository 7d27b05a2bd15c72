/**
 * Volunteer records for tests, written straight to the tables (no audit, no history): a volunteer
 * (with or without an account), a team with its members. Every part's tests start from these.
 */
import { eq } from 'drizzle-orm';
import { idCheckDigit } from '../../../../shared/validators.js';
import type { TeamRole, VolunteerSource, VolunteerStatus } from '../../../../shared/volunteers/states.js';
import type { Role } from '../../../../shared/roles.js';
import { withNameSort } from '../../core/pinyin-key.js';
import type { Db } from '../../db/client.js';
import { makeUser } from '../users/users.factories.js';
import { nextVolunteerNumber } from './service/numbering.js';
import { volunteerTeamMembers, volunteerTeams, volunteers } from './volunteers.tables.js';

let serial = 0;
const next = () => ++serial;

/** A valid 身份证号, unique within a test run (area 310107, the birth date given). */
export function makeVolunteerIdNumber(birth = '19900101', seq = next()) {
  const body = `310107${birth}${String(seq % 1000).padStart(3, '0')}`;
  // Different people born on one day still need different numbers past 1,000 calls.
  const area = `31${String(1000 + Math.floor(seq / 1000)).slice(-4)}`;
  const full = `${area}${body.slice(6)}`;
  return full + idCheckDigit(full);
}

/**
 * An active volunteer of `regionCode` (a street or a community) with a proper number, a valid ID
 * number and a mobile phone, registered by staff. Override anything, e.g.
 * `makeVolunteer(db, A.street, { status: 'pending', source: 'self' })`.
 */
export async function makeVolunteer(
  db: Db,
  regionCode: string,
  overrides: Partial<Omit<typeof volunteers.$inferInsert, 'status' | 'source'>> & {
    status?: VolunteerStatus;
    source?: VolunteerSource;
  } = {},
) {
  const n = next();
  const phone = overrides.phone === undefined ? `139${String(n).padStart(8, '0')}` : overrides.phone;
  const [row] = await db
    .insert(volunteers)
    .values(
      withNameSort({
        number: await nextVolunteerNumber(db, regionCode),
        regionCode,
        name: `志愿者${n}`,
        idNumber: makeVolunteerIdNumber('19900101', n),
        birthDate: '1990-01-01',
        gender: 'male',
        phone,
        phoneTail: phone ? phone.slice(-4) : null,
        skills: ['陪伴'],
        availability: ['sat_am'],
        status: 'active',
        source: 'staff',
        ...overrides,
      }),
    )
    .returning();
  return row;
}

/**
 * A volunteer with its own account: a user holding one `volunteer` grant in `regionCode` (sign in
 * with its username and PASSWORD) and the record it owns.
 */
export async function makeVolunteerWithAccount(
  db: Db,
  regionCode: string,
  overrides: Parameters<typeof makeVolunteer>[2] = {},
  extraGrants: { role: Role; regionCode: string; organizationId?: string | null }[] = [],
) {
  const user = await makeUser(db, [{ role: 'volunteer', regionCode }, ...extraGrants]);
  const volunteer = await makeVolunteer(db, regionCode, { userId: user.id, source: 'self', ...overrides });
  return { user, volunteer };
}

/** A team of `regionCode` with the given members (first argument's role defaults to `member`). */
export async function makeTeam(
  db: Db,
  regionCode: string,
  overrides: Partial<typeof volunteerTeams.$inferInsert> = {},
  members: { volunteerId: string; role?: TeamRole }[] = [],
) {
  const [team] = await db
    .insert(volunteerTeams)
    .values({ regionCode, name: `测试志愿队${next()}`, ...overrides })
    .returning();
  if (members.length) {
    await db.insert(volunteerTeamMembers).values(members.map((m) => ({ teamId: team.id, volunteerId: m.volunteerId, role: m.role ?? 'member' })));
  }
  return team;
}

/** Adds a volunteer to a team (role `member` unless said). */
export async function addTeamMember(db: Db, teamId: string, volunteerId: string, role: TeamRole = 'member') {
  const [row] = await db.insert(volunteerTeamMembers).values({ teamId, volunteerId, role }).returning();
  return row;
}

/**
 * The volunteer record an account owns, made when it has none: several parts' setups (the refusal
 * matrix's) give the same signed-in volunteer its record, and an account owns one at most.
 */
export async function volunteerRecordOf(db: Db, userId: string, regionCode: string, overrides: Parameters<typeof makeVolunteer>[2] = {}) {
  const [held] = await db.select().from(volunteers).where(eq(volunteers.userId, userId));
  return held ?? makeVolunteer(db, regionCode, { userId, source: 'self', ...overrides });
}

import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { regionLevel } from '../../../../../shared/regions.js';
import type { TFilingSnapshot } from '../../../../../shared/registry/filings.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError } from '../../../errors.js';
import { registryMembers, registryOrganizations as org } from '../registry.tables.js';

type OrgRow = typeof org.$inferSelect;
export type ThreeClearPart = 'members' | 'leader' | 'activityContent' | 'venue';

/** The roster as the 三清 reads it: how many are on it, and who among them is marked as leader. */
export interface RosterFacts {
  members: number;
  leaders: string[];
}

/** The team facts the 三清 rule reads (an organisation row, or one with a change applied). */
export interface TeamFacts {
  leaderName: string | null;
  activityContent: string | null;
  venue: string | null;
}

const blank = (v: string | null | undefined) => !v?.trim();

/**
 * The "三清" of a filed team (seed 003: 活动人员清、活动内容清、活动场地清), the one rule used at
 * submit, at approval of a first filing and of a change filing, and for a filed team's roster:
 * - who: at least one person on the roster, and someone in charge — a roster member marked leader,
 *   or the leader fields of the record (六个一: 有一人负责);
 * - what: the activity content;
 * - where: the venue.
 * Returns the missing parts, in this order; empty when the team is clear.
 */
export function threeClearMissing(team: TeamFacts, roster: RosterFacts): ThreeClearPart[] {
  const missing: ThreeClearPart[] = [];
  if (roster.members === 0) missing.push('members');
  if (blank(team.leaderName) && !roster.leaders.some((n) => !blank(n))) missing.push('leader');
  if (blank(team.activityContent)) missing.push('activityContent');
  if (blank(team.venue)) missing.push('venue');
  return missing;
}

async function rosterOf(db: DbOrTx, organizationId: string) {
  const m = registryMembers;
  return db
    .select({ id: m.id, name: m.name, role: m.role, gender: m.gender, idNumberHash: m.idNumberHash, phone: m.phone, isPartyMember: m.isPartyMember, joinedOn: m.joinedOn })
    .from(m)
    .where(eq(m.organizationId, organizationId))
    .orderBy(asc(m.id));
}

export async function rosterFacts(db: DbOrTx, organizationId: string): Promise<RosterFacts> {
  const rows = await db
    .select({ name: registryMembers.name, role: registryMembers.role })
    .from(registryMembers)
    .where(eq(registryMembers.organizationId, organizationId));
  return { members: rows.length, leaders: rows.filter((r) => r.role === 'leader').map((r) => r.name) };
}

/** Refuses a filing whose team (as it would be after the filing) is not 三清. */
export async function assertFilingThreeClear(db: DbOrTx, team: TeamFacts & { id: string }) {
  const missing = threeClearMissing(team, await rosterFacts(db, team.id));
  if (missing.length) throw new AppError('filing_incomplete', { missing });
}

/**
 * A filed team stays 三清 whatever is written to it (a roster edit, an official's correction):
 * read back inside the write's transaction, so a refusal rolls the write back.
 */
export async function assertFiledTeamStaysClear(db: DbOrTx, organizationId: string) {
  const [row] = await db.select().from(org).where(eq(org.id, organizationId));
  if (!row || row.status !== 'filed') return;
  const missing = threeClearMissing(row, await rosterFacts(db, organizationId));
  if (missing.length) throw new AppError('three_clear_required', { missing });
}

/**
 * Filing numbers are issued by the street that files the team (decision 0006): a team whose region
 * is a district or wider is not filed until it is placed in a street or community.
 */
export function filingRegionProblem(regionCode: string) {
  const level = regionLevel(regionCode);
  return level === 'street' || level === 'community' ? null : 'filing_needs_street';
}

export function assertFilingRegion(regionCode: string) {
  const problem = filingRegionProblem(regionCode);
  if (problem) throw new AppError('validation', {}, [{ field: 'regionCode', problem }]);
}

/** What a reviewer reviews: the team's filed facts and its roster as they were submitted (the contract's shape). */
export type FilingSnapshot = TFilingSnapshot;

/** The columns a change since submission is judged on: everything the filing records, not bookkeeping. */
const FILED_FACTS = [
  'name',
  'regionCode',
  'legalForm',
  'categoryId',
  'parentId',
  'foundedOn',
  'leaderName',
  'leaderPhone',
  'leaderIdNumberHash',
  'address',
  'activityContent',
  'venue',
  'businessScope',
] as const satisfies readonly (keyof OrgRow)[];

export async function takeSnapshot(db: DbOrTx, row: OrgRow): Promise<FilingSnapshot> {
  const roster = await rosterOf(db, row.id);
  const facts = Object.fromEntries(FILED_FACTS.map((k) => [k, row[k] ?? null]));
  const people = roster.map((m) => [m.id, m.name, m.role, m.gender, m.idNumberHash, m.phone, m.isPartyMember, m.joinedOn]);
  const digest = createHash('sha256').update(JSON.stringify([facts, people])).digest('hex');
  return {
    name: row.name,
    regionCode: row.regionCode,
    categoryId: row.categoryId,
    leaderName: row.leaderName,
    leaderPhone: row.leaderPhone,
    address: row.address,
    activityContent: row.activityContent,
    venue: row.venue,
    memberCount: roster.length,
    rosterLeaders: roster.filter((m) => m.role === 'leader').map((m) => m.name),
    digest,
  };
}

/** Whether the team differs from what was submitted; a filing submitted before snapshots were kept has none to compare. */
export async function changedSinceSubmitted(db: DbOrTx, row: OrgRow, snapshot: FilingSnapshot | undefined) {
  if (!snapshot?.digest) return false;
  return (await takeSnapshot(db, row)).digest !== snapshot.digest;
}

/**
 * The demo data obeys every rule the platform enforces (issue 8 rule 3): the seeded records are read
 * back and put through the platform's own checks — the API's contracts (Zod bodies), the service
 * validators (validateOrganization, checkMember, the 三清, the report dates, the filing-number
 * counter) and the standing rules of shared/registry/grades.ts — never a copy of them.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../../../shared/dates.js';
import { isFiledForm, type LegalForm } from '../../../../shared/registry.js';
import {
  gradeValidUntil,
  isGradedForm,
  isRatedForm,
  isStagedForm,
  ZSetGradeBody,
  ZSetStageBody,
  ZSetStarRatingBody,
} from '../../../../shared/registry/grades.js';
import { ZMemberBody } from '../../../../shared/registry/members.js';
import { ZCreateOrganizationBody } from '../../../../shared/registry/organizations.js';
import { ZReportBody } from '../../../../shared/registry/reports.js';
import type { Role } from '../../../../shared/roles.js';
import type { Actor } from '../../core/actor.js';
import { regions, userGrants, users } from '../../core/core.tables.js';
import {
  registryCategories,
  registryFilings,
  registryGradeAwards,
  registryMembers,
  registryMonthlyReports,
  registryMonthlyReportVersions,
  registryOrganizations,
  registryStageChanges,
  registryStarRatings,
} from '../../modules/registry/registry.tables.js';
import { checkMember, memberAgeColumns } from '../../modules/registry/service/members.js';
import { nextFilingNumber } from '../../modules/registry/service/filings.js';
import { checkReportDates, lastCompleteMonth } from '../../modules/registry/service/reports.js';
import { filingRegionProblem, threeClearMissing, type RosterFacts } from '../../modules/registry/service/three-clear.js';
import { validateOrganization, type OrganizationFacts } from '../../modules/registry/service/validate-organization.js';
import { buildTestApp, signIn, type TestApp } from '../../../test/build-app.js';
import { rowsOf, type Database } from '../client.js';
import { DEMO_NOW, DEMO_TODAY } from './builder.js';
import { DEMO_PASSWORD, seedDemo } from './index.js';
import { LUYANG_FIGURES } from './organizations.js';
import { BOZHOULU, LUYANG } from './regions.js';

type Org = typeof registryOrganizations.$inferSelect;
type Member = typeof registryMembers.$inferSelect;

let testApp: TestApp;
let database: Database;
let orgs: Org[];
let rosters: Map<string, Member[]>;
let admin: Actor;

/** Every failing record as "name: problem", so one run names them all. */
function failures<T>(rows: T[], check: (row: T) => string[], label: (row: T) => string): string[] {
  return rows.flatMap((r) => check(r).map((p) => `${label(r)}: ${p}`));
}
const zodProblems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')} ${i.message}`);

const rosterOf = (id: string): RosterFacts => {
  const members = rosters.get(id) ?? [];
  return { members: members.length, leaders: members.filter((m) => m.role === 'leader').map((m) => m.name) };
};

describe('the demo data obeys the platform rules', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // The real app over the seeded database: the same records answer the API checks at the end.
    testApp = await buildTestApp();
    database = testApp.database;
    await seedDemo(database.db);
    orgs = await database.db.select().from(registryOrganizations);
    rosters = new Map();
    for (const m of await database.db.select().from(registryMembers)) {
      rosters.set(m.organizationId, [...(rosters.get(m.organizationId) ?? []), m]);
    }
    const [user] = await database.db.select().from(users).where(eq(users.username, 'admin'));
    const grants = await database.db.select().from(userGrants).where(eq(userGrants.userId, user.id));
    admin = { id: user.id, username: user.username, displayName: user.displayName, grants: grants.map((g) => ({ ...g, role: g.role as Role })) };
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('every organisation passes the create contract and validateOrganization (credit codes, ID numbers, regions, parents)', async () => {
    const regionCodes = new Set((await database.db.select({ code: regions.code }).from(regions)).map((r) => r.code));
    const categories = new Map((await database.db.select().from(registryCategories)).map((c) => [c.id, { active: c.active }]));
    const holders = new Map<string, string[]>();
    for (const o of orgs) if (o.uscc) holders.set(o.uscc, [...(holders.get(o.uscc) ?? []), o.id]);
    // The facts validateOrganization reads, answered from memory (as an import's are): the rules stay the service's.
    const facts: OrganizationFacts = {
      regionExists: async (code) => regionCodes.has(code),
      usccTaken: async (uscc, selfId) => (holders.get(uscc) ?? []).some((id) => id !== selfId),
      category: async (id) => categories.get(id),
    };
    const problems: string[] = [];
    for (const o of orgs) {
      const body = {
        regionCode: o.regionCode,
        legalForm: o.legalForm,
        name: o.name,
        uscc: o.uscc,
        registrationLevel: o.registrationLevel,
        categoryId: o.categoryId,
        foundedOn: o.foundedOn,
        parentId: o.parentId,
        leaderName: o.leaderName,
        leaderPhone: o.leaderPhone,
        leaderIdNumber: o.leaderIdNumber,
        address: o.address,
        activityContent: o.activityContent,
        venue: o.venue,
        businessScope: o.businessScope,
      };
      problems.push(...zodProblems(ZCreateOrganizationBody.safeParse(body)).map((p) => `${o.name}: ${p}`));
      const outcome = await validateOrganization(
        database.db,
        admin,
        { ...body, legalForm: o.legalForm as LegalForm, usccOverrideReason: null },
        o.id,
        { checkRegionScope: true, previousCategoryId: o.categoryId, facts },
      );
      problems.push(...outcome.problems.map((p) => `${o.name}: ${p.field} ${p.problem}`));
      expect(outcome.usccOverridden).toBe(false);
    }
    expect(problems).toEqual([]);
    expect(orgs.length).toBeGreaterThan(1900);
  });

  it('every filed, submitted and registered record is 三清: a roster with its leader, activity content, venue', () => {
    const live = orgs.filter((o) => ['filed', 'submitted', 'registered', 'suspended'].includes(o.status));
    expect(failures(live, (o) => threeClearMissing(o, rosterOf(o.id)), (o) => o.name)).toEqual([]);
    // The person in charge is the roster's leader, not a name beside it.
    expect(failures(live, (o) => (rosterOf(o.id).leaders.includes(o.leaderName!) ? [] : ['leader not on roster']), (o) => o.name)).toEqual([]);
    expect(failures(orgs, (o) => (o.memberCount === rosterOf(o.id).members ? [] : ['memberCount']), (o) => o.name)).toEqual([]);
  });

  it('filing numbers belong to the street that filed, in the year of filing (China time), and the counters continue after them', async () => {
    const filed = orgs.filter((o) => o.status === 'filed');
    expect(filed.every((o) => isFiledForm(o.legalForm as LegalForm))).toBe(true);
    expect(
      failures(
        filed,
        (o) => {
          const out: string[] = [];
          const problem = filingRegionProblem(o.regionCode);
          if (problem) out.push(problem);
          if (!o.filingNumber || !o.filedAt) return [...out, 'no filing number or date'];
          const [street, year] = o.filingNumber.split('-');
          if (street !== o.regionCode.slice(0, 9)) out.push(`${o.filingNumber} not of street ${o.regionCode.slice(0, 9)}`);
          if (year !== todayInChina(o.filedAt).slice(0, 4)) out.push(`${o.filingNumber} not of the filing year`);
          if (o.foundedOn && todayInChina(o.filedAt) < o.foundedOn) out.push('filed before founded');
          if (o.filedAt > DEMO_NOW) out.push('filed after the demo day');
          return out;
        },
        (o) => o.name,
      ),
    ).toEqual([]);
    // The number the platform hands out next, per street and year, is one no demo record holds.
    const taken = new Set(filed.map((o) => o.filingNumber));
    const latest = new Map<string, Org>();
    for (const o of filed) latest.set(o.filingNumber!.slice(0, 14), o);
    class Rollback extends Error {}
    for (const o of latest.values()) {
      const issued = await database.db
        .transaction(async (tx) => {
          const number = await nextFilingNumber(tx, o.regionCode, o.filedAt!);
          throw Object.assign(new Rollback(), { number });
        })
        .catch((e: unknown) => (e instanceof Rollback ? (e as Rollback & { number: string }).number : Promise.reject(e)));
      expect(taken.has(issued), issued).toBe(false);
    }
  });

  it('every member passes the member contract and checkMember; birth dates are the ID numbers\' and not after the demo day', () => {
    const members = [...rosters.values()].flat();
    expect(members.length).toBeGreaterThan(10_000);
    const problems = failures(
      members,
      (m) => {
        const body = {
          name: m.name,
          phone: m.phone,
          idNumber: m.idNumber,
          gender: m.gender as 'male' | 'female' | null,
          role: m.role as 'leader' | 'deputy' | 'contact' | 'member',
          birthDate: m.birthDate,
          ageBand: m.ageBand as null,
          isPartyMember: m.isPartyMember,
          joinedOn: m.joinedOn,
        };
        const out = [...zodProblems(ZMemberBody.safeParse(body)), ...checkMember(body).map((p) => `${p.field} ${p.problem}`)];
        // Stored as the members service stores them (the birth date, no band beside it).
        const stored = { birthDate: m.birthDate, ageBand: m.ageBand, ageBandEnteredOn: m.ageBandEnteredOn };
        if (JSON.stringify(memberAgeColumns(body, null, DEMO_TODAY)) !== JSON.stringify(stored)) out.push('age columns');
        if (!m.birthDate || m.birthDate > DEMO_TODAY) out.push(`birth date ${m.birthDate}`);
        if (m.joinedOn && (m.joinedOn > DEMO_TODAY || (m.birthDate && m.joinedOn < m.birthDate))) out.push(`joined ${m.joinedOn}`);
        return out;
      },
      (m) => m.name,
    );
    expect(problems).toEqual([]);
  });

  it('六个一 reports: after the filing month, for months over by the demo day, meeting inside its month, naming the roster leader and the venue', async () => {
    const reports = await database.db.select().from(registryMonthlyReports);
    const versions = await database.db.select().from(registryMonthlyReportVersions);
    expect(reports.length).toBeGreaterThan(400);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const problems = failures(
      reports,
      (r) => {
        const team = byId.get(r.organizationId)!;
        const body = {
          month: r.month.slice(0, 7),
          responsiblePersonName: r.responsiblePersonName,
          flag: r.flag,
          venuePermit: r.venuePermit,
          meetingHeld: r.meetingHeld,
          trainingHeld: r.trainingHeld,
          reportForm: r.reportForm,
          meetingDate: r.meetingDate,
          trainingTopic: r.trainingTopic,
          notes: r.notes,
          correctionReason: r.correctionReason,
        };
        const out = zodProblems(ZReportBody.safeParse(body));
        try {
          checkReportDates(body, DEMO_NOW);
        } catch (e) {
          out.push(`report dates: ${JSON.stringify((e as { problems?: unknown }).problems ?? String(e))}`);
        }
        if (team.legalForm !== 'grassroots_team' || team.status !== 'filed') out.push('not a filed team');
        if (body.month <= todayInChina(team.filedAt!).slice(0, 7)) out.push(`month ${body.month} not after filing`);
        if (body.month > lastCompleteMonth(DEMO_NOW)) out.push('month not over');
        if (r.submittedAt > DEMO_NOW || todayInChina(r.submittedAt).slice(0, 7) <= body.month) out.push('submitted before the month ended');
        if (!rosterOf(team.id).leaders.includes(r.responsiblePersonName!) || !r.responsiblePerson) out.push('responsible person');
        if (r.venue !== team.venue) out.push('venue');
        const kept = versions.filter((v) => v.reportId === r.id).map((v) => v.version).sort();
        if (kept.join() !== Array.from({ length: r.version }, (_, i) => i + 1).join()) out.push(`versions ${kept}`);
        if ((r.version > 1) !== !!r.correctionReason) out.push('a correction names its reason');
        return out;
      },
      (r) => `${byId.get(r.organizationId)?.name} ${r.month}`,
    );
    expect(problems).toEqual([]);
    expect(reports.filter((r) => r.version > 1).length).toBeGreaterThan(0);
  });

  it('grades: registered 社团/民非/基金会 only, awarded after founding, valid five years from the award', async () => {
    const awards = await database.db.select().from(registryGradeAwards);
    expect(awards.length).toBeGreaterThan(50);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const problems = failures(
      awards,
      (a) => {
        const o = byId.get(a.organizationId)!;
        const out = zodProblems(ZSetGradeBody.safeParse({ grade: a.grade, awardedOn: a.awardedOn, documentNumber: a.documentNumber, reason: a.reason }));
        if (!isGradedForm(o.legalForm) || o.status !== 'registered') out.push(`${o.legalForm} ${o.status}`);
        if (o.foundedOn && a.awardedOn < o.foundedOn) out.push('awarded before founded');
        if (a.awardedOn > DEMO_TODAY) out.push('awarded after the demo day');
        if (a.validUntil !== gradeValidUntil(a.awardedOn)) out.push('validity');
        if (o.grade !== a.grade || o.gradeValidUntil !== a.validUntil) out.push('organisation grade is not its award');
        if (!a.recordedBy) out.push('no official recorded it');
        return out;
      },
      (a) => byId.get(a.organizationId)!.name,
    );
    expect(problems).toEqual([]);
    const awarded = new Set(awards.map((a) => a.organizationId));
    expect(orgs.filter((o) => (o.grade || o.gradeValidUntil) && !awarded.has(o.id)).map((o) => o.name)).toEqual([]);
  });

  it('stars: filed teams only, rated from their filing year on with the criteria, the team showing its latest rating', async () => {
    const ratings = await database.db.select().from(registryStarRatings);
    expect(ratings.length).toBeGreaterThan(50);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const problems = failures(
      ratings,
      (r) => {
        const o = byId.get(r.organizationId)!;
        const out = zodProblems(ZSetStarRatingBody.safeParse({ year: r.year, stars: r.stars, scores: r.scores, comment: r.comment }));
        if (!isRatedForm(o.legalForm) || o.status !== 'filed') out.push(`${o.legalForm} ${o.status}`);
        if (r.year < Number(todayInChina(o.filedAt!).slice(0, 4)) || r.year > Number(DEMO_TODAY.slice(0, 4))) out.push(`year ${r.year}`);
        const latest = ratings.filter((x) => x.organizationId === o.id).sort((a, b) => b.year - a.year)[0];
        if (o.starRating !== latest.stars) out.push('team stars are not its latest rating');
        if (!r.ratedBy) out.push('no rater');
        return out;
      },
      (r) => byId.get(r.organizationId)!.name,
    );
    expect(problems).toEqual([]);
    const rated = new Set(ratings.map((r) => r.organizationId));
    expect(orgs.filter((o) => o.starRating !== null && !rated.has(o.id)).map((o) => o.name)).toEqual([]);
  });

  it('development stages: organisations only, each with its history ending at the current stage', async () => {
    const changes = await database.db.select().from(registryStageChanges);
    const history = new Map<string, typeof changes>();
    for (const c of changes.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime())) {
      history.set(c.organizationId, [...(history.get(c.organizationId) ?? []), c]);
    }
    const problems = failures(
      orgs,
      (o) => {
        const steps = history.get(o.id) ?? [];
        if (!o.stage) return steps.length ? ['history without a stage'] : [];
        const out = steps.flatMap((c) => zodProblems(ZSetStageBody.safeParse({ stage: c.toStage, reason: c.reason })));
        if (!isStagedForm(o.legalForm)) out.push(`stage on a ${o.legalForm}`);
        if (steps.at(-1)?.toStage !== o.stage) out.push('current stage is not the last change');
        steps.forEach((c, i) => {
          if (c.fromStage !== (i === 0 ? null : steps[i - 1].toStage)) out.push('broken history');
          if (c.changedAt > DEMO_NOW) out.push('changed after the demo day');
        });
        return out;
      },
      (o) => o.name,
    );
    expect(problems).toEqual([]);
    expect(changes.length).toBeGreaterThan(500);
  });

  it('the pending filings carry what was submitted, matching the team as it stands', async () => {
    const pending = await database.db.select().from(registryFilings).where(eq(registryFilings.state, 'submitted'));
    expect(pending.length).toBe(3);
    for (const f of pending) {
      const team = orgs.find((o) => o.id === f.organizationId)!;
      const submitted = (f.payload as { submitted?: { name: string; memberCount: number; venue: string; digest: string } }).submitted;
      expect(submitted?.name).toBe(team.name);
      expect(submitted?.memberCount).toBe(rosterOf(team.id).members);
      expect(submitted?.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(threeClearMissing(team, rosterOf(team.id))).toEqual([]);
    }
    const [{ n }] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from registry_organizations where status in ('draft', 'submitted') and filing_number is not null`),
    );
    expect(n).toBe(0);
  });

  it('庐阳区 through the API: its official sees 866 across ten streets and townships, a street centre its own filed organisations', async () => {
    const official = await signIn(testApp.app, 'mzj.luyang', DEMO_PASSWORD);
    const summary = await official.get(`/api/dashboard/summary?regionCode=${LUYANG}`);
    expect(summary.status).toBe(200);
    const registry = summary.json().sections.registry;
    expect(registry.totals.organizations).toBe(LUYANG_FIGURES.total);
    const streets = (registry.children as { direct: boolean; organizations: number }[]).filter((c) => !c.direct);
    expect(streets).toHaveLength(10);
    expect(streets.every((c) => c.organizations > LUYANG_FIGURES.filed / 20)).toBe(true);

    const centre = await signIn(testApp.app, 'zx.bozhoulu', DEMO_PASSWORD);
    const filedHere = orgs.filter((o) => o.regionCode.startsWith(BOZHOULU.slice(0, 9)) && o.status === 'filed').length;
    const list = await centre.get(`/api/registry/organizations?status=filed&pageSize=20`);
    expect(list.status).toBe(200);
    expect(list.json().total).toBe(filedHere);
    expect((list.json().items as { filingNumber: string }[]).every((i) => i.filingNumber.startsWith('340103001-'))).toBe(true);
    // A street centre reaches no further than its street.
    expect((await centre.get(`/api/dashboard/summary?regionCode=${LUYANG}`)).status).toBe(404);
  });
});

import { inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client.js';
import { regions, userGrants, users, workflowHistory } from '../../core/core.tables.js';
import {
  registryCategories,
  registryFilingCounters,
  registryFilings,
  registryGradeAwards,
  registryMembers,
  registryMonthlyReports,
  registryMonthlyReportVersions,
  registryOrganizations,
  registryStageChanges,
  registryStarRatings,
} from '../../modules/registry/registry.tables.js';
import { takeSnapshot } from '../../modules/registry/service/three-clear.js';
import { hashPassword } from '../../modules/users/password.js';
import { mutate, systemCtx } from '../../core/write-unit.js';
import { withNameSort } from '../../core/pinyin-key.js';
import { SeedBuilder } from './builder.js';
import { CATEGORIES } from './categories.js';
import { buildOrganizations } from './organizations.js';
import { chunks, Rng } from './prng.js';
import { buildRegions } from './regions.js';
import { seedFunding } from './funding.js';
import { seedVolunteers } from './volunteers.js';
import { regionPrefix } from '../../../../shared/regions.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './users.js';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './users.js';

/** Fixed so that every demo figure is the same on every machine and every run. */
const SEED = 20021008;

/** The demo account of `role` nearest above a region (longest matching grant), who recorded what happened there. */
function recorderOf(userIds: Map<string, string>, role: DemoAccount['role'], regionCode: string): string | null {
  let best: { id: string; depth: number } | null = null;
  for (const a of DEMO_ACCOUNTS) {
    if (a.role !== role) continue;
    for (const code of [a.regionCode, ...(a.extraRegionCodes ?? [])]) {
      const prefix = regionPrefix(code);
      if (regionCode.startsWith(prefix) && (!best || prefix.length > best.depth)) best = { id: userIds.get(a.username)!, depth: prefix.length };
    }
  }
  return best?.id ?? null;
}

async function insertAll(tx: DbOrTx, table: any, rows: any[], size = 500): Promise<void> {
  for (const part of chunks(rows, size)) await tx.insert(table).values(part);
}

/**
 * Loads the demo dataset into an empty database, in one transaction. Does nothing (and says
 * so) when the regions table already has rows, so it is safe to call at every start-up.
 */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  const existing = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  if ((existing[0]?.n ?? 0) > 0) return { seeded: false };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rng = new Rng(SEED);

  const categoryRows = CATEGORIES.map((c) => ({ ...c, id: rng.uuid() }));
  const categoryIds = Object.fromEntries(categoryRows.map((c) => [c.code, c.id]));
  const { builder } = buildOrganizations(new SeedBuilder(rng, categoryIds));

  const userRows = DEMO_ACCOUNTS.map((a) => ({
    id: rng.uuid(),
    username: a.username,
    displayName: a.displayName,
    passwordHash,
    locale: 'zh-CN',
    homeRegionCode: a.regionCode,
  }));
  const grantRows = DEMO_ACCOUNTS.flatMap((a, i) =>
    [a.regionCode, ...(a.extraRegionCodes ?? [])].map((regionCode) => ({
      id: rng.uuid(),
      userId: userRows[i].id,
      role: a.role,
      regionCode,
      organizationId: a.organizationName ? (builder.byName.get(a.organizationName)?.id ?? null) : null,
    })),
  );

  const [parents, children] = [buildRegions().filter((r) => r.parentCode === null), buildRegions().filter((r) => r.parentCode !== null)];
  await mutate(systemCtx(db, 'seed'), async (w) => {
    const tx = w.db;
    // Parents before children (the parent code is a foreign key): the list is built top-down.
    await insertAll(tx, regions, parents);
    await insertAll(tx, regions, children);
    await insertAll(tx, registryCategories, categoryRows);
    await insertAll(tx, users, userRows);
    await insertAll(tx, userGrants, grantRows);
    // Federations first: teams point at their parent.
    const withParent = builder.orgs.filter((o) => o.parentId);
    await insertAll(tx, registryOrganizations, builder.orgs.filter((o) => !o.parentId).map(withNameSort));
    await insertAll(tx, registryOrganizations, withParent.map(withNameSort));
    await insertAll(tx, registryMembers, builder.members);
    await insertAll(tx, registryMonthlyReports, builder.reports);
    // Every version of each report, as the reports service keeps every submission and correction.
    await insertAll(
      tx,
      registryMonthlyReportVersions,
      [...builder.reportHistory, ...builder.reports].map((r) => ({ ...r, id: rng.uuid(), reportId: r.id!, regionCode: undefined, details: undefined })),
    );
    // Grades are an official's act, stars and stages the centre's: each names the demo account that would have set it.
    const userIds = new Map(userRows.map((u) => [u.username, u.id]));
    const regionOf = new Map(builder.orgs.map((o) => [o.id!, o.regionCode]));
    // Where the demo has no centre (东城), the district's official recorded it.
    const by = (role: DemoAccount['role'], organizationId: string) =>
      recorderOf(userIds, role, regionOf.get(organizationId)!) ?? recorderOf(userIds, 'official', regionOf.get(organizationId)!);
    await insertAll(tx, registryGradeAwards, builder.gradeAwards.map((g) => ({ ...g, recordedBy: by('official', g.organizationId) })));
    await insertAll(tx, registryStarRatings, builder.starRatings.map((r) => ({ ...r, ratedBy: by('centre_staff', r.organizationId) })));
    await insertAll(tx, registryStageChanges, builder.stageChanges.map((c) => ({ ...c, changedBy: by('centre_staff', c.organizationId) })));
    // A pending filing carries what was submitted, as one submitted through the app does (the reviewer reviews that).
    const filedTeams = builder.filings.length
      ? await tx.select().from(registryOrganizations).where(inArray(registryOrganizations.id, builder.filings.map((f) => f.organizationId)))
      : [];
    const teamById = new Map(filedTeams.map((o) => [o.id, o]));
    for (const f of builder.filings) f.payload = { submitted: await takeSnapshot(tx, teamById.get(f.organizationId)!) };
    await insertAll(tx, registryFilings, builder.filings.map((f) => ({ ...f, createdBy: null })));
    await insertAll(tx, registryFilingCounters, builder.counterRows());
    await insertAll(
      tx,
      workflowHistory,
      builder.history.map((h) => ({
        workflow: 'registry.filing',
        entityId: h.entityId,
        fromState: 'draft',
        toState: 'submitted',
        action: 'submit',
        // The teams submitted them: the centre's worker (zx.changshou) reviews them, four eyes apart.
        actorId: null,
        actorName: h.submittedBy,
        regionCode: h.regionCode,
        at: h.at,
      })),
    );
    // Funding (issue 9): on the registry's organisations and accounts, with a generator of its own so the registry's figures stay as they are.
    await seedFunding(tx, {
      rng: new Rng(SEED + 9),
      orgs: builder.orgs,
      userIds,
      displayNames: new Map(DEMO_ACCOUNTS.map((a) => [a.username, a.displayName])),
    });
    // Volunteers (issue 10): 长寿路's volunteers, teams and hours ledger, on a generator of their own likewise.
    await seedVolunteers(tx, { rng: new Rng(SEED + 10), orgs: builder.orgs, userIds, displayNames: new Map(DEMO_ACCOUNTS.map((a) => [a.username, a.displayName])) });
  });
  return { seeded: true };
}

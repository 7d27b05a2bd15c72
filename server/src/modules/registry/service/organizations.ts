import { and, eq, sql } from 'drizzle-orm';
import { isFiledForm, type LegalForm } from '../../../../../shared/registry.js';
import { type Ctx } from '../../../core/actor.js';
import { scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { writeAudit } from '../../../core/audit.js';
import { mutate } from '../../../core/write-unit.js';
import { withNameSort } from '../../../core/pinyin-key.js';
import { scopeWhere } from '../../../core/scope-sql.js';
import { historiesOf } from '../../../core/workflow.js';
import type { DbOrTx } from '../../../db/client.js';
import { AppError, invalidField } from '../../../errors.js';
import { regionNames } from '../../regions/regions.service.js';
import { organizationAbilities, unwritableFields, writableFields } from '../registry.policy.js';
import { presentFiling, presentHistory, presentOrganization, presentOrganizationDetail } from '../registry.present.js';
import { categoryNameColumn, findOrganizationDetail, findOrganizationInScope, organizationFilingRows } from '../registry.queries.js';
import type { TCreateOrganizationBody, TUpdateOrganizationBody } from '../../../../../shared/registry/organizations.js';
import { registryCategories, registryOrganizations as org } from '../registry.tables.js';
import { retireFilingCertificate } from '../../documents/documents.service.js';
import { FILING_WORKFLOW, recordCorrectionInHistory } from './filing-workflow.js';
import { districtOf, validateOrganization } from './validate-organization.js';
import { assertFiledTeamStaysClear, assertFilingRegion } from './three-clear.js';

const REGISTERED_STATUSES = ['registered', 'suspended', 'dissolved'];

export async function organizationNamesFor(ctx: Ctx, db: DbOrTx, row: typeof org.$inferSelect) {
  const regionName = (await regionNames(db, [row.regionCode])).get(row.regionCode) ?? null;
  let categoryName: string | null = null;
  if (row.categoryId) {
    const [cat] = await db
      .select({ name: categoryNameColumn(ctx.locale) })
      .from(registryCategories)
      .where(eq(registryCategories.id, row.categoryId));
    categoryName = cat?.name ?? null;
  }
  let parentName: string | null = null;
  if (row.parentId) {
    // A record moved since may have a parent the reader cannot see: its id stays, its name does not.
    const [parent] = await db
      .select({ name: org.name })
      .from(org)
      .where(and(eq(org.id, row.parentId), scopeWhere(scopeFor(ctx.actor, 'registry.read'), { region: org.regionCode, organization: org.id })));
    parentName = parent?.name ?? null;
  }
  return { regionName, categoryName, parentName };
}

function initialStatus(legalForm: LegalForm, requested: string | undefined) {
  if (isFiledForm(legalForm)) {
    // Silently filing a draft the client asked to be 已备案 would hide the mistake; only the workflow moves it.
    if (requested && requested !== 'draft') throw invalidField('status', 'status_set_by_workflow');
    return 'draft';
  }
  if (requested && !REGISTERED_STATUSES.includes(requested)) throw invalidField('status', 'invalid_value');
  return requested ?? 'registered';
}

export async function createOrganization(ctx: Ctx, input: TCreateOrganizationBody) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    const draft = { ...input, uscc: input.uscc ?? null, categoryId: input.categoryId ?? null, parentId: input.parentId ?? null };
    if (draft.parentId) await lockParentTrees(tx, [districtOf(draft.regionCode)]);
    // Without any writable field here the actor cannot create in this region: validation says so.
    const blank = { status: initialStatus(input.legalForm, undefined) };
    const writable = writableFields(ctx.actor, { id: null, regionCode: input.regionCode, status: blank.status });
    const refused = writable.length ? unwritableFields(writable, draft, blank) : [];
    if (refused.length) throw new AppError('validation', {}, refused);
    const { problems, usccOverridden } = await validateOrganization(tx, ctx.actor, draft, null, { checkRegionScope: true });
    if (problems.length) throw new AppError('validation', {}, problems);
    const [row] = await tx
      .insert(org)
      .values(
        withNameSort({
          ...draft,
          registrationLevel: input.registrationLevel ?? null,
          foundedOn: input.foundedOn ?? null,
          status: initialStatus(input.legalForm, input.status),
          usccOverrideReason: usccOverridden ? input.usccOverrideReason : null,
          usccOverrideBy: usccOverridden ? ctx.actor.id : null,
        }),
      )
      .returning();
    await writeAudit(w, {
      action: usccOverridden ? 'registry.organization.create.uscc_override' : 'registry.organization.create',
      entityType: 'organization',
      entityId: row.id,
      entityName: row.name,
      regionCode: row.regionCode,
      after: row,
    });
    return presentOrganization(row, await organizationNamesFor(ctx, tx, row));
  });
}

/**
 * Serialises the writes that change the parent tree of a district: setting a parent, or moving a
 * record to another district. The checks read the tree without locks, so on PostgreSQL two edits
 * running together (A under C while C goes under B, itself under A), each locking only its own row,
 * would both pass the cycle check and commit a cycle; likewise a child set under a parent that is
 * moving away. A transaction-scoped advisory lock per district makes the later write wait and then
 * check against the earlier one. An edit takes it before its row lock, so a waiting edit holds no
 * row the other needs (the foreign key check of `parent_id` takes a share lock on the parent's row);
 * districts are locked in order. The embedded database runs one transaction at a time anyway.
 */
async function lockParentTrees(tx: DbOrTx, districts: Iterable<string>) {
  for (const district of [...new Set(districts)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`registry-org-parent:${district}`}))`);
  }
}

/** The districts whose parent tree an edit of `row` changes. */
function treesChangedBy(row: { regionCode: string; parentId: string | null }, input: TUpdateOrganizationBody): string[] {
  const from = districtOf(row.regionCode);
  const to = input.regionCode === undefined ? from : districtOf(input.regionCode);
  const parentChanged = input.parentId !== undefined && (input.parentId ?? null) !== row.parentId;
  return to !== from ? [from, to] : parentChanged ? [from] : [];
}

function isFiledTeam(row: { legalForm: string; status: string }) {
  return isFiledForm(row.legalForm as LegalForm) && row.status === 'filed';
}

/**
 * A filed team's facts change only through a change filing (or an official's correction): a direct
 * edit would bypass the review and the 三清 check. Sending a field's current value is not changing it,
 * as for unwritable fields. (Grade, stars and stage have actions of their own.)
 */
function changedFiledFacts(input: TUpdateOrganizationBody, current: Record<string, unknown>) {
  return Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .filter(([field, value]) => value !== (current[field] ?? null))
    .map(([field]) => field);
}

export const updateOrganization = (ctx: Ctx, id: string, input: TUpdateOrganizationBody) => writeOrganization(ctx, id, input, null);

/**
 * An official's correction of a filed team (registry.correct): a wrong record put right without a
 * change filing, with the reason recorded in the audit log and the filing's history. The team must
 * still be 三清 and sit in a street afterwards.
 */
export async function correctFiledTeam(ctx: Ctx, id: string, input: TUpdateOrganizationBody, reason: string) {
  return writeOrganization(ctx, id, input, reason);
}

async function writeOrganization(ctx: Ctx, id: string, input: TUpdateOrganizationBody, correction: string | null) {
  return mutate(ctx, async (w) => {
    const tx = w.db;
    // Read unlocked only to know which districts to lock; unknown or out of scope, the next read answers 404.
    const [current] = await tx.select({ regionCode: org.regionCode, parentId: org.parentId }).from(org).where(eq(org.id, id));
    if (current) await lockParentTrees(tx, treesChangedBy(current, input));
    const before = await findOrganizationInScope(ctx, tx, id, true);
    // Advisory locks are re-entrant: this waits only if the record moved between the two reads.
    await lockParentTrees(tx, treesChangedBy(before, input));
    if (correction !== null) {
      if (!scopeCoversRegion(scopeFor(ctx.actor, 'registry.correct'), before.regionCode)) throw new AppError('forbidden');
      if (!isFiledTeam(before)) throw new AppError('invalid_state', { state: before.status, action: 'correct' });
      // A correction is a record in the team's history: one that corrects nothing would only add noise to it.
      if (!changedFiledFacts(input, before).length) throw invalidField('changes', 'nothing_changed');
    }
    const writable = writableFields(ctx.actor, before);
    if (!writable.length) throw new AppError('forbidden');
    if (correction === null && isFiledTeam(before)) {
      const locked = changedFiledFacts(input, before);
      if (locked.length) throw new AppError('filed_change_requires_filing', {}, locked.map((field) => ({ field, problem: 'filed_fact' })));
    }
    const refused = unwritableFields(writable, input, before);
    if (refused.length) throw new AppError('validation', {}, refused);
    const legalForm = (input.legalForm ?? before.legalForm) as LegalForm;
    if (isFiledForm(legalForm) !== isFiledForm(before.legalForm as LegalForm)) {
      throw invalidField('legalForm', 'invalid_value');
    }
    if (input.status !== undefined && input.status !== before.status) {
      if (isFiledForm(legalForm) || !REGISTERED_STATUSES.includes(input.status)) throw invalidField('status', 'invalid_value');
    }
    const merged = { ...before, ...input };
    // Checked as given: a lower-case code is refused (uscc_charset), never upper-cased into validity.
    const uscc = merged.uscc ?? null;
    const usccChanged = uscc !== before.uscc;
    const { problems, usccOverridden } = await validateOrganization(
      tx,
      ctx.actor,
      {
        regionCode: merged.regionCode,
        legalForm,
        name: merged.name,
        uscc,
        usccOverrideReason: input.usccOverrideReason ?? (usccChanged ? null : before.usccOverrideReason),
        categoryId: merged.categoryId ?? null,
        parentId: merged.parentId ?? null,
        leaderPhone: merged.leaderPhone ?? null,
        leaderIdNumber: merged.leaderIdNumber ?? null,
      },
      id,
      {
        checkRegionScope: input.regionCode !== undefined && input.regionCode !== before.regionCode,
        previousCategoryId: before.categoryId,
        previousParentId: before.parentId,
        previousRegionCode: before.regionCode,
        usccAccepted: !usccChanged && !!before.usccOverrideReason && input.usccOverrideReason === undefined,
      },
    );
    if (problems.length) throw new AppError('validation', {}, problems);
    const [row] = await tx
      .update(org)
      .set(
        withNameSort({
          ...input,
          uscc,
          usccOverrideReason: usccOverridden ? (input.usccOverrideReason ?? before.usccOverrideReason) : null,
          usccOverrideBy: usccOverridden ? (input.usccOverrideReason ? ctx.actor.id : before.usccOverrideBy) : null,
          updatedAt: new Date(),
        }),
      )
      .where(eq(org.id, id))
      .returning();
    if (row.regionCode !== before.regionCode) {
      await tx.execute(sql`update registry_members set region_code = ${row.regionCode} where organization_id = ${id}`);
      // An open filing is reviewed by the team's street: left behind, the old street's reviewers would
      // decide on a team out of their reach while the new street's could not see it.
      await tx.execute(sql`update registry_filings set region_code = ${row.regionCode}
        where organization_id = ${id} and state in ('draft', 'submitted', 'returned')`);
    }
    if (correction !== null) {
      assertFilingRegion(row.regionCode);
      await assertFiledTeamStaysClear(tx, id);
      await recordCorrectionInHistory(w, id, correction);
    }
    await writeAudit(w, {
      action: correction !== null ? 'registry.organization.correct' : 'registry.organization.update',
      entityType: 'organization',
      entityId: id,
      entityName: row.name,
      regionCode: row.regionCode,
      before,
      after: correction !== null ? { ...row, correctionReason: correction } : row,
    });
    // A filed team's certificate prints these facts: one that no longer matches is void at once.
    await retireFilingCertificate(w, before, row);
    return presentOrganization(row, await organizationNamesFor(ctx, tx, row));
  });
}

export async function getOrganizationDetail(ctx: Ctx, id: string) {
  // One after the other: under load two statements side by side hold two pooled connections for
  // no gain in throughput (bench/registry, by id), and the filings are read only once the record
  // proved to be in scope.
  const doc = await findOrganizationDetail(ctx, id);
  const filings = await organizationFilingRows(ctx, id);
  const histories = filings.length ? await historiesOf(ctx.db, FILING_WORKFLOW.name, filings.map((f) => f.id)) : null;
  const withHistory = filings.map((f) => ({
    ...presentFiling(f, { organizationName: doc.name, regionName: doc.regionName }),
    history: (histories?.get(f.id) ?? []).map(presentHistory),
  }));
  const abilities = organizationAbilities(ctx.actor, doc);
  // Whatever the policy allows in the state, a filed team's facts go through a change filing (or a correction).
  if (isFiledTeam(doc)) abilities.editableFields = [];
  return {
    organization: presentOrganizationDetail(doc),
    abilities,
    filings: withHistory,
  };
}

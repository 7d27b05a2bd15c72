import { and, eq, ne, sql } from 'drizzle-orm';
import { isFiledForm, type LegalForm } from '../../../../../shared/registry.js';
import { checkIdNumber, checkUscc, isMobilePhone, USCC_OVERRIDABLE } from '../../../../../shared/validators.js';
import { can, type Actor } from '../../../core/actor.js';
import { scopeCovers, scopeCoversRegion, scopeFor } from '../../../core/scope.js';
import { regions } from '../../../core/core.tables.js';
import type { DbOrTx } from '../../../db/client.js';
import type { FieldProblem } from '../../../errors.js';
import { registryCategories, registryOrganizations } from '../registry.tables.js';

export interface OrganizationDraft {
  regionCode: string;
  legalForm: LegalForm;
  name: string;
  uscc: string | null;
  usccOverrideReason: string | null;
  categoryId: string | null;
  parentId: string | null;
  leaderPhone: string | null;
  leaderIdNumber: string | null;
}

/**
 * The database facts the checks read. By default each is one query; an import of thousands of rows
 * answers them from a few bulk reads instead (service/import-facts.ts), under the same rules.
 */
export interface OrganizationFacts {
  regionExists(code: string): Promise<boolean>;
  /** Whether an organisation other than `selfId` holds the credit code. */
  usccTaken(uscc: string, selfId: string | null): Promise<boolean>;
  category(id: string): Promise<{ active: boolean } | undefined>;
}

export function databaseFacts(db: DbOrTx): OrganizationFacts {
  return {
    async regionExists(code) {
      const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
      return !!region;
    },
    async usccTaken(uscc, selfId) {
      const [dup] = await db
        .select({ id: registryOrganizations.id })
        .from(registryOrganizations)
        .where(and(eq(registryOrganizations.uscc, uscc), selfId ? ne(registryOrganizations.id, selfId) : undefined));
      return !!dup;
    },
    async category(id) {
      const [cat] = await db
        .select({ active: registryCategories.active })
        .from(registryCategories)
        .where(eq(registryCategories.id, id));
      return cat;
    },
  };
}

export interface ValidationOutcome {
  problems: FieldProblem[];
  /** Set when a failing credit code is accepted on an official's word. */
  usccOverridden: boolean;
}

/** Checks a whole organisation as it would be stored; returns every problem, not the first. */
export async function validateOrganization(
  db: DbOrTx,
  actor: Actor,
  draft: OrganizationDraft,
  selfId: string | null,
  /**
   * previousCategoryId: a record may keep a category deactivated since; it may not take one up.
   * previousParentId: likewise a parent left outside the actor's scope (the record moved) stays,
   * as long as it stays in the record's district.
   * previousRegionCode: where the record is now; a move to another district takes its parent and
   * its children along only if they are in the new district too.
   * usccAccepted: the stored code was accepted on an official's word; an edit that keeps it keeps that.
   */
  options: {
    checkRegionScope: boolean;
    previousCategoryId?: string | null;
    previousParentId?: string | null;
    previousRegionCode?: string;
    usccAccepted?: boolean;
    facts?: OrganizationFacts;
  },
): Promise<ValidationOutcome> {
  const problems: FieldProblem[] = [];
  let usccOverridden = false;
  const facts = options.facts ?? databaseFacts(db);

  if (!(await facts.regionExists(draft.regionCode))) problems.push({ field: 'regionCode', problem: 'region_unknown' });
  else if (options.checkRegionScope && !scopeCoversRegion(scopeFor(actor, 'registry.write'), draft.regionCode)) {
    problems.push({ field: 'regionCode', problem: 'region_out_of_scope' });
  }

  if (isFiledForm(draft.legalForm)) {
    if (draft.uscc) problems.push({ field: 'uscc', problem: 'legal_form_mismatch' });
  } else if (!draft.uscc) {
    problems.push({ field: 'uscc', problem: 'required' });
  } else {
    const problem = checkUscc(draft.uscc);
    if (problem && USCC_OVERRIDABLE.includes(problem) && draft.usccOverrideReason) {
      if (
        options.usccAccepted ||
        (can(actor, 'registry.usccOverride') && scopeCoversRegion(scopeFor(actor, 'registry.usccOverride'), draft.regionCode))
      ) {
        usccOverridden = true;
      } else {
        problems.push({ field: 'uscc', problem: `uscc_${problem}` });
      }
    } else if (problem) {
      problems.push({ field: 'uscc', problem: `uscc_${problem}` });
    }
    if (!problem || usccOverridden) {
      if (await facts.usccTaken(draft.uscc, selfId)) problems.push({ field: 'uscc', problem: 'uscc_duplicate' });
    }
  }

  if (draft.leaderPhone && !isMobilePhone(draft.leaderPhone)) problems.push({ field: 'leaderPhone', problem: 'phone' });
  if (draft.leaderIdNumber) {
    const problem = checkIdNumber(draft.leaderIdNumber);
    if (problem) problems.push({ field: 'leaderIdNumber', problem: `id_${problem}` });
  }
  if (draft.categoryId) {
    const cat = await facts.category(draft.categoryId);
    if (!cat) problems.push({ field: 'categoryId', problem: 'category_unknown' });
    else if (!cat.active && draft.categoryId !== options.previousCategoryId) {
      problems.push({ field: 'categoryId', problem: 'category_inactive' });
    }
  }
  const moved = options.previousRegionCode !== undefined && districtOf(options.previousRegionCode) !== districtOf(draft.regionCode);
  if (draft.parentId && draft.parentId !== options.previousParentId) {
    const problem = await parentProblem(db, actor, draft.parentId, draft.regionCode, selfId);
    if (problem) problems.push({ field: 'parentId', problem });
  } else if (draft.parentId && moved) {
    // A parent kept through a move is not re-checked against the actor's scope (it may be one the
    // actor cannot read), only against the district: the record may not take it along elsewhere.
    const [parent] = await db
      .select({ regionCode: registryOrganizations.regionCode })
      .from(registryOrganizations)
      .where(eq(registryOrganizations.id, draft.parentId));
    if (!parent || districtOf(parent.regionCode) !== districtOf(draft.regionCode)) {
      problems.push({ field: 'parentId', problem: 'parent_other_district' });
    }
  }
  if (selfId && moved && (await hasChildrenOutside(db, selfId, districtOf(draft.regionCode)))) {
    // Its children stay where they are: the move would leave them under a parent in another district.
    problems.push({ field: 'regionCode', problem: 'children_other_district' });
  }
  return { problems, usccOverridden };
}

/** A parent and its children are in one district: the first six digits of the division code. */
export const districtOf = (regionCode: string) => regionCode.slice(0, 6);

async function hasChildrenOutside(db: DbOrTx, id: string, district: string) {
  const [child] = await db
    .select({ id: registryOrganizations.id })
    .from(registryOrganizations)
    .where(and(eq(registryOrganizations.parentId, id), sql`left(${registryOrganizations.regionCode}, 6) <> ${district}`))
    .limit(1);
  return !!child;
}

/** Longer parent chains than this are refused rather than walked. */
const MAX_PARENT_DEPTH = 20;

/**
 * A parent is a record the actor can read, in the same district as the record, and neither the
 * record itself nor one of its descendants (no cycles). The cycle check reads the chain unlocked:
 * organizations.ts serialises parent changes per district (lockParentTrees) so two edits cannot
 * both pass it.
 */
async function parentProblem(db: DbOrTx, actor: Actor, parentId: string, regionCode: string, selfId: string | null) {
  // The same answer as for an id that does not exist: nothing about a record out of scope.
  const unknown = 'organization_unknown';
  if (parentId === selfId) return unknown;
  const [parent] = await db
    .select({ regionCode: registryOrganizations.regionCode })
    .from(registryOrganizations)
    .where(eq(registryOrganizations.id, parentId));
  if (!parent || !scopeCovers(scopeFor(actor, 'registry.read'), { regionCode: parent.regionCode, organizationId: parentId })) return unknown;
  if (districtOf(parent.regionCode) !== districtOf(regionCode)) return 'parent_other_district';
  if (!selfId) return null;
  let ancestor: string | null = parentId;
  for (let depth = 0; ancestor; depth++) {
    if (ancestor === selfId || depth >= MAX_PARENT_DEPTH) return unknown;
    const [row] = await db
      .select({ parentId: registryOrganizations.parentId })
      .from(registryOrganizations)
      .where(eq(registryOrganizations.id, ancestor));
    ancestor = row?.parentId ?? null;
  }
  return null;
}

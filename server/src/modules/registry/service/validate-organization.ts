import { and, eq, ne } from 'drizzle-orm';
import { isFiledForm, type LegalForm } from '../../../../../shared/registry.js';
import { checkIdNumber, checkUscc, isMobilePhone } from '../../../../../shared/validators.js';
import { can, scopeCoversRegion, scopeFor, type Actor } from '../../../core/actor.js';
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
  /** previousCategoryId: a record may keep a category deactivated since; it may not take one up. */
  options: { checkRegionScope: boolean; previousCategoryId?: string | null },
): Promise<ValidationOutcome> {
  const problems: FieldProblem[] = [];
  let usccOverridden = false;

  const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, draft.regionCode));
  if (!region) problems.push({ field: 'regionCode', problem: 'region_unknown' });
  else if (options.checkRegionScope && !scopeCoversRegion(scopeFor(actor, 'registry.write'), draft.regionCode)) {
    problems.push({ field: 'regionCode', problem: 'region_out_of_scope' });
  }

  if (isFiledForm(draft.legalForm)) {
    if (draft.uscc) problems.push({ field: 'uscc', problem: 'legal_form_mismatch' });
  } else if (!draft.uscc) {
    problems.push({ field: 'uscc', problem: 'required' });
  } else {
    const problem = checkUscc(draft.uscc);
    if (problem === 'checksum' && draft.usccOverrideReason) {
      if (can(actor, 'registry.usccOverride') && scopeCoversRegion(scopeFor(actor, 'registry.usccOverride'), draft.regionCode)) {
        usccOverridden = true;
      } else {
        problems.push({ field: 'uscc', problem: 'uscc_checksum' });
      }
    } else if (problem) {
      problems.push({ field: 'uscc', problem: `uscc_${problem}` });
    }
    if (!problem || usccOverridden) {
      const [dup] = await db
        .select({ id: registryOrganizations.id })
        .from(registryOrganizations)
        .where(
          and(eq(registryOrganizations.uscc, draft.uscc), selfId ? ne(registryOrganizations.id, selfId) : undefined),
        );
      if (dup) problems.push({ field: 'uscc', problem: 'uscc_duplicate' });
    }
  }

  if (draft.leaderPhone && !isMobilePhone(draft.leaderPhone)) problems.push({ field: 'leaderPhone', problem: 'phone' });
  if (draft.leaderIdNumber) {
    const problem = checkIdNumber(draft.leaderIdNumber);
    if (problem) problems.push({ field: 'leaderIdNumber', problem: `id_${problem}` });
  }
  if (draft.categoryId) {
    const [cat] = await db
      .select({ id: registryCategories.id, active: registryCategories.active })
      .from(registryCategories)
      .where(eq(registryCategories.id, draft.categoryId));
    if (!cat) problems.push({ field: 'categoryId', problem: 'category_unknown' });
    else if (!cat.active && draft.categoryId !== options.previousCategoryId) {
      problems.push({ field: 'categoryId', problem: 'category_inactive' });
    }
  }
  if (draft.parentId) {
    const [parent] = await db
      .select({ regionCode: registryOrganizations.regionCode })
      .from(registryOrganizations)
      .where(eq(registryOrganizations.id, draft.parentId));
    if (!parent || parent.regionCode.slice(0, 6) !== draft.regionCode.slice(0, 6) || draft.parentId === selfId) {
      problems.push({ field: 'parentId', problem: 'organization_unknown' });
    }
  }
  return { problems, usccOverridden };
}
